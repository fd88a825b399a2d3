"""`dondoc serve` runs the portal and the Prefect side together; `dondoc link` hands out the
secret links people open it with."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
import uvicorn

from dondoc.cli import review  # noqa: F401  (registers confirm and return)
from dondoc.cli.app import command, console, load_context, print_json
from dondoc.cli.portal_url import announce_portal, portal_base, withdraw_portal
from dondoc.cli.prefect_api import announce, withdraw
from dondoc.cli.serving import Stack, start_prefect, ui_url
from dondoc.record import clock
from dondoc.record.errors import DondocError
from dondoc.record.settings import PROJECT_ROOT
from dondoc.work.access import default_coordinator, issue_link, revoke_links


@command("link")
def link(
    code: Annotated[
        str | None,
        typer.Argument(help="Mã cơ quan (với --coordinator: mặc định bộ phận điều phối đầu tiên)."),
    ] = None,
    coordinator: Annotated[
        bool, typer.Option("--coordinator", help="Đường dẫn của bộ phận điều phối.")
    ] = False,
    rotate: Annotated[
        bool, typer.Option("--rotate", help="Cấp đường dẫn mới, đường dẫn cũ hết hiệu lực.")
    ] = False,
    revoke: Annotated[bool, typer.Option("--revoke", help="Thu hồi đường dẫn, không cấp mới.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON: agency, url, token.")] = False,
    calendar: Annotated[
        bool, typer.Option("--calendar", help="Đường dẫn lịch (iCalendar) chỉ để xem hạn việc của cơ quan.")
    ] = False,
) -> None:
    """In đường dẫn riêng của một cơ quan để mở cổng thông tin (mã chỉ lưu dạng băm)."""
    if rotate and revoke:
        raise DondocError("chọn một trong --rotate, --revoke")
    if calendar and coordinator:
        raise DondocError("chọn một trong --coordinator, --calendar")
    ctx = load_context()
    ctx.require_database()
    with ctx.session() as session:
        if code is None:
            if not coordinator:
                raise DondocError("cần mã cơ quan, ví dụ: dondoc link XA-A (hoặc dondoc link --coordinator)")
            code = default_coordinator(session)
        if revoke:
            count = revoke_links(
                session, code=code, coordinator=coordinator, calendar=calendar, now=clock.now()
            )
        else:
            issued = issue_link(
                session, code=code, coordinator=coordinator, calendar=calendar, rotate=rotate, now=clock.now()
            )
    if revoke:
        if as_json:
            print_json({"agency": code, "revoked": count})
        else:
            console.print(f"{code}: đã thu hồi {count} đường dẫn.")
        return
    url = issued.url(portal_base(ctx.settings))
    if calendar:
        webcal = issued.webcal_url(portal_base(ctx.settings))
        if as_json:
            print_json({"agency": issued.agency, "url": url, "webcal": webcal, "token": issued.token})
            return
        console.print(f"Đường dẫn lịch của {issued.agency} (giữ bí mật; thêm vào ứng dụng lịch):")
        typer.echo(webcal)
        typer.echo(url)
        return
    if as_json:
        print_json({"agency": issued.agency, "url": url, "token": issued.token, "coordinator": coordinator})
        return
    console.print(f"Đường dẫn {'điều phối' if coordinator else 'cơ quan'} của {issued.agency} (giữ bí mật):")
    typer.echo(url)


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    # SIGTERM unwinds like Ctrl-C, so the children are stopped too: while Prefect starts, and
    # after uvicorn's graceful shutdown, which re-raises the signal it caught
    raise KeyboardInterrupt


class _AnnouncingServer(uvicorn.Server):
    """Prints the addresses once the portal listens, so whoever reads them can use them, and
    announces the portal's address under DONDOC_HOME for links made in other shells."""

    def __init__(self, config: uvicorn.Config, lines: list[str], home: Path, portal_url: str) -> None:
        super().__init__(config)
        self.lines = lines
        self.home = home
        self.portal_url = portal_url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            announce_portal(self.home, self.portal_url)
            for line in self.lines:
                console.print(line, soft_wrap=True)


@command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Địa chỉ lắng nghe của cổng thông tin.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng của cổng thông tin.")] = 8000,
    prefect_port: Annotated[
        int,
        typer.Option(
            "--prefect-port", help="Cổng của máy chủ Prefect tự khởi động (khi không có PREFECT_API_URL)."
        ),
    ] = 4200,
) -> None:
    """Chạy cổng thông tin và phía Prefect (máy chủ nếu chưa có PREFECT_API_URL, các deployment, worker)."""
    from dondoc.portal.app import create_app

    ctx = load_context()
    ctx.initialise()
    portal_url = os.environ.get("DONDOC_PORTAL_URL") or f"http://{host}:{port}"
    # children (the worker and the flow runs it starts) must find the same home, config and links
    os.environ.update(
        {
            "DONDOC_HOME": str(ctx.settings.home),
            "DONDOC_CONFIG": str(ctx.settings.config_dir),
            "DONDOC_PORTAL_URL": portal_url,
            "DONDOC_ROOT": str(PROJECT_ROOT),
        }
    )
    stack = Stack(logs=ctx.settings.home / "logs", env=dict(os.environ))
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        console.print("Đang khởi động Prefect…")
        api_url = start_prefect(stack, root=PROJECT_ROOT, prefect_port=prefect_port, environ=os.environ)
        # the portal schedules follow-ups from this process, through the same API; other
        # dondoc commands find it through the announcement
        os.environ["PREFECT_API_URL"] = api_url
        announce(ctx.settings.home, api_url)
        config = uvicorn.Config(
            create_app(ctx),
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=False,
            server_header=False,
        )
        addresses = [
            f"Cổng thông tin: {portal_url}",
            f"Giao diện Prefect: {ui_url(api_url)}",
            f"Nhật ký: {stack.logs}",
            "Đường dẫn đăng nhập: dondoc link --coordinator; dondoc link MÃ-CƠ-QUAN. Dừng: Ctrl-C.",
        ]
        server = _AnnouncingServer(config, addresses, ctx.settings.home, portal_url)
        server.run()
        if not server.started:
            raise DondocError(f"không mở được cổng thông tin tại {host}:{port} (cổng đang bận?)")
    except KeyboardInterrupt:
        console.print()  # Ctrl-C is how a user stops it: end the ^C line, then stop in order
    finally:
        signal.signal(signal.SIGTERM, previous)
        console.print("Đang dừng…")
        withdraw(ctx.settings.home)
        withdraw_portal(ctx.settings.home)
        stack.stop()
    console.print("Đã dừng.")
