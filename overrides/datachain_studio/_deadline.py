"""Time bounds: the whole of a bounded operation, and each attempt of a request.

`Deadline` is the one bound of an operation that spans many requests (`jobs.wait`,
`jobs.follow`, `datasets.download`, `login`): every request made inside it gets at most the
time left, a retry is not started once it is spent, and the operation then ends with the
error the deadline was made with (`WaitTimeoutError` for the public ones).

`attempt_deadline` bounds one sync attempt: httpx2's timeouts bound each socket read on its
own, so a server that sends its answer one byte at a time, headers included, is never timed
out. The client's own transport (`_deadline_backend`) gives every connect, read and write of
an attempt at most the time left before the moment set here. The async client gets the same
bound from `anyio.fail_after`.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable

from ._exceptions import StudioError


class Deadline:
    """The moment a bounded operation gives up, and the error it gives up with.

    `seconds=None` never expires. `seconds=0` means "look once": the operation makes its
    first request (bounded by that request's own `timeout`) and gives up after it, where
    any other bound also caps every request by the time left.
    """

    __slots__ = ("_at", "_error", "look_once")

    def __init__(self, seconds: float | None, error: Callable[[], StudioError]) -> None:
        self._at = None if seconds is None else time.monotonic() + seconds
        self._error = error
        self.look_once = seconds == 0

    @property
    def bounded(self) -> bool:
        """Whether this deadline can expire at all."""
        return self._at is not None

    def remaining(self) -> float | None:
        """Seconds left (0 or less once passed); None when unbounded."""
        return None if self._at is None else self._at - time.monotonic()

    def left(self) -> float | None:
        """Seconds left; None when unbounded. Raises the deadline's error once passed."""
        if self._at is None:
            return None
        left = self._at - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def cap(self, seconds: float) -> float:
        """`seconds`, or the time left if that is shorter (raises once passed)."""
        left = self.left()
        return seconds if left is None else min(seconds, left)

    def budget(self) -> float | None:
        """At most how long the next request may take: None when it keeps its own timeout
        (no bound, or the one look of `seconds=0`). Raises once passed."""
        if self.look_once:
            return None
        return self.left()

    def error(self) -> StudioError:
        """The error the operation ends with once the deadline has passed."""
        return self._error()


_attempt_end: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "datachain_studio_attempt_end", default=None
)


class attempt_deadline:  # lower case: used as the function it was, `with attempt_deadline(t):`
    """Bound the socket operations made inside the block by `deadline` (`time.monotonic`).

    A class, not a generator: it is entered on every sync request."""

    __slots__ = ("_deadline", "_token")

    def __init__(self, deadline: float) -> None:
        self._deadline = deadline

    def __enter__(self) -> None:
        self._token = _attempt_end.set(self._deadline)

    def __exit__(self, *exc: object) -> None:
        _attempt_end.reset(self._token)


def socket_budget(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` cut to what is left of the current attempt; `error` once nothing is."""
    deadline = _attempt_end.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the attempt took longer than its timeout")
    return left if timeout is None else min(timeout, left)
