"""Running a flow in this process, to its end: its result, or its failure as a user error.

The CLI calls flows through this, so it deals in plain results and never in Prefect states."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from prefect.states import State

from dondoc.record.errors import DondocError


def run_to_end(running: Awaitable[State[Any]], what: str) -> dict[str, Any]:
    """`running` is a flow called with return_state=True; a Failed run's message (bad input, a
    refused change) becomes a DondocError the CLI prints on its own."""
    state: State[Any] = asyncio.run(running)  # type: ignore[arg-type]
    if not state.is_completed():
        raise DondocError(state.message or f"{what} thất bại ({state.name})")
    result = state.result()
    assert isinstance(result, dict)
    return result
