"""Alembic migrations of the store's schema, shipped inside the package.

Every :class:`~stakeholder_map.store.database.Store` runs them when it opens a
database (:func:`stakeholder_map.store.schema.upgrade_schema`). To write the
next one after changing :mod:`stakeholder_map.store.schema`, put
``[alembic]`` / ``script_location = stakeholder_map.store:migrations`` in an
``alembic.ini`` and run, against a database at the current head::

    alembic -x url=sqlite:///dev.db revision --autogenerate -m "what changes"
"""
