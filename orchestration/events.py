"""The one door from dondoc to Prefect's event feed: every audit row becomes a Prefect event
(`dondoc.subtask.<transition>`, `dondoc.directive.<registered|updated>`), published in batches.

The rows are the record of what to publish (dondoc.record.publication): batches are claimed and
sent over the websocket, read back once the server has stored them, and only then marked. When
no Prefect server answers, the change has already committed and its rows simply stay pending;
the next publisher sends them. The sweep flow publishes whatever is pending on every run, so a
portal action made while Prefect was down reaches the feed at the next sweep at the latest.

`emit_event` is not used for this: it hands the event to a background worker that logs and drops
it when the server cannot be reached, so it cannot say whether Prefect got it. The events client
it wraps can: the batch's last send waits for the server's answer to a ping (a checkpoint), and
a failure raises. Event ids are derived from the row (uuid5), so a batch sent twice (a publisher
that died between sending and marking) is stored once: the server ignores an id it already has.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from dataclasses import dataclass, field

from prefect.client.orchestration import get_client
from prefect.events import Event, RelatedResource
from prefect.events.clients import get_events_client
from prefect.events.filters import EventFilter, EventIDFilter, EventOccurredFilter
from prefect.settings import PREFECT_API_URL

from dondoc.context import Context
from dondoc.record import publication
from dondoc.record.clock import as_utc, iso_local
from dondoc.record.publication import Published
from orchestration.standing import publish_standing

BATCH_SIZE = 500
MAX_BATCHES = 20
# the backlog (a province's registration leaves a row per subtask) goes out with the sweeps, each
# resting as long after a batch as the batch took: Prefect's server and the portal share the
# cores, and people using the portal come first
BACKLOG_PACE = 1.0
# an instant further from Prefect's own clock than this is published at Prefect's "now" (the
# dondoc instant stays in the payload): a demo or a test sets dondoc's clock years back, and
# Prefect deletes events older than its retention (7 days) and runs its automations' clock on
# `occurred`
PLAUSIBLE = dt.timedelta(days=1)
# how long the server may go without writing any more of our events (its persister flushes
# every 5 s) before the rest are left for the next publisher
STORED_WITHIN = 30.0
# the first look comes soon (a server that flushes every second or faster has often written a
# small batch by then: each CLI command waits on this), later ones back off to STORED_POLL
FIRST_POLL = 0.1
STORED_POLL = 0.5
EVENTS_PAGE = 50  # the most the events API returns at once


@dataclass
class PublishResult:
    published: int = 0
    pending: bool = False  # something could not be sent: it waits for the next publisher
    error: str | None = None
    directive_ids: set[int] = field(default_factory=set)


def wall_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def event_namespace(ctx: Context) -> uuid.UUID:
    """Event ids unique to this database, so two installations (or two test databases) sharing
    a Prefect server never collide."""
    return uuid.uuid5(uuid.NAMESPACE_URL, ctx.settings.database_url)


def _occurred(at: dt.datetime, wall: dt.datetime) -> dt.datetime:
    at = as_utc(at)
    return at if wall - PLAUSIBLE <= at <= wall + dt.timedelta(minutes=1) else wall


def _agency(code: str, name: str | None, role: str) -> RelatedResource:
    return RelatedResource(
        {
            "prefect.resource.id": f"dondoc.agency.{code}",
            "prefect.resource.role": role,
            "prefect.resource.name": name or code,
        }
    )


def to_prefect(item: Published, *, namespace: uuid.UUID, wall: dt.datetime) -> Event:
    """The Prefect event of one audit row: the subtask (or directive) as the resource, and as
    related resources its directive, its agency, the agencies an escalation told, and the
    directive's intake flow run."""
    related: list[RelatedResource] = []
    if item.directive_number:
        related.append(
            RelatedResource(
                {
                    "prefect.resource.id": f"dondoc.directive.{item.directive_number}",
                    "prefect.resource.role": "directive",
                    "prefect.resource.name": item.directive_number,
                }
            )
        )
    if item.directive_flow_run_id:
        related.append(
            RelatedResource(
                {
                    "prefect.resource.id": f"prefect.flow-run.{item.directive_flow_run_id}",
                    "prefect.resource.role": "flow-run",
                    "prefect.resource.name": item.directive_number or item.directive_flow_run_id,
                }
            )
        )
    if item.subtask_id is not None:
        resource = {
            "prefect.resource.id": f"dondoc.subtask.{item.subtask_id}",
            "prefect.resource.name": f"Việc con #{item.subtask_id}: {(item.task_text or '')[:80]}",
        }
        if item.agency_code:
            related.append(_agency(item.agency_code, item.agency_name, "agency"))
        related.extend(_agency(code, None, "escalated-to") for code in item.told)
    else:
        resource = {
            "prefect.resource.id": f"dondoc.directive.{item.directive_number}",
            "prefect.resource.name": f"{item.directive_number}: {(item.directive_title or '')[:80]}",
        }
        related = [r for r in related if r.role != "directive"]
    return Event(
        id=uuid.uuid5(namespace, str(item.event_id)),
        occurred=_occurred(item.at, wall),
        event=f"dondoc.{item.name}",
        resource=resource,
        related=related,
        payload={
            "at": iso_local(item.at),
            "actor": item.actor,
            "source": item.source,
            "detail": item.detail,
        },
    )


def prefect_configured() -> bool:
    """A Prefect server to publish to outside a flow run (the portal, the CLI); without one,
    pending rows wait for the next sweep instead of starting a temporary server."""
    return bool(PREFECT_API_URL.value())


async def _send(events: list[Event]) -> None:
    # checkpoint_every=len(events): the last emit waits for the server's pong, which it sends
    # after reading everything before it; two reconnection attempts, then the batch waits
    async with get_events_client(reconnection_attempts=2, checkpoint_every=len(events)) as client:
        for event in events:
            await client.emit(event)


async def _stored(events: list[Event]) -> set[uuid.UUID]:
    """The ids of these events the server has written to its database, asked until all are
    there or the server has written none of the rest for STORED_WITHIN seconds. Received is not
    stored: the server writes events in batches every few seconds, and a temporary server (a CLI
    run without `dondoc serve`) stops with its process, dropping what it had not written yet."""
    wanted = {e.id for e in events}
    found: set[uuid.UUID] = set()
    window = EventOccurredFilter(
        since=min(e.occurred for e in events) - dt.timedelta(minutes=1),
        until=wall_now() + dt.timedelta(minutes=1),
    )
    deadline = time.monotonic() + STORED_WITHIN
    pause = FIRST_POLL
    async with get_client() as client:
        while True:
            missing = sorted(wanted - found)
            before = len(found)
            for start in range(0, len(missing), EVENTS_PAGE):
                page = await client.read_events(
                    filter=EventFilter(
                        occurred=window, id=EventIDFilter(id=missing[start : start + EVENTS_PAGE])
                    ),
                    limit=EVENTS_PAGE,
                )
                found |= {e.id for e in page.events}
            if len(found) > before:
                # a large backlog takes the server a while: wait as long as it keeps writing
                deadline = time.monotonic() + STORED_WITHIN
            if found >= wanted or time.monotonic() > deadline:
                return found
            await asyncio.sleep(pause)
            pause = min(pause * 2, STORED_POLL)


@dataclass
class _Sent:
    """A claimed batch on its way: its rows, the lease on them, their events by row id."""

    ids: list[int]
    lease: dt.datetime
    events: dict[int, Event]
    directive_ids: set[int]


async def _claim_and_send(
    ctx: Context, namespace: uuid.UUID, result: PublishResult, only: list[int] | None = None
) -> _Sent | None:
    """Claim one batch (of `only`, when given) and send it; None when nothing is pending or
    Prefect cannot be reached (then the batch is released and `result` says why)."""
    with ctx.session() as session:
        ids, lease = publication.claim(session, now=wall_now(), limit=BATCH_SIZE, only=only)
    if not ids:
        return None
    with ctx.session() as session:
        items = publication.describe(session, ids)
    wall = wall_now()
    events = {item.event_id: to_prefect(item, namespace=namespace, wall=wall) for item in items}
    try:
        await _send(list(events.values()))
    except Exception as exc:  # any failure to reach Prefect: the rows wait, the change stands
        with ctx.session() as session:
            publication.release(session, ids=ids, lease=lease)
        result.pending, result.error = True, f"{type(exc).__name__}: {exc}"
        return None
    return _Sent(ids, lease, events, {i.directive_id for i in items if i.directive_id is not None})


async def publish_pending(
    ctx: Context, *, max_batches: int = MAX_BATCHES, only: list[int] | None = None, pace: float = 0.0
) -> PublishResult:
    """Publish what is pending (`only`: of these rows): claim and send batch after batch, then
    wait once for the server to store them all (its persister writes every few seconds, so one
    wait, not one per batch), and mark what it stored; what it did not store is released for the
    next publisher. `pace`: after each batch, rest that many times as long as it took to send."""
    result = PublishResult()
    namespace = event_namespace(ctx)
    batches: list[_Sent] = []
    for _ in range(max_batches):
        started = time.monotonic()
        batch = await _claim_and_send(ctx, namespace, result, only)
        if batch is None:
            break
        batches.append(batch)
        if len(batch.ids) < BATCH_SIZE:
            break
        await asyncio.sleep(pace * (time.monotonic() - started))
    else:
        result.pending = True
    if not batches:
        return result
    try:
        stored = await _stored([e for batch in batches for e in batch.events.values()])
    except Exception as exc:  # the server went away after the sends: nothing is marked
        stored = set()
        result.error = f"{type(exc).__name__}: {exc}"
    for batch in batches:
        sent = [row_id for row_id, event in batch.events.items() if event.id in stored]
        with ctx.session() as session:
            result.published += publication.mark_published(
                session, ids=sent, lease=batch.lease, now=wall_now()
            )
            # not stored in time: sent again by the next publisher, under the same ids
            publication.release(session, ids=sorted(set(batch.ids) - set(sent)), lease=batch.lease)
        result.directive_ids |= batch.directive_ids
        if len(sent) < len(batch.ids):
            result.pending = True
            result.error = result.error or f"Prefect chưa lưu {len(batch.ids) - len(sent)} sự kiện"
    return result


# registering a province's directive writes an audit row per subtask (100,000 and more): its
# flow sends the oldest batch, which begins with the directive's own row, and leaves the rest to
# the sweep, which publishes on every run; waiting for the server to store 10,000 events took
# 29 s of a 34 s registration (bench/register.py)
INTAKE_BATCHES = 1


async def publish_after_change(
    ctx: Context, *, now: dt.datetime, only: list[int] | None = None
) -> PublishResult:
    """After a change committed outside a flow: publish what is pending (the CLI) or, given
    `only`, just those rows (a portal request's own: the backlog is the sweep's, a bounded share
    per run), and move the progress artifacts of the directives they touched. Without a
    configured Prefect server nothing is attempted; the next sweep does both."""
    if not prefect_configured():
        return PublishResult(pending=True)
    batches = MAX_BATCHES if only is None else -(-len(only) // BATCH_SIZE)
    result = await publish_pending(ctx, max_batches=batches, only=only)
    if result.directive_ids:
        await publish_standing(ctx, result.directive_ids, now=now, tables=False, create=False)
    return result
