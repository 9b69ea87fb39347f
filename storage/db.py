"""The engine and transactional sessions, on SQLite (WAL, foreign keys) or PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TypeVar

from sqlalchemy import event, exc, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, SQLModel, create_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
_READ_MEMO = "perfbot_read_memo"
_KNOWN = "perfbot_known_rows"
# Connections kept open per pool: `perfbot serve`'s 8 request threads, Bolt's 5 listener threads, the clock and the
# sender at once. SQLAlchemy's default keeps 5 and opens (and closes) any more per use, a new PostgreSQL session each
# time under load.
POOL = {"pool_size": 16, "max_overflow": 16, "pool_use_lifo": True}
# A PostgreSQL connection idle longer than this is pinged before use (a restarted server or a proxy's idle
# timeout closes connections). One in use moments ago is not: a ping per transaction is a round trip each time,
# and a connection broken since then fails its request once and makes the pool replace every older one.
PING_IDLE_AFTER_SECONDS = 1.0
T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout and write-first transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _pinged_when_idle(create_engine(url, **POOL))
    write_lock = threading.Lock()
    connection_class = type("WriterQueueConnection", (_WriterQueueConnection,), {"write_lock": write_lock})
    connect_args = {"check_same_thread": False, "isolation_level": None, "factory": connection_class}
    in_memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(url, connect_args=connect_args, **({} if in_memory else POOL))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Under WAL, NORMAL syncs at checkpoints instead of on every commit: a crash of the process (or of
        # Perfbot) loses nothing and never corrupts; only an OS crash or power cut may lose the last commits.
        # A commit then costs ~0.1 ms instead of an fsync (~2 ms), which every writer waits for in turn.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, _record, _proxy) -> None:
        dbapi_connection.work = Work.TRANSACTION  # unless `Database` marks it for other work

    # The dialect's own hook, not an engine event: one engine event makes every statement on every connection go
    # through the dispatch of them all (a tenth of a request's Python calls).
    engine.dialect.do_begin = _begin_work
    return engine


class Work(Enum):
    """What a SQLite connection is handed out for. SQLite allows one writer: a write transaction takes the write
    lock when it starts, so two transactions never both read and then fail to upgrade to writing. Reading takes
    no lock at all and begins nothing: the driver (isolation_level None) leaves each statement to run on its own,
    reading its own snapshot under WAL (as a read on PostgreSQL does, see `Database`), without waiting for (or
    blocking) the one writer. Writing alone (single writes, bookkeeping) commits each statement on its own, in
    turn with the writers."""

    TRANSACTION = "transaction"
    READING = "reading"
    WRITING_ALONE = "writing alone"


def _begin_work(pooled) -> None:
    """SQLAlchemy's `Dialect.do_begin`, given the pool's proxy of a `_WriterQueueConnection`."""
    pooled.dbapi_connection.begin_work()


def make_autocommit_engine(url: str, *, synced: bool = True) -> Engine | None:
    """On PostgreSQL, a pool of its own whose connections commit every statement at once (None on SQLite): a
    BEGIN and a COMMIT would each be a round trip, and setting a connection of the main pool to autocommit and
    back again costs more Python than the statement. `synced=False`: commits that do not wait for the disk either
    (each connection is set so when it opens, so the main pool's never are)."""
    if make_url(url).get_backend_name() != "postgresql":
        return None
    engine = _pinged_when_idle(create_engine(url, isolation_level="AUTOCOMMIT", **POOL))
    if not synced:

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
            dbapi_connection.commit()

    return _streams_in_a_transaction(engine)


def _pinged_when_idle(engine: Engine) -> Engine:
    """SQLAlchemy's `pool_pre_ping`, for connections idle over `PING_IDLE_AFTER_SECONDS` only."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since <= PING_IDLE_AFTER_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure: the pool replaces the connection and tries again
            raise exc.DisconnectionError() from error

    return engine


def _streams_in_a_transaction(engine: Engine) -> Engine:
    """A read on PostgreSQL runs outside a transaction (see `Database.read`), but a result streamed through a
    server-side cursor (`yield_per`, `stream_results`) needs one: such a statement begins one, read only, first
    (the read's end rolls it back). Through the session or its connection alike. Hooked where the cursor is made,
    so other statements pay nothing: an engine event is dispatched on every statement, and each request has some."""
    from psycopg.pq import TransactionStatus

    class StreamsInATransaction(engine.dialect.execution_ctx_cls):
        def create_server_side_cursor(self):
            dbapi_connection = self.root_connection.connection.dbapi_connection
            if dbapi_connection.autocommit and dbapi_connection.info.transaction_status == TransactionStatus.IDLE:
                dbapi_connection.execute("BEGIN READ ONLY")
            return super().create_server_side_cursor()

    engine.dialect.execution_ctx_cls = StreamsInATransaction
    return engine


class Database:
    """Owns the engines; hands out one transaction per unit of work.

    A read runs each statement on its own: on PostgreSQL under READ COMMITTED each statement reads its own snapshot
    inside a transaction too, so only the BEGIN and ROLLBACK round trips go; SQLite reads alike (see
    `make_engine`): a read relies on no more than it always had on PostgreSQL. On PostgreSQL reads and single
    writes come from a pool whose connections commit each statement (`make_autocommit_engine`), transactions from
    the main one (`engine`); bookkeeping from a third, whose commits do not wait for the disk."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._autocommit_engine = make_autocommit_engine(url)
        self._unsynced_engine = make_autocommit_engine(url, synced=False)

    @property
    def engines(self) -> list[Engine]:
        """Every engine a statement may be sent through (to count them all, say)."""
        return [engine for engine in (self.engine, self._autocommit_engine, self._unsynced_engine) if engine]

    @contextmanager
    def _connection(self, work: Work) -> Iterator[Connection]:
        """A connection whose statements each commit (or read) on their own: the autocommit pool's on PostgreSQL;
        on SQLite the pool's one, marked for the work."""
        if self._autocommit_engine is not None:
            with self._autocommit_engine.connect() as connection:
                yield connection
            return
        with self.engine.connect() as connection:
            connection.connection.dbapi_connection.work = work
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any error. Keep it short: on SQLite it
        holds the one write lock from its first statement to its end."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def single_write(self) -> Iterator[Connection]:
        """A connection for a write of one statement, which commits on its own as it runs, as durably as
        `session()` commits, without a BEGIN and COMMIT around it (on PostgreSQL two round trips; on SQLite it
        still queues with the writers) and without a session's bookkeeping. Only for work that writes one
        statement: two written here do not happen together."""
        with self._connection(Work.WRITING_ALONE) as connection:
            yield connection
            connection.commit()  # nothing is left to commit; on SQLite this ends its turn among the writers

    @contextmanager
    def read(self, *known: SQLModel) -> Iterator[Session]:
        """A read-only session, each statement reading what is committed when it runs: never waits for a writer,
        never holds one up; anything written in it is refused (rows it loads stay usable afterwards). `known` rows,
        loaded earlier in the same request (the person acting), are found by id without asking the database again."""
        with (
            self._connection(Work.READING) as connection,
            _ReadSession(connection, expire_on_commit=False) as session,
        ):
            session.info[_READ_MEMO] = {}
            # The session holds its rows weakly: the copies are kept for as long as it lives.
            session.info[_KNOWN] = [session.merge(row, load=False) for row in known]
            yield session
            _refuse_writes(session, None, None)

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A connection for reading plain rows, each statement reading what is committed when it runs (as `read`)
        without a session's bookkeeping. It must only read: unlike `read`, nothing refuses a write here."""
        with self._connection(Work.READING) as connection:
            yield connection

    @contextmanager
    def unsynced(self) -> Iterator[Connection]:
        """A connection for bookkeeping whose loss in a crash of the database server is harmless: each statement
        commits on its own, in one round trip; on PostgreSQL without waiting for the disk; on SQLite (whose
        commits never wait for it, see `make_engine`) in turn with the writers, without a BEGIN and COMMIT."""
        if self._unsynced_engine is None:
            with self.single_write() as connection:
                yield connection
            return
        with self._unsynced_engine.connect() as connection:
            yield connection

    def is_reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not reachable" for a health check
            return False

    def dispose(self) -> None:
        for engine in self.engines:
            engine.dispose()


def read_memo(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`, remembered for the rest of a read-only session, which writes nothing that could change the
    answer: the sections of a page that ask the same question (a manager's reports, the active cycle) ask the
    database once. In a write transaction `load()` runs every time."""
    memo = session.info.get(_READ_MEMO)
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def _refuse_writes(session: Session, _context, _instances) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a read-only session was asked to write; use Database.session()")


class _ReadSession(Session):
    """A read-only session: anything it is asked to write is refused. The listener belongs to the
    class, not registered anew on every read (a request opens two or three)."""


event.listen(_ReadSession, "before_flush", _refuse_writes)


class _WriterQueueConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue on a lock shared by the process's connections to one
    database. SQLite's busy handler polls for the write lock with growing sleeps (up to 100 ms each), so a writer
    that arrives just after another usually sleeps long after it finished; on this lock it is woken at once.
    Other processes still meet the busy timeout."""

    write_lock: threading.Lock
    work = Work.TRANSACTION
    _queued = False

    def begin_work(self) -> None:
        """Begin what the connection is handed out for (see `Work`)."""
        if self.work is Work.READING:
            return
        self.queue_for_writing()
        if self.work is Work.TRANSACTION:
            self.execute("BEGIN IMMEDIATE")

    def queue_for_writing(self) -> None:
        if self._queued:  # a failed BEGIN left it queued: the transaction after it still holds its place
            return
        # Bounded like the busy timeout: a writer never waits here forever, it then meets SQLite's own wait.
        self._queued = self.write_lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)

    def _leave_queue(self) -> None:
        if self._queued:
            self._queued = False
            self.write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._leave_queue()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._leave_queue()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave_queue()
