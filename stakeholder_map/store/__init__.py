"""The store: programmes and their immutable waves in SQLite or PostgreSQL
(``database``), the tables (``schema``) and their Alembic migrations (``migrations``)."""
