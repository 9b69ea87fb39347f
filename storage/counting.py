"""The SQL statements a database is sent while a block runs, on every one of its engines (query counts in the
test suite and the benchmarks)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from storage.db import Database


@contextmanager
def statements_sent(db: Database, *, this_thread_only: bool = False) -> Iterator[list[str]]:
    """The statements' texts, in the order they are sent; `this_thread_only`: those sent by the calling thread
    (requests handled meanwhile on other threads are not counted)."""
    statements: list[str] = []
    thread = threading.get_ident()

    def sent(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not this_thread_only or threading.get_ident() == thread:
            statements.append(statement)

    engines = db.engines
    for engine in engines:
        event.listen(engine, "before_cursor_execute", sent)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", sent)
