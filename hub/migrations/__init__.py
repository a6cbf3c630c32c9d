"""Alembic migrations of the hub schema."""
