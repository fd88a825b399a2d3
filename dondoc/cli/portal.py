"""`dondoc serve` runs the portal and the Prefect side together; `dondoc link` hands out the
secret links people open it with."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Annotated

import httpx
import typer
import uvicorn
from uvicorn.supervisors.multiprocess import Multiprocess

from dondoc.cli.app import command, console, load_context, print_json
from dondoc.cli.portal_url import announce_portal, portal_base, withdraw_portal
from dondoc.cli.prefect_api import announce, withdraw
from dondoc.cli.serving import STARTUP_TIMEOUT, Stack, start_prefect, ui_url
from dondoc.context import Context
from dondoc.reading.names import agency_names
from dondoc.record import clock
from dondoc.record.db import POOL_SIZE_ENV, pool_size_for_workers
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


def command_name() -> str:
    """How to type dondoc again: its name when that is what the PATH finds, else its path
    (".venv/bin/dondoc" after `make run`), so a suggested command works as printed."""
    invoked = Path(sys.argv[0]).resolve()
    found = shutil.which("dondoc")
    if found and Path(found).resolve() == invoked:
        return "dondoc"
    with contextlib.suppress(ValueError):
        return str(invoked.relative_to(Path.cwd()))
    return str(invoked)


def fresh_links(ctx: Context, codes: list[str], base: str) -> list[str]:
    """New secret links (old ones stop working) for the first coordinator and `codes`, one line
    each, the body by its name."""
    with ctx.session() as session:
        coordinator = default_coordinator(session)
        now = clock.now()
        issued = [issue_link(session, code=coordinator, coordinator=True, rotate=True, now=now)]
        issued += [issue_link(session, code=code, coordinator=False, rotate=True, now=now) for code in codes]
        names = agency_names(session)
    return [
        f"  {names.get(link.agency, link.agency)}{' (điều phối)' if i == 0 else ''}: {link.url(base)}"
        for i, link in enumerate(issued)
    ]


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    # SIGTERM unwinds like Ctrl-C, so the children are stopped too: while Prefect starts, and
    # after uvicorn's graceful shutdown, which re-raises the signal it caught
    raise KeyboardInterrupt


class _AnnouncingServer(uvicorn.Server):
    """Says so once the portal listens (prints the addresses, announces the portal's address
    under DONDOC_HOME for links made in other shells), so whoever reads them can use them."""

    def __init__(self, config: uvicorn.Config, on_listening: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_listening = on_listening

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.on_listening()


APP_FACTORY = "dondoc.portal.app:create_app"


def _announce_when_answering(url: str, on_listening: Callable[[], None]) -> None:
    """With several workers the supervisor never starts a server itself: say so once one of
    the workers answers."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):  # no worker is up yet: ask again shortly
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                on_listening()
                return
        time.sleep(0.2)


# how long the supervisor waits for a worker to answer its health check before it kills and
# replaces it (uvicorn: 5 s): on two busy cores a worker starting up, or one busy with requests,
# took longer, and was killed and started again and again, so the portal never opened
WORKER_ANSWERS_WITHIN = 30


def run_portal(*, host: str, port: int, workers: int, on_listening: Callable[[], None]) -> bool:
    """The portal in this process (one worker) or in `workers` processes behind one socket,
    each building its app from the environment (the import string, as `uvicorn --factory`).
    Returns whether it served: False when the address could not be taken."""
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
        server_header=False,
        timeout_worker_healthcheck=WORKER_ANSWERS_WITHIN,
    )
    if workers == 1:
        server = _AnnouncingServer(config, on_listening)
        server.run()
        return server.started
    try:
        sock = config.bind_socket()
    except SystemExit:
        return False  # uvicorn logged why (the port is taken)
    announcer = threading.Thread(
        target=_announce_when_answering, args=(f"http://127.0.0.1:{port}", on_listening), daemon=True
    )
    announcer.start()
    # handles SIGINT and SIGTERM itself: stops its workers and returns
    Multiprocess(config, sockets=[sock]).run()
    return True


HostOption = Annotated[str, typer.Option("--host", help="Địa chỉ lắng nghe của cổng thông tin.")]
PortOption = Annotated[int, typer.Option("--port", help="Cổng của cổng thông tin.")]
PrefectPortOption = Annotated[
    int,
    typer.Option(
        "--prefect-port", help="Cổng của máy chủ Prefect tự khởi động (khi không có PREFECT_API_URL)."
    ),
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        max=32,
        help="Số tiến trình phục vụ cổng thông tin (mỗi tiến trình một phần kết nối cơ sở dữ liệu).",
    ),
]
LinksOption = Annotated[
    list[str] | None,
    typer.Option(
        "--links",
        help="In đường dẫn mới của bộ phận điều phối và của cơ quan này khi cổng đã sẵn sàng (lặp lại được).",
    ),
]
DeployedOption = Annotated[
    bool,
    typer.Option(
        "--deployed",
        help="Các deployment trong prefect.yaml đã được đăng ký trên máy chủ Prefect đang dùng "
        "(make run đăng ký chúng trong lúc phát lại): chỉ khởi động worker.",
    ),
]


def _share_with_children(ctx: Context, portal_url: str, workers: int) -> None:
    """Children (the portal's workers, the Prefect worker and its flow runs) must find the same
    home, config, links and clock, and share the database connections between them."""
    os.environ.update(
        {
            "DONDOC_HOME": str(ctx.settings.home),
            "DONDOC_CONFIG": str(ctx.settings.config_dir),
            "DONDOC_PORTAL_URL": portal_url,
            "DONDOC_ROOT": str(PROJECT_ROOT),
        }
    )
    frozen = clock.frozen_at()
    if frozen is not None:
        os.environ["DONDOC_NOW"] = frozen.isoformat()
    os.environ.setdefault(POOL_SIZE_ENV, str(pool_size_for_workers(workers)))


def _addresses(
    ctx: Context, *, portal_url: str, api_url: str, logs: Path, workers: int, links: list[str] | None
) -> list[str]:
    """What `dondoc serve` prints once the portal answers: how to sign in, where everything is."""
    dondoc = command_name()
    # what to open comes first: the links, when asked for, else how to get one
    if links is None:
        addresses = [f"Đường dẫn đăng nhập: {dondoc} link --coordinator; {dondoc} link MÃ-CƠ-QUAN."]
    else:
        addresses = ["Mở trước (đường dẫn riêng, giữ bí mật):", *fresh_links(ctx, links, portal_url)]
    return [
        *addresses,
        f"Cổng thông tin: {portal_url}" + (f" ({workers} tiến trình)" if workers > 1 else ""),
        f"Giao diện Prefect: {ui_url(api_url)}",
        f"Nhật ký: {logs}",
        "Dừng: Ctrl-C.",
    ]


@command("serve")
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    prefect_port: PrefectPortOption = 4200,
    workers: WorkersOption = 1,
    links: LinksOption = None,
    deployed: DeployedOption = False,
) -> None:
    """Chạy cổng thông tin và phía Prefect (máy chủ nếu chưa có PREFECT_API_URL, các deployment, worker)."""
    ctx = load_context()
    ctx.initialise()
    portal_url = os.environ.get("DONDOC_PORTAL_URL") or f"http://{host}:{port}"
    _share_with_children(ctx, portal_url, workers)
    stack = Stack(logs=ctx.settings.home / "logs", env=dict(os.environ))
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        console.print("Đang khởi động Prefect…")
        api_url = start_prefect(
            stack, root=PROJECT_ROOT, prefect_port=prefect_port, environ=os.environ, deployed=deployed
        )
        # the portal schedules follow-ups through the same API; other dondoc commands find it
        # through the announcement
        os.environ["PREFECT_API_URL"] = api_url
        announce(ctx.settings.home, api_url)
        addresses = _addresses(
            ctx, portal_url=portal_url, api_url=api_url, logs=stack.logs, workers=workers, links=links
        )

        def listening() -> None:
            announce_portal(ctx.settings.home, portal_url)
            for line in addresses:
                console.print(line, soft_wrap=True)

        if not run_portal(host=host, port=port, workers=workers, on_listening=listening):
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
