"""A directive from above names its issuer as written: the city's People's Committee is not one
of the district's bodies, and the directive registers with that name; an issuer the registry
knows keeps its code too."""

from pathlib import Path

import yaml

from dondoc.context import Context
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.models import Directive
from dondoc.registration import plan_from_file, register_directive

CITY = "Ủy ban nhân dân Thành phố Hồ Chí Minh"


def _spec(tmp_path: Path, issuer: str) -> Path:
    path = tmp_path / "cong-van.yaml"
    spec = {
        "number": "4240/UBND-VX",
        "kind": "cong_van",
        "title": "Về rà soát hộ nghèo",
        "issuer": issuer,
        "issued_on": "2020-04-20",
        "tasks": [{"id": "ra-soat", "text": "Rà soát hộ nghèo.", "lead": "UBND", "due": "2020-05-15"}],
    }
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def _register(ctx: Context, path: Path) -> Directive:
    plan = plan_from_file(ctx, path)
    done = register_directive(
        ctx, plan, update=False, actor=Actor("VPHU"), now=clock.parse_instant("2020-04-21T09:00+07:00")
    )
    with ctx.session() as session:
        directive = session.get(Directive, done.directive_id)
        assert directive is not None
        return directive


def test_an_issuer_outside_the_registry_is_kept_as_written(ctx: Context, tmp_path: Path) -> None:
    directive = _register(ctx, _spec(tmp_path, CITY))
    assert (directive.issuer_code, directive.issuer_name) == ("", CITY)


def test_an_issuer_of_the_registry_keeps_its_code_and_name(ctx: Context, tmp_path: Path) -> None:
    directive = _register(ctx, _spec(tmp_path, "UBND huyện"))
    assert (directive.issuer_code, directive.issuer_name) == ("UBND", "Ủy ban nhân dân huyện Sơn Lâm")
