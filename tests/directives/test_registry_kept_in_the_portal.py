"""The registry of record is the database: a coordinator adds and edits bodies (each change in
the audit log), `dondoc init` from config/agencies.yaml keeps what was added or edited, a
deactivated body gets no new work, and an agency may change nothing."""

import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from dondoc.context import Context
from dondoc.directives.intake import RegistrationResult
from dondoc.directives.registry import Registry, load_agencies, registry_from_db
from dondoc.directives.registry_edits import AgencyFields, add_agency, change_agency
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.enums import AgencyKind
from dondoc.record.errors import FieldConflict, FieldError, Forbidden
from dondoc.record.models import Agency, Event

NOW = clock.parse_instant("2020-05-08T09:00+07:00")
COORDINATOR = Actor("VPHU", source="web", is_coordinator=True)


def _add(ctx: Context, actor: Actor = COORDINATOR, **fields: object) -> str:
    with ctx.session() as session:
        return add_agency(session, actor=actor, now=NOW, fields=AgencyFields(**fields)).code  # type: ignore[arg-type]


def _change(ctx: Context, code: str, **fields: object) -> None:
    with ctx.session() as session:
        change_agency(session, actor=COORDINATOR, now=NOW, code=code, fields=AgencyFields(**fields))  # type: ignore[arg-type]


def test_a_body_from_above_is_added_with_a_code_of_its_own_and_audited(ctx: Context) -> None:
    code = _add(ctx, name="Sở Nội vụ Thành phố Hồ Chí Minh", kind=AgencyKind.TINH, aliases=["Sở Nội vụ"])
    with ctx.session() as session:
        row = session.exec(select(Agency).where(Agency.code == code)).one()
        event = session.exec(select(Event).where(Event.action == "agency.added")).one()
        registry = registry_from_db(session)
    assert (code, row.path, row.edited_in_portal) == ("SNVTPHCM", "/SNVTPHCM/", True)
    assert (event.actor, event.source, event.detail["code"]) == ("VPHU", "web", code)
    assert registry.resolve("sở nội vụ") is not None


def test_a_commune_goes_under_its_parent(ctx: Context) -> None:
    code = _add(ctx, name="Xã Tân Phú Mới", kind=AgencyKind.XA, parent="HUYEN")
    with ctx.session() as session:
        registry = registry_from_db(session)
    assert code in {a.code for a in registry.descendants("HUYEN", AgencyKind.XA)}


def test_a_name_already_in_the_registry_is_a_conflict_on_that_field(ctx: Context) -> None:
    with pytest.raises(FieldConflict, match="Tên cơ quan: 'UBND huyện' đã là tên của") as caught:
        _add(ctx, name="UBND huyện", kind=AgencyKind.CHINH_QUYEN)
    assert caught.value.field == "name"
    with pytest.raises(FieldError, match="Trực thuộc: không có cơ quan 'Huyện Xa Lạ'") as missing:
        _add(ctx, name="Xã Mới", kind=AgencyKind.XA, parent="Huyện Xa Lạ")
    assert missing.value.field == "parent"


def test_an_agency_may_not_change_the_registry(ctx: Context) -> None:
    with pytest.raises(Forbidden, match="chỉ bộ phận điều phối"):
        _add(ctx, actor=Actor("XA-HOABINH", source="api"), name="Thôn Mới", kind=AgencyKind.THON)


def test_init_keeps_what_the_portal_added_and_edited(ctx: Context) -> None:
    code = _add(ctx, name="Sở Nội vụ", kind=AgencyKind.TINH)
    _change(ctx, "UBND", aliases=["UBND huyện", "Ủy ban huyện"])
    ctx.initialise()
    with ctx.session() as session:
        registry = registry_from_db(session)
    added, ubnd = registry.get(code), registry.get("UBND")
    assert added is not None and added.name == "Sở Nội vụ"
    assert ubnd is not None and "Ủy ban huyện" in ubnd.aliases


def test_a_deactivated_body_gets_no_new_work_and_one_with_open_work_stays(
    ctx: Context, seeded: RegistrationResult
) -> None:
    with pytest.raises(FieldConflict, match=r"còn .* việc đang thực hiện: giao lại các việc đó trước"):
        _change(ctx, "XA-HOABINH", active=False)
    code = _add(ctx, name="Thôn Bản Mới", kind=AgencyKind.THON, parent="XA-HOABINH")
    _change(ctx, code, active=False)
    with ctx.session() as session:
        registry = registry_from_db(session)
        changed = session.exec(select(Event).where(Event.action == "agency.changed")).one()
    assert registry.resolve("Thôn Bản Mới") is None and registry.get(code) is not None
    assert code not in {a.code for a in registry.descendants("XA-HOABINH")}
    assert changed.detail["changes"] == {"active": False}


def test_export_writes_the_tree_back_as_init_reads_it(ctx: Context, tmp_path: Path) -> None:
    from tests.cli_helpers import dondoc

    code = _add(ctx, name="Thôn Bản Mới", kind=AgencyKind.THON, parent="XA-HOABINH", aliases=["Bản Mới"])
    exported = tmp_path / "config"
    shutil.copytree(ctx.settings.config_dir, exported)
    result = dondoc("agencies", "export", "-o", str(exported / "agencies.yaml"))
    assert result.exit_code == 0, result.output
    read_back = load_agencies(exported)
    with ctx.session() as session:
        stored = registry_from_db(session)

    def shape(registry: Registry) -> list[tuple[object, ...]]:
        return [
            (a.code, a.name, a.kind, a.parent_code, a.aliases, a.notify, a.is_coordinator) for a in registry
        ]

    assert sorted(shape(read_back)) == sorted(shape(stored))
    added = read_back.get(code)
    assert added is not None and added.path == "/HUYEN/XA-HOABINH/" + code + "/"


def test_a_commune_moves_under_another_body_with_its_villages(ctx: Context) -> None:
    commune = _add(ctx, name="Xã Tân Phú Mới", kind=AgencyKind.XA, parent="HUYEN")
    village = _add(ctx, name="Thôn Tân Phú 1", kind=AgencyKind.THON, parent=commune)
    _change(ctx, commune, parent="TT-SONLAM")
    with ctx.session() as session:
        paths = {
            row.code: row.path
            for row in session.exec(select(Agency).where(Agency.code.in_([commune, village])))
        }  # type: ignore[attr-defined]
        registry = registry_from_db(session)
        changed = session.exec(select(Event).where(Event.action == "agency.changed")).one()
    assert paths == {
        commune: f"/HUYEN/TT-SONLAM/{commune}/",
        village: f"/HUYEN/TT-SONLAM/{commune}/{village}/",
    }
    assert {commune, village} <= {a.code for a in registry.descendants("TT-SONLAM")}
    assert changed.detail["changes"] == {"parent": "TT-SONLAM"}
    ctx.initialise()  # config/agencies.yaml does not put them back
    with ctx.session() as session:
        assert village in {a.code for a in registry_from_db(session).descendants("TT-SONLAM")}


def test_a_body_never_moves_under_itself_or_its_own(ctx: Context) -> None:
    commune = _add(ctx, name="Xã Tân Phú Mới", kind=AgencyKind.XA, parent="HUYEN")
    village = _add(ctx, name="Thôn Tân Phú 1", kind=AgencyKind.THON, parent=commune)
    with pytest.raises(
        FieldError, match="Trực thuộc: không thể chuyển Xã Tân Phú Mới vào chính nó"
    ) as caught:
        _change(ctx, commune, parent=village)
    assert caught.value.field == "parent"
    with ctx.session() as session:
        row = session.exec(select(Agency).where(Agency.code == village)).one()
    assert row.path == f"/HUYEN/{commune}/{village}/"
