"""The fault matrix: every fault, against a read and a create, for both clients.

Each `Fault` scripts the fault server and says what the documented policy promises for a
read (`jobs.list`) and a create (`jobs.create`): the exception class (or success), how many
requests the server sees and how many attempts the client makes. `run_case` runs one cell
and `problems` lists how it broke the promise (an empty list: the cell passes). The tests
(`test_fault_matrix.py`) and the table in RELIABILITY.md (`python -m tests.reliability.report`)
both come from these two functions, so the table is what the suite really saw.

Times are scaled down: where time is the point (silence, trickles) the client's timeout is
0.3 s per attempt (not 60 s), and the waits between retries are recorded instead of slept,
so the whole matrix runs in seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from datachain_studio import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncStudio,
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    Studio,
    _base_client,
)
from tests.reliability import fault_server as fs
from tests.reliability.fault_server import Behaviour, FaultServer, Request
from tests.support.raw import free_port

TOKEN = "isat_RELIABILITY_s3cr3t_0123456789"
TIMEOUT = 0.3
"""The client's timeout per attempt for the faults about time (silence, trickles), in s."""
RELAXED = 2.0
"""The client's timeout per attempt for the other faults: never reached on loopback, even on
a loaded machine (the default is 60)."""
SLACK = 0.35
"""How much longer than its timeout one attempt may take (scheduling, thread switches)."""
OPS = ("read", "create")
MODES = ("sync", "async")


@dataclass(frozen=True)
class Expect:
    """What the policy promises for one operation under one fault."""

    outcome: type[BaseException] | None
    """The exact exception class, or None for success."""
    requests: int
    """Requests the server under test sees."""
    attempts: int | None = None
    """Attempts the client makes (default: `requests`)."""
    lost: str = "nothing"
    """What the caller loses, for the table."""

    @property
    def tries(self) -> int:
        return self.requests if self.attempts is None else self.attempts


@dataclass
class Context:
    """What a script may refer to: the second server (another host) for redirects."""

    other_url: str


@dataclass(frozen=True)
class Fault:
    key: str
    title: str
    script: Callable[[Context], list[Behaviour]]
    read: Expect
    create: Expect
    refused: bool = False
    timeout: float = RELAXED
    """The client's timeout per attempt."""
    strict: bool = False
    """Whether the client parses strictly (the default is loose)."""
    then: Callable[[Context], Behaviour] | None = None
    """How the server answers once the script is used up (default: the contract's example)."""
    check: Callable[[CaseResult], list[str]] | None = None
    """Extra promises (the waits chosen, where the token went), as a list of problems."""
    bugs: dict[tuple[str, str], str] = field(default_factory=dict)
    """Known bugs: (op or "*", mode or "*") -> the reason, for `xfail`."""

    def expect(self, op: str) -> Expect:
        return self.read if op == "read" else self.create

    def bug(self, op: str, mode: str) -> str | None:
        for key in ((op, mode), (op, "*"), ("*", mode), ("*", "*")):
            if key in self.bugs:
                return self.bugs[key]
        return None


@dataclass
class CaseResult:
    """What happened in one cell of the matrix."""

    fault: Fault
    op: str
    mode: str
    error: BaseException | None
    value: Any
    requests: list[Request]
    other_requests: list[Request]
    sleeps: list[float]
    elapsed: float
    busy_after_call: int
    """Connections still checked out of the client's pool right after the call."""
    open_after_close: int
    """Connections the servers still had open after the client was closed."""

    @property
    def outcome(self) -> type[BaseException] | None:
        return None if self.error is None else type(self.error)

    @property
    def attempts(self) -> int:
        return len(self.sleeps) + 1

    def outcome_text(self) -> str:
        return "success" if self.error is None else type(self.error).__name__


# --- running one cell -----------------------------------------------------------------


@contextlib.contextmanager
def recorded_sleeps() -> Iterator[list[float]]:
    """Record the client's waits between attempts instead of sleeping them."""
    slept: list[float] = []

    async def no_wait(delay: float) -> None:
        slept.append(delay)

    saved = _base_client._sleep, _base_client._async_sleep
    _base_client._sleep, _base_client._async_sleep = slept.append, no_wait
    try:
        yield slept
    finally:
        _base_client._sleep, _base_client._async_sleep = saved


def _busy(pool: Any) -> int:
    return sum(1 for c in pool.connections if not (c.is_idle() or c.is_closed()))


def _call_sync(studio: Studio, op: str) -> Any:
    return studio.jobs.list() if op == "read" else studio.jobs.create("print(1)")


async def _call_async(studio: AsyncStudio, op: str) -> Any:
    return await (studio.jobs.list() if op == "read" else studio.jobs.create("print(1)"))


Outcome = tuple[Any, BaseException | None, float, int]


def _run_sync(url: str, op: str, fault: Fault) -> Outcome:
    studio = Studio(token=TOKEN, url=url, team="t", timeout=fault.timeout, strict=fault.strict)
    started = time.monotonic()
    value: Any = None
    error: BaseException | None = None
    try:
        value = _call_sync(studio, op)
    except Exception as exc:
        error = exc
    elapsed = time.monotonic() - started
    made = studio._api.http.made
    busy = _busy(made._transport._pool) if made is not None else 0
    studio.close()
    return value, error, elapsed, busy


def _run_async(url: str, op: str, fault: Fault) -> Outcome:
    async def run() -> Outcome:
        studio = AsyncStudio(
            token=TOKEN, url=url, team="t", timeout=fault.timeout, strict=fault.strict
        )
        started = time.monotonic()
        value: Any = None
        error: BaseException | None = None
        try:
            value = await _call_async(studio, op)
        except Exception as exc:
            error = exc
        elapsed = time.monotonic() - started
        made = studio._api.http.made
        busy = _busy(made._transport._pool) if made is not None else 0
        await studio.close()
        return value, error, elapsed, busy

    return asyncio.run(run())


def run_case(fault: Fault, op: str, mode: str) -> CaseResult:
    """Run `op` ("read" or "create") on the `mode` ("sync"/"async") client under `fault`."""
    with recorded_sleeps() as sleeps, FaultServer() as other:
        # Another host name for the same loopback: a different origin, as far as httpx2 knows.
        context = Context(other_url=f"http://localhost:{other.port}")
        then = fault.then(context) if fault.then else None
        with FaultServer(fault.script(context), then) as main:
            url = f"http://127.0.0.1:{free_port()}" if fault.refused else main.url
            runner = _run_sync if mode == "sync" else _run_async
            value, error, elapsed, busy = runner(url, op, fault)
            idle = main.wait_idle() and other.wait_idle()
            open_after = 0 if idle else main.open_connections + other.open_connections
            requests = list(main.requests)
        other_requests = list(other.requests)
    return CaseResult(
        fault,
        op,
        mode,
        error,
        value,
        requests,
        other_requests,
        list(sleeps),
        elapsed,
        busy,
        open_after,
    )


# --- checking one cell ----------------------------------------------------------------


def problems(result: CaseResult) -> list[str]:
    """How `result` breaks the promises of its fault (empty: it keeps them all)."""
    fault, op = result.fault, result.op
    want = fault.expect(op)
    found: list[str] = []
    if result.outcome is not want.outcome:
        wanted = "success" if want.outcome is None else want.outcome.__name__
        detail = f" ({result.error})" if result.error is not None else ""
        found.append(f"outcome {result.outcome_text()}{detail}, expected {wanted}")
    if len(result.requests) != want.requests:
        found.append(f"server saw {len(result.requests)} requests, expected {want.requests}")
    if result.attempts != want.tries:
        found.append(f"client made {result.attempts} attempts, expected {want.tries}")
    if op == "create":
        acted = [r for r in result.requests if r.method == "POST" and r.may_have_acted]
        if len(acted) > 1:
            found.append(f"create reached the server {len(acted)} times after it may have acted")
    limit = result.attempts * (fault.timeout + SLACK) + 0.3
    if result.elapsed > limit:
        found.append(f"took {result.elapsed:.2f}s, more than {limit:.2f}s for its attempts")
    if result.busy_after_call:
        found.append(f"{result.busy_after_call} connection(s) still checked out after the call")
    if result.open_after_close:
        found.append(f"{result.open_after_close} connection(s) still open after close()")
    for request in result.other_requests:
        if TOKEN in json.dumps(request.headers) + request.target:
            found.append("the token went to another host")
    if result.error is not None:
        text = str(result.error) + repr(result.error)
        if TOKEN in text:
            found.append("the token is in the error's text")
    if fault.check is not None:
        found += fault.check(result)
    return found


# --- the faults -----------------------------------------------------------------------


def _sleeps_between(low: float, high: float) -> Callable[[CaseResult], list[str]]:
    def check(result: CaseResult) -> list[str]:
        if result.sleeps and all(low <= s <= high for s in result.sleeps):
            return []
        return [f"waited {result.sleeps}, expected waits in [{low}, {high}]"]

    return check


def _no_wait(result: CaseResult) -> list[str]:
    return [] if not result.sleeps else [f"waited {result.sleeps} before giving up"]


def _token_stays_home(result: CaseResult) -> list[str]:
    found = []
    if not result.requests or result.requests[0].header("authorization") != f"Bearer {TOKEN}":
        found.append("the first server did not get the token")
    if len(result.other_requests) != 1:
        found.append(f"the other host saw {len(result.other_requests)} requests, expected 1")
    elif result.other_requests[0].header("authorization") is not None:
        found.append("the Authorization header followed the redirect to another host")
    return found


def _message_is(text: str) -> Callable[[CaseResult], list[str]]:
    def check(result: CaseResult) -> list[str]:
        message = getattr(result.error, "message", "")
        return [] if text in message else [f"message {message!r} lacks {text!r}"]

    return check


def _http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def _ten_megabytes(data: bytes) -> bytes:
    """The example body grown to 10 MB: 100 jobs of 100 kB for a list, one long query else."""
    value = json.loads(data)
    if isinstance(value, list):
        value = [{**value[0], "query": "x" * 100_000} for _ in range(100)]
    else:
        value["query"] = "x" * 10_000_000
    return json.dumps(value).encode()


HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)
HTML_404 = b"<!DOCTYPE html><html><head><title>Page not found</title></head><body/></html>"

E = Expect
_REF = "nothing: no connection was made"
_RESENT = "nothing: resent until it succeeded"
_UNKNOWN = "the answer: the job may or may not exist (not resent, so never two)"
_NO_JOBS = "the listing: the call raised"
_NO_JOB = "the job: not created (the server refused it)"

# The default policy: 2 retries, so at most 3 requests. A create is retried only when the
# server cannot have acted (no connection, 429, 503).
FAULTS: list[Fault] = [
    Fault(
        "refused",
        "connection refused",
        lambda c: [],
        read=E(APIConnectionError, 0, 3, _REF),
        create=E(APIConnectionError, 0, 3, _REF),
        refused=True,
    ),
    Fault(
        "reset-before-once",
        "connection reset before the response, once",
        lambda c: [fs.reset_before_response()],
        read=E(None, 2, lost=_RESENT),
        create=E(APIConnectionError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "reset-before-always",
        "connection reset before the response, every time",
        lambda c: fs.times(9, fs.reset_before_response),
        read=E(APIConnectionError, 3, lost=_NO_JOBS),
        create=E(APIConnectionError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "reset-mid-body-once",
        "connection reset half-way through the body, once",
        lambda c: [fs.reset_mid_body()],
        read=E(None, 2, lost=_RESENT),
        create=E(APIConnectionError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "reset-mid-body-always",
        "connection reset half-way through the body, every time",
        lambda c: fs.times(9, fs.reset_mid_body),
        read=E(APIConnectionError, 3, lost=_NO_JOBS),
        create=E(APIConnectionError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "closed-mid-body-always",
        "connection closed (FIN) half-way through the body, every time",
        lambda c: fs.times(9, fs.close_mid_body),
        read=E(APIConnectionError, 3, lost=_NO_JOBS),
        create=E(APIConnectionError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "silent-once",
        "accepts, never answers (read timeout), once",
        lambda c: [fs.silent()],
        timeout=TIMEOUT,
        read=E(None, 2, lost=_RESENT),
        create=E(APITimeoutError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "silent-always",
        "accepts, never answers (read timeout), every time",
        lambda c: fs.times(9, fs.silent),
        timeout=TIMEOUT,
        read=E(APITimeoutError, 3, lost=_NO_JOBS),
        create=E(APITimeoutError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "trickle-body",
        "answers one body byte per 0.05 s (each within the read timeout)",
        lambda c: fs.times(9, lambda: fs.trickle(0.05)),
        timeout=TIMEOUT,
        read=E(APITimeoutError, 3, lost=_NO_JOBS),
        create=E(APITimeoutError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "trickle-headers",
        "sends its headers one byte per 0.02 s (each within the read timeout)",
        lambda c: fs.times(9, lambda: fs.trickle_headers(0.02)),
        timeout=TIMEOUT,
        read=E(APITimeoutError, 3, lost=_NO_JOBS),
        create=E(APITimeoutError, 1, lost=_UNKNOWN),
    ),
]

for _code in (500, 502, 504, 520, 529):
    FAULTS += [
        Fault(
            f"{_code}-short",
            f"{_code} twice (shorter than the retry budget)",
            lambda c, code=_code: fs.times(2, lambda: fs.status(code)),
            read=E(None, 3, lost=_RESENT),
            create=E(InternalServerError, 1, lost=_UNKNOWN),
        ),
        Fault(
            f"{_code}-long",
            f"{_code} three times (longer than the retry budget)",
            lambda c, code=_code: fs.times(3, lambda: fs.status(code)),
            read=E(InternalServerError, 3, lost=_NO_JOBS),
            create=E(InternalServerError, 1, lost=_UNKNOWN),
        ),
    ]

FAULTS += [
    Fault(
        "503-short",
        "503 twice (shorter than the retry budget)",
        lambda c: fs.times(2, lambda: fs.status(503)),
        read=E(None, 3, lost=_RESENT),
        create=E(None, 3, lost=_RESENT),
    ),
    Fault(
        "503-long",
        "503 three times (longer than the retry budget)",
        lambda c: fs.times(3, lambda: fs.status(503)),
        read=E(InternalServerError, 3, lost=_NO_JOBS),
        create=E(InternalServerError, 3, lost=_NO_JOB),
    ),
    Fault(
        "429-seconds",
        "429 with Retry-After: 2 (seconds)",
        lambda c: [fs.status(429, {"Retry-After": "2"})],
        read=E(None, 2, lost=_RESENT),
        create=E(None, 2, lost=_RESENT),
        check=_sleeps_between(2.0, 2.0),
    ),
    Fault(
        "429-date",
        "429 with Retry-After as an HTTP date 5 s ahead",
        lambda c: [fs.status(429, {"Retry-After": _http_date(5)})],
        read=E(None, 2, lost=_RESENT),
        create=E(None, 2, lost=_RESENT),
        check=_sleeps_between(3.0, 5.5),
    ),
    Fault(
        "429-too-large",
        "429 with Retry-After: 3600 (beyond the 60 s cap)",
        lambda c: fs.times(3, lambda: fs.status(429, {"Retry-After": "3600"})),
        read=E(RateLimitError, 1, lost=_NO_JOBS),
        create=E(RateLimitError, 1, lost=_NO_JOB),
        check=_no_wait,
    ),
    Fault(
        "429-garbage",
        "429 with Retry-After: soon (garbage: normal backoff)",
        lambda c: [fs.status(429, {"Retry-After": "soon"})],
        read=E(None, 2, lost=_RESENT),
        create=E(None, 2, lost=_RESENT),
        check=_sleeps_between(0.25, 0.5),
    ),
    Fault(
        "429-long",
        "429 without Retry-After, three times",
        lambda c: fs.times(3, lambda: fs.status(429)),
        read=E(RateLimitError, 3, lost=_NO_JOBS),
        create=E(RateLimitError, 3, lost=_NO_JOB),
    ),
    Fault(
        "200-truncated-json",
        "200 with truncated JSON",
        lambda c: [fs.example(body=lambda b: b[: len(b) // 2])],
        read=E(APIResponseValidationError, 1, lost=_NO_JOBS),
        create=E(
            APIResponseValidationError, 1, lost="the created job's id (the body is unreadable)"
        ),
    ),
    Fault(
        "200-html",
        "200 with an HTML page",
        lambda c: [
            fs.reply(200, b"<html><body>Maintenance</body></html>", {"Content-Type": "text/html"})
        ],
        read=E(APIResponseValidationError, 1, lost=_NO_JOBS),
        create=E(APIResponseValidationError, 1, lost="the created job's id, if one was made"),
    ),
    Fault(
        "200-wrong-content-type",
        "200 with the JSON body labelled text/html",
        lambda c: [fs.example(content_type="text/html")],
        read=E(None, 1),
        create=E(None, 1),
    ),
    Fault(
        "200-empty",
        "200 with an empty body",
        lambda c: [fs.reply(200, b"", {"Content-Type": "application/json"})],
        read=E(APIResponseValidationError, 1, lost=_NO_JOBS),
        create=E(APIResponseValidationError, 1, lost="the created job's id, if one was made"),
    ),
    Fault(
        "200-wrong-shape-loose",
        '200 with valid JSON of the wrong shape (`{"unexpected": true}`), loose client',
        lambda c: [fs.reply(200, {"unexpected": True})],
        read=E(APIResponseValidationError, 1, lost=_NO_JOBS + " (an object is not a list of jobs)"),
        create=E(
            None, 1, lost="nothing: a JobOutput whose absent fields read None, the extra kept"
        ),
    ),
    Fault(
        "200-wrong-shape-strict",
        '200 with valid JSON of the wrong shape (`{"unexpected": true}`), strict client',
        lambda c: [fs.reply(200, {"unexpected": True})],
        strict=True,
        read=E(APIResponseValidationError, 1, lost=_NO_JOBS),
        create=E(
            APIResponseValidationError, 1, lost="the created job (the error keeps the raw body)"
        ),
    ),
    Fault(
        "200-10mb",
        "200 with a 10 MB body (client timeout 5 s: the size is the point, not the time)",
        lambda c: [fs.example(body=_ten_megabytes)],
        timeout=5.0,
        read=E(None, 1),
        create=E(None, 1),
    ),
    Fault(
        "502-html",
        "502 with a proxy's HTML page",
        lambda c: fs.times(3, lambda: fs.reply(502, HTML_502, {"Content-Type": "text/html"})),
        read=E(InternalServerError, 3, lost=_NO_JOBS),
        create=E(InternalServerError, 1, lost=_UNKNOWN),
        check=_message_is("502 Bad Gateway"),
    ),
    Fault(
        "404-html",
        "404 with an HTML page",
        lambda c: [fs.reply(404, HTML_404, {"Content-Type": "text/html"})],
        read=E(NotFoundError, 1, lost=_NO_JOBS),
        create=E(NotFoundError, 1, lost=_NO_JOB),
        check=_message_is("Page not found"),
    ),
    Fault(
        "503-empty",
        "503 with an empty body, three times",
        lambda c: fs.times(3, lambda: fs.reply(503)),
        read=E(InternalServerError, 3, lost=_NO_JOBS),
        create=E(InternalServerError, 3, lost=_NO_JOB),
        check=_message_is("503 Service Unavailable"),
    ),
    Fault(
        "401-empty",
        "401 with an empty body",
        lambda c: [fs.reply(401)],
        read=E(AuthenticationError, 1, lost=_NO_JOBS),
        create=E(AuthenticationError, 1, lost=_NO_JOB),
    ),
    Fault(
        "499",
        "499 (not in HTTPStatus)",
        lambda c: [fs.status(499)],
        read=E(APIStatusError, 1, lost=_NO_JOBS),
        create=E(APIStatusError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "520",
        "520 (not in HTTPStatus) with an empty body, three times",
        lambda c: fs.times(3, lambda: fs.reply(520, b"", reason="Unknown Error")),
        read=E(InternalServerError, 3, lost=_NO_JOBS),
        create=E(InternalServerError, 1, lost=_UNKNOWN),
    ),
    Fault(
        "599",
        "599 with no reason phrase, three times",
        lambda c: fs.times(3, lambda: fs.reply(599, {"message": "gateway"}, reason="")),
        read=E(InternalServerError, 3, lost=_NO_JOBS),
        create=E(InternalServerError, 1, lost=_UNKNOWN),
        check=_message_is("gateway"),
    ),
    Fault(
        "401-echoes-token-in-body",
        "401 whose JSON `detail` echoes the Authorization header",
        lambda c: [fs.echo_token(401, "body")],
        read=E(AuthenticationError, 1, lost=_NO_JOBS),
        create=E(AuthenticationError, 1, lost=_NO_JOB),
    ),
    Fault(
        "503-echoes-token-in-reason",
        "503 whose reason phrase echoes the Authorization header, three times",
        lambda c: fs.times(3, lambda: fs.echo_token(503, "reason")),
        read=E(InternalServerError, 3, lost=_NO_JOBS),
        create=E(InternalServerError, 3, lost=_NO_JOB),
    ),
    Fault(
        "401-echoes-token-in-request-id",
        "401 whose X-Request-ID header echoes the Authorization header",
        lambda c: [fs.echo_token(401, "header")],
        read=E(AuthenticationError, 1, lost=_NO_JOBS),
        create=E(AuthenticationError, 1, lost=_NO_JOB),
    ),
    Fault(
        "redirect-other-host",
        "307 redirect to another host",
        lambda c: [fs.redirect(lambda r: c.other_url + r.target)],
        read=E(None, 1, lost="nothing; the other host answered, without the token"),
        create=E(None, 1, lost="nothing; the other host answered, without the token"),
        check=_token_stays_home,
    ),
    Fault(
        "redirect-loop",
        "307 redirect to itself, forever (client timeout 5 s: 21 hops, not a slow server)",
        lambda c: [],
        timeout=5.0,
        then=lambda c: fs.redirect(lambda r: r.target),
        read=E(APIConnectionError, 21, 1, lost=_NO_JOBS),
        create=E(
            APIConnectionError,
            21,
            1,
            lost="the job: not created (each hop was a redirect; the body was posted 21 times)",
        ),
    ),
]


def cases() -> Iterator[tuple[Fault, str, str]]:
    for fault in FAULTS:
        for op in OPS:
            for mode in MODES:
                yield fault, op, mode
