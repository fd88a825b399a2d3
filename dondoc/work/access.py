"""Secret links and the browser sessions they open.

A link carries a random token; only its sha256 is stored, and every comparison is constant-time.
A browser that opens a link gets a server-side session, so revoking or rotating the link ends
every session it opened at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select, update

from dondoc.record.agency_tree import VERSION_KEY, VERSION_NOW, tree
from dondoc.record.audit import Actor
from dondoc.record.clock import as_utc
from dondoc.record.errors import DondocError, NotFound
from dondoc.record.models import AccessToken, Agency, PortalSession

SCOPE_AGENCY = "agency"
SCOPE_COORDINATOR = "coordinator"
# reads the agency's deadlines as an iCalendar feed, and nothing else: a link of its own, so
# revoking the calendar does not sign anyone out, nor the other way round
SCOPE_CALENDAR = "calendar"
SESSION_LIFETIME = dt.timedelta(days=7)


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is signed in: an agency, acting either as itself or as a coordinator."""

    agency_id: int
    code: str
    name: str
    is_coordinator: bool
    token_id: int

    def actor(self, source: str) -> Actor:
        return Actor(self.code, source=source, is_coordinator=self.is_coordinator)


@dataclass(frozen=True)
class IssuedLink:
    agency: str
    scope: str
    token: str

    def url(self, portal_url: str) -> str:
        if self.scope == SCOPE_CALENDAR:
            return f"{portal_url.rstrip('/')}/ical/{self.token}.ics"
        return f"{portal_url.rstrip('/')}/l/{self.token}"

    def webcal_url(self, portal_url: str) -> str:
        """The calendar link as phones subscribe to it (webcal:// opens the calendar app)."""
        return "webcal://" + self.url(portal_url).split("://", 1)[1]


def _agency(session: Session, code: str) -> Agency:
    agency = session.exec(select(Agency).where(Agency.code == code)).first()
    if agency is None:
        raise NotFound(f"không có cơ quan '{code}'")
    return agency


def _active(session: Session, agency: Agency, scope: str) -> list[AccessToken]:
    return list(
        session.exec(
            select(AccessToken).where(
                AccessToken.agency_id == agency.id,
                AccessToken.scope == scope,
                col(AccessToken.revoked_at).is_(None),
            )
        ).all()
    )


def default_coordinator(session: Session) -> str:
    first = session.exec(
        select(Agency).where(col(Agency.is_coordinator).is_(True)).order_by(col(Agency.position))
    ).first()
    if first is None:
        raise NotFound("config/agencies.yaml không khai báo bộ phận điều phối (coordinators)")
    return first.code


def _scope(*, coordinator: bool, calendar: bool) -> str:
    if coordinator and calendar:
        raise DondocError("chọn một trong --coordinator, --calendar")
    return SCOPE_COORDINATOR if coordinator else SCOPE_CALENDAR if calendar else SCOPE_AGENCY


def _new_token(session: Session, agency: Agency, scope: str, now: dt.datetime) -> IssuedLink:
    token = secrets.token_urlsafe(32)
    assert agency.id is not None
    session.add(AccessToken(agency_id=agency.id, scope=scope, token_hash=hash_secret(token), created_at=now))
    return IssuedLink(agency=agency.code, scope=scope, token=token)


def issue_link(
    session: Session,
    *,
    code: str,
    coordinator: bool,
    rotate: bool,
    now: dt.datetime,
    calendar: bool = False,
) -> IssuedLink:
    """A new link for the agency. Only the hash is kept, so an existing link cannot be shown
    again: asking twice without `rotate` is refused rather than silently adding a second link."""
    agency = _agency(session, code)
    scope = _scope(coordinator=coordinator, calendar=calendar)
    if coordinator and not agency.is_coordinator:
        raise DondocError(f"{code} không phải bộ phận điều phối (coordinators trong config/agencies.yaml)")
    active = _active(session, agency, scope)
    if active and not rotate:
        kind = {SCOPE_COORDINATOR: "điều phối", SCOPE_CALENDAR: "lịch"}.get(scope, "cơ quan")
        raise DondocError(
            f"{code} đã có đường dẫn ({kind}); mã chỉ lưu dạng băm nên "
            "không in lại được: dùng --rotate để cấp đường dẫn mới (đường dẫn cũ hết hiệu lực)"
        )
    _revoke(session, active, now)
    return _new_token(session, agency, scope, now)


def add_calendar_link(session: Session, *, agency_id: int, now: dt.datetime) -> IssuedLink:
    """One more calendar link for the agency, the others left working: each phone or computer
    that subscribes from the portal gets its own (`dondoc link CODE --calendar --revoke` ends
    them all)."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"không có cơ quan #{agency_id}")
    return _new_token(session, agency, SCOPE_CALENDAR, now)


def revoke_links(
    session: Session, *, code: str, coordinator: bool, now: dt.datetime, calendar: bool = False
) -> int:
    agency = _agency(session, code)
    active = _active(session, agency, _scope(coordinator=coordinator, calendar=calendar))
    _revoke(session, active, now)
    return len(active)


def _revoke(session: Session, tokens: list[AccessToken], now: dt.datetime) -> None:
    for token in tokens:
        token.revoked_at = now
        session.add(token)
    ids = [t.id for t in tokens]
    if ids:
        session.exec(update(PortalSession).where(col(PortalSession.token_id).in_(ids)).values(expires_at=now))  # type: ignore[call-overload]


def _principal(session: Session, token_row: AccessToken) -> Principal | None:
    agency = session.get(Agency, token_row.agency_id)
    if agency is None or agency.id is None or token_row.id is None:
        return None
    coordinator = token_row.scope == SCOPE_COORDINATOR and agency.is_coordinator
    return Principal(agency.id, agency.code, agency.name, coordinator, token_row.id)


_TOKENS = AccessToken.__table__  # type: ignore[attr-defined]
# a request's first statement: the token, and the registry's version (dondoc.record.agency_tree)
_TOKEN_AND_REGISTRY = core_select(
    _TOKENS.c.id,
    _TOKENS.c.agency_id,
    _TOKENS.c.scope,
    _TOKENS.c.token_hash,
    _TOKENS.c.revoked_at,
    VERSION_NOW.label("registry_version"),
).where(_TOKENS.c.token_hash == bindparam("digest"))


def _live_token(session: Session, token: str) -> Row[Any] | None:
    """The token's row and the registry's version, in one statement; None when unknown or
    revoked."""
    if not token or len(token) > 256:
        return None
    digest = hash_secret(token)
    row = session.connection().execute(_TOKEN_AND_REGISTRY, {"digest": digest}).first()
    # the index lookup only finds candidates; equality is decided in constant time
    if row is None or not hmac.compare_digest(row.token_hash, digest) or row.revoked_at is not None:
        return None
    return row


def authenticate(session: Session, token: str) -> Principal | None:
    """The principal a link or Bearer token stands for; None when unknown or revoked. A
    calendar link stands for no one: it only reads the feed.

    One statement: the agency comes from the tree this process holds, at the version read
    with the token, so the rest of the request reads no agency either."""
    row = _live_token(session, token)
    if row is None or row.scope == SCOPE_CALENDAR:
        return None
    session.info[VERSION_KEY] = row.registry_version
    agency = tree(session).by_id.get(row.agency_id)
    if agency is None:
        return None
    coordinator = row.scope == SCOPE_COORDINATOR and agency.is_coordinator
    return Principal(agency.id, agency.code, agency.name, coordinator, row.id)


def calendar_agency(session: Session, token: str) -> Agency | None:
    """The agency whose feed a calendar link reads; None when unknown, revoked or not a
    calendar link."""
    row = _live_token(session, token)
    if row is None or row.scope != SCOPE_CALENDAR:
        return None
    return session.get(Agency, row.agency_id)


def open_session(session: Session, *, principal: Principal, now: dt.datetime) -> str:
    """A new browser session; returns the cookie value (only its hash is stored)."""
    cookie = secrets.token_urlsafe(32)
    session.add(
        PortalSession(
            session_hash=hash_secret(cookie),
            token_id=principal.token_id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return cookie


def resume_session(session: Session, cookie: str, *, now: dt.datetime) -> tuple[Principal, str] | None:
    """The principal and CSRF token of a live session."""
    if not cookie or len(cookie) > 256:
        return None
    digest = hash_secret(cookie)
    found = session.exec(
        select(PortalSession, AccessToken)
        .join(AccessToken, col(PortalSession.token_id) == AccessToken.id)
        .where(PortalSession.session_hash == digest)
    ).first()
    if found is None:
        return None
    browser, token_row = found
    if (
        not hmac.compare_digest(browser.session_hash, digest)
        or token_row.revoked_at is not None
        or as_utc(browser.expires_at) <= now
    ):
        return None
    principal = _principal(session, token_row)
    return (principal, browser.csrf_token) if principal else None


def close_session(session: Session, cookie: str, *, now: dt.datetime) -> None:
    session.exec(
        update(PortalSession)
        .where(col(PortalSession.session_hash) == hash_secret(cookie))
        .values(expires_at=now)  # type: ignore[call-overload]
    )
