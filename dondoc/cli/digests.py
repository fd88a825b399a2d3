"""`dondoc digest`: compose and send today's digests now, as a flow run of the `digest` flow."""

from __future__ import annotations

from typing import Annotated

import typer

from dondoc.cli.app import command, console, load_context, prepare_prefect, print_json
from dondoc.record import clock


@command("digest")
def digest_command(
    weekly: Annotated[bool, typer.Option("--weekly", help="Bản tổng hợp tuần cho lãnh đạo.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON cho script.")] = False,
) -> None:
    """Gửi ngay bản tổng hợp trong ngày cho từng cơ quan (hoặc bản tổng hợp tuần cho lãnh đạo)."""
    ctx = load_context()
    ctx.require_database()
    prepare_prefect(ctx.settings)
    from flows.digest import digest_now

    result = digest_now(clock.now().isoformat(), weekly=weekly)
    if as_json:
        print_json(result)
        return
    what = "Tổng hợp tuần" if weekly else "Tổng hợp ngày"
    day = clock.format_date(clock.now())
    if result["day_off"]:
        console.print(f"{what} {day}: không gửi, ngày nghỉ ({result['day_off']}).")
        return
    out = result["dispatch"]
    console.print(
        f"{what} {day}: {result['queued']} bản mới"
        + (f", {result['already_queued']} bản đã có từ trước" if result["already_queued"] else "")
        + f"; đã gửi {out['sent']}, chờ gửi {out['retrying']}, thất bại {out['failed']}."
    )
