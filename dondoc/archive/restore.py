"""`dondoc import FILE`: an export read back into an empty database.

The whole file is checked first: its shape, each value against its column, unique keys, every
reference to another row, the evidence files' hashes, the end line. A problem is named by file,
line and field, and nothing is written; otherwise everything goes in one transaction, in bulk."""

from __future__ import annotations

import base64
import binascii
import difflib
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Table, UniqueConstraint, func, inspect, select, text

from dondoc.archive.lines import FORMAT, VERSION, BadValue, from_json, tables
from dondoc.record import progress
from dondoc.record.bulk import insert_rows
from dondoc.record.db import alembic_config, engine_for, is_initialised, migrate
from dondoc.record.errors import DondocError, SpecError, SpecProblem
from dondoc.work.evidence import StoredFile, path_for, save

MAX_PROBLEMS = 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class ImportResult:
    file: str
    rows: int = 0
    files: int = 0
    tables: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _TooMany(Exception):
    """Enough problems found to show; reading stops."""


@dataclass
class _Reading:
    """What has been read so far, and what was wrong with it."""

    source: Path
    tables: dict[str, Table]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    header: dict[str, Any] | None = None
    ended: bool = False
    problems: list[SpecProblem] = field(default_factory=list)

    def problem(self, line: int, where: str, message: str) -> None:
        self.problems.append(SpecProblem(str(self.source), line, where, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany


def import_state(database_url: str, home: Path, source: Path) -> ImportResult:
    if not source.is_file():
        raise DondocError(f"{source}: không có tệp")
    reading = _Reading(source, {t.name: t for t in tables()})
    try:
        _read(reading)
        if not reading.problems:
            _check_keys(reading)
    except _TooMany:
        reading.problems.append(
            SpecProblem(str(source), None, "tệp", f"dừng kiểm tra sau {MAX_PROBLEMS} lỗi đầu tiên")
        )
    if reading.problems:
        raise SpecError(reading.problems)
    assert reading.header is not None
    _check_target(database_url, reading.header["schema"], source)
    for sha256, data in reading.files.items():  # content-addressed: a failed import leaves no harm
        if not path_for(home, sha256).is_file():
            save(home, StoredFile(sha256, sha256, "application/octet-stream", len(data)), data)
    migrate(database_url)
    result = ImportResult(file=str(source), files=len(reading.files))
    with engine_for(database_url).begin() as connection:
        for table in tables():
            rows = reading.rows.get(table.name, [])
            insert_rows(connection, table, rows, advance=progress.stage(f"Nhập bảng {table.name}", len(rows)))
            result.tables[table.name] = len(rows)
            result.rows += len(rows)
        _continue_sequences(connection)
    return result


def _lines(source: Path) -> Iterator[tuple[int, str | None]]:
    """Each line with its number; None for one that is not UTF-8."""
    advance = progress.stage(f"Kiểm tra {source.name}", source.stat().st_size)
    with source.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            advance(len(raw))
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, None


def _read(reading: _Reading) -> None:
    last = 0
    for number, line in _lines(reading.source):
        last = number
        if line is None:
            reading.problem(number, "tệp", "dòng không phải UTF-8")
            continue
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            reading.problem(number, "tệp", f"không phải JSON ({exc.msg}, cột {exc.colno})")
            continue
        if reading.ended:
            reading.problem(number, "tệp", "còn dữ liệu sau dòng kết thúc")
        elif reading.header is None:
            _header(reading, number, data)
        elif not isinstance(data, dict):
            reading.problem(number, "tệp", "mỗi dòng cần một đối tượng JSON")
        elif "table" in data:
            _row(reading, number, data)
        elif "file" in data:
            _file(reading, number, data)
        elif data.get("end") is True:
            _end(reading, number, data)
        else:
            reading.problem(number, "tệp", "dòng cần một trong các khóa: table, file, end")
    if reading.header is None:
        reading.problem(max(last, 1), "tệp", f"không phải tệp xuất của dondoc (thiếu dòng đầu '{FORMAT}')")
    elif not reading.ended:
        reading.problem(max(last, 1), "tệp", "thiếu dòng kết thúc: tệp bị cắt ngang?")


def _header(reading: _Reading, number: int, data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        reading.problem(number, "format", f'không phải tệp xuất của dondoc (cần "format": "{FORMAT}")')
        reading.header = {}
        return
    if data.get("version") != VERSION:
        reading.problem(number, "version", f"phiên bản định dạng {data.get('version')!r}, cần {VERSION}")
    if not isinstance(data.get("schema"), str):
        reading.problem(number, "schema", "thiếu phiên bản lược đồ cơ sở dữ liệu")
    reading.header = data


def _row(reading: _Reading, number: int, data: dict[str, Any]) -> None:
    name, row = data.get("table"), data.get("row")
    table = reading.tables.get(name) if isinstance(name, str) else None
    if table is None:
        near = difflib.get_close_matches(str(name), reading.tables, n=1)
        reading.problem(
            number, "table", f"không có bảng '{name}'" + (f"; gần nhất: '{near[0]}'" if near else "")
        )
        return
    if not isinstance(row, dict):
        reading.problem(number, f"{table.name}.row", "cần một đối tượng các cột")
        return
    for key in row.keys() - table.c.keys():
        near = difflib.get_close_matches(key, table.c.keys(), n=1)
        hint = f"; gần nhất: '{near[0]}'" if near else ""
        reading.problem(number, f"{table.name}.{key}", f"bảng {table.name} không có cột này{hint}")
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.key not in row:
            default = column.default.arg if column.default is not None and column.default.is_scalar else None  # type: ignore[attr-defined]
            if default is None and not column.nullable:
                reading.problem(number, f"{table.name}.{column.key}", "thiếu cột bắt buộc")
            values[column.key] = default
            continue
        try:
            values[column.key] = from_json(column, row[column.key])
        except BadValue as exc:
            reading.problem(number, f"{table.name}.{column.key}", str(exc))
    reading.rows.setdefault(table.name, []).append(values)
    reading.lines.setdefault(table.name, []).append(number)


def _file(reading: _Reading, number: int, data: dict[str, Any]) -> None:
    sha256, encoded = data.get("file"), data.get("data")
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        reading.problem(number, "file", "cần mã sha256 của tệp (64 chữ số hex)")
        return
    try:
        content = base64.b64decode(str(encoded), validate=True)
    except (binascii.Error, ValueError):
        reading.problem(number, "data", "nội dung tệp không phải base64")
        return
    if hashlib.sha256(content).hexdigest() != sha256:
        reading.problem(number, "data", f"nội dung không khớp mã {sha256[:12]}…: tệp hỏng?")
        return
    reading.files[sha256] = content


def _end(reading: _Reading, number: int, data: dict[str, Any]) -> None:
    rows = sum(len(r) for r in reading.rows.values())
    if data.get("rows") != rows or data.get("files") != len(reading.files):
        reading.problem(
            number,
            "end",
            f"dòng kết thúc ghi {data.get('rows')} dòng, {data.get('files')} tệp; đọc được {rows} dòng, "
            f"{len(reading.files)} tệp",
        )
    reading.ended = True


def _check_keys(reading: _Reading) -> None:
    """Unique keys are unique, each reference finds its row, each evidence row its file."""
    keys: dict[str, set[Any]] = {}
    for table in tables():
        rows, lines = reading.rows.get(table.name, []), reading.lines.get(table.name, [])
        unique_sets = [list(table.primary_key.columns)]
        unique_sets += [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
        unique_sets += [list(i.columns) for i in table.indexes if i.unique]
        for columns in unique_sets:
            seen: dict[tuple[Any, ...], int] = {}
            for row, line in zip(rows, lines, strict=True):
                value = tuple(row[c.key] for c in columns)
                if None in value:
                    continue
                if value in seen:
                    names = ", ".join(c.key for c in columns)
                    reading.problem(line, f"{table.name}.{names}", f"trùng với dòng {seen[value]}")
                seen.setdefault(value, line)
        if len(table.primary_key.columns) == 1:
            pk = next(iter(table.primary_key.columns)).key
            keys[table.name] = {row[pk] for row in rows}
    for table in tables():
        for fk in table.foreign_keys:
            target = fk.column.table.name
            for row, line in zip(
                reading.rows.get(table.name, []), reading.lines.get(table.name, []), strict=True
            ):
                value = row[fk.parent.key]
                if value is not None and value not in keys.get(target, set()):
                    reading.problem(
                        line, f"{table.name}.{fk.parent.key}", f"không có dòng {target} mã {value}"
                    )
    for row, line in zip(
        reading.rows.get("evidencefile", []), reading.lines.get("evidencefile", []), strict=True
    ):
        if row["sha256"] not in reading.files:
            reading.problem(line, "evidencefile.sha256", "tệp minh chứng này không có trong tệp xuất")


def _check_target(database_url: str, schema: str, source: Path) -> None:
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    if schema != head:
        raise DondocError(
            f"{source}: xuất từ lược đồ {schema}, phiên bản dondoc này dùng {head}: "
            "nhập bằng phiên bản dondoc đã xuất nó (rồi nâng cấp bằng dondoc init)"
        )
    if not is_initialised(database_url):
        return
    engine = engine_for(database_url)
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for table in tables():
            if table.name not in present:
                continue
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            if count:
                raise DondocError(
                    f"cơ sở dữ liệu đích đã có dữ liệu (bảng {table.name}: {count} dòng): "
                    "nhập vào một cơ sở dữ liệu trống (đừng chạy dondoc init trước)"
                )


def _continue_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences, which rows with given ids do not move on."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or not columns[0].autoincrement:
            continue
        name = columns[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{name}'), "
                f"COALESCE((SELECT MAX({name}) FROM {table.name}), 0) + 1, false)"
            )
        )
