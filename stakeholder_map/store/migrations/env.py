"""Alembic's entry point: runs the migrations on the connection the caller hands over.

:func:`stakeholder_map.store.schema.upgrade_schema` passes an open connection
in ``config.attributes["connection"]``; without one (the ``alembic`` command
line) the URL comes from ``-x url=…`` or the ``sqlalchemy.url`` option.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from stakeholder_map.store.schema import Base


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _migrate(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") \
        or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///path/to.db …")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _migrate(conn)
    finally:
        engine.dispose()


# Alembic sets up ``context`` before it runs this file; anything else that imports
# it (pytest collecting doctests, a curious reader) must find a harmless module.
if hasattr(context, "config"):
    run_migrations()
