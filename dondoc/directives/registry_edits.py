"""The registry kept in the portal: a coordinator adds a body (a city's office that a directive
from above names, a new commune), edits it, merges a name documents use into its aliases, or
deactivates it. Bodies are never deleted: subtasks and the history refer to them.

Every change is a row of the audit log in the same transaction, and marks the body as edited in
the portal, so `dondoc init` (config/agencies.yaml) no longer overwrites it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, func, literal, update
from sqlmodel import Session, col, select

from dondoc.record import audit
from dondoc.record.audit import Actor
from dondoc.record.enums import OPEN_STATUSES, AgencyKind
from dondoc.record.errors import FieldConflict, FieldError, NotFound
from dondoc.record.models import Agency, Subtask
from dondoc.record.roles import require_coordinator
from dondoc.record.text import clean, fold, strip_diacritics

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
MAX_CODE = 24
LABELS = {
    "code": "Mã",
    "name": "Tên cơ quan",
    "kind": "Loại",
    "parent": "Trực thuộc",
    "aliases": "Tên gọi khác",
    "notify": "Địa chỉ nhận thông báo",
}


@dataclass(frozen=True)
class AgencyFields:
    """What a coordinator fills in; None leaves a field as it is (an edit)."""

    name: str | None = None
    kind: AgencyKind | None = None
    parent: str | None = None
    aliases: list[str] | None = None
    notify: list[str] | None = None
    active: bool | None = None
    code: str | None = None


REFUSAL = "chỉ bộ phận điều phối được sửa danh mục cơ quan"


def _problem(key: str, message: str, index: int | None = None) -> FieldError:
    path = key if index is None else f"{key}[{index}]"
    return FieldError(path, f"{LABELS[key]}: {message}")


MAX_NAME = 255
MAX_ADDRESS = 2000  # an Apprise URL may name many recipients


def _words(key: str, value: str, index: int | None, limit: int = MAX_NAME) -> str:
    """A name or an address as typed, refused with its field if it holds what no one writes."""
    text = clean(value)
    # control characters are nobody's words, and PostgreSQL cannot store a NUL at all
    control = next((ch for ch in text if ord(ch) < 32 or ord(ch) == 127), None)
    if control is not None:
        raise _problem(key, f"có ký tự điều khiển không hợp lệ (U+{ord(control):04X})", index)
    if len(text) > limit:
        raise _problem(key, f"dài quá {limit} ký tự", index)
    return text


def _taken_by(session: Session, name: str, *, besides: int | None) -> Agency | None:
    """The body, other than `besides`, whose code, name or alias reads as `name`."""
    key = fold(name)
    for row in session.exec(select(Agency)).all():
        if row.id != besides and key in {fold(row.code), fold(row.name), *(fold(a) for a in row.aliases)}:
            return row
    return None


def _names(session: Session, key: str, values: list[str], *, besides: int | None) -> list[str]:
    cleaned: list[str] = []
    for index, value in enumerate(values):
        text = _words(key, value, index if key == "aliases" else None)
        if not text:
            raise _problem(key, "để trống", index if key == "aliases" else None)
        other = _taken_by(session, text, besides=besides)
        if other is not None:
            path = key if key == "name" else f"{key}[{index}]"
            raise FieldConflict(path, f"{LABELS[key]}: '{text}' đã là tên của {other.name}")
        if fold(text) not in {fold(c) for c in cleaned}:
            cleaned.append(text)
    return cleaned


def _notify(values: list[str]) -> list[str]:
    urls = [_words("notify", v, i, MAX_ADDRESS) for i, v in enumerate(values)]
    for index, url in enumerate(urls):
        if "://" not in url:
            raise _problem(
                "notify", f"'{url}' không phải địa chỉ Apprise (ví dụ mailto://…, json://…)", index
            )
    return urls


def _parent(session: Session, written: str) -> Agency:
    text = _words("parent", written, None)
    row = session.exec(select(Agency).where(Agency.code == text)).first() or _taken_by(
        session, text, besides=None
    )
    if row is None or not row.active:
        raise _problem("parent", f"không có cơ quan '{text}' trong danh mục")
    return row


def _free_code(session: Session, name: str) -> str:
    """A code from the initials of the name ("Sở Nội vụ" → SNV), numbered if taken: codes are
    for scripts and the API; people see names."""
    words = re.findall(r"[A-Za-z0-9]+", strip_diacritics(name))
    base = "".join(w[0] if not w.isdigit() else w for w in words).upper()[: MAX_CODE - 3] or "CQ"
    taken = set(session.exec(select(Agency.code).where(col(Agency.code).startswith(base))).all())
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def _code(session: Session, wanted: str | None, name: str) -> str:
    if not wanted:
        return _free_code(session, name)
    code = clean(wanted).upper()
    if not CODE_PATTERN.match(code) or len(code) > MAX_CODE:
        raise _problem("code", f"'{code}' cần chữ in hoa không dấu, số và '-' (tối đa {MAX_CODE} ký tự)")
    if session.exec(select(Agency).where(Agency.code == code)).first() is not None:
        raise FieldConflict("code", f"{LABELS['code']}: '{code}' đã có")
    return code


def add_agency(session: Session, *, actor: Actor, now: dt.datetime, fields: AgencyFields) -> Agency:
    """A new body in the registry, under its parent (or at the top, for an office from above)."""
    require_coordinator(actor, REFUSAL)
    if not fields.name or not clean(fields.name):
        raise _problem("name", "cần tên cơ quan như văn bản ghi")
    if fields.kind is None:
        raise _problem("kind", "chọn loại cơ quan")
    name = _names(session, "name", [fields.name], besides=None)[0]
    parent = _parent(session, fields.parent) if fields.parent else None
    code = _code(session, fields.code, name)
    last = session.exec(select(func.max(Agency.position))).one()
    row = Agency(
        code=code,
        name=name,
        kind=fields.kind,
        parent_id=parent.id if parent else None,
        path=f"{parent.path if parent else '/'}{code}/",
        aliases=_names(session, "aliases", fields.aliases or [], besides=None),
        notify=_notify(fields.notify or []),
        position=(last or 0) + 1,
        edited_in_portal=True,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="agency.added",
        at=now,
        code=code,
        name=name,
        kind=fields.kind.value,
        parent=parent.code if parent else None,
        note=name,
    )
    return row


def _open_work(session: Session, agency_id: int) -> int:
    query = select(func.count()).where(Subtask.agency_id == agency_id, col(Subtask.status).in_(OPEN_STATUSES))
    return int(session.exec(query).one())


def change_agency(
    session: Session, *, actor: Actor, now: dt.datetime, code: str, fields: AgencyFields
) -> Agency:
    """Edit a body: its name, kind, aliases (merging a name a document used), mailboxes, whether
    it is active, or the body it comes under (its own bodies move with it)."""
    require_coordinator(actor, REFUSAL)
    row = session.exec(select(Agency).where(Agency.code == code)).first()
    if row is None:
        raise NotFound(f"không có cơ quan mã {code}")
    under = _new_parent(session, row, fields.parent) if fields.parent is not None else None
    changes: dict[str, Any] = {}
    if fields.name is not None:
        changes["name"] = _names(session, "name", [fields.name], besides=row.id)[0]
    if fields.kind is not None:
        changes["kind"] = fields.kind
    if fields.aliases is not None:
        changes["aliases"] = _names(session, "aliases", fields.aliases, besides=row.id)
    if fields.notify is not None:
        changes["notify"] = _notify(fields.notify)
    if fields.active is not None:
        assert row.id is not None
        if not fields.active and (open_work := _open_work(session, row.id)):
            raise FieldConflict(
                "active", f"{row.name} còn {open_work} việc đang thực hiện: giao lại các việc đó trước"
            )
        changes["active"] = fields.active
    changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not changes and under is None:
        return row
    for key, value in changes.items():
        setattr(row, key, value)
    row.edited_in_portal = True
    session.add(row)
    if under is not None:
        _move_under(session, row, under)
        changes["parent"] = under.code
    audit.record(
        session,
        actor=actor,
        action="agency.changed",
        at=now,
        code=code,
        changes={k: (v.value if isinstance(v, AgencyKind) else v) for k, v in changes.items()},
        note=row.name,
    )
    return row


def _new_parent(session: Session, row: Agency, written: str) -> Agency | None:
    """The body `row` is to come under, or None when it already does. Never itself or one of
    its own bodies: the tree would close on itself."""
    parent = _parent(session, written)
    if parent.id == row.parent_id:
        return None
    if parent.path.startswith(row.path):
        raise _problem("parent", f"không thể chuyển {row.name} vào chính nó hoặc một cơ quan trực thuộc nó")
    return parent


def _move_under(session: Session, row: Agency, parent: Agency) -> None:
    """The body and every body under it take their new place in one UPDATE of their paths (the
    subtree queries read the path). They are marked edited in the portal, so that `dondoc init`
    does not put them back where config/agencies.yaml has them."""
    old_path, new_path = row.path, f"{parent.path}{row.code}/"
    session.flush()
    session.exec(  # type: ignore[call-overload]
        update(Agency)
        .where(col(Agency.path).startswith(old_path))
        .values(
            path=literal(new_path, String) + func.substr(col(Agency.path), len(old_path) + 1),
            edited_in_portal=True,
        )
        .execution_options(synchronize_session=False)
    )
    row.parent_id = parent.id
    session.add(row)
    session.flush()
    session.expire_all()  # the moved rows' paths are the database's now
