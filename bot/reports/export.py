"""Exports every record HR may see as JSON, CSV (a zip, one file per kind) or XLSX (one sheet per kind):
rows stream from the database to the file, which appears only once it is complete."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func
from sqlmodel import Session, select

from bot.errors import Invalid, NotFound
from bot.reports.bundle import readable
from bot.reports.records import KINDS, RecordKind, Selection
from storage.cycles import Cycle
from storage.org import Person

FORMATS = ("json", "csv", "xlsx")
SUFFIX = {"json": ".json", "csv": ".zip", "xlsx": ".xlsx"}
BATCH = 1000


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...


class _Quiet:
    def update(self, n: int = 1) -> None:
        pass


@dataclass
class Exported:
    path: Path
    counts: dict[str, int]


def selection_for(session: Session, team_id: str, scope: str, cycle: Cycle | None) -> Selection:
    """`org`, `department:NAME` or `person:EMAIL` as a Selection; an unknown one is a NotFound."""
    kind, _, value = scope.partition(":")
    value = value.strip()
    if kind == "org" and not value:
        return Selection(team_id, lambda column: column.is_not(None), cycle)
    if kind == "department" and value:
        members = select(Person.id).where(Person.team_id == team_id, Person.department == value)
        if session.exec(members.limit(1)).first() is None:
            raise NotFound("report.unknown_department", department=value[:80])
        return Selection(team_id, lambda column: column.in_(members), cycle)
    if kind == "person" and value:
        found = session.exec(
            select(Person.id).where(Person.team_id == team_id, func.lower(Person.email) == value.lower())
        ).first()
        if found is None:
            raise NotFound("export.unknown_person", email=value[:120])
        return Selection(team_id, lambda column: column == found, cycle)
    raise Invalid("export.bad_scope", scope=scope[:80])


def default_name(fmt: str, cycle: Cycle | None) -> str:
    label = "".join(ch if ch.isalnum() else "-" for ch in cycle.name).strip("-") if cycle else "all"
    return f"perfbot-export-{label}{SUFFIX[fmt]}"


def _cell(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _rows(session: Session, kind: RecordKind, selection: Selection, progress: Progress) -> Iterator[list[Any]]:
    result = session.exec(kind.query(selection).execution_options(yield_per=BATCH))
    for row in result:
        progress.update(1)
        yield [_cell(value) for value in row]


def count_rows(session: Session, selection: Selection, kinds: tuple[RecordKind, ...] = KINDS) -> dict[str, int]:
    return {
        kind.name: session.exec(select(func.count()).select_from(kind.query(selection).subquery())).one()
        for kind in kinds
    }


@contextmanager
def _staged(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`, moved onto it on success and removed on failure."""
    folder = path.parent
    if not folder.is_dir():
        raise Invalid("export.unwritable", path=str(path), reason="no such folder")
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".perfbot-export-")
    except OSError as error:
        raise Invalid("export.unwritable", path=str(path), reason=error.strerror or str(error)) from None
    os.close(handle)
    staged = Path(name)
    try:
        yield staged
        readable(staged)
        staged.replace(path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def export(
    session: Session,
    selection: Selection,
    fmt: str,
    path: Path,
    *,
    kinds: tuple[RecordKind, ...] = KINDS,
    progress: Progress | None = None,
) -> Exported:
    if fmt not in FORMATS:
        raise Invalid("export.bad_format", format=fmt[:20])
    if path.exists() and path.is_dir():
        raise Invalid("export.unwritable", path=str(path), reason="it is a folder")
    progress = progress or _Quiet()
    counts: dict[str, int] = {}
    writer = {"json": _write_json, "csv": _write_csv, "xlsx": _write_xlsx}[fmt]
    with _staged(path) as staged:
        writer(session, selection, kinds, staged, counts, progress)
    return Exported(path, counts)


def _counted(rows: Iterator[list[Any]], counts: dict[str, int], name: str) -> Iterator[list[Any]]:
    counts[name] = 0
    for row in rows:
        counts[name] += 1
        yield row


def _write_json(session, selection, kinds, staged: Path, counts, progress) -> None:
    with staged.open("w", encoding="utf-8") as out:
        out.write("{")
        for number, kind in enumerate(kinds):
            out.write(("," if number else "") + f"\n{json.dumps(kind.name)}: [")
            rows = _counted(_rows(session, kind, selection, progress), counts, kind.name)
            for index, row in enumerate(rows):
                record = dict(zip(kind.columns, row, strict=True))
                out.write(("," if index else "") + "\n  " + json.dumps(record, ensure_ascii=False))
            out.write("\n]")
        out.write("\n}\n")


def _write_csv(session, selection, kinds, staged: Path, counts, progress) -> None:
    with zipfile.ZipFile(staged, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in kinds:
            with (
                archive.open(f"{kind.name}.csv", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as out,
            ):
                writer = csv.writer(out)
                writer.writerow(kind.columns)
                writer.writerows(_counted(_rows(session, kind, selection, progress), counts, kind.name))


def _write_xlsx(session, selection, kinds, staged: Path, counts, progress) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    book = Workbook(write_only=True)  # rows go to disk as they come: memory stays flat
    for kind in kinds:
        sheet = book.create_sheet(kind.name[:31])
        sheet.append(list(kind.columns))
        for row in _counted(_rows(session, kind, selection, progress), counts, kind.name):
            sheet.append([clean(value) for value in row])
    book.save(staged)
