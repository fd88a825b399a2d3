"""The agency tree as a process keeps it: read once per version of the registry, not per request.

Every request needs a few agencies (who may see what, whose children, who the coordinators are),
and a province has two thousand. The database moves a version number on every change to the
agency table (triggers, migration 0011); a process reads the number with a request's first
statement and reloads the tree only when it moved. A change made by another worker, `dondoc
init` or a script is therefore seen by the very next request, never after a timer."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from dondoc.record.models import Agency, RegistryVersion

# the session.info key under which a request's session carries the version it read first
VERSION_KEY = "registry_version"
_AGENCY: Any = Agency.__table__  # type: ignore[attr-defined]
_VERSION: Any = RegistryVersion.__table__  # type: ignore[attr-defined]
# the version as a scalar subquery, for a request to read it in its first statement
VERSION_NOW = select(_VERSION.c.version).where(_VERSION.c.id == 1).scalar_subquery()
_READ_VERSION = select(_VERSION.c.version).where(_VERSION.c.id == 1)
_READ_TREE = select(
    _AGENCY.c.id,
    _AGENCY.c.code,
    _AGENCY.c.name,
    _AGENCY.c.parent_id,
    _AGENCY.c.path,
    _AGENCY.c.is_coordinator,
    _AGENCY.c.position,
)


@dataclass(frozen=True)
class Body:
    """An agency as the tree keeps it: what requests ask of it, not the whole row."""

    id: int
    code: str
    name: str
    parent_id: int | None
    path: str
    is_coordinator: bool


@dataclass(frozen=True)
class AgencyTree:
    version: int
    by_id: dict[int, Body]
    by_code: dict[str, Body]
    children: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # the coordinators' codes, in the registry's order
    coordinators: tuple[str, ...] = ()

    def own_and_children(self, agency_id: int) -> tuple[int, ...]:
        """An agency and its direct children: what it may see and act on."""
        return (agency_id, *self.children.get(agency_id, ()))


_trees: dict[str, AgencyTree] = {}
_loading = threading.Lock()


def current_version(session: Session) -> int:
    """The registry's version now, remembered by the session (its request reads it once)."""
    known = session.info.get(VERSION_KEY)
    if known is None:
        known = session.info[VERSION_KEY] = int(session.execute(_READ_VERSION).scalar_one())
    return int(known)


def tree(session: Session) -> AgencyTree:
    """The agency tree at the version the session has seen; read from the database only when
    that version is not the one this process holds. The version is read before the rows, so a
    change in between makes the copy look older than it is, never newer: the next request
    reloads it."""
    version = current_version(session)
    key = str(session.get_bind().engine.url)
    held = _trees.get(key)
    if held is not None and held.version == version:
        return held
    with _loading:
        held = _trees.get(key)
        if held is None or held.version != version:
            held = _trees[key] = _load(session, version)
    return held


def body(session: Session, agency_id: int) -> Body:
    """One agency by id, from the tree; read from its row when the agency is newer than the
    version the session read first (PostgreSQL reads each statement afresh, so a subtask
    created since may name it)."""
    held = tree(session).by_id.get(agency_id)
    if held is not None:
        return held
    return _body(session.execute(_READ_TREE.where(_AGENCY.c.id == agency_id)).one())


def _body(row: Any) -> Body:
    return Body(row.id, row.code, row.name, row.parent_id, row.path, bool(row.is_coordinator))


def _load(session: Session, version: int) -> AgencyTree:
    rows = session.execute(_READ_TREE.order_by(_AGENCY.c.position, _AGENCY.c.id)).all()
    bodies = [_body(r) for r in rows]
    children: dict[int, list[int]] = {}
    for body in bodies:
        if body.parent_id is not None:
            children.setdefault(body.parent_id, []).append(body.id)
    return AgencyTree(
        version=version,
        by_id={b.id: b for b in bodies},
        by_code={b.code: b for b in bodies},
        children={parent: tuple(sorted(ids)) for parent, ids in children.items()},
        coordinators=tuple(b.code for b in bodies if b.is_coordinator),
    )
