"""Tests of the retry policy (pure decisions, fixed random and clock)."""

from __future__ import annotations

import email.utils

import httpx2
import pytest

from datachain_studio._retry import RETRYABLE_STATUSES, RetryPolicy

NOW = 1_700_000_000.0
REQUEST = httpx2.Request("POST", "https://studio.example.com/api/datachain/jobs/")


def policy(**kwargs: object) -> RetryPolicy:
    defaults: dict[str, object] = {"random": lambda: 1.0, "clock": lambda: NOW, "jitter": "none"}
    return RetryPolicy(**{**defaults, **kwargs})  # type: ignore[arg-type]


def status(
    code: int, retry_after: str | None = None, *, retry_after_ms: str | None = None
) -> httpx2.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    if retry_after_ms is not None:
        headers["retry-after-ms"] = retry_after_ms
    return httpx2.Response(code, headers=headers, request=REQUEST)


NEVER_SENT = [
    httpx2.ConnectError("refused", request=REQUEST),
    httpx2.ConnectTimeout("slow connect", request=REQUEST),
    httpx2.PoolTimeout("pool full", request=REQUEST),
]
MAYBE_PROCESSED = [
    httpx2.ReadTimeout("slow answer", request=REQUEST),
    httpx2.WriteTimeout("slow upload", request=REQUEST),
    httpx2.ReadError("connection reset", request=REQUEST),
    httpx2.RemoteProtocolError("server disconnected", request=REQUEST),
]


@pytest.mark.parametrize("error", NEVER_SENT + MAYBE_PROCESSED, ids=type)
def test_idempotent_methods_retry_transport_errors(error: Exception) -> None:
    for method in ("GET", "PATCH", "DELETE", "put"):
        assert policy().should_retry(method, error, 1)


@pytest.mark.parametrize("error", NEVER_SENT, ids=type)
def test_post_retries_when_never_sent(error: Exception) -> None:
    assert policy().should_retry("POST", error, 1)


@pytest.mark.parametrize("error", MAYBE_PROCESSED, ids=type)
def test_post_never_retries_when_the_server_may_have_acted(error: Exception) -> None:
    assert not policy().should_retry("POST", error, 1)
    assert policy().next_delay("POST", error, 1) is None


@pytest.mark.parametrize("code", sorted(RETRYABLE_STATUSES))
def test_statuses_for_idempotent_methods(code: int) -> None:
    assert policy().should_retry("GET", status(code), 1)


GATEWAY_5XX = [501, 505, 520, 521, 522, 523, 524, 529, 599]


@pytest.mark.parametrize("code", GATEWAY_5XX)
def test_every_5xx_is_retried_for_idempotent_methods(code: int) -> None:
    assert code in RETRYABLE_STATUSES
    for method in ("GET", "PUT", "DELETE"):
        assert policy().next_delay(method, status(code), 1) == 0.5


@pytest.mark.parametrize("code", [200, 301, 400, 401, 403, 404, 409, 422, 499, 600])
def test_other_statuses_are_final(code: int) -> None:
    assert not policy().should_retry("GET", status(code), 1)


def test_retried_statuses_are_408_429_and_every_5xx() -> None:
    assert frozenset({408, 429, *range(500, 600)}) == RETRYABLE_STATUSES


def test_post_retries_only_429_and_503() -> None:
    retried = {
        code for code in RETRYABLE_STATUSES if policy().should_retry("POST", status(code), 1)
    }
    assert retried == {429, 503}


@pytest.mark.parametrize("code", [408, 500, 502, 504, *GATEWAY_5XX])
def test_a_create_is_not_resent_after_a_status_where_studio_may_have_acted(code: int) -> None:
    for method, idempotent in (("POST", None), ("PUT", False), ("GET", False)):
        assert policy().next_delay(method, status(code), 1, idempotent=idempotent) is None
        # not even when the server asks for a retry
        answer = status(code, "1", retry_after_ms="5")
        assert policy().next_delay(method, answer, 1, idempotent=idempotent) is None


def test_idempotent_override() -> None:
    read_timeout = MAYBE_PROCESSED[0]
    assert policy().should_retry("POST", read_timeout, 1, idempotent=True)
    assert not policy().should_retry("GET", status(500), 1, idempotent=False)


def test_programming_errors_are_not_retried() -> None:
    assert not policy().should_retry("GET", ValueError("bug"), 1)
    assert not policy().should_retry("GET", httpx2.UnsupportedProtocol("ftp"), 1)


def test_retries_are_counted() -> None:
    p = policy(max_retries=2)
    assert p.next_delay("GET", status(503), 2) is not None
    assert p.next_delay("GET", status(503), 3) is None
    assert policy(max_retries=0).next_delay("GET", status(503), 1) is None


def test_exponential_backoff_is_capped() -> None:
    p = policy(max_retries=10, initial_delay=0.5, max_delay=8.0)
    assert [p.delay_for(n) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert policy(max_retries=5000).delay_for(4000) == 8.0


def test_full_and_equal_jitter() -> None:
    # attempt 3: the backoff is 0.5 * 2**2 = 2 seconds
    assert policy(max_retries=3, jitter="full", random=lambda: 0.0).delay_for(3) == 0.0
    assert policy(max_retries=3, jitter="full", random=lambda: 0.5).delay_for(3) == 1.0
    assert policy(max_retries=3, jitter="equal", random=lambda: 0.0).delay_for(3) == 1.0
    equal_top = policy(max_retries=3, jitter="equal", random=lambda: 0.999).delay_for(3)
    assert equal_top == pytest.approx(2.0, abs=0.01)


def test_default_jitter_spreads_delays() -> None:
    delays = {RetryPolicy().delay_for(2) for _ in range(50)}
    assert len(delays) > 1
    assert all(delay is not None and 0.5 <= delay <= 1.0 for delay in delays)


def test_retry_after_seconds() -> None:
    assert policy().next_delay("POST", status(429, "7"), 1) == 7.0
    assert policy().next_delay("GET", status(503, " 1.5 "), 1) == 1.5
    assert policy().next_delay("GET", status(503, "0"), 1) == 0.0


def test_retry_after_http_date() -> None:
    in_30s = email.utils.formatdate(NOW + 30, usegmt=True)
    assert policy().next_delay("GET", status(503, in_30s), 1) == pytest.approx(30.0)
    past = email.utils.formatdate(NOW - 30, usegmt=True)
    assert policy().next_delay("GET", status(503, past), 1) == 0.0


@pytest.mark.parametrize(
    "garbage", ["soon", "-5", "", "1e3", "Wed, 99 Foo 2015", "Wed, 21 Oct 99999 07:28:00 GMT"]
)
def test_garbage_retry_after_falls_back_to_backoff(garbage: str) -> None:
    assert policy(initial_delay=0.25).next_delay("GET", status(503, garbage), 1) == 0.25


def test_retry_after_ms() -> None:
    assert policy().next_delay("GET", status(503, retry_after_ms="1500"), 1) == 1.5
    assert policy().next_delay("POST", status(429, retry_after_ms=" 250.5 "), 1) == 0.2505
    assert policy().next_delay("GET", status(529, retry_after_ms="0"), 1) == 0.0


def test_retry_after_ms_wins_over_retry_after() -> None:
    assert policy().next_delay("GET", status(503, "3", retry_after_ms="2500"), 1) == 2.5
    in_30s = email.utils.formatdate(NOW + 30, usegmt=True)
    assert policy().next_delay("GET", status(429, in_30s, retry_after_ms="100"), 1) == 0.1


@pytest.mark.parametrize("garbage", ["soon", "-5", "", "1e3", "2 s"])
def test_garbage_retry_after_ms_falls_back_to_retry_after(garbage: str) -> None:
    assert policy().next_delay("GET", status(503, "4", retry_after_ms=garbage), 1) == 4.0
    just_ms = status(503, retry_after_ms=garbage)
    assert policy(initial_delay=0.25).next_delay("GET", just_ms, 1) == 0.25


def test_too_long_retry_after_ms_gives_up() -> None:
    p = policy(max_retry_after=60)
    assert p.next_delay("GET", status(429, retry_after_ms="60000"), 1) == 60.0
    assert p.next_delay("GET", status(429, retry_after_ms="60001"), 1) is None
    # the short Retry-After does not rescue a too long retry-after-ms: the latter wins
    assert p.next_delay("GET", status(429, "1", retry_after_ms="3600000"), 1) is None


def test_too_long_retry_after_gives_up() -> None:
    assert policy(max_retry_after=60).next_delay("GET", status(429, "60"), 1) == 60.0
    assert policy(max_retry_after=60).next_delay("GET", status(429, "61"), 1) is None
    in_2h = email.utils.formatdate(NOW + 7200, usegmt=True)
    assert policy().next_delay("GET", status(503, in_2h), 1) is None


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError):
        RetryPolicy(initial_delay=-0.1)
    with pytest.raises(ValueError):
        RetryPolicy(jitter="sometimes")  # type: ignore[arg-type]
