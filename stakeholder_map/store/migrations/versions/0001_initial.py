"""Programmes, their immutable waves, each wave's sheets, cached layouts.

Revision ID: 0001
Revises:
Create Date: 2025-06-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programmes"),
        sa.UniqueConstraint("name", name="uq_programmes_name"),
    )
    op.create_table(
        "waves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("actors", sa.Integer(), nullable=False),
        sa.Column("ties", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"],
                                name="fk_waves_programme_id_programmes"),
        sa.PrimaryKeyConstraint("id", name="pk_waves"),
    )
    op.create_index("ix_waves_programme_id_imported_at", "waves",
                    ["programme_id", "imported_at"])
    op.create_table(
        "wave_sheets",
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("sheet", sa.String(length=40), nullable=False),
        sa.Column("rows_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["wave_id"], ["waves.id"],
                                name="fk_wave_sheets_wave_id_waves"),
        sa.PrimaryKeyConstraint("wave_id", "sheet", name="pk_wave_sheets"),
    )
    op.create_table(
        "layouts",
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("positions_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["wave_id"], ["waves.id"], name="fk_layouts_wave_id_waves"),
        sa.PrimaryKeyConstraint("wave_id", "key", name="pk_layouts"),
    )


def downgrade() -> None:
    op.drop_table("layouts")
    op.drop_table("wave_sheets")
    op.drop_index("ix_waves_programme_id_imported_at", table_name="waves")
    op.drop_table("waves")
    op.drop_table("programmes")
