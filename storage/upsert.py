"""The INSERT that has ON CONFLICT for the database in use, its dialect loaded only when first used (a process on
SQLite never loads PostgreSQL's dialect, some 40 ms of start-up)."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any


@cache
def insert_for(dialect: str) -> Any:
    """`sqlalchemy.dialects.<dialect>.insert` ("sqlite" or "postgresql")."""
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
