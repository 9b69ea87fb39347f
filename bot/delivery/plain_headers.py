"""An `http.client` response that reads plain `Name: value` headers without the email parser, to the same result.

http.client reads every answer's headers through `email.feedparser`, the bulk of the cost of a small answer. Here
the header lines are read by http.client's own reader (with its limits on line length and count), and when every
line is a plain `Name: value` a line is split where the email parser would split it; anything else (a folded
continuation line, a line without a name, a multipart or message content type, headers cut off by the end of the
stream) goes through http.client's own `parse_headers`, from the same bytes.
"""

from __future__ import annotations

import http.client
import io
import re
import types
from collections.abc import Callable
from http.client import HTTPMessage, HTTPResponse
from http.client import parse_headers as stock_parse_headers
from typing import Any, BinaryIO

# A line the email parser takes as a whole header by itself: a name of printable ASCII but ':', a colon, the
# value (blanks after the colon are not part of it, trailing ones are) and one line break. A CR inside the line
# would end a line there for the email parser, so it sends the line to the stock parse.
_PLAIN_HEADER = re.compile(rb"([!-9;-~]+):[ \t]*([^\r\n]*)\r?\n")
_END_OF_HEADERS = (b"\r\n", b"\n")
# http.client's own reader of the header lines, with its limits on line length and count (a private name).
_read_header_lines = getattr(http.client, "_read_headers", None)


def parse_headers(fp: BinaryIO) -> HTTPMessage:
    """What http.client's `parse_headers` returns for `fp`, with plain headers split without the email parser."""
    lines = _read_header_lines(fp)
    message = _plain_message(lines)
    return message if message is not None else stock_parse_headers(io.BytesIO(b"".join(lines)))


def _plain_message(lines: list[bytes]) -> HTTPMessage | None:
    """The message the email parser builds from these lines, or None if they are not all plain headers."""
    if lines[-1] not in _END_OF_HEADERS:
        return None
    message = HTTPMessage()
    for line in lines[:-1]:
        header = _PLAIN_HEADER.fullmatch(line)
        if header is None:
            return None
        message.set_raw(header[1].decode("iso-8859-1"), header[2].decode("iso-8859-1"))
    if message.get_content_maintype() in ("multipart", "message"):
        return None  # the email parser would look for parts in the (empty) body and note defects
    message.set_payload("")  # as the email parser leaves it: the rest of the text, here nothing
    return message


def _with_globals(function: Callable[..., Any], **names: Any) -> Callable[..., Any]:
    """`function` itself, its code unchanged, but finding `names` here instead of in its module (whose other names
    it sees as they are now: http.client's are constants, classes and functions)."""
    rebound = types.FunctionType(
        function.__code__, {**function.__globals__, **names}, function.__name__, function.__defaults__
    )
    rebound.__qualname__, rebound.__kwdefaults__ = function.__qualname__, function.__kwdefaults__
    return rebound


# A later Python whose http.client reads headers otherwise keeps its own way entirely.
_READS_AS_EXPECTED = _read_header_lines is not None and "parse_headers" in HTTPResponse.begin.__code__.co_names


class PlainHeadersResponse(HTTPResponse):
    """An `HTTPResponse` whose `begin` is http.client's own, reading the headers with `parse_headers` above."""

    if _READS_AS_EXPECTED:
        begin = _with_globals(HTTPResponse.begin, parse_headers=parse_headers)
