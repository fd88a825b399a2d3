"""Schemathesis against /openapi.json, in-process on the ASGI app: whatever it sends, as an
agency and as a coordinator, the API never answers with a server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.portal.conftest import TOWN, Portal

# bounded so the whole run stays within seconds: ~15 operations x examples x 2 callers
EXAMPLES = 15
TASK = "bo-tri-lai-bo-phan-mot-cua"


def test_no_server_error(portal: Portal) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", portal.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    # random ids almost never exist (404 at once): aim at a real subtask so bodies reach the core
    real = portal.subtask(TASK, TOWN)

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
        )
        def never_500(case) -> None:  # type: ignore[no-untyped-def]
            if case.path_parameters and "subtask_id" in case.path_parameters:
                case.path_parameters["subtask_id"] = real
            for who in (TOWN, "coordinator"):
                case.call_and_validate(headers=portal.bearer(who), checks=[not_a_server_error])

        never_500()
