"""Commands for the reminders: `dondoc sweep` runs one cycle now, `dondoc notifications` shows
the outbox."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from dondoc.cli.app import command, console, load_context, prepare_prefect, print_json
from dondoc.notify.outbox import list_notifications, public
from dondoc.record import clock
from dondoc.record.enums import NotificationKind, NotificationStatus

JsonOption = Annotated[bool, typer.Option("--json", help="In JSON cho script.")]

KIND_LABELS = {
    NotificationKind.REMINDER: "Nhắc trước hạn",
    NotificationKind.DUE: "Đến hạn",
    NotificationKind.OVERDUE: "Quá hạn",
    NotificationKind.ESCALATION: "Báo cấp trên",
    NotificationKind.DIGEST: "Tổng hợp",
    NotificationKind.FOLLOW_UP: "Đôn đốc",
    NotificationKind.INFO: "Thông tin",
}
STATUS_LABELS = {
    NotificationStatus.PENDING: "Chờ gửi",
    NotificationStatus.SENT: "Đã gửi",
    NotificationStatus.FAILED: "Gửi thất bại",
    NotificationStatus.SKIPPED: "Bỏ qua",
}
_STATUS_STYLE = {NotificationStatus.FAILED: "bold red", NotificationStatus.SENT: "green"}


@command("sweep")
def sweep_command(as_json: JsonOption = False) -> None:
    """Chạy ngay một lượt đôn đốc: nhắc, báo quá hạn, báo cấp trên, rồi gửi thông báo."""
    ctx = load_context()
    ctx.require_database()
    prepare_prefect(ctx.settings)
    from flows.sweep import sweep_now

    result = sweep_now(clock.now().isoformat())
    if as_json:
        print_json(result)
        return
    esc, out = result["escalation"], result["dispatch"]
    console.print(f"Lượt đôn đốc lúc {clock.format_datetime(clock.now())}:")
    console.print(f"  Việc con đến lượt xử lý: {esc['claimed']}, thông báo mới: {esc['queued']}.")
    console.print(
        f"  Đã gửi {out['sent']}, chờ gửi lại {out['retrying']}, thất bại {out['failed']}, "
        f"bỏ qua {out['skipped']}."
    )
    waiting = " (còn sự kiện chờ gửi: lượt sau gửi tiếp)" if result["publish_pending"] else ""
    console.print(f"  Sự kiện đã gửi Prefect: {result['published']}{waiting}.")


@command("notifications")
def notifications_command(
    status: Annotated[NotificationStatus | None, typer.Option("--status", help="Trạng thái.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Số dòng tối đa.", min=1)] = None,
    as_json: JsonOption = False,
) -> None:
    """Hộp thư đi: các thông báo nhắc việc, đôn đốc và trạng thái gửi."""
    ctx = load_context()
    ctx.require_database()
    with ctx.session() as session:
        rows = [public(row) for row in list_notifications(session, status=status, limit=limit)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("Chưa có thông báo nào.")
        return
    table = Table("#", "Việc con", "Loại", "Gửi tới", "Trạng thái", "Lần gửi")
    table.add_column("Gửi lúc", no_wrap=True)
    # the title is cut to what the terminal leaves it (`--json` has it whole)
    table.add_column("Tiêu đề", no_wrap=True, overflow="ellipsis", max_width=max(12, console.width - 80))
    for row in rows:
        state = NotificationStatus(row["status"])
        sent = clock.format_datetime(clock.parse_instant(row["sent_at"])) if row["sent_at"] else "—"
        table.add_row(
            str(row["id"]),
            str(row["subtask"] or "—"),
            KIND_LABELS[NotificationKind(row["kind"])],
            row["recipient"],
            f"[{_STATUS_STYLE.get(state, '')}]{STATUS_LABELS[state]}[/]"
            if state in _STATUS_STYLE
            else STATUS_LABELS[state],
            str(row["attempts"]),
            sent,
            row["title"],
        )
    console.print(table)
