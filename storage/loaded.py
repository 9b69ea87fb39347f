"""Table-model instances built from complete column values the way the ORM's loader builds them, in no session.

A model's own constructor validates nothing for a table model, but it sets each field through SQLAlchemy's
attribute events: for the rows read or written on every request (the person acting, a `/feedback` note) that
costs more than the statement. Built here, the instance is as a query would have left it after its session
closed: clean, keyed by its primary key, and taken in by a session without asking the database again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import configure_mappers, make_transient_to_detached
from sqlmodel import SQLModel

M = TypeVar("M", bound=SQLModel)


def loaded(model: type[M], values: Mapping[str, Any]) -> M:
    """An instance of `model` holding `values`, one for each of its columns."""
    if not model.__mapper__.configured:  # a query configures the mappers first; in a new process this may come first
        configure_mappers()
    instance = model.__mapper__.class_manager.new_instance()  # what the loader makes before filling it in
    instance.__dict__.update(values)
    make_transient_to_detached(instance)
    return instance
