"""Typed domain errors: each names a catalog key so a handler can explain it in the user's language."""

from __future__ import annotations

from typing import Any


class PerfbotError(Exception):
    """A rule said no. `key` is a message-catalog key; `params` fill its placeholders."""

    def __init__(self, key: str, *, field: str | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.params = params


class Invalid(PerfbotError):
    """The input breaks a rule (a bad value, a cycle, a weight that does not add up)."""


class NotFound(PerfbotError):
    """Something named does not exist in this workspace."""


class Forbidden(PerfbotError):
    """The acting person may not do or see this."""


class InvalidRows(Exception):
    """A bulk input (a CSV) had bad rows; nothing was applied. Each problem is (line number, message)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(f"{len(problems)} bad row(s)")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(f"line {line}: {message}" for line, message in self.problems)
