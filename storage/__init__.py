"""Tables, engine and sessions, queries and Alembic migrations."""
