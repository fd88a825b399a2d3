"""Who a policy step means: assignee, escalates_to, lead, coordinators, or agency:CODE."""

from __future__ import annotations

from collections.abc import Iterable

from dondoc.escalation.policies import Recipient


def resolve(
    targets: Iterable[str],
    *,
    assignee_code: str,
    escalates_to_code: str | None,
    lead_code: str,
    coordinator_codes: Iterable[str],
) -> list[str]:
    """Agency codes, in the order the step names them, each once (the assignee may also be the
    lead, or a coordinator). An agency at the top of the chain escalates to no one: that target
    is simply absent."""
    codes: list[str] = []
    for target in targets:
        if target == Recipient.ASSIGNEE:
            codes.append(assignee_code)
        elif target == Recipient.ESCALATES_TO:
            codes.extend([escalates_to_code] if escalates_to_code else [])
        elif target == Recipient.LEAD:
            codes.append(lead_code)
        elif target == Recipient.COORDINATORS:
            codes.extend(coordinator_codes)
        else:
            codes.append(target.removeprefix("agency:"))
    return list(dict.fromkeys(codes))
