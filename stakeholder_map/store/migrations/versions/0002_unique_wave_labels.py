"""Wave labels are unique within a programme.

Stores written before this revision may hold the same label twice in one programme
(concurrent imports without a label each took ``wave N`` from the same count). The
later waves (by id) are renamed ``label (2)``, ``label (3)``…, skipping any name
already in use, before the constraint is added.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WAVES = sa.table("waves", sa.column("id", sa.Integer()),
                  sa.column("programme_id", sa.Integer()), sa.column("label", sa.Text()))


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_WAVES.c.id, _WAVES.c.programme_id, _WAVES.c.label)
                        .order_by(_WAVES.c.programme_id, _WAVES.c.id)).all()
    taken: dict[int, set[str]] = {}
    for _, programme_id, label in rows:
        taken.setdefault(programme_id, set()).add(label)
    seen: set[tuple[int, str]] = set()
    for wave_id, programme_id, label in rows:
        if (programme_id, label) not in seen:
            seen.add((programme_id, label))
            continue
        n = 2
        while f"{label} ({n})" in taken[programme_id]:
            n += 1
        new = f"{label} ({n})"
        taken[programme_id].add(new)
        seen.add((programme_id, new))
        bind.execute(sa.update(_WAVES).where(_WAVES.c.id == wave_id).values(label=new))
    with op.batch_alter_table("waves") as batch:
        batch.create_unique_constraint("uq_waves_programme_id_label", ["programme_id", "label"])


def downgrade() -> None:
    with op.batch_alter_table("waves") as batch:
        batch.drop_constraint("uq_waves_programme_id_label", type_="unique")
