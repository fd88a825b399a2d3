"""Two publishers never hold the same audit row: a claim is a conditional UPDATE with a lease;
a released row is taken again at once, an expired lease after its time, a marked row never."""

from __future__ import annotations

import datetime as dt

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.record.publication import LEASE, claim, mark_published, pending_count, release

WALL = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def test_claims_never_overlap_and_marks_need_the_lease(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session:
        total = pending_count(session)
        first, first_lease = claim(session, now=WALL, limit=100)
    with ctx.session() as session:
        second, second_lease = claim(session, now=WALL, limit=10_000)
        nothing, _ = claim(session, now=WALL, limit=10_000)
    assert len(first) == 100 and len(first) + len(second) == total
    assert not set(first) & set(second) and nothing == []
    assert first == sorted(first) and max(first) < min(second)  # oldest first

    with ctx.session() as session:
        # another publisher's lease does not mark rows it never held
        assert mark_published(session, ids=first, lease=second_lease + LEASE, now=WALL) == 0
        assert mark_published(session, ids=second, lease=second_lease, now=WALL) == len(second)
        release(session, ids=first, lease=first_lease)
    with ctx.session() as session:
        again, again_lease = claim(session, now=WALL, limit=10_000)
    assert again == first

    # a publisher that died: its lease expires, and only then are its rows taken again
    with ctx.session() as session:
        assert claim(session, now=WALL + LEASE - dt.timedelta(seconds=1), limit=10_000)[0] == []
        expired, _ = claim(session, now=again_lease + dt.timedelta(seconds=1), limit=10_000)
    assert expired == first
    with ctx.session() as session:
        assert pending_count(session) == len(first)
