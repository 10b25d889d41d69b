"""Alembic migrations (applied by ``lankeeper-collector migrate``)."""
