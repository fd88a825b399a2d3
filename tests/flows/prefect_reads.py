"""Reading back what dondoc published, through the Prefect client: events by id, artifacts by key."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.objects import Artifact
from prefect.client.schemas.sorting import ArtifactSort
from prefect.events import ReceivedEvent
from prefect.events.filters import EventFilter, EventIDFilter
from sqlmodel import col, select

from dondoc.context import Context
from dondoc.record.models import Event
from orchestration.events import event_namespace

# the server stores events a few seconds after it receives them (its event persister batches)
STORED_WITHIN = 60.0
PAGE = 50  # the most the events API returns at once


def audit_rows(ctx: Context) -> list[Event]:
    with ctx.session() as session:
        return list(session.exec(select(Event).order_by(col(Event.id))).all())


def prefect_ids(ctx: Context, rows: list[Event]) -> dict[uuid.UUID, Event]:
    namespace = event_namespace(ctx)
    return {uuid.uuid5(namespace, str(row.id)): row for row in rows}


def stored_events(ids: list[uuid.UUID]) -> list[ReceivedEvent]:
    """The events with these ids once the server has stored them all (or what it has by the
    deadline, for the test to report)."""
    deadline = time.monotonic() + STORED_WITHIN
    found: list[ReceivedEvent] = []
    with get_client(sync_client=True) as client:
        while True:
            found = []
            for start in range(0, len(ids), PAGE):
                page = client.read_events(
                    filter=EventFilter(id=EventIDFilter(id=ids[start : start + PAGE])), limit=PAGE
                )
                found.extend(page.events)
            if len(found) >= len(ids) or time.monotonic() > deadline:
                return found
            time.sleep(0.5)  # waiting for the server's persister, not for dondoc's clock


def artifact_versions(key: str) -> list[Artifact]:
    """Every version of a keyed artifact, oldest first."""
    with get_client(sync_client=True) as client:
        newest_first = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), sort=ArtifactSort.CREATED_DESC
        )
    return list(reversed(newest_first))


def table_of(artifact: Artifact) -> Any:
    return json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data
