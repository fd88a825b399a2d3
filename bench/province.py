"""A generated post-2025 province for the benchmarks: the province's bodies, ~100 communes and
wards, ~2,000 villages; one directive fanned out to every village, then more directives (village
and commune fan-outs, departments' tasks) until there are N subtasks, in the states a year of work
leaves them in (most past items done, some late, some overdue, a few awaiting confirmation).

The rows are written in bulk (SQLite executemany, PostgreSQL COPY), not through intake: the
benchmark measures reading and acting, not registration (bench/register.py does that)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import text

from dondoc.context import Context
from dondoc.escalation.policies import snapshot
from dondoc.record.clock import end_of_local_day, to_local
from dondoc.record.db import engine_for

ROOT = Path(__file__).resolve().parent.parent
PLACES = ("An", "Bình", "Hòa", "Phú", "Thạnh", "Tân", "Long", "Phước", "Hưng", "Mỹ", "Lộc", "Thuận", "Đông",
          "Tây", "Nam", "Bắc", "Trung", "Quảng", "Vĩnh", "Xuân", "Sơn", "Hải", "Lâm", "Thành", "Hiệp",
          "Nghĩa", "Đức", "Thịnh", "Kim", "Ngọc")  # fmt: skip
DEPARTMENTS = ("Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Y tế",
               "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Khoa học và Công nghệ", "Sở Tư pháp", "Thanh tra tỉnh", "Sở Dân tộc và Tôn giáo",
               "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Ban Quản lý các khu công nghiệp")  # fmt: skip
UNIONS = (
    "Hội Nông dân tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh đoàn",
    "Hội Cựu chiến binh tỉnh",
    "Liên đoàn Lao động tỉnh",
)
COORDINATORS = ["VPUBT", "VPTU"]
DUE_NOW_SHARE = 0.005
VILLAGE_TASKS = ("Tuyên truyền đến từng hộ dân", "Rà soát, lập danh sách hộ", "Tổ chức ra quân tổng vệ sinh")
COMMUNE_TASKS = ("Xây dựng kế hoạch thực hiện", "Báo cáo kết quả thực hiện", "Kiểm tra, đôn đốc các thôn")


def _agency(code: str, name: str, kind: str, escalates_to: str | None = None, **more: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"code": code, "name": name, "kind": kind}
    if escalates_to:
        node["escalates_to"] = escalates_to
    return {**node, **more}


def agencies_tree(rng: random.Random, communes: int, villages: int) -> dict[str, Any]:
    """agencies.yaml of the province: villages spread unevenly over the communes, summing to `villages`."""
    sizes = [1] * communes
    for _ in range(villages - communes):
        sizes[rng.randrange(communes)] += 1
    departments = [
        _agency(f"SO-{i:02d}", name, "phong_ban", "UBNDT") for i, name in enumerate(DEPARTMENTS, 1)
    ]
    unions = [_agency(f"DT-{i}", name, "doan_the", "MTTQT") for i, name in enumerate(UNIONS, 1)]
    names = [f"{a} {b}" for a in PLACES for b in PLACES if a != b]
    rng.shuffle(names)
    commune_nodes = []
    for i, size in enumerate(sizes, 1):
        code = f"XA-{i:03d}"
        kind_word = "Phường" if i % 5 == 0 else "Xã"
        name = f"{kind_word} {names[i]}"
        commune_nodes.append(
            _agency(
                code,
                name,
                "xa",
                "UBNDT",
                children=[
                    _agency(f"{code}-T{j:02d}", f"Thôn {j}, {name}", "thon", code) for j in range(1, size + 1)
                ],
            )
        )
    province = _agency(
        "TINH",
        "Tỉnh Bình Sơn",
        "tinh",
        children=[
            _agency(
                "TU",
                "Tỉnh ủy Bình Sơn",
                "dang",
                "TTTU",
                children=[
                    _agency("TTTU", "Thường trực Tỉnh ủy", "lanh_dao"),
                    _agency("VPTU", "Văn phòng Tỉnh ủy", "ban_dang", "TTTU"),
                    _agency("BTCTU", "Ban Tổ chức Tỉnh ủy", "ban_dang", "TTTU"),
                    _agency("BTGTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "ban_dang", "TTTU"),
                ],
            ),
            _agency("HDNDT", "Hội đồng nhân dân tỉnh", "chinh_quyen", "TTTU"),
            _agency(
                "UBNDT",
                "Ủy ban nhân dân tỉnh",
                "chinh_quyen",
                "TTTU",
                children=[_agency("VPUBT", "Văn phòng UBND tỉnh", "van_phong", "UBNDT"), *departments],
            ),
            _agency("MTTQT", "Ủy ban MTTQ Việt Nam tỉnh", "mat_tran", "TTTU", children=unions),
            *commune_nodes,
        ],
    )
    return {"coordinators": COORDINATORS, "agencies": [province]}


def write_config(dest: Path, *, communes: int = 100, villages: int = 2000, seed: int = 13) -> Path:
    """A config folder for the province: its agencies, and the repository's policies and calendar."""
    dest.mkdir(parents=True, exist_ok=True)
    tree = agencies_tree(random.Random(seed), communes, villages)
    (dest / "agencies.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), "utf-8")
    for name in ("policies.yaml", "calendar.yaml"):
        shutil.copyfile(ROOT / "config" / name, dest / name)
    return dest


@dataclass
class Province:
    subtasks: int = 0
    directives: int = 0
    communes: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)
    due_now: int = 0
    # open and past their due date when the province is built
    overdue: int = 0


SUBTASK_COLUMNS = (
    "id, task_id, agency_id, role, status, due_at, original_due_at, created_at, updated_at, "
    "acknowledged_at, completed_at, note, policy_name, policy, next_action_at, action_cursor, action_due_at"
)


def _tasks_of(directive: int, first: bool) -> list[tuple[str, str]]:
    """(kind of assignee, text) of each task: the first directive only reaches villages."""
    if first:
        return [("village", f"{text} (đợt {k})") for k in (1, 2) for text in VILLAGE_TASKS[:2]] + [
            ("village", VILLAGE_TASKS[2])
        ]
    return (
        [("village", text) for text in VILLAGE_TASKS[:2]]
        + [("commune", f"{text} ({k})") for k in (1, 2) for text in COMMUNE_TASKS]
        + [("department", "Chủ trì tham mưu, tổng hợp"), ("department", "Phối hợp hướng dẫn, kiểm tra")]
    )


class _Rows:
    """The rows of the province's directives, tasks and subtasks, generated in order."""

    def __init__(self, ctx: Context, agencies: dict[str, list[tuple[int, str]]], now: dt.datetime, seed: int):
        self.ctx, self.agencies, self.now = ctx, agencies, now
        self.rng = random.Random(seed)
        self.policy = json.dumps(snapshot(ctx.policies["default"]), ensure_ascii=False)
        self.directives: list[tuple[Any, ...]] = []
        self.tasks: list[tuple[Any, ...]] = []
        self.due_now = self.overdue = 0
        self.due_share = 0.0

    def subtask_state(self, due: dt.datetime | None) -> dict[str, Any]:
        rng, now = self.rng, self.now
        if due is None:
            return {"status": "blocked"}
        roll = rng.random()
        past = due < now
        # work long past its due date has mostly been closed, done late or cancelled; what is
        # still open is recent: a quarter of the last two months' work, a twentieth before
        closed = 0.70 if due > now - dt.timedelta(days=60) else 0.90
        if roll < 0.04:
            return {"status": "cancelled"}
        if roll < (closed if past else 0.15):
            late = past and rng.random() < 0.2
            done_at = (
                due + dt.timedelta(days=rng.randint(1, 9))
                if late
                else due - dt.timedelta(days=rng.randint(0, 9))
            )
            return {"status": "done", "completed_at": min(done_at, now - dt.timedelta(hours=1))}
        if roll < (closed + 0.05 if past else 0.20):
            return {
                "status": "awaiting_confirmation",
                "completed_at": now - dt.timedelta(days=rng.randint(1, 5)),
            }
        status = rng.choice(("pending", "pending", "acknowledged", "in_progress"))
        self.overdue += past
        # this morning's sweep: reminders and repeated overdue notices that fall due now
        if rng.random() < self.due_share:
            self.due_now += 1
            return {"status": status, "next_action_at": now - dt.timedelta(hours=1)}
        if past:
            return {"status": status, "next_action_at": now + dt.timedelta(days=rng.randint(1, 5))}
        remind = max(due - dt.timedelta(days=3), now + dt.timedelta(hours=rng.randint(1, 48)))
        return {"status": status, "next_action_at": remind}

    def plan(self, total: int) -> list[tuple[int, list[tuple[int, str]], dt.date, bool, dt.datetime]]:
        """Directives and tasks first (the subtasks refer to them), until `total` assignments."""
        planned, made, directive = [], 0, 0
        issued = to_local(self.now).date() - dt.timedelta(days=300)
        spacing = max(300 / max(total // 4600, 1), 0.05)
        while made < total:
            directive += 1
            day = issued + dt.timedelta(days=int((directive - 1) * spacing))
            number = f"{directive}-KL/TU" if directive % 3 else f"{directive}/TB-UBND"
            stamp = end_of_local_day(day) - dt.timedelta(hours=10)
            self.directives.append(
                (directive, number, f"Kết luận số {number} về các nhiệm vụ trọng tâm", day, stamp)
            )
            for position, (kind, text_) in enumerate(_tasks_of(directive, directive == 1)):
                if made >= total:
                    break
                task_id = len(self.tasks) + 1
                self.tasks.append((task_id, directive, f"nv-{position + 1}", position, text_))
                assignees = self.assignees(kind)
                due_day = day + dt.timedelta(days=self.rng.randint(20, 120))
                # the second village task waits for the first
                planned.append((task_id, assignees, due_day, directive > 1 and position == 1, stamp))
                made += len(assignees)
        return planned

    def generate(self, total: int) -> Iterator[tuple[Any, ...]]:
        # about a third of the rows are open and chased: of those, enough fall due this morning
        # for a sweep of DUE_NOW_SHARE of the province (1,000 at 100,000; 5,000 at a million)
        self.due_share = min(1.0, max(1_000, total * DUE_NOW_SHARE) / (total / 3))
        made = 0
        for task_id, assignees, due_day, blocked, stamp in self.plan(total):
            for agency_id, role in assignees:
                if made == total:
                    return
                made += 1
                due = end_of_local_day(due_day)
                if blocked and due > self.now and self.rng.random() < 0.5:
                    due = None  # its prerequisite is not done yet: no due date while it waits
                yield self.subtask(made, task_id, agency_id, role, due, stamp)

    def assignees(self, kind: str) -> list[tuple[int, str]]:
        if kind == "department":
            chosen = self.rng.sample(self.agencies["department"], 3)
            return [(chosen[0][0], "lead"), (chosen[1][0], "support"), (chosen[2][0], "support")]
        return [(agency_id, "fan_out") for agency_id, _ in self.agencies[kind]]

    def subtask(
        self, sid: int, task_id: int, agency_id: int, role: str, due: dt.datetime | None, created: dt.datetime
    ) -> tuple[Any, ...]:
        state = self.subtask_state(due)
        original = due - dt.timedelta(days=7) if due and self.rng.random() < 0.03 else due
        acknowledged = created + dt.timedelta(days=1) if state["status"] != "pending" else None
        return (
            sid, task_id, agency_id, role, state["status"], due, original, created, created, acknowledged,
            state.get("completed_at"), None, "default", self.policy, state.get("next_action_at"), 0, due,
        )  # fmt: skip


def _sqlite_stamp(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _write_sqlite(ctx: Context, rows: _Rows, subtasks: Iterator[tuple[Any, ...]]) -> None:
    db = sqlite3.connect(ctx.settings.home / "dondoc.db")
    db.executemany(
        "INSERT INTO directive (id, number, kind, title, issuer_code, issued_on, spec_hash, registered_at,"
        " updated_at) VALUES (?, ?, 'ket_luan', ?, 'TTTU', ?, '', ?, ?)",
        ((i, n, t, d.isoformat(), _sqlite_stamp(s), _sqlite_stamp(s)) for i, n, t, d, s in rows.directives),
    )
    db.executemany(
        "INSERT INTO task (id, directive_id, key, position, text, lead_code, support_codes, due_rule,"
        " policy_name, depends_on, cancelled) VALUES (?, ?, ?, ?, ?, 'UBNDT', '[]', '30 days', 'default', '[]', 0)",
        rows.tasks,
    )
    db.executemany(
        f"INSERT INTO subtask ({SUBTASK_COLUMNS}) VALUES ({', '.join('?' * 17)})",
        ([_sqlite_stamp(v) for v in row] for row in subtasks),
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()


def _write_postgres(ctx: Context, rows: _Rows, subtasks: Iterator[tuple[Any, ...]]) -> None:
    engine = engine_for(ctx.settings.database_url)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, columns, data in (
            ("directive", "id, number, kind, title, issuer_code, issued_on, spec_hash, registered_at, updated_at",
             ((i, n, "ket_luan", t, "TTTU", d, "", s, s) for i, n, t, d, s in rows.directives)),
            ("task", "id, directive_id, key, position, text, lead_code, support_codes, due_rule, policy_name, depends_on, cancelled",
             ((*t, "UBNDT", "[]", "30 days", "default", "[]", False) for t in rows.tasks)),
            ("subtask", SUBTASK_COLUMNS, subtasks),
        ):  # fmt: skip
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in data:
                    copy.write_row(row)
        for table in ("directive", "task", "subtask"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


class _Counted(Iterator[tuple[Any, ...]]):
    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self.rows, self.count = rows, 0

    def __next__(self) -> tuple[Any, ...]:
        row = next(self.rows)
        self.count += 1
        return row


def populate(ctx: Context, *, subtasks: int, now: dt.datetime, seed: int = 13) -> Province:
    """Fill an initialised, empty database with the province's work as it stands at `now`."""
    with engine_for(ctx.settings.database_url).connect() as connection:
        found = connection.execute(text("SELECT id, code, kind FROM agency ORDER BY position")).all()
    by_kind: dict[str, list[tuple[int, str]]] = {"village": [], "commune": [], "department": []}
    for agency_id, code, kind in found:
        group = {"thon": "village", "xa": "commune", "phong_ban": "department"}.get(kind)
        if group:
            by_kind[group].append((agency_id, code))
    rows = _Rows(ctx, by_kind, now, seed)
    counted = _Counted(rows.generate(subtasks))
    # the plan (directives, tasks) is made before the first subtask comes out
    first = next(counted)
    stream = itertools.chain([first], counted)
    if ctx.settings.database_url.startswith("sqlite"):
        _write_sqlite(ctx, rows, stream)
    else:
        _write_postgres(ctx, rows, stream)
    return Province(
        subtasks=counted.count,
        directives=len(rows.directives),
        communes=[code for _, code in by_kind["commune"]],
        villages=[code for _, code in by_kind["village"]],
        due_now=rows.due_now,
        overdue=rows.overdue,
    )
