"""Every registered version of a directive's spec, kept as the YAML text that was registered, so
the directive can be downloaded and loaded again (`dondoc load` of it gives the same directive).

A version is written in the registration's own transaction, whether the spec came from a file on
the command line or from the portal's form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Text, UniqueConstraint, func
from sqlalchemy.orm import defer
from sqlmodel import Field, Session, SQLModel, col, select

from dondoc.record.audit import Actor
from dondoc.record.errors import NotFound


class SpecVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("directive_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    # 1, 2, … in the order they were registered
    version: int
    spec_hash: str = Field(max_length=64)
    text: str = Field(sa_type=Text)
    registered_by: str = Field(max_length=64)
    source: str = Field(max_length=32)
    registered_at: dt.datetime
    flow_run_id: str | None = Field(default=None, max_length=64)


def record_version(
    session: Session,
    *,
    directive_id: int,
    text: str,
    spec_hash: str,
    actor: Actor,
    now: dt.datetime,
    flow_run_id: str | None,
) -> SpecVersion:
    latest = session.exec(
        select(func.max(SpecVersion.version)).where(SpecVersion.directive_id == directive_id)
    ).one()
    row = SpecVersion(
        directive_id=directive_id,
        version=(latest or 0) + 1,
        spec_hash=spec_hash,
        text=text,
        registered_by=actor.code,
        source=actor.source,
        registered_at=now,
        flow_run_id=flow_run_id,
    )
    session.add(row)
    session.flush()
    return row


def has_versions(session: Session, directive_id: int) -> bool:
    found = session.exec(select(SpecVersion.id).where(SpecVersion.directive_id == directive_id).limit(1))
    return found.first() is not None


@dataclass(frozen=True)
class VersionSummary:
    version: int
    registered_by: str
    source: str
    registered_at: dt.datetime
    flow_run_id: str | None


def versions_of(session: Session, directive_id: int) -> list[VersionSummary]:
    """Newest first, without their text (a page lists them; one is read when downloaded)."""
    # SQLModel types the column attribute as str; it is an instrumented attribute
    rows = session.exec(
        select(SpecVersion)
        .options(defer(SpecVersion.text))  # type: ignore[arg-type]
        .where(SpecVersion.directive_id == directive_id)
        .order_by(col(SpecVersion.version).desc())
    ).all()
    return [
        VersionSummary(r.version, r.registered_by, r.source, r.registered_at, r.flow_run_id) for r in rows
    ]


def version_of(session: Session, directive_id: int, version: int | None = None) -> SpecVersion:
    """One version (the latest when `version` is None)."""
    query = select(SpecVersion).where(SpecVersion.directive_id == directive_id)
    if version is None:
        query = query.order_by(col(SpecVersion.version).desc()).limit(1)
    else:
        query = query.where(SpecVersion.version == version)
    row = session.exec(query).first()
    if row is None:
        which = "" if version is None else f" phiên bản {version}"
        raise NotFound(f"văn bản #{directive_id} chưa có tệp YAML đã đăng ký{which}")
    return row
