"""A deadline on every socket operation of a sync attempt.

httpx's timeouts bound each read on its own, so a server that sends its answer one byte at a
time, headers included, is never timed out. The client's own transport wraps httpcore's
network backend so that every connect, read and write of an attempt gets at most the time
left before the attempt's deadline (set with `attempt_deadline`). The async client gets the
same bound from `asyncio.timeout`.

The wrappers live in `_deadline_backend`, imported when the first client is made: they need
httpcore, which `import httpx` does not import and which costs a quarter of httpx's import.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "datachain_studio_deadline", default=None
)


@contextmanager
def attempt_deadline(deadline: float) -> Iterator[None]:
    """Bound the socket operations made inside the block by `deadline` (`time.monotonic`)."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the attempt took longer than its timeout")
    return left if timeout is None else min(timeout, left)


def deadline_client() -> httpx.Client:
    """An `httpx.Client` whose connections honour `attempt_deadline`."""
    import httpcore

    from ._deadline_backend import DeadlineBackend

    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):  # httpx's internals as of 0.28
        pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return httpx.Client(transport=transport)
