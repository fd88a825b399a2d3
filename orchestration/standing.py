"""A directive's standing as Prefect artifacts: a progress artifact (% of its subtasks done,
updated in place by every sweep and every completion) and a table of its per-agency counts (a new
version of the same key whenever a sweep finds them changed, so the Artifacts page keeps the
history). Both are keyed by the directive's number."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from prefect.artifacts import acreate_progress_artifact, acreate_table_artifact
from prefect.client.orchestration import PrefectClient, get_client
from prefect.client.schemas.actions import ArtifactUpdate
from prefect.client.schemas.filters import ArtifactCollectionFilter, ArtifactCollectionFilterKey
from prefect.client.schemas.objects import ArtifactCollection
from prefect.context import FlowRunContext, TaskRunContext
from prefect.events import RelatedResource, emit_event

from dondoc.context import Context
from dondoc.reading.standing import DirectiveStanding, directive_standing
from dondoc.record.clock import format_datetime
from dondoc.record.text import strip_diacritics

_NOT_KEY = re.compile(r"[^a-z0-9]+")
_STAMP = "; cập nhật lúc "
KEYS_PAGE = 200


def directive_slug(number: str) -> str:
    """'12/CĐ-UBND' -> '12-cd-ubnd': Prefect's keys allow lowercase letters, digits and dashes."""
    return _NOT_KEY.sub("-", strip_diacritics(number).lower()).strip("-") or "van-ban"


def progress_key(number: str) -> str:
    return f"tien-do-{directive_slug(number)}"


def counts_key(number: str) -> str:
    return f"theo-co-quan-{directive_slug(number)}"


def counts_table(standing: DirectiveStanding) -> list[dict[str, Any]]:
    return [
        {
            "Cơ quan": a.agency_name,
            "Mã": a.agency,
            "Hoàn thành đúng hạn": a.done_on_time,
            "Hoàn thành quá hạn": a.done_late,
            "Đang thực hiện trong hạn": a.open_within,
            "Đang thực hiện quá hạn": a.open_overdue,
            "Không thời hạn": a.no_deadline,
        }
        for a in standing.agencies
    ]


def progress_description(standing: DirectiveStanding, now: dt.datetime) -> str:
    percent = f"{standing.percent:.1f}".replace(".", ",")
    return (
        f"Văn bản {standing.number}: hoàn thành {standing.done}/{standing.counted} việc con ({percent}%), "
        f"quá hạn {standing.overdue}{_STAMP}{format_datetime(now)}"
    )


@dataclass
class StandingResult:
    progress_created: int = 0
    progress_updated: int = 0
    tables_written: int = 0


def _table_data(collection: ArtifactCollection | None) -> Any:
    if collection is None or collection.data is None:
        return None
    return json.loads(collection.data) if isinstance(collection.data, str) else collection.data


def _stale(progress: ArtifactCollection, percent: float, description: str) -> bool:
    """The percentage, or the counts its description gives, moved (not just the time)."""
    said = (progress.description or "").partition(_STAMP)[0]
    return progress.data != percent or said != description.partition(_STAMP)[0]


@contextlib.contextmanager
def _no_stale_run() -> Iterator[None]:
    """Outside any flow or task run, tell Prefect's events worker so. It relates an event to the
    run of the context it was emitted in; where that context never had a run, it falls back on
    its own, the context of the first event it sent in this process (in the portal: the intake
    run of the first directive registered there, related to every later directive's updates)."""
    if FlowRunContext.get() is not None or TaskRunContext.get() is not None:
        yield
        return
    # None is what FlowRunContext.get() answers where no run was ever entered
    flow_token = FlowRunContext.__var__.set(None)  # type: ignore[arg-type]
    task_token = TaskRunContext.__var__.set(None)  # type: ignore[arg-type]
    try:
        yield
    finally:
        TaskRunContext.__var__.reset(task_token)
        FlowRunContext.__var__.reset(flow_token)


def _intake_run(standing: DirectiveStanding) -> list[RelatedResource]:
    if not standing.flow_run_id:
        return []
    return [
        RelatedResource(
            {
                "prefect.resource.id": f"prefect.flow-run.{standing.flow_run_id}",
                "prefect.resource.role": "flow-run",
                "prefect.resource.name": standing.number,
            }
        )
    ]


async def _update_progress(
    client: PrefectClient, artifact_id: UUID, standing: DirectiveStanding, description: str
) -> None:
    """The progress artifact's new value, as Prefect's client writes it, and its "artifact
    updated" event related to the directive's own intake run (the client's own event would carry
    whatever run its events worker holds: see _no_stale_run)."""
    change = ArtifactUpdate(data=standing.percent, description=description).model_dump(
        mode="json", exclude_unset=True
    )
    answer = await client.request("PATCH", "/artifacts/{id}", path_params={"id": artifact_id}, json=change)
    answer.raise_for_status()
    with _no_stale_run():
        emit_event(
            event="prefect.artifact.updated",
            resource={"prefect.resource.id": f"prefect.artifact.{artifact_id}"},
            related=_intake_run(standing),
            payload=change,
        )


async def publish_standing(
    ctx: Context, directive_ids: Iterable[int], *, now: dt.datetime, tables: bool, create: bool
) -> StandingResult:
    """Bring the artifacts of these directives up to date with the database: `tables` writes a
    new counts version where the counts changed (the sweep); `create` makes a missing progress
    artifact (inside a flow or task run, which Prefect wants artifacts created in)."""
    result = StandingResult()
    with ctx.session() as session:
        standings = [directive_standing(session, i, now=now) for i in sorted(set(directive_ids))]
    if not standings:
        return result
    keys = [k for s in standings for k in (progress_key(s.number), counts_key(s.number))]
    async with get_client() as client:
        by_key: dict[str, ArtifactCollection] = {}
        # the API answers at most a page (200) at a time
        for start in range(0, len(keys), KEYS_PAGE):
            page = keys[start : start + KEYS_PAGE]
            latest = await client.read_latest_artifacts(
                artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=page)),
                limit=len(page),
            )
            by_key.update((a.key, a) for a in latest)
        for standing in standings:
            description = progress_description(standing, now)
            progress = by_key.get(progress_key(standing.number))
            if progress is None and create:
                await acreate_progress_artifact(
                    standing.percent, key=progress_key(standing.number), description=description
                )
                result.progress_created += 1
            elif progress is not None and _stale(progress, standing.percent, description):
                await _update_progress(client, progress.latest_id, standing, description)
                result.progress_updated += 1
            table = counts_table(standing)
            if tables and _table_data(by_key.get(counts_key(standing.number))) != table:
                await acreate_table_artifact(
                    table,
                    key=counts_key(standing.number),
                    description=f"Văn bản {standing.number}: tình hình thực hiện theo cơ quan đến {format_datetime(now)}",
                )
                result.tables_written += 1
    return result
