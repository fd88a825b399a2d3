"""Commands for coordinators and agencies: init, load, list, show, done."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.engine import make_url
from sqlmodel import Session

from dondoc.cli.app import command, console, load_context, prepare_prefect, print_json
from dondoc.cli.progress import progress_bar
from dondoc.cli.publishing import publish_if_served
from dondoc.cli.skeleton import write_agency_skeleton
from dondoc.directives.registry import AgencyInfo, registry_from_db
from dondoc.reading.labels import action_label
from dondoc.reading.queries import MAX_PAGE, SubtaskFilter, get_subtask, history, page_subtasks, prerequisites
from dondoc.record import clock
from dondoc.record.audit import Actor
from dondoc.record.enums import SubtaskStatus, Timeliness
from dondoc.record.errors import NotFound
from dondoc.work.actions import complete

JsonOption = Annotated[bool, typer.Option("--json", help="In JSON cho script.")]

_TIMELINESS_STYLE = {
    Timeliness.OVERDUE: "bold red",
    Timeliness.NEAR_DUE: "yellow",
    Timeliness.DONE_LATE: "magenta",
    Timeliness.DONE_ON_TIME: "green",
}


def _require_agency(session: Session, code: str) -> AgencyInfo:
    """An unknown code is refused with the closest names, read from one load of the registry."""
    registry = registry_from_db(session)
    found = registry.get(code)
    if found is None:
        near = registry.suggest(code)
        raise NotFound(f"không có cơ quan '{code}'" + (f"; gần nhất: {', '.join(near)}" if near else ""))
    return found


@command("init")
def init(
    province: Annotated[
        str | None,
        typer.Option(
            "--province", help="Tạo khung agencies.yaml cho một tỉnh, thành phố (34 đơn vị từ 1/7/2025)."
        ),
    ] = None,
    commune: Annotated[
        str | None,
        typer.Option("--commune", help="Tạo khung agencies.yaml cho một xã, phường, đặc khu (tên hoặc mã)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Tệp ghi khung (mặc định: agencies.yaml trong DONDOC_CONFIG)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
) -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu và nạp danh mục cơ quan từ config/ (chạy lại không sao).

    Với --province hoặc --commune: chỉ ghi khung danh mục cơ quan, chưa động đến cơ sở dữ liệu."""
    if province or commune:
        write_agency_skeleton(province=province, commune=commune, output=output, force=force)
        return
    ctx = load_context()
    added, changed = ctx.initialise()
    # the address without its password: this line ends up in logs and on screens
    console.print(
        f"Cơ sở dữ liệu: {make_url(ctx.settings.database_url).render_as_string(hide_password=True)}"
    )
    console.print(f"Cơ quan: thêm {added}, cập nhật {changed}.")


@command("load")
def load(
    file: Annotated[Path, typer.Argument(help="Tệp YAML của văn bản.", show_default=False)],
    update: Annotated[bool, typer.Option("--update", help="Cập nhật văn bản đã đăng ký.")] = False,
    as_json: JsonOption = False,
    actor: Annotated[str, typer.Option("--by", help="Người đăng ký (mã cơ quan).")] = "VPHU",
) -> None:
    """Đăng ký một văn bản: một lần chạy flow Prefect mang số hiệu văn bản."""
    ctx = load_context()
    ctx.require_database()
    prepare_prefect(ctx.settings)
    from flows.intake import register

    with progress_bar(console, what=f"Đăng ký {file.name}", enabled=not as_json):
        result = register(str(file), update=update, actor=actor, now=clock.now().isoformat())
    if as_json:
        print_json(
            {
                "directive": result["directive"],
                "status": result["status"],
                "flow_run_id": result["flow_run_id"],
                "tasks": result["tasks"],
                "subtasks": result["subtasks"],
                "added": result["added"],
                "cancelled": result["cancelled"],
            }
        )
        return
    messages = {
        "created": "Đã đăng ký văn bản {directive}: {tasks} nhiệm vụ, {subtasks} việc con.",
        "unchanged": "Văn bản {directive} đã được đăng ký, nội dung không đổi: không thay đổi gì.",
        "updated": "Đã cập nhật văn bản {directive}: thêm {added}, hủy {cancelled}, đổi {changed} việc con.",
    }
    console.print(messages[result["status"]].format(**result))
    console.print(f"Flow run: {result['flow_run_id']}")


@command("list")
def list_command(
    agency: Annotated[
        str | None,
        typer.Option("--agency", help="Mã cơ quan: việc của cơ quan đó và các cơ quan trực thuộc."),
    ] = None,
    directive: Annotated[str | None, typer.Option("--directive", help="Số hiệu văn bản.")] = None,
    status: Annotated[SubtaskStatus | None, typer.Option("--status", help="Trạng thái.")] = None,
    timeliness: Annotated[Timeliness | None, typer.Option("--timeliness", help="Tiến độ so với hạn.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_PAGE, help="Số việc mỗi trang.")] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Bỏ qua bấy nhiêu việc đầu.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Liệt kê việc con (cả việc đã xong, đã hủy), từng trang theo hạn rồi theo mã."""
    ctx = load_context()
    ctx.require_database()
    where = SubtaskFilter(directive=directive, statuses=(status,) if status else None, timeliness=timeliness)
    with ctx.session() as session:
        if agency:
            root = _require_agency(session, agency)
            where = dataclasses.replace(where, subtree=root.path)
        page = page_subtasks(
            session, where, now=clock.now(), calendar=ctx.calendar, limit=limit, offset=offset
        )
    if as_json:
        print_json([view.as_json() for view in page.items])
        return
    shown = f"{page.first}–{page.last} / {page.total}" if page.items else "0"
    table = Table(title=f"Việc con ({shown})", show_lines=False)
    for column in ("ID", "Văn bản", "Nhiệm vụ", "Cơ quan", "Trạng thái", "Hạn", "Tiến độ"):
        table.add_column(column)
    for view in page.items:
        style = _TIMELINESS_STYLE.get(view.timeliness, "")
        table.add_row(
            str(view.id),
            view.directive,
            view.task,
            view.agency,
            view.status.label,
            clock.format_date(view.due_at),
            f"[{style}]{view.timeliness.label}[/]" if style else view.timeliness.label,
        )
    console.print(table)
    if page.next_offset is not None:
        console.print(f"Trang sau: --offset {page.next_offset}")


@command("show")
def show(
    subtask_id: Annotated[int, typer.Argument(help="Mã việc con.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Một việc con và lịch sử của nó."""
    ctx = load_context()
    ctx.require_database()
    with ctx.session() as session:
        view = get_subtask(session, subtask_id, now=clock.now(), calendar=ctx.calendar)
        events = history(session, subtask_id)
        waits_for = prerequisites(session, subtask_id)
    if as_json:
        print_json(
            {
                **view.as_json(),
                "prerequisites": waits_for,
                "history": [
                    {
                        "at": clock.iso_local(e.at),
                        "actor": e.actor,
                        "action": e.action,
                        "source": e.source,
                        "detail": e.detail,
                    }
                    for e in events
                ],
            }
        )
        return
    console.print(f"[bold]Việc con #{view.id}[/] — văn bản {view.directive}, nhiệm vụ {view.task}")
    console.print(view.task_text)
    console.print(f"Cơ quan: {view.agency_name} ({view.agency}), {view.role.label.lower()}")
    console.print(f"Trạng thái: {view.status.label}; tiến độ: {view.timeliness.label}")
    extended = view.original_due_at and view.original_due_at != view.due_at
    console.print(
        f"Hạn: {clock.format_date(view.due_at)}"
        + (f" (hạn ban đầu {clock.format_date(view.original_due_at)})" if extended else "")
    )
    if view.completed_at:
        console.print(f"Hoàn thành lúc: {clock.format_datetime(view.completed_at)}")
    if waits_for:
        console.print("Chờ việc con: " + ", ".join(f"#{i}" for i in waits_for))
    table = Table(title="Lịch sử")
    for column in ("Thời gian", "Người thực hiện", "Nội dung", "Ghi chú"):
        table.add_column(column)
    for event in events:
        note = event.detail.get("note") or event.detail.get("reason") or ""
        table.add_row(clock.format_datetime(event.at), event.actor, action_label(event.action), str(note))
    console.print(table)


@command("done")
def done(
    subtask_id: Annotated[int, typer.Argument(help="Mã việc con.", show_default=False)],
    by: Annotated[str, typer.Option("--by", help="Mã cơ quan báo hoàn thành.", show_default=False)],
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú kết quả.")] = None,
) -> None:
    """Báo hoàn thành một việc con, với tư cách cơ quan --by."""
    ctx = load_context()
    ctx.require_database()
    with ctx.session() as session:
        _require_agency(session, by)
        freed = complete(
            session,
            subtask_id=subtask_id,
            actor=Actor(by, source="cli"),
            now=clock.now(),
            calendar=ctx.calendar,
            note=note,
        )
    publish_if_served(ctx)
    console.print(f"Việc con #{subtask_id}: đã báo hoàn thành ({by}).")
    if freed:
        console.print(f"Bắt đầu được {len(freed)} việc con đang chờ: " + ", ".join(f"#{i}" for i in freed))
