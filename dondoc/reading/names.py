"""How a person reads who did something: a body by its name, the program as "Hệ thống"."""

from __future__ import annotations

from sqlmodel import Session, col, select

from dondoc.record.models import Agency

SYSTEM_LABEL = "Hệ thống"


def agency_names(session: Session) -> dict[str, str]:
    """Every body's name by its code (one small query: a district has a few hundred bodies), and
    the word for the program itself, which the audit log records as 'system'."""
    rows = session.exec(select(Agency.code, Agency.name)).all()
    return {"system": SYSTEM_LABEL, **{code: name for code, name in rows}}


def active_bodies(session: Session) -> list[tuple[str, str]]:
    """(code, name) of every body that may be given work, in the tree's order: what a
    coordinator picks from when reassigning."""
    query = select(Agency.code, Agency.name).where(col(Agency.active).is_(True)).order_by(col(Agency.path))
    return [(code, name) for code, name in session.exec(query).all()]
