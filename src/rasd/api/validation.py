"""What clients send, checked before it reaches the store, so bad input is a 422 naming
the field and never a database error (a 500) or a stored value that breaks every reader.

- every text field, wherever it comes from (path, query string, JSON body), passes the
  one rule of :func:`rasd.io.readers.text_problem`: no NUL, no unpaired surrogate, a
  length limit (the store's column width where it has one);
- ids, offsets and limits fit the store's integer columns on both backends (SQLite
  takes 64 bits, PostgreSQL's ``integer`` 32: the smaller bound is the rule);
- an edit's values have the shape of their field (one value, or a list of strings for
  the list fields), integers in range, numbers finite, dates as YYYY-MM-DD.
"""
from __future__ import annotations

import math
import typing
from datetime import date
from typing import Any, Annotated, Optional

from fastapi import HTTPException, Request
from pydantic import AfterValidator

from rasd.io.readers import (EARLIEST_YEAR, LATEST_YEAR, MAX_ID_CHARS, MAX_SOURCE_CHARS, MAX_URL_CHARS,
                             text_problem)
from rasd.model import Event
from rasd.store.schema import events, places

MAX_INT = 2**31 - 1  # PostgreSQL integer; also bounds ids, offsets and limits
MAX_PARAM_CHARS = 1000  # a query-string value (filters are names, not texts)
MAX_FIELD_NAME_CHARS = 100
DEFAULT_FIELD_CHARS = 2000  # an edited field the store keeps only in the event's JSON record
NOTES_CHARS = 10_000
INTEGER_PARAMS = {"offset", "limit"}


def _column_widths() -> dict[str, int]:
    """Edited field → the narrowest store column it is written to."""
    widths: dict[str, int] = {}
    for table in (events, places):
        for column in table.columns:
            length = getattr(column.type, "length", None)
            if length:
                widths[column.name] = min(length, widths.get(column.name, length))
    return widths


FIELD_LIMITS: dict[str, int] = {
    **_column_widths(),
    "location": 250,  # the place key adds "|lat|lon" to it within 300 characters
    "location_ar": 300,  # places.name_ar
    "inter1": 100, "inter2": 100,  # actors.inter
    "assoc_actor_1": 300, "assoc_actor_2": 300,  # each name, actors.name
    "notes": NOTES_CHARS,
    "source": MAX_SOURCE_CHARS, "url": MAX_URL_CHARS,
}
LIST_FIELDS = frozenset(name for name, info in Event.model_fields.items()
                        if typing.get_origin(info.annotation) is list)
DATE_FIELDS = frozenset(name for name, info in Event.model_fields.items() if info.annotation is date)


def refuse(where: str, problem: str) -> HTTPException:
    return HTTPException(422, f"{where}: {problem}")


def check_text(value: str, where: str, limit: Optional[int]) -> str:
    problem = text_problem(value, limit)
    if problem:
        raise refuse(where, problem)
    return value


def check_integer(value: int, where: str, low: int = -MAX_INT) -> int:
    if not low <= value <= MAX_INT:
        raise refuse(where, f"{value} is out of range ({low} to {MAX_INT:,})")
    return value


# --- request line: path and query parameters ---------------------------------------------
def check_request(request: Request) -> None:
    """App-wide dependency: every path and query parameter of every route."""
    params = [*request.path_params.items(), *request.query_params.multi_items()]
    for name, value in params:
        check_text(str(name), "query parameter name", MAX_FIELD_NAME_CHARS)
        check_text(str(value), str(name), MAX_PARAM_CHARS)
        if name.endswith("_id") or name in INTEGER_PARAMS:
            check_integer_param(str(name), str(value))


def check_integer_param(name: str, value: str) -> None:
    digits = value.strip().removeprefix("+").removeprefix("-")
    if digits.isdigit():  # anything else is the route's own 422 ("not an integer")
        check_integer(int(value.strip()), name, low=-MAX_INT)


# --- JSON bodies ---------------------------------------------------------------------------
def body_text(limit: Optional[int]):
    """A pydantic annotation applying the text rule to one field of a request body."""
    def rule(value: Optional[str]) -> Optional[str]:
        problem = text_problem(value, limit) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value

    return AfterValidator(rule)


ReportText = Annotated[Optional[str], body_text(None)]  # length: the server's max_chars (413)
ReportId = Annotated[Optional[str], body_text(MAX_ID_CHARS)]
ReportSource = Annotated[Optional[str], body_text(MAX_SOURCE_CHARS)]
ReportUrl = Annotated[Optional[str], body_text(MAX_URL_CHARS)]
ReportDate = Annotated[Optional[str], body_text(40)]


def check_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """An edit's fields and values, checked for shape and range (what they mean is the
    store's to check: rasd.store.editing)."""
    for field, value in changes.items():
        check_text(field, "field name", MAX_FIELD_NAME_CHARS)
        if field in LIST_FIELDS:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise refuse(field, "expected a list of strings")
            for item in value:
                check_value(item, field)
        elif isinstance(value, (list, dict)):
            raise refuse(field, "expected a single value, not a list or an object")
        else:
            check_value(value, field)
    return changes


def check_value(value: Any, field: str) -> None:
    if field in DATE_FIELDS:
        check_date(value, field)
    if isinstance(value, str):
        check_text(value, field, FIELD_LIMITS.get(field, DEFAULT_FIELD_CHARS))
    elif isinstance(value, int) and not isinstance(value, bool):
        check_integer(value, field)
    elif isinstance(value, float) and not math.isfinite(value):
        raise refuse(field, f"{value} is not a finite number")


def check_date(value: Any, field: str) -> None:
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        raise refuse(field, f"{str(value)[:40]!r} is not a date (YYYY-MM-DD)")
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise refuse(field, f"{value} is out of range (years {EARLIEST_YEAR}-{LATEST_YEAR})")
