"""The agency tree a process holds is the registry at the version a request read first: a body
added since is not in it, and is still found by id, from its row (a subtask created since may name
it: PostgreSQL reads each statement afresh); the next request, at the new version, has it."""

from __future__ import annotations

from sqlmodel import select

from dondoc.context import Context
from dondoc.record.agency_tree import body, tree
from dondoc.record.enums import AgencyKind
from dondoc.record.models import Agency

NEW_BODY = "TO-DAN-PHO-MOI"


def add_body(ctx: Context) -> int:
    with ctx.session() as session:
        parent = session.exec(select(Agency).where(Agency.kind == AgencyKind.HUYEN)).first()
        assert parent is not None and parent.id is not None
        added = Agency(
            code=NEW_BODY,
            name="Tổ dân phố mới",
            kind=AgencyKind.DON_VI,
            parent_id=parent.id,
            path=f"{parent.path}{NEW_BODY}/",
        )
        session.add(added)
        session.flush()
        assert added.id is not None
        return added.id


def test_a_body_newer_than_the_requests_version_is_read_from_its_row(ctx: Context) -> None:
    with ctx.session() as request:
        held = tree(request)  # the version and the tree, as a request reads them first
        added = add_body(ctx)  # another worker's change, committed meanwhile
        assert added not in tree(request).by_id  # the request keeps the version it began with
        found = body(request, added)
        assert (found.code, found.name, found.path.endswith(f"/{NEW_BODY}/")) == (
            NEW_BODY,
            "Tổ dân phố mới",
            True,
        )
    with ctx.session() as next_request:
        assert tree(next_request).version > held.version
        assert tree(next_request).by_id[added].code == NEW_BODY
