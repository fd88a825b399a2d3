"""From two recordings of one kind of request to the plan the floor replays (bench/floor_plan.py).

Two samples (a commune and a village, two subtasks, two notes, two offsets) tell a request's
values from constants: a parameter equal in both is a constant; one that differs must be a value
of the request or a value an earlier statement returned, in both samples; a text that differs
is rebuilt from such values (the actor, the note inside an audit row's JSON). The plan is then
checked by rebuilding the second sample's statements from its own values."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from bench.floor_plan import (
    Cell,
    Column,
    Const,
    Encoded,
    Group,
    Input,
    LastRowId,
    Plan,
    Result,
    Slot,
    Source,
    Statement,
    Step,
    Text,
    bind,
    encode,
    verb,
)

Trace = list[list[Any]]
_NAMED = re.compile(r"%\((\w+)\)s")
_IN_LIST = re.compile(r"\bIN \($", re.IGNORECASE)
# between two items of a list of placeholders: ", ", or a cast then ", " (PostgreSQL)
_SEPARATOR = re.compile(r"(::[A-Z ]+)?, ")
_LIST_END = re.compile(r"(::[A-Z ]+)?\)")


def positional(sql: str, params: Any) -> tuple[str, list[Any]]:
    """psycopg's named parameters as positional ones (the server gets the same $1, $2 …)."""
    if isinstance(params, dict):
        return _NAMED.sub("%s", sql), [params[name] for name in _NAMED.findall(sql)]
    return sql, list(params or ())


def shape(sql: str, placeholder: str) -> tuple[list[str], list[int], list[str]]:
    """The SQL's fragments around groups of placeholders ("?, ?, ?" is one group of 3, as is
    PostgreSQL's "%s::INTEGER, %s::INTEGER, %s::INTEGER"), and what separates a group's items."""
    pieces = re.split(r"(?<!%)%s" if placeholder == "%s" else re.escape(placeholder), sql)
    fragments, lengths, separators, joining = [pieces[0]], [], [], False
    for index, piece in enumerate(pieces[1:], 1):
        if joining:
            lengths[-1] += 1
        else:
            lengths.append(1)
            separators.append(_SEPARATOR.fullmatch(piece).group(0) if _SEPARATOR.fullmatch(piece) else ", ")
        joining = piece == separators[-1] and index < len(pieces) - 1
        if not joining:
            fragments.append(piece)
    return fragments, lengths, separators


def same(x: Any, y: Any) -> bool:
    return type(x) is type(y) and x == y


@dataclass
class Sample:
    """One recorded request: its values, its statements (positional) and what each returned."""

    inputs: dict[str, Any]
    ops: Trace
    placeholder: str
    results: list[Result] = field(default_factory=list)
    values: dict[Source, Any] = field(default_factory=dict)
    index: dict[tuple[str, Any], list[Source]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in self.inputs.items():
            self._add(Input(name), value)
        for step, op in enumerate(o for o in self.ops if o[0] == "exec"):
            self.results.append(Result([tuple(r) for r in op[4]], op[5], []))
            for row_number, row in enumerate(op[4]):
                for column, value in enumerate(row):
                    self._add(Cell(step, row_number, column), value)
            if op[5] is not None:
                self._add(LastRowId(step), op[5])

    def _add(self, source: Source, value: Any) -> None:
        self.values[source] = value
        with contextlib.suppress(TypeError):  # unhashable: never a source
            self.index.setdefault((type(value).__name__, value), []).append(source)

    def statements(self) -> Iterator[tuple[str, Any, bool, list[tuple[Any, ...]]]]:
        for op in self.ops:
            if op[0] == "exec":
                yield op[1], op[2], op[3], op[4]


def _before(source: Source, step: int) -> bool:
    return isinstance(source, Input) or source.step < step


def _preference(source: Source) -> tuple[bool, int, int, int]:
    if isinstance(source, Input):
        return (False, 0, 0, 0)
    if isinstance(source, LastRowId):
        return (True, -source.step, 0, 0)
    return (True, -source.step, source.row, source.column)


def _text(a: str, b: str, step: int, first: Sample, second: Sample) -> Slot:
    """A text rebuilt from the values that differ between the samples and appear in it."""
    found = []
    for source, value in first.values.items():
        other = second.values.get(source)
        if not _before(source, step) or isinstance(value, bool) or not isinstance(value, str | int):
            continue
        if source not in second.values or same(value, other):
            continue  # a value equal in both samples tells nothing
        for encoding in ("str", "json"):
            piece = encode(value, encoding)
            useful = encoding == "str" or piece != str(value)  # "json": only when it differs
            if useful and len(piece) >= (1 if piece.isdigit() else 2) and piece in a:
                found.append((piece, source, encoding))
    found.sort(key=lambda f: (-len(f[0]), _preference(f[1])))
    parts: list[str | Encoded] = [a]
    for piece, source, encoding in found:
        pattern = rf"(?<!\d){re.escape(piece)}(?!\d)" if piece.isdigit() else re.escape(piece)
        carved: list[str | Encoded] = []
        for part in parts:
            if not isinstance(part, str):
                carved.append(part)
                continue
            for number, literal in enumerate(re.split(pattern, part)):
                if number:
                    carved.append(Encoded(source, encoding))
                if literal:
                    carved.append(literal)
        parts = carved
    return Text(tuple(parts)) if any(isinstance(p, Encoded) for p in parts) else Const(a)


def derive(a: Any, b: Any, step: int, first: Sample, second: Sample) -> Slot:
    """What a parameter is: a constant, a value of the request, an earlier statement's value."""
    if same(a, b):
        return Const(a)
    try:
        candidates = first.index.get((type(a).__name__, a), [])
    except TypeError:
        candidates = []
    both = [s for s in candidates if _before(s, step) and same(second.values.get(s), b)]
    if both:
        return min(both, key=_preference)
    if isinstance(a, str) and isinstance(b, str):
        return _text(a, b, step, first, second)
    return Const(a)  # unexplained: the check against the second sample reports it


def _column(a: list[Any], b: list[Any], step: int, first: Sample, second: Sample) -> Column | None:
    """An IN list that is a column of all the rows an earlier statement returned, in both samples."""
    for earlier in range(step - 1, -1, -1):
        rows_a, rows_b = first.results[earlier].rows, second.results[earlier].rows
        if len(rows_a) != len(a) or len(rows_b) != len(b) or not rows_a:
            continue
        for column in range(len(rows_a[0])):
            if all(same(r[column], v) for r, v in zip(rows_a, a, strict=True)) and all(
                same(r[column], v) for r, v in zip(rows_b, b, strict=True)
            ):
                return Column(earlier, column)
    return None


def _groups(
    fragments: list[str], lengths: tuple[list[int], list[int]], params: tuple[list[Any], list[Any]], step: int,
    samples: tuple[Sample, Sample],
) -> list[Group]:  # fmt: skip
    groups: list[Group] = []
    at_a = at_b = 0
    for number, (len_a, len_b) in enumerate(zip(*lengths, strict=True)):
        values_a, values_b = params[0][at_a : at_a + len_a], params[1][at_b : at_b + len_b]
        at_a, at_b = at_a + len_a, at_b + len_b
        listed = _IN_LIST.search(fragments[number]) and _LIST_END.match(fragments[number + 1])
        column = _column(values_a, values_b, step, *samples) if listed else None
        if column is not None:
            groups.append(column)
        elif len_a != len_b:
            raise SystemExit(f"floor: statement {step} has an IN list the recording cannot explain")
        else:
            groups.append(
                tuple(derive(a, b, step, *samples) for a, b in zip(values_a, values_b, strict=True))
            )
    return groups


def statement(step: int, first: Sample, second: Sample) -> Statement:
    (sql_a, params_a, many, rows_a), (sql_b, params_b, _, rows_b) = (
        list(first.statements())[step],
        list(second.statements())[step],
    )
    required = bool(re.match(r"\s*(UPDATE|DELETE)\b", sql_a, re.I)) and "RETURNING" in sql_a.upper()
    required = required and bool(rows_a) and bool(rows_b)
    if many:
        if len(params_a) != len(params_b):
            raise SystemExit(f"floor: statement {step} runs a different number of sets in the samples")
        sets = tuple(
            tuple(derive(a, b, step, first, second) for a, b in zip(*(positional(sql_a, s)[1] for s in pair), strict=True))
            for pair in zip(params_a, params_b, strict=True)
        )  # fmt: skip
        return Statement((positional(sql_a, {})[0],), (), sets, required)
    (sql_a, list_a), (sql_b, list_b) = positional(sql_a, params_a), positional(sql_b, params_b)
    (fragments, lengths_a, separators), (fragments_b, lengths_b, _) = (
        shape(sql_a, first.placeholder),
        shape(sql_b, first.placeholder),
    )
    if fragments != fragments_b:
        raise SystemExit(f"floor: statement {step} differs between the samples:\n{sql_a}\n{sql_b}")
    groups = _groups(fragments, (lengths_a, lengths_b), (list_a, list_b), step, (first, second))
    return Statement(tuple(fragments), tuple(groups), None, required, separators=tuple(separators))


@dataclass
class Built:
    plan: Plan
    check: dict[str, Any]


def issued(ops: Trace) -> dict[str, int]:
    return dict(Counter(verb(op[1]) if op[0] == "exec" else op[0].upper() for op in ops))


def _answer_columns(plan: Plan, first: Sample, answer: Any) -> None:
    """Where a page's rows and its total are among the statements' results."""
    items, total = answer.json(), int(answer.headers["x-total-count"])
    for step, result in enumerate(first.results):
        if result.rows == [(total,)] and plan.total_step is None:
            plan.total_step = step
        if len(result.rows) == len(items) and items and plan.rows_step is None:
            columns = {
                key: next((c for c in range(len(result.rows[0])) if all(same(r[c], i[key]) for r, i in zip(result.rows, items, strict=True))), None)
                for key in ("id", "agency", "status")
            }  # fmt: skip
            if None not in columns.values():
                plan.rows_step, plan.columns = step, {k: v for k, v in columns.items() if v is not None}
    if plan.rows_step is None or plan.total_step is None:
        raise SystemExit("floor: the page's rows or its total are not among the statements' results")


def _check(plan: Plan, second: Sample) -> dict[str, Any]:
    """The second sample's statements rebuilt from its own values: how many parameters match."""
    statements = [s for s in plan.steps if isinstance(s, Statement)]
    exact, approximate = 0, []
    for step, (stmt, (sql, params, many, _)) in enumerate(zip(statements, second.statements(), strict=True)):
        ours_sql, ours = bind(stmt, plan.placeholder, second.inputs, second.results)
        theirs = [positional(sql, p)[1] for p in params] if many else positional(sql, params)[1]
        if not many and ours_sql != positional(sql, params)[0]:
            approximate.append(f"statement {step}: SQL differs")
        for number, (mine, recorded) in enumerate(zip(ours, theirs, strict=True)):
            if same(mine, recorded):
                exact += 1
            else:
                approximate.append(f"statement {step} parameter {number}: {str(recorded)[:50]!r}")
    return {"exact": exact, "approximate": approximate}


def _fragments(op: list[Any], placeholder: str) -> list[str]:
    return shape(positional(op[1], op[2])[0], placeholder)[0] if op[0] == "exec" else [op[0]]


def _short_page(plan: Plan, full: Trace, short: Trace) -> None:
    """The statements a short first page leaves out (its total is then its length): only the count."""
    at, left_out = 0, []
    for step, op in enumerate(o for o in full if o[0] == "exec"):
        while at < len(short) and short[at][0] != "exec":
            at += 1
        if at < len(short) and _fragments(short[at], plan.placeholder) == _fragments(op, plan.placeholder):
            at += 1
        else:
            left_out.append(step)
    if left_out and (left_out != [plan.total_step] or plan.rows_step is None or plan.rows_step > left_out[0]):
        raise SystemExit(f"floor: a short first page leaves out statements {left_out}, not just its count")
    statements = [s for s in plan.steps if isinstance(s, Statement)]
    for step in left_out:
        index = plan.steps.index(statements[step])
        plan.steps[index] = replace(statements[step], counts_total=True)


def plan_for(kind: str, recordings: list[tuple[dict[str, Any], Any, Trace]], placeholder: str) -> Built:
    (inputs_a, answer_a, trace_a), (inputs_b, _, trace_b) = recordings[:2]
    first, second = Sample(inputs_a, trace_a, placeholder), Sample(inputs_b, trace_b, placeholder)
    kinds_a, kinds_b = [o[0] for o in trace_a], [o[0] for o in trace_b]
    if kinds_a != kinds_b:
        raise SystemExit(f"floor: the two {kind} requests ran different steps: {kinds_a} / {kinds_b}")
    steps: list[Step] = []
    for op in trace_a:
        steps.append(
            op[0]
            if op[0] != "exec"
            else statement(len([s for s in steps if isinstance(s, Statement)]), first, second)
        )
    plan = Plan(steps, placeholder, issued=issued(trace_a))
    if kind != "done":
        _answer_columns(plan, first, answer_a)
        _short_page(plan, trace_a, recordings[2][2])
    return Built(plan, {"issued": plan.issued, "replayed": plan.replayed(), **_check(plan, second)})
