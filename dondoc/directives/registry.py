"""The organisation tree and the names documents give its bodies.

Read from config/agencies.yaml (a nested tree) or from the database; either way a
Registry resolves a written name ("Uỷ ban nhân dân huyện", "UBND huyện", "UBND") to one body.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from dondoc.record.enums import AgencyKind, Reminders
from dondoc.record.errors import SpecError, SpecProblem
from dondoc.record.models import Agency
from dondoc.record.text import clean, fold
from dondoc.record.yamlsrc import LineDict, LineList, load_yaml

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_AGENCY_KEYS = {
    "code",
    "name",
    "kind",
    "aliases",
    "escalates_to",
    "notify",
    "reminders",
    "active",
    "children",
}


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    name: str
    kind: AgencyKind
    parent_code: str | None
    path: str
    aliases: tuple[str, ...] = ()
    escalates_to: str | None = None
    notify: tuple[str, ...] = ()
    is_coordinator: bool = False
    position: int = 0
    reminders: Reminders = Reminders.BOTH
    is_leadership: bool = False
    active: bool = True


@dataclass
class Registry:
    agencies: list[AgencyInfo]
    _by_code: dict[str, AgencyInfo] = field(init=False)
    _by_key: dict[str, AgencyInfo] = field(init=False)

    def __post_init__(self) -> None:
        self._by_code = {a.code: a for a in self.agencies}
        self._by_key = {}
        # a deactivated body keeps its code for the history, but no name of it finds it
        for agency in self.active:
            for name in (agency.code, agency.name, *agency.aliases):
                self._by_key.setdefault(fold(name), agency)

    def __iter__(self) -> Iterator[AgencyInfo]:
        return iter(self.agencies)

    def __len__(self) -> int:
        return len(self.agencies)

    def get(self, code: str) -> AgencyInfo | None:
        return self._by_code.get(code)

    @property
    def active(self) -> list[AgencyInfo]:
        return [a for a in self.agencies if a.active]

    def resolve(self, name: str) -> AgencyInfo | None:
        """The active body a code, a name or an alias stands for, tolerant of case and tone placement."""
        found = self._by_code.get(clean(name))
        if found is not None and found.active:
            return found
        return self._by_key.get(fold(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The closest names, for "did you mean" messages."""
        keys = difflib.get_close_matches(fold(name), self._by_key.keys(), n=limit * 3, cutoff=0.5)
        seen: list[str] = []
        for key in keys:
            agency = self._by_key[key]
            label = f"{agency.name} ({agency.code})"
            if label not in seen:
                seen.append(label)
        return seen[:limit]

    def children(self, code: str) -> list[AgencyInfo]:
        return [a for a in self.agencies if a.parent_code == code]

    def descendants(self, code: str, kind: AgencyKind | None = None) -> list[AgencyInfo]:
        root = self._by_code[code]
        return [
            a
            for a in self.agencies
            if a.path.startswith(root.path)
            and a.code != code
            and a.active
            and (kind is None or a.kind == kind)
        ]

    def ancestors(self, code: str) -> list[str]:
        """Codes from the root down to the parent of `code`."""
        return self._by_code[code].path.strip("/").split("/")[:-1]

    @property
    def coordinators(self) -> list[AgencyInfo]:
        return [a for a in self.agencies if a.is_coordinator]


def _problem(path: Path, line: int | None, field_name: str, message: str) -> SpecProblem:
    return SpecProblem(str(path), line, field_name, message)


def _string_list(
    node: LineDict, key: str, path: Path, where: str, problems: list[SpecProblem]
) -> tuple[str, ...]:
    value = node.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(_problem(path, node.key_lines[key], f"{where}.{key}", "cần danh sách chuỗi"))
        return ()
    return tuple(clean(v) for v in value)


def _reminders(node: LineDict, path: Path, where: str, problems: list[SpecProblem]) -> Reminders:
    value = node.get("reminders", Reminders.BOTH.value)
    try:
        return Reminders(value)
    except ValueError:
        allowed = ", ".join(r.value for r in Reminders)
        problems.append(
            _problem(
                path,
                node.key_lines["reminders"],
                f"{where}.reminders",
                f"'{value}' không hợp lệ; cần một trong: {allowed}",
            )
        )
        return Reminders.BOTH


def _walk(
    nodes: Any, parent: AgencyInfo | None, path: Path, where: str, problems: list[SpecProblem]
) -> Iterable[AgencyInfo]:
    if not isinstance(nodes, LineList):
        problems.append(_problem(path, getattr(nodes, "line", None), where, "cần một danh sách cơ quan"))
        return
    for index, node in enumerate(nodes):
        here = f"{where}[{index}]"
        line = nodes.item_lines[index]
        if not isinstance(node, LineDict):
            problems.append(_problem(path, line, here, "cần một cơ quan (code, name, kind …)"))
            continue
        for key in set(node) - _AGENCY_KEYS:
            near = difflib.get_close_matches(str(key), _AGENCY_KEYS, n=1)
            hint = f"; có phải '{near[0]}'?" if near else ""
            problems.append(_problem(path, node.key_lines[key], f"{here}.{key}", f"khóa không hợp lệ{hint}"))
        code = node.get("code")
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            problems.append(_problem(path, line, f"{here}.code", "mã cơ quan cần chữ in hoa, số, '-'"))
            continue
        name = node.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(_problem(path, line, f"{here}.name", f"cơ quan {code} thiếu tên"))
            continue
        try:
            kind = AgencyKind(str(node.get("kind")))
        except ValueError:
            near = difflib.get_close_matches(str(node.get("kind")), [k.value for k in AgencyKind], n=1)
            hint = f"; gần nhất: '{near[0]}'" if near else ""
            problems.append(
                _problem(
                    path,
                    node.key_lines.get("kind", line),
                    f"{here}.kind",
                    f"loại cơ quan '{node.get('kind')}' không hợp lệ{hint}",
                )
            )
            continue
        reminders = _reminders(node, path, here, problems)
        agency = AgencyInfo(
            code=code,
            name=clean(name),
            kind=kind,
            parent_code=parent.code if parent else None,
            path=f"{parent.path if parent else '/'}{code}/",
            aliases=_string_list(node, "aliases", path, here, problems),
            escalates_to=node.get("escalates_to"),
            notify=_string_list(node, "notify", path, here, problems),
            reminders=reminders,
            active=node.get("active") is not False,
        )
        yield agency
        if "children" in node:
            yield from _walk(node["children"], agency, path, f"{here}.children", problems)


def load_agencies(config_dir: Path) -> Registry:
    """Read and check config/agencies.yaml; every problem is reported with its line."""
    path = config_dir / "agencies.yaml"
    data = load_yaml(path)
    problems: list[SpecProblem] = []
    if not isinstance(data, LineDict) or "agencies" not in data:
        raise SpecError([_problem(path, 1, "agencies", "thiếu danh sách 'agencies'")])
    parsed = list(_walk(data["agencies"], None, path, "agencies", problems))
    coordinators = data.get("coordinators") or []
    leadership = data.get("leadership")
    if leadership is None:  # unless config names them, the Thường trực bodies lead
        leadership = [a.code for a in parsed if a.kind is AgencyKind.LANH_DAO]
    codes = [a.code for a in parsed]
    seen_codes: set[str] = set()
    for code in codes:
        if code in seen_codes:
            problems.append(_problem(path, None, "code", f"mã cơ quan '{code}' bị trùng"))
        seen_codes.add(code)
    for agency in parsed:
        if agency.escalates_to and agency.escalates_to not in seen_codes:
            near = difflib.get_close_matches(agency.escalates_to, codes, n=1)
            hint = f"; gần nhất: '{near[0]}'" if near else ""
            problems.append(
                _problem(
                    path,
                    None,
                    f"{agency.code}.escalates_to",
                    f"không có cơ quan '{agency.escalates_to}'{hint}",
                )
            )
    for key, codes in (("coordinators", coordinators), ("leadership", leadership)):
        for code in codes:
            if code not in seen_codes:
                problems.append(_problem(path, data.key_lines.get(key), key, f"không có cơ quan '{code}'"))
    if problems:
        raise SpecError(problems)
    parsed = [
        AgencyInfo(
            **{
                **a.__dict__,
                "is_coordinator": a.code in coordinators,
                "is_leadership": a.code in leadership,
                "position": i,
            }
        )
        for i, a in enumerate(parsed)
    ]
    return Registry(parsed)


def registry_from_db(session: Session) -> Registry:
    rows = session.exec(select(Agency).order_by(Agency.position)).all()  # type: ignore[arg-type]
    by_id = {row.id: row.code for row in rows}
    return Registry(
        [
            AgencyInfo(
                code=row.code,
                name=row.name,
                kind=AgencyKind(row.kind),
                parent_code=by_id.get(row.parent_id) if row.parent_id else None,
                path=row.path,
                aliases=tuple(row.aliases),
                escalates_to=row.escalates_to_code,
                notify=tuple(row.notify),
                is_coordinator=row.is_coordinator,
                position=row.position,
                reminders=Reminders(row.reminders),
                is_leadership=row.is_leadership,
                active=row.active,
            )
            for row in rows
        ]
    )


def sync_agencies(session: Session, registry: Registry) -> tuple[int, int]:
    """Upsert the registry into the database; returns (added, changed). Never deletes (history refers
    to them), and leaves alone what the portal added or edited: the database is the registry of
    record, the file only seeds it."""
    existing = {row.code: row for row in session.exec(select(Agency)).all()}
    added = changed = 0
    ids: dict[str, int] = {code: row.id for code, row in existing.items() if row.id is not None}
    for info in registry:  # parents come before their children
        values: dict[str, Any] = {
            "name": info.name,
            "kind": info.kind,
            "parent_id": ids.get(info.parent_code) if info.parent_code else None,
            "path": info.path,
            "aliases": list(info.aliases),
            "escalates_to_code": info.escalates_to,
            "notify": list(info.notify),
            "is_coordinator": info.is_coordinator,
            "position": info.position,
            "reminders": info.reminders,
            "is_leadership": info.is_leadership,
            "active": info.active,
        }
        row = existing.get(info.code)
        if row is None:
            row = Agency(code=info.code, **values)
            session.add(row)
            session.flush()
            added += 1
        elif not row.edited_in_portal and any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            changed += 1
        assert row.id is not None
        ids[info.code] = row.id
    return added, changed
