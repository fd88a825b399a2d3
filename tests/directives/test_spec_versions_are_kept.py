"""Every registered version of a spec is kept as the text that was registered, in the
registration's transaction: the same spec again adds no version, an update adds one."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlmodel import select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.directives.versions import SpecVersion, version_of, versions_of
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.registration import plan_from_file, register_directive
from tests.conftest import SEED_SPEC

LATER = clock.parse_instant("2020-04-10T10:00")


def _register(ctx: Context, path: Path, *, update: bool = False, who: str = "VPUB") -> RegistrationResult:
    return register_directive(
        ctx, plan_from_file(ctx, path), update=update, actor=Actor(who, source="web"), now=LATER
    )


def test_the_first_registration_keeps_the_file_as_written(ctx: Context, seeded: RegistrationResult) -> None:
    with ctx.session() as session:
        kept = version_of(session, seeded.directive_id)
    assert kept.version == 1
    assert kept.text == SEED_SPEC.read_text(encoding="utf-8")  # comments and all
    assert kept.registered_by == "VPHU"


def test_the_same_spec_again_adds_no_version(ctx: Context, seeded: RegistrationResult) -> None:
    assert _register(ctx, SEED_SPEC).status == "unchanged"
    with ctx.session() as session:
        assert [v.version for v in versions_of(session, seeded.directive_id)] == [1]


def test_an_update_adds_a_version_and_keeps_the_old(
    ctx: Context, seeded: RegistrationResult, tmp_path: Path
) -> None:
    data = yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8"))
    data["tasks"][0]["due"] = "2020-04-20"
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _register(ctx, edited, update=True).status == "updated"
    with ctx.session() as session:
        listed = versions_of(session, seeded.directive_id)
        first, second = version_of(session, seeded.directive_id, 1), version_of(session, seeded.directive_id)
    assert [(v.version, v.registered_by, v.source) for v in listed] == [
        (2, "VPUB", "web"),
        (1, "VPHU", "cli"),
    ]
    assert first.text == SEED_SPEC.read_text(encoding="utf-8")
    assert second.text == edited.read_text(encoding="utf-8")


def test_a_directive_registered_before_versions_gets_one_when_loaded_again(
    ctx: Context, seeded: RegistrationResult
) -> None:
    with ctx.session() as session:
        for row in session.exec(select(SpecVersion)).all():
            session.delete(row)
    assert _register(ctx, SEED_SPEC).status == "unchanged"
    with ctx.session() as session:
        assert version_of(session, seeded.directive_id).version == 1
