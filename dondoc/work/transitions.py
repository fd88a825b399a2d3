"""A subtask changes state by one conditional write, so that of two requests racing on it (a
double click, a retrying phone, two coordinators at once) exactly one wins.

Each action reads the subtask and checks it to give a precise refusal; the check alone is not
enough, because both requests read the same state before either writes. The claim repeats the
check in the UPDATE's WHERE: SQLite serialises writers and evaluates it after the winner has
committed; PostgreSQL makes the loser wait for the row, then re-evaluates it on the new version.
Only the winner goes on to write its audit row and its notifications."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import ColumnElement, bindparam, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from dondoc.record.enums import SubtaskStatus
from dondoc.record.errors import Conflict
from dondoc.record.models import Subtask

_SUBTASK: Any = Subtask.__table__  # type: ignore[attr-defined]


def refusal(sub: Subtask, what: str) -> Conflict:
    """The Conflict for an action the subtask's state does not allow, naming that state."""
    status = SubtaskStatus(sub.status)
    if status is SubtaskStatus.BLOCKED:
        return Conflict(f"việc con #{sub.id} đang chờ việc trước hoàn thành, chưa thể {what}")
    return Conflict(f"việc con #{sub.id} đang ở trạng thái '{status.label}', không thể {what}")


# a claim without extra conditions, by the columns it writes and how many statuses it allows:
# built once, its values parameters (building and keying an UPDATE costs more than running it)
_CLAIMS: dict[tuple[tuple[str, ...], int], Any] = {}


def _claim_of(names: list[str], allowed: list[SubtaskStatus]) -> tuple[Any, dict[str, Any]]:
    key = (tuple(names), len(allowed))
    statement = _CLAIMS.get(key)
    if statement is None:
        status = _SUBTASK.c.status
        statement = _CLAIMS[key] = (
            update(_SUBTASK)
            .where(
                _SUBTASK.c.id == bindparam("claim_id"),
                status.in_([bindparam(f"claim_allowed_{n}", type_=status.type) for n in range(len(allowed))]),
            )
            .values({name: bindparam(f"claim_set_{name}", type_=_SUBTASK.c[name].type) for name in names})
            .returning(_SUBTASK.c.id)
        )
    return statement, {f"claim_allowed_{n}": s for n, s in enumerate(allowed)}


def claim(
    session: Session,
    sub: Subtask,
    *,
    allowed: Collection[SubtaskStatus],
    what: str,
    also: Iterable[ColumnElement[bool]] = (),
    **values: Any,
) -> None:
    """Write `values` to the subtask only if it is still in one of the `allowed` statuses (and
    meets the conditions `also`); otherwise raise the Conflict of the state it lost to.

    On success the loaded object carries the written values as its own, so the action's later
    changes to it are flushed as usual, inside the transaction this write has locked."""
    # a Core UPDATE of the table: the ORM's bulk-update machinery costs more than the write
    also = list(also)
    if also:
        statement = (
            update(_SUBTASK)
            .where(_SUBTASK.c.id == sub.id, _SUBTASK.c.status.in_(list(allowed)), *also)
            .values(**values)
            .returning(_SUBTASK.c.id)
        )
        won = session.execute(statement).first()
    else:
        statement, params = _claim_of(sorted(values), list(allowed))
        written = {f"claim_set_{name}": value for name, value in values.items()}
        won = session.connection().execute(statement, {**params, **written, "claim_id": sub.id}).first()
    if won is None:
        session.refresh(sub)
        if SubtaskStatus(sub.status) in allowed:
            # the status still fits: what changed under us is one of the `also` conditions
            raise Conflict(f"việc con #{sub.id} vừa được thay đổi bởi một thao tác khác, không thể {what}")
        raise refusal(sub, what)
    for name, value in values.items():
        set_committed_value(sub, name, value)
