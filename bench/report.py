"""Benchmark of the giao ban report (prints figures; not a timed test).

The report reads every subtask of the directives in scope, so its cost grows with them; what it
must not do is grow with the rest of the record. Measured:
1. build_report for a month with 10k and 100k subtasks in scope (each with its audit rows: created,
   a third reported done and confirmed, one in ten extended), and the ratio to the 10k run;
2. the same 10k-subtask month when the database also holds 90k subtasks of other directives
   (`--directive`): the ratio to (1) should stay near 1;
3. writing the 10k report as .docx and .xlsx.

Run: .venv/bin/python bench/report.py [--sizes 10000,100000]
Synthetic rows are bulk-inserted with executemany, not through intake.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sweep import fresh_context, stamp  # noqa: E402
from dondoc.context import Context  # noqa: E402
from dondoc.reading.period_report import build_report  # noqa: E402
from dondoc.reading.periods import month_period  # noqa: E402
from dondoc.record.clock import end_of_local_day, parse_instant  # noqa: E402
from dondoc.reports.excel import write_xlsx  # noqa: E402
from dondoc.reports.letterhead import load_letterhead  # noqa: E402
from dondoc.reports.word import write_docx  # noqa: E402

NOW = parse_instant("2020-05-08T09:00:00+07:00")
CREATED = parse_instant("2020-04-01T15:00:00+07:00")
DUE = end_of_local_day(dt.date(2020, 4, 20))


def populate(ctx: Context, directives: dict[str, int]) -> None:
    """`directives`: number -> subtasks; tasks of 100 subtasks spread over the agencies."""
    db = sqlite3.connect(ctx.settings.home / "dondoc.db")
    agencies = [row[0] for row in db.execute("SELECT id FROM agency ORDER BY id")]
    created, due = stamp(CREATED), stamp(DUE)
    task_id = subtask_id = 0
    for directive_id, (number, size) in enumerate(directives.items(), 1):
        db.execute(
            "INSERT INTO directive (id, number, kind, title, issuer_code, issued_on, spec_hash, registered_at,"
            " updated_at) VALUES (?, ?, 'ket_luan', 'bench', 'TTHU', '2020-04-01', '', ?, ?)",
            (directive_id, number, created, created),
        )
        subtasks, events, extensions = [], [], []
        for n in range(size):
            if n % 100 == 0:
                task_id += 1
                db.execute(
                    "INSERT INTO task (id, directive_id, key, position, text, lead_code, support_codes, due_rule,"
                    " policy_name, depends_on, cancelled) VALUES (?, ?, ?, ?, 'Nhiệm vụ thử', 'UBND', '[]',"
                    " '2020-04-20', 'default', '[]', 0)",
                    (task_id, directive_id, f"t{task_id}", task_id),
                )
            subtask_id += 1
            done = n % 3 == 0
            subtasks.append(
                (
                    subtask_id,
                    task_id,
                    agencies[n % 100],
                    "done" if done else "pending",
                    due,
                    due,
                    created,
                    created,
                )
            )
            events.append((created, "subtask.created", directive_id, subtask_id, "{}"))
            if done:
                finished = stamp(DUE + dt.timedelta(days=(n % 7) - 3))
                events.append((finished, "subtask.done", directive_id, subtask_id, '{"confirmed": true}'))
            if n % 10 == 1:
                extensions.append((subtask_id, stamp(CREATED + dt.timedelta(days=5)), "2020-04-27"))
        db.executemany(
            "INSERT INTO subtask (id, task_id, agency_id, role, status, due_at, original_due_at, created_at,"
            " updated_at, policy_name, policy, action_cursor) VALUES (?,?,?,'lead',?,?,?,?,?,'default','{}',0)",
            subtasks,
        )
        db.executemany(
            "INSERT INTO event (at, actor, action, source, directive_id, subtask_id, detail) VALUES (?,'VPHU',?,'cli',?,?,?)",
            events,
        )
        db.executemany(
            "INSERT INTO extensionrequest (subtask_id, requested_by, requested_at, reason, proposed_on, status,"
            " decided_by, decided_at, granted_on) VALUES (?, 'X', ?, 'bench', '2020-04-27', 'approved', 'VPHU', ?, ?)",
            [(sid, at, at, day) for sid, at, day in extensions],
        )
    db.commit()
    db.execute("ANALYZE")
    db.close()


def timed_report(ctx: Context, directive: str | None) -> tuple[float, object]:
    started = time.perf_counter()
    with ctx.session() as session:
        report = build_report(
            session,
            period=month_period("2020-04"),
            now=NOW,
            calendar=ctx.calendar,
            directives=[directive] if directive else None,
        )
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    baseline: float | None = None
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
            ctx = fresh_context(Path(tmp))
            populate(ctx, {"A": size})
            elapsed, report = timed_report(ctx, None)
            baseline = baseline or elapsed
            total = report.totals  # type: ignore[attr-defined]
            print(
                f"report, {size:>7,} subtasks in scope: {elapsed:6.2f} s  ({elapsed / baseline:4.1f}x the first;"
                f" {total.done_on_time} on time, {total.done_late} late, {total.open_overdue} overdue)",
                flush=True,
            )
    small = sizes[0]
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
        ctx = fresh_context(Path(tmp))
        populate(ctx, {"A": small, "B": small * 9})
        elapsed, report = timed_report(ctx, "A")
        print(
            f"report, {small:,} in scope among {small * 10:,}: {elapsed:6.2f} s  ({elapsed / (baseline or elapsed):4.1f}x alone)"
        )
        started = time.perf_counter()
        write_docx(report, load_letterhead(ctx.config_dir), Path(tmp) / "r.docx")  # type: ignore[arg-type]
        docx = time.perf_counter() - started
        started = time.perf_counter()
        write_xlsx(report, Path(tmp) / "r.xlsx")  # type: ignore[arg-type]
        print(f"writing it: .docx {docx:.2f} s, .xlsx {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
