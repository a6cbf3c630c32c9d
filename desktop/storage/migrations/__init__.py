"""Alembic migrations of the local database, shipped inside the package (see migrate.py)."""
