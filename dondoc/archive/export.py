"""`dondoc export FILE`: every row of every table and every evidence file, as JSON lines."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, func, select

from dondoc.archive.lines import FORMAT, VERSION, tables, to_json
from dondoc.record import progress
from dondoc.record.db import engine_for
from dondoc.record.errors import DondocError
from dondoc.record.models import EvidenceFile
from dondoc.work.evidence import path_for

# rows are read from the database a thousand at a time, never all at once
_PAGE = 1_000


@dataclass
class ExportResult:
    file: str
    rows: int = 0
    files: int = 0
    tables: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _line(handle: IO[str], data: dict[str, Any]) -> None:
    handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def export_state(database_url: str, home: Path, target: Path, *, now: dt.datetime) -> ExportResult:
    """Write the whole state to `target`: written aside, then renamed, so never half a file."""
    engine = engine_for(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    # one snapshot of every table, while the portal and the sweep go on writing
    snapshot = "REPEATABLE READ" if engine.dialect.name == "postgresql" else "SERIALIZABLE"
    with engine.connect() as plain:
        connection = plain.execution_options(isolation_level=snapshot)
        with connection.begin():
            schema = MigrationContext.configure(connection).get_current_revision()
            if schema is None:
                raise DondocError("cơ sở dữ liệu chưa được khởi tạo: không có gì để xuất")
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=target.parent, delete=False
            ) as handle:
                try:
                    result = _write(connection, handle, home, schema=schema, now=now)
                except BaseException:
                    handle.close()
                    os.unlink(handle.name)
                    raise
    os.replace(handle.name, target)
    result.file = str(target)
    return result


def _write(
    connection: Connection, handle: IO[str], home: Path, *, schema: str, now: dt.datetime
) -> ExportResult:
    counts = {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()}
    hashes = sorted(set(connection.execute(select(EvidenceFile.__table__.c.sha256)).scalars()))  # type: ignore[attr-defined]
    missing = [h for h in hashes if not path_for(home, h).is_file()]
    if missing:
        raise DondocError(
            f"thiếu {len(missing)} tệp minh chứng trong {home / 'evidence'} (ví dụ {missing[0]}): "
            "không xuất, để khỏi mất dữ liệu"
        )
    header = {"format": FORMAT, "version": VERSION, "schema": schema, "exported_at": to_json(now)}
    _line(handle, {**header, "tables": counts, "files": len(hashes)})
    result = ExportResult(file=handle.name)
    for table in tables():
        advance = progress.stage(f"Xuất bảng {table.name}", counts[table.name])
        rows = connection.execution_options(yield_per=_PAGE).execute(
            select(table).order_by(*table.primary_key.columns)
        )
        for part in rows.partitions():
            for row in part:
                _line(handle, {"table": table.name, "row": {k: to_json(v) for k, v in row._mapping.items()}})
            advance(len(part))
            result.rows += len(part)
        result.tables[table.name] = counts[table.name]
    advance = progress.stage("Xuất tệp minh chứng", len(hashes))
    for sha256 in hashes:
        data = path_for(home, sha256).read_bytes()
        _line(handle, {"file": sha256, "data": base64.b64encode(data).decode("ascii")})
        advance(1)
    result.files = len(hashes)
    _line(handle, {"end": True, "rows": result.rows, "files": result.files})
    return result
