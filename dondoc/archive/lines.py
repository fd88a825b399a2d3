"""The export format, one JSON object a line:

    {"format": "dondoc-export", "version": 1, "schema": "0003", "exported_at": "…", "tables": {…}}
    {"table": "agency", "row": {"id": 1, "code": "HUYEN", …}}        every row, parents first
    {"file": "<sha256>", "data": "<base64>"}                          every evidence file
    {"end": true, "rows": 1234, "files": 5}                           so a cut file is noticed

Values are plain JSON: instants in ISO 8601 UTC, days as YYYY-MM-DD, statuses as their values.
Reading a value back checks it against its column, and says what was expected."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Enum, Integer, String, Table, TypeDecorator
from sqlmodel import SQLModel

import dondoc.record.models  # noqa: F401  (registers the tables)

FORMAT = "dondoc-export"
VERSION = 1


# bookkeeping the database keeps by itself, not data: the registry's version is seeded by its
# migration and moved by triggers as the agencies are written back
NOT_ARCHIVED = frozenset({"registryversion"})


def tables() -> list[Table]:
    """dondoc's tables, each after those it refers to."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in NOT_ARCHIVED]


def to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


class BadValue(ValueError):
    """A value that does not fit its column; the message says what would."""


def from_json(column: Column[Any], value: Any) -> Any:
    """The Python value for `column`, or BadValue."""
    if value is None:
        if not column.nullable:
            raise BadValue("không được để trống")
        return None
    # SQLModel's AutoString and UTCDateTime decorate a String and a DateTime
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise BadValue(f"cần true hoặc false, không phải {value!r}")
        return value
    if isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadValue(f"cần một số nguyên, không phải {value!r}")
        return value
    if isinstance(kind, DateTime | Date):
        return _instant_or_day(kind, value)
    if isinstance(kind, Enum):
        allowed = list(kind.enums)
        if value not in allowed:
            raise BadValue(f"'{value}' không phải một trong: {', '.join(allowed)}")
        return value
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise BadValue(f"cần một chuỗi, không phải {value!r}")
        if kind.length and len(value) > kind.length:
            raise BadValue(f"dài {len(value)} ký tự, tối đa {kind.length}")
        return value
    raise BadValue(f"kiểu cột {kind!r} chưa được hỗ trợ")


def _instant_or_day(kind: Any, value: Any) -> dt.datetime | dt.date:
    if isinstance(kind, Date):
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else _bad_day(value)
        except ValueError:
            return _bad_day(value)
    try:
        instant = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        instant = None
    if instant is None or instant.utcoffset() is None:
        raise BadValue(
            f"cần thời điểm ISO 8601 có múi giờ (ví dụ 2020-04-01T08:00:00+00:00), không phải {value!r}"
        )
    return instant.astimezone(dt.UTC)


def _bad_day(value: Any) -> dt.date:
    raise BadValue(f"cần ngày dạng YYYY-MM-DD, không phải {value!r}")
