"""From a directive spec to the tasks and subtasks it creates: check it against the registry,
expand fan-outs, link dependencies, resolve due days. Pure: no database, no Prefect."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dondoc.directives.duerules import DueRule, describe, parse_due_rule
from dondoc.directives.registry import AgencyInfo, Registry
from dondoc.directives.spec import DirectiveSpec, TaskSpec
from dondoc.escalation.policies import Policy
from dondoc.record.enums import Role
from dondoc.record.errors import SpecError, SpecProblem
from dondoc.record.workcalendar import WorkCalendar
from dondoc.record.yamlsrc import line_of

SubtaskKey = tuple[str, str]  # (task id, agency code)


@dataclass(frozen=True)
class PlannedTask:
    key: str
    position: int
    text: str
    lead_code: str
    support_codes: list[str]
    rule: DueRule
    due_text: str | None
    policy_name: str
    fan_out: dict[str, Any] | None
    depends_on: list[str]

    @property
    def due_rule(self) -> str:
        return describe(self.rule)


@dataclass(frozen=True)
class PlannedSubtask:
    task_key: str
    agency_code: str
    role: Role
    due_on: dt.date | None

    @property
    def key(self) -> SubtaskKey:
        return (self.task_key, self.agency_code)


@dataclass
class Plan:
    spec: DirectiveSpec
    source_file: str
    # "" when the issuer is not one of the registry's bodies: documents from above are issued by
    # offices the district does not follow up
    issuer_code: str
    issuer_name: str
    tasks: list[PlannedTask]
    subtasks: list[PlannedSubtask]
    # (dependent, prerequisite)
    dependencies: list[tuple[SubtaskKey, SubtaskKey]]
    policies: dict[str, Policy] = field(default_factory=dict)

    @property
    def spec_hash(self) -> str:
        return self.spec.content_hash()


class _Checker:
    def __init__(self, path: Path, data: Any, registry: Registry):
        self.path = path
        self.data = data
        self.registry = registry
        self.problems: list[SpecProblem] = []

    def add(self, loc: tuple[int | str, ...], message: str) -> None:
        field_name = ".".join(str(p) for p in loc)
        self.problems.append(SpecProblem(str(self.path), line_of(self.data, loc), field_name, message))

    def agency(self, name: str, loc: tuple[int | str, ...]) -> AgencyInfo | None:
        found = self.registry.resolve(name)
        if found is None:
            near = self.registry.suggest(name)
            hint = f"; gần nhất: {', '.join(near)}" if near else ""
            self.add(loc, f"không có cơ quan '{name}'{hint}")
        return found


def _find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A dependency cycle as a path a → b → a, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in edges:
        if node not in state and (found := visit(node)):
            return found
    return None


def _assignees(task: TaskSpec, index: int, check: _Checker) -> list[tuple[AgencyInfo, Role]]:
    loc: tuple[int | str, ...] = ("tasks", index)
    if task.lead is None:
        written = f" (văn bản ghi: '{task.lead_text}')" if task.lead_text else ""
        # tasks are named by their place: the id is the file's, not the clerk's
        check.add((*loc, "lead"), f"nhiệm vụ {index + 1} chưa có cơ quan chủ trì{written}: chọn một cơ quan")
        lead = None
    else:
        lead = check.agency(task.lead, (*loc, "lead"))
    support = [check.agency(name, (*loc, "support", i)) for i, name in enumerate(task.support)]
    result: list[tuple[AgencyInfo, Role]] = []
    if task.fan_out is None:
        if lead:
            result.append((lead, Role.LEAD))
    else:
        parent = check.agency(task.fan_out.parent, (*loc, "fan_out", "parent"))
        if parent:
            targets = check.registry.descendants(parent.code, task.fan_out.kind)
            if not targets:
                check.add(
                    (*loc, "fan_out", "kind"),
                    f"'{parent.name}' không có đơn vị cấp dưới loại '{task.fan_out.kind.value}'",
                )
            result += [(agency, Role.FAN_OUT) for agency in targets]
    seen = {agency.code for agency, _ in result}
    for agency in support:
        if agency and agency.code not in seen:
            result.append((agency, Role.SUPPORT))
            seen.add(agency.code)
    return result


def _due_rule(task: TaskSpec, loc: tuple[int | str, ...], issued_on: dt.date, check: _Checker) -> DueRule:
    """The task's due rule, checked against the issue date and its dependencies."""
    try:
        rule = parse_due_rule(task.due)
    except ValueError as exc:
        check.add((*loc, "due"), str(exc))
        rule = DueRule()
    if rule.fixed and rule.fixed < issued_on:
        check.add((*loc, "due"), f"hạn {rule.fixed:%d/%m/%Y} trước ngày ban hành {issued_on:%d/%m/%Y}")
    if rule.after_prerequisite and not task.depends_on:
        check.add((*loc, "due"), "hạn tính từ việc trước nhưng nhiệm vụ không có depends_on")
    return rule


def _check_names(
    task: TaskSpec, loc: tuple[int | str, ...], ids: list[str], policies: dict[str, Policy], check: _Checker
) -> None:
    """The policy and the prerequisites a task names exist, or the closest that do are named."""
    if task.policy not in policies:
        near = difflib.get_close_matches(task.policy, list(policies), n=1)
        hint = f"; gần nhất: '{near[0]}'" if near else f"; có: {', '.join(policies)}"
        check.add((*loc, "policy"), f"không có chính sách '{task.policy}'{hint}")
    for i, dep in enumerate(task.depends_on):
        if dep not in ids:
            near = difflib.get_close_matches(dep, ids, n=1)
            hint = f"; gần nhất: '{near[0]}'" if near else ""
            check.add((*loc, "depends_on", i), f"không có nhiệm vụ '{dep}'{hint}")


def _planned_task(
    task: TaskSpec, index: int, rule: DueRule, assignees: list[tuple[AgencyInfo, Role]], registry: Registry
) -> PlannedTask:
    lead = registry.resolve(task.lead) if task.lead else None
    return PlannedTask(
        key=task.id,
        position=index,
        text=task.text,
        lead_code=lead.code if lead else (task.lead or ""),
        support_codes=[a.code for a, role in assignees if role is Role.SUPPORT],
        rule=rule,
        due_text=task.due_text,
        policy_name=task.policy,
        fan_out=task.fan_out.model_dump(mode="json") if task.fan_out else None,
        depends_on=list(task.depends_on),
    )


def _check_cycle(spec: DirectiveSpec, ids: list[str], check: _Checker) -> None:
    cycle = _find_cycle({task.id: [d for d in task.depends_on if d in ids] for task in spec.tasks})
    if cycle:
        first = ids.index(cycle[0])
        check.add(("tasks", first, "depends_on"), f"phụ thuộc vòng tròn: {' → '.join(cycle)}")


def _expand(
    tasks: list[PlannedTask],
    assignees: dict[str, list[tuple[AgencyInfo, Role]]],
    issued_on: dt.date,
    calendar: WorkCalendar,
) -> list[PlannedSubtask]:
    """A subtask for each assignee of each task, due on the day its task's rule comes to."""
    subtasks: list[PlannedSubtask] = []
    for planned in tasks:
        due_on = planned.rule.resolve(issued_on, calendar)  # once a task: its fan-out shares it
        subtasks += [
            PlannedSubtask(planned.key, agency.code, role, due_on) for agency, role in assignees[planned.key]
        ]
    return subtasks


def build_plan(
    spec: DirectiveSpec,
    data: Any,
    path: Path,
    *,
    registry: Registry,
    calendar: WorkCalendar,
    policies: dict[str, Policy],
) -> Plan:
    """Check the spec against the registry and policies and expand it; raise every problem at once."""
    check = _Checker(path, data, registry)
    ids = [task.id for task in spec.tasks]
    tasks: list[PlannedTask] = []
    assignees: dict[str, list[tuple[AgencyInfo, Role]]] = {}
    seen_ids: set[str] = set()
    for index, task in enumerate(spec.tasks):
        loc: tuple[int | str, ...] = ("tasks", index)
        if task.id in seen_ids:
            check.add((*loc, "id"), f"mã nhiệm vụ '{task.id}' bị trùng")
        seen_ids.add(task.id)
        rule = _due_rule(task, loc, spec.issued_on, check)
        _check_names(task, loc, ids, policies, check)
        assignees[task.id] = _assignees(task, index, check)
        tasks.append(_planned_task(task, index, rule, assignees[task.id], registry))
    _check_cycle(spec, ids, check)
    if check.problems:
        raise SpecError(check.problems)
    subtasks = _expand(tasks, assignees, spec.issued_on, calendar)
    issuer = registry.resolve(spec.issuer)
    return Plan(
        spec=spec,
        source_file=str(path),
        issuer_code=issuer.code if issuer else "",
        issuer_name=issuer.name if issuer else spec.issuer,
        tasks=tasks,
        subtasks=subtasks,
        dependencies=_link(tasks, subtasks, registry),
        policies=policies,
    )


def _link(
    tasks: list[PlannedTask], subtasks: list[PlannedSubtask], registry: Registry
) -> list[tuple[SubtaskKey, SubtaskKey]]:
    """A subtask waits for the prerequisite's subtasks of its own agency or an ancestor (a village
    for its commune); where there are none, for all of them.

    Each prerequisite task's subtasks are indexed by agency, so a village finds its commune's
    among a hundred communes in a few lookups (its lineage), not by scanning them all."""
    by_task: dict[str, dict[str, PlannedSubtask]] = {}
    for sub in subtasks:
        by_task.setdefault(sub.task_key, {})[sub.agency_code] = sub
    lineages: dict[str, list[str]] = {}  # the same villages fan out again for every task
    links: list[tuple[SubtaskKey, SubtaskKey]] = []
    for task in tasks:
        if not task.depends_on:
            continue
        for dependent in by_task.get(task.key, {}).values():
            code = dependent.agency_code
            if code not in lineages:
                lineages[code] = [*registry.ancestors(code), code]
            lineage = lineages[code]
            for prerequisite_task in task.depends_on:
                candidates = by_task.get(prerequisite_task, {})
                own = [candidates[code] for code in lineage if code in candidates]
                links += [(dependent.key, p.key) for p in (own or candidates.values())]
    return links
