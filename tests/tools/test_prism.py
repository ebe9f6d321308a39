"""Prism checks every request the `Studio` client sends against openapi.yaml.

`prism mock openapi.yaml --errors` (Stoplight Prism, pinned in tools/package.json and
installed by `cd tools && npm ci`) is a mock of Studio that validates each request against
the contract: one that breaks it is answered 422 with the violations in the `sl-violations`
header, and the log says so. A request that keeps to it is answered with the operation's
example, which the client must parse. Every call of `tests/client/calls.py` (every
operation but the three of sign-in) goes through it, with both auth schemes the contract declares.

Prism is an independent implementation of OpenAPI 3.1 request validation: it catches what our
own checks (tests/client, the emulator, both Python and jsonschema-based) might share a blind
spot for.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import pytest

from datachain_studio import AuthScheme, InternalServerError, Studio
from tests.client.calls import CALLS, TEAM, Call
from tests.spec import (
    REFERENCE_OPERATION_COUNT,
    SIGN_IN_OPERATIONS,
    SPEC_PATH,
    operations,
    reference_operations,
)
from tests.support.examples import operation_for
from tests.tools._summary import report

ROOT = SPEC_PATH.parent
PRISM = ROOT / "tools" / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = ROOT / "tools" / "node_modules" / "@stoplight" / "prism-cli"
PINNED_VERSION = "5.14.2"  # keep in step with tools/package.json
STARTUP_TIMEOUT = 60.0
TOKEN = "isat_prism"
# Every operation but sign-in's, which need no Studio object (the token comes from them):
# tests/client/test_signin.py drives those.
OPERATION_IDS = {op.operation_id for op in operations()} - SIGN_IN_OPERATIONS


@dataclass
class PrismServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@dataclass
class Exchange:
    """One request the client sent through Prism, and what Prism made of it."""

    call: Call
    method: str
    path: str
    status: int
    violations: list[dict[str, Any]]
    operation_id: str | None

    @property
    def passed(self) -> bool:
        return self.status != 422 and not self.violations and self.operation_id is not None

    def __str__(self) -> str:
        return (
            f"{self.call.id}: {self.method} {self.path} -> {self.status} "
            f"({self.operation_id or 'no operation of the contract'}) {self.violations}"
        )


@dataclass
class Recorder:
    exchanges: list[tuple[httpx2.Request, httpx2.Response]] = field(default_factory=list)

    def __call__(self, response: httpx2.Response) -> None:
        response.read()
        self.exchanges.append((response.request, response))


def _require_prism() -> None:
    if not PRISM.exists():
        pytest.fail(
            f"Prism is not installed ({PRISM} is missing): run `make install` "
            "(it runs `cd tools && npm ci`, which installs @stoplight/prism-cli "
            f"{PINNED_VERSION})",
            pytrace=False,
        )
    if shutil.which("node") is None:
        pytest.fail("Prism needs Node.js (>= 18.20) on PATH: `node` is not there", pytrace=False)
    package = PRISM_PACKAGE / "package.json"
    installed = (
        json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else None
    )
    if installed != PINNED_VERSION:
        pytest.fail(
            f"@stoplight/prism-cli {installed} is installed in tools/node_modules, expected "
            f"{PINNED_VERSION}: run `make install` (or move the pin here and in "
            "tools/package.json together)",
            pytrace=False,
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers_as_prism(url: str) -> bool:
    """Prism listens there: a request without a token gets its 401 with `sl-violations`."""
    try:
        response = httpx2.get(f"{url}/api/datachain/clusters/", timeout=2)
    except httpx2.HTTPError:
        return False
    return response.status_code == 401 and "sl-violations" in response.headers


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End Prism and anything it started: it runs in a process group of its own."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _start(log_path: Path, attempts: int = 3) -> PrismServer:
    """Start `prism mock` on a free port and wait until it answers (a port taken in between
    by someone else makes Prism exit: then try another)."""
    failures = []
    for _ in range(attempts):
        port = _free_port()
        command = [
            str(PRISM),
            "mock",
            str(SPEC_PATH),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--errors",
        ]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        url = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline and process.poll() is None:
            if _answers_as_prism(url):
                return PrismServer(url, process, log_path)
            time.sleep(0.2)
        _stop(process)
        output = log_path.read_text(encoding="utf-8", errors="replace")
        failures.append(
            f"port {port}: exit code {process.returncode}, after "
            f"{STARTUP_TIMEOUT - max(0.0, deadline - time.monotonic()):.1f} s:\n{output[-4000:]}"
        )
    pytest.fail("Prism did not start:\n" + "\n\n".join(failures), pytrace=False)


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    _require_prism()
    server = _start(tmp_path_factory.mktemp("prism") / "prism.log")
    try:
        yield server
    finally:
        _stop(server.process)


def _run_calls(prism: PrismServer, auth_scheme: AuthScheme) -> list[Exchange]:
    log_offset = len(prism.log())
    recorder = Recorder()
    problems = []
    exchanges: list[Exchange] = []
    with httpx2.Client(event_hooks={"response": [recorder]}) as http:
        studio = Studio(
            token=TOKEN,
            url=prism.url,
            team=TEAM,
            max_retries=0,
            auth_scheme=auth_scheme,
            http_client=http,
        )
        with studio:
            for call in CALLS:
                before = len(recorder.exchanges)
                try:
                    getattr(getattr(studio, call.resource), call.method)(*call.args, **call.kwargs)
                except InternalServerError as exc:
                    # Prism validates the request, then cannot write a msgpack answer (it has
                    # no serializer for it): the request's verdict is in its log, read below.
                    if "serializer for application/msgpack" not in str(exc):
                        problems.append(f"{call.id}: {type(exc).__name__}: {exc}")
                except Exception as exc:
                    problems.append(f"{call.id}: {type(exc).__name__}: {exc}")
                sent = recorder.exchanges[before:]
                if len(sent) != 1:
                    problems.append(f"{call.id}: sent {len(sent)} requests, expected 1")
                for request, response in sent:
                    header = response.headers.get("sl-violations")
                    op = operation_for(request.method, request.url.path)
                    exchanges.append(
                        Exchange(
                            call,
                            request.method,
                            request.url.path,
                            response.status_code,
                            json.loads(header) if header else [],
                            op.operation_id if op else None,
                        )
                    )
    failed = [str(e) for e in exchanges if not e.passed]
    failed += _log_violations(prism, log_offset, len(exchanges))
    assert not failed and not problems, (
        "Prism found requests that break openapi.yaml, or the client failed on its answers:\n  "
        + "\n  ".join(failed + problems)
        + f"\n\nPrism's log:\n{prism.log()[log_offset:][-8000:]}"
    )
    return exchanges


def _log_violations(prism: PrismServer, offset: int, requests: int) -> list[str]:
    """What Prism's own log says about the requests logged after `offset`: every one of them
    must have passed validation (a violation of severity "warning" is not answered 422)."""
    deadline = time.monotonic() + 10
    while True:  # Prism writes its log asynchronously
        log = prism.log()[offset:]
        passed = log.count("The request passed the validation rules")
        if passed >= requests or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    bad = [
        f"Prism's log: {line.strip()}"
        for line in log.splitlines()
        if "did not pass the validation rules" in line or "Violation:" in line
    ]
    if passed != requests:
        bad.append(f"Prism's log: {passed} requests passed validation, {requests} were sent")
    return bad


@pytest.mark.parametrize("auth_scheme", ["bearer", "token"])
def test_every_request_of_the_client_passes_prism(
    prism: PrismServer, auth_scheme: AuthScheme, request: pytest.FixtureRequest
) -> None:
    exchanges = _run_calls(prism, auth_scheme)
    validated = {e.operation_id for e in exchanges if e.passed}
    assert validated == OPERATION_IDS, sorted(OPERATION_IDS - validated)
    assert len(reference_operations()) == REFERENCE_OPERATION_COUNT
    report(
        request.config,
        f"prism: {len(validated)}/{len(OPERATION_IDS)} operations validated "
        f"({len(exchanges)} requests, auth scheme {auth_scheme!r}, "
        f"@stoplight/prism-cli {PINNED_VERSION})",
    )


def test_prism_rejects_requests_that_break_the_contract(prism: PrismServer) -> None:
    """The control: Prism does validate, so the passes above mean something."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx2.Client(base_url=prism.url, headers=auth) as http:
        no_query_type = http.post("/api/datachain/jobs/", json={"query": "1", "team_name": TEAM})
        bad_limit = http.get("/api/datachain/jobs/", params={"team_name": TEAM, "limit": "x"})
        no_file = http.post(
            "/api/datachain/jobs/files", params={"team_name": TEAM}, files={"other": b"x"}
        )
        no_team = http.get("/api/datachain/pipeline/schedules")
    for response, words in (
        (no_query_type, "query_type"),
        (bad_limit, "limit"),
        (no_file, "file"),
        (no_team, "team_name"),
    ):
        assert response.status_code == 422, (response.status_code, response.text)
        assert words in response.headers.get("sl-violations", ""), response.headers
    no_auth = httpx2.get(f"{prism.url}/api/datachain/clusters/")
    assert no_auth.status_code == 401, no_auth.text
