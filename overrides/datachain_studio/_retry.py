"""When to retry a failed request, and how long to wait first.

Pure decisions, no I/O: the client asks :meth:`RetryPolicy.next_delay` after each
failed attempt and sleeps for the answer, or gives up on ``None``.

Retried outcomes: transport errors (connection failures, timeouts, a connection
closed mid-way) and the statuses 408, 429 and every 5xx (500-599: Studio's own
errors and those of the gateways in front of it, such as Cloudflare's 520-524 and
529). A request that is not idempotent (by default: POST; the resources pass
``idempotent=False`` for every call that creates something) is retried only when
the server cannot have acted on it: the connection was never established
(``httpx2.ConnectError``, ``httpx2.ConnectTimeout``, ``httpx2.PoolTimeout``) or the
server refused it with 429 or 503. It is never retried after a read timeout, a
connection reset, 408 or any other 5xx, since Studio may have done the work.

The wait grows exponentially from ``initial_delay`` up to ``max_delay``, with jitter.
A wait the server asks for replaces the computed one: ``retry-after-ms``
(milliseconds) or ``Retry-After`` (seconds, or an HTTP date). If it asks for more
than ``max_retry_after`` seconds the request is not retried: the error reaches the
caller at once, since silently sleeping for minutes is worse than an error that
says to come back later.
"""

from __future__ import annotations

import dataclasses
import datetime
import random as _random
import re
import time
from collections.abc import Callable
from typing import Final, Literal

import httpx2

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy"]

RETRYABLE_STATUSES: Final = frozenset({408, 429, *range(500, 600)})
_NOT_PROCESSED_STATUSES: Final = frozenset({429, 503})
_NOT_SENT_ERRORS: Final = (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout)
_TRANSIENT_ERRORS: Final = (
    httpx2.TimeoutException,
    httpx2.NetworkError,
    httpx2.RemoteProtocolError,
)
_IDEMPOTENT_METHODS: Final = frozenset(
    {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE", "PATCH"}
)
_SECONDS: Final = re.compile(r"\d+(\.\d+)?")


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; see the module docstring for what is retried.

    ``attempt`` counts the attempts made so far: 1 after the first request failed.
    ``jitter`` is ``"full"`` (wait uniformly in ``[0, backoff]``), ``"equal"`` (in
    ``[backoff/2, backoff]``, the default: never hammers, still spreads clients) or
    ``"none"``. ``random`` (returning a float in [0, 1)) and ``clock`` (Unix time in
    seconds, used for HTTP-date ``Retry-After``) can be replaced in tests.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: Literal["full", "equal", "none"] = "equal"
    random: Callable[[], float] = _random.random
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        for name in ("max_retries", "initial_delay", "max_delay", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)!r}")
        if self.jitter not in ("full", "equal", "none"):
            raise ValueError(f"jitter must be 'full', 'equal' or 'none', got {self.jitter!r}")

    def next_delay(
        self,
        method: str,
        outcome: httpx2.Response | BaseException,
        attempt: int,
        *,
        idempotent: bool | None = None,
    ) -> float | None:
        """Seconds to wait before retrying after ``outcome``, or None to give up."""
        if not self.should_retry(method, outcome, attempt, idempotent=idempotent):
            return None
        response = outcome if isinstance(outcome, httpx2.Response) else None
        return self.delay_for(attempt, response)

    def should_retry(
        self,
        method: str,
        outcome: httpx2.Response | BaseException,
        attempt: int,
        *,
        idempotent: bool | None = None,
    ) -> bool:
        """Tell whether a request that ended with ``outcome`` may be sent again.

        ``outcome`` is the error response or the httpx2 exception. ``idempotent``
        defaults to what ``method`` implies (POST is the only method that is not).
        """
        if attempt > self.max_retries:
            return False
        if idempotent is None:
            idempotent = method.upper() in _IDEMPOTENT_METHODS
        if isinstance(outcome, httpx2.Response):
            if idempotent:
                return outcome.status_code in RETRYABLE_STATUSES
            return outcome.status_code in _NOT_PROCESSED_STATUSES
        if idempotent:
            return isinstance(outcome, _TRANSIENT_ERRORS)
        return isinstance(outcome, _NOT_SENT_ERRORS)

    def delay_for(self, attempt: int, response: httpx2.Response | None = None) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None if it should not happen.

        Honours the response's ``Retry-After`` when it is valid; None when it asks
        for more than ``max_retry_after`` or the retries are used up.
        """
        if attempt > self.max_retries:
            return None
        if response is not None:
            retry_after = self._retry_after(response)
            if retry_after is not None:
                return retry_after if retry_after <= self.max_retry_after else None
        doublings = min(max(attempt - 1, 0), 64)
        backoff = min(self.max_delay, self.initial_delay * 2.0**doublings)
        if self.jitter == "full":
            return backoff * self.random()
        if self.jitter == "equal":
            return backoff / 2 + backoff / 2 * self.random()
        return backoff

    def _retry_after(self, response: httpx2.Response) -> float | None:
        """The wait the server asks for, in seconds; None when absent or unreadable.

        ``retry-after-ms`` wins over ``Retry-After`` when both are readable: a server
        sends both to mean one wait, the standard header rounded (to the second, or to
        a date) for clients that know no other, and the millisecond one is the exact
        wait for clients that read it. An unreadable ``retry-after-ms`` is ignored and
        ``Retry-After`` used instead.
        """
        millis = response.headers.get("retry-after-ms", "").strip()
        if _SECONDS.fullmatch(millis):
            return float(millis) / 1000
        value = response.headers.get("retry-after", "").strip()
        if _SECONDS.fullmatch(value):
            return float(value)
        import email.utils

        try:
            moment = email.utils.parsedate_to_datetime(value)
            if moment.tzinfo is None:  # a "-0000" zone: still UTC
                moment = moment.replace(tzinfo=datetime.UTC)
            seconds = moment.timestamp() - self.clock()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return max(0.0, seconds)
