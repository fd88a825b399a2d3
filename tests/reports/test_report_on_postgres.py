"""The report's SQL on PostgreSQL (its day-end arithmetic and JSON reads are per dialect): the
April scenario counted there agrees with the row-by-row replay.

.ci/run starts a local PostgreSQL and sets DONDOC_TEST_POSTGRES_URL; without it this is skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dondoc.context import Context
from dondoc.reading.period_report import build_report
from dondoc.reading.periods import month_period
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.registration import plan_from_file, register_directive
from tests.conftest import SEED_REGISTERED_AT, SEED_SPEC
from tests.reports.april import REPORTED_AT, counts_by_agency, oracle, play_april

POSTGRES_URL = os.environ.get("DONDOC_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="DONDOC_TEST_POSTGRES_URL not set")


@pytest.fixture
def pg_ctx(home: Path, monkeypatch: pytest.MonkeyPatch) -> Context:
    assert POSTGRES_URL
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    monkeypatch.setenv("DONDOC_DATABASE_URL", POSTGRES_URL)
    ctx = Context.load()
    ctx.initialise()
    plan = plan_from_file(ctx, SEED_SPEC)
    register_directive(
        ctx, plan, update=False, actor=Actor("VPHU"), now=clock.parse_instant(SEED_REGISTERED_AT)
    )
    return ctx


def test_april_on_postgres_agrees_with_the_replay(pg_ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    played = play_april(pg_ctx, monkeypatch)
    for month in ("2020-04", "2020-05"):
        period = month_period(month)
        with pg_ctx.session() as session:
            report = build_report(session, period=period, now=REPORTED_AT, calendar=pg_ctx.calendar)
        expected = counts_by_agency(oracle(pg_ctx, period, REPORTED_AT))
        got = {row.agency: row.counts.as_json() for row in report.agencies}
        assert set(got) == set(expected)
        for code, counts in expected.items():
            for name, value in counts.items():
                assert got[code][name] == value, (month, code, name)
        if month == "2020-04":  # done 23/4 against the extension to 24/4: on time, late against 16/4
            assert got["UBMTTQ"]["done_on_time"] == 1 and got["UBMTTQ"]["done_late_original"] == 1
            assert [e.subtask for e in report.extensions] == [played.extended]
