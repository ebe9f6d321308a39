"""Running a sign-in flow (`_signin._login_flow`, `_logout_flow`) with real I/O.

A flow is a generator that yields what it needs done and decides everything else:
("call", (APICall, Deadline or None)) is answered with the parsed result (or the
`StudioError` thrown in), ("sleep", seconds) is waited, ("show", DeviceCode) is shown. The
sync twin (`_sync/signin.py`) is generated from this module.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, TypeVar

from .. import _base_client
from .._base_client import AsyncAPIClient
from .._exceptions import StudioError

T = TypeVar("T")


async def async_run(
    flow: Generator[tuple[str, Any], Any, T],
    api: AsyncAPIClient,
    show: Callable[[Any], None],
) -> T:
    """Do what `flow` asks until it returns, then close the client it was given."""
    value: Any = None
    error: StudioError | None = None
    try:
        while True:
            try:
                kind, arg = flow.send(value) if error is None else flow.throw(error)
            except StopIteration as done:
                result: T = done.value
                return result
            value, error = None, None
            if kind == "call":
                try:
                    value = await api.execute(arg[0], deadline=arg[1])
                except StudioError as exc:
                    error = exc
            elif kind == "sleep":
                await _base_client._async_sleep(arg)
            else:
                show(arg)
    finally:
        flow.close()
        made = api.http.close()
        if made is not None:
            await made.aclose()
