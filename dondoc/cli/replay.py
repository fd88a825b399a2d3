"""`dondoc replay FILE`: a script of dondoc commands, each at its own moment, run in this one
process. The demo replays a month this way: thirty commands cost one start-up (Python, Prefect's
import, the database's engine), not thirty; and what they change reaches Prefect's event feed in
the flows among them (every sweep publishes what is pending) and in one publication at the end,
not in one per command.

A line is `WHEN COMMAND ARGS…` (WHEN as for --now; arguments quoted as in a shell); `#` starts a
comment. The first command that fails stops the replay and names its line."""

from __future__ import annotations

import contextlib
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import click
import typer

from dondoc.cli.app import app, command, console, load_context
from dondoc.cli.publishing import publish_if_served, publishing_deferred
from dondoc.record import clock
from dondoc.record.errors import DondocError, SpecError, SpecProblem


@dataclass(frozen=True)
class Step:
    line: int
    when: str
    args: list[str]


def read_script(path: Path) -> list[Step]:
    """Every step of the script; every malformed line is reported at once, with its number."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DondocError(f"{path}: không đọc được ({exc.strerror})") from exc
    steps, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            words = shlex.split(raw, comments=True)
        except ValueError as exc:
            problems.append(SpecProblem(str(path), number, "dòng", f"dấu nháy không khớp ({exc})"))
            continue
        if not words:
            continue
        if len(words) < 2:
            problems.append(
                SpecProblem(
                    str(path),
                    number,
                    "dòng",
                    "cần thời điểm rồi lệnh, ví dụ: 2020-04-13T09:00:00+07:00 sweep",
                )
            )
            continue
        try:
            clock.parse_instant(words[0])
        except DondocError as exc:
            problems.append(SpecProblem(str(path), number, "thời điểm", str(exc)))
            continue
        steps.append(Step(number, words[0], words[1:]))
    if problems:
        raise SpecError(problems)
    return steps


def run_step(step: Step, main: Callable[..., object]) -> int:
    """One command as if typed with --now WHEN; its exit code."""
    try:
        code = main(["--now", step.when, *step.args], prog_name="dondoc", standalone_mode=False)
    except click.ClickException as exc:  # a usage error: a wrong option or argument
        exc.show()
        return exc.exit_code
    return code if isinstance(code, int) else 0


@command("replay")
def replay(
    script: Annotated[Path, typer.Argument(help="Tệp kịch bản: mỗi dòng 'THỜI-ĐIỂM LỆNH THAM-SỐ…'.")],
    log: Annotated[
        Path | None,
        typer.Option("--log", help="Ghi kết quả từng lệnh vào tệp này thay vì in ra màn hình."),
    ] = None,
) -> None:
    """Chạy lần lượt các lệnh dondoc trong kịch bản, mỗi lệnh ở thời điểm của nó, trong một tiến trình."""
    steps = read_script(script)
    main = typer.main.get_command(app).main
    started = time.monotonic()
    screen = sys.stdout  # while the commands write to the log, progress still shows here
    with contextlib.ExitStack() as stack:
        if log is not None:
            log.parent.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context(log.open("a", encoding="utf-8"))
            stack.enter_context(contextlib.redirect_stdout(out))
            stack.enter_context(contextlib.redirect_stderr(out))
        stack.enter_context(publishing_deferred())
        for number, step in enumerate(steps, start=1):
            if log is not None:
                screen.write(f"\r  {number}/{len(steps)}: {step.when[:10]} {step.args[0]}        ")
                screen.flush()
            print(f"$ dondoc --now {step.when} {shlex.join(step.args)}", flush=True)
            began = time.monotonic()
            code = run_step(step, main)
            print(f"  ({time.monotonic() - began:.1f} s)", flush=True)
            if code != 0:
                where = f"; xem {log}" if log else ""
                raise DondocError(
                    f"{script}:{step.line}: lệnh '{shlex.join(step.args)}' thất bại (mã {code}){where}"
                )
    publish_if_served(load_context())
    if log is not None:
        screen.write("\r" + " " * 60 + "\r")
    console.print(f"Đã chạy {len(steps)} lệnh của {script.name} trong {time.monotonic() - started:.0f} giây.")
