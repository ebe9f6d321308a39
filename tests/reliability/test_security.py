"""The security sweep: the token stays secret, ids stay in their path segment, plain HTTP
and unverified TLS are refused.

- Every method of both clients is run against the fault server through success, every
  error status, retries, timeouts, resets, refused connections and redirects, with every
  logger at DEBUG: the token is in no log record, no exception's str, repr or traceback,
  no repr of the client, and not in what a process run with `DATACHAIN_STUDIO_LOG=debug`
  prints.
- Ids crafted to escape their path segment are refused before anything is sent.
- `http://` to anything but loopback refuses to send the token unless allowed, however the
  URL is dressed up; a redirect never carries the token to another origin.
- TLS certificates are verified by default: a self-signed server gets no request at all.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import ssl
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datachain_studio import (
    APIConnectionError,
    AsyncStudio,
    ConfigurationError,
    InvalidRequestError,
    Studio,
    StudioError,
)
from datachain_studio._config import _is_loopback
from tests.client.calls import CALLS, GROUP, JOB, RULE, TEAM, Call
from tests.reliability import fault_server as fs
from tests.reliability.fault_server import Behaviour, Conn, FaultServer
from tests.reliability.matrix import recorded_sleeps
from tests.support.raw import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "isat_SWEEP_9f8e7d6c5b4a3210_secret"
SECRET_PART = "9f8e7d6c5b4a3210"
"""A part of the token distinctive enough that finding it anywhere is a leak."""


# --- the token sweep --------------------------------------------------------------------


def _texts_of(error: BaseException) -> list[str]:
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def _texts_of_records(records: list[logging.LogRecord]) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts = []
    for record in records:
        texts += [formatter.format(record), repr(record.args), record.exc_text or ""]
    return texts


def _call(studio: Studio, call: Call) -> Any:
    return getattr(getattr(studio, call.resource), call.method)(*call.args, **call.kwargs)


async def _acall(studio: AsyncStudio, call: Call) -> Any:
    return await getattr(getattr(studio, call.resource), call.method)(*call.args, **call.kwargs)


def _sweep(url: str, calls: list[Call], timeout: float = 0.3) -> list[str]:
    """Run `calls` on both clients; return every text they produced (errors and reprs)."""
    texts: list[str] = []

    with Studio(token=TOKEN, url=url, team=TEAM, timeout=timeout) as studio:
        texts += [repr(studio), repr(studio._api), repr(studio.with_options(max_retries=1))]
        for call in calls:
            texts.append(repr(getattr(studio, call.resource)))
            try:
                texts.append(repr(_call(studio, call)))
            except StudioError as error:
                texts += _texts_of(error)

    async def run() -> None:
        async with AsyncStudio(token=TOKEN, url=url, team=TEAM, timeout=timeout) as studio:
            texts.append(repr(studio))
            for call in calls:
                try:
                    texts.append(repr(await _acall(studio, call)))
                except StudioError as error:
                    texts.extend(_texts_of(error))

    asyncio.run(run())
    return texts


READ_AND_CREATE = [CALLS[0], CALLS[2]]  # jobs.list, jobs.create

# (name, script for the server, which calls): the ways a call can end.
SCENARIOS: list[tuple[str, Callable[[str], list[Behaviour]], list[Call]]] = [
    ("success", lambda other: [], CALLS),
    ("503 then success", lambda other: fs.times(len(CALLS), lambda: fs.status(503)), CALLS),
    ("401 on everything", lambda other: fs.times(2 * len(CALLS), lambda: fs.status(401)), CALLS),
    ("every error status in turn", lambda other: [], CALLS),
    ("reset", lambda other: fs.times(12, fs.reset_before_response), READ_AND_CREATE),
    ("reset mid-body", lambda other: fs.times(12, fs.reset_mid_body), READ_AND_CREATE),
    ("silent", lambda other: fs.times(12, fs.silent), READ_AND_CREATE),
    ("truncated JSON", lambda other: fs.times(12, lambda: fs.example(body=lambda b: b[:9])), CALLS),
    (
        "redirect to another host",
        lambda other: fs.times(
            2 * len(CALLS), lambda: fs.redirect(lambda request: other + request.target)
        ),
        CALLS,
    ),
]


ERROR_STATUSES = [400, 401, 403, 404, 409, 418, 422, 429, 499, 500, 502, 503, 504, 520, 599]


def _every_status() -> Behaviour:
    """Answer each request with the next error status, as JSON and as an HTML page by turns."""
    served = [0]

    def run(conn: Conn) -> bool:
        code = ERROR_STATUSES[served[0] % len(ERROR_STATUSES)]
        served[0] += 1
        page = fs.reply(code, b"<title>nope</title>", {"Content-Type": "text/html"})
        return (page if served[0] % 2 else fs.status(code))(conn)

    return Behaviour("every error status", run)


@pytest.mark.parametrize(
    ("name", "script", "calls"), SCENARIOS, ids=[scenario[0] for scenario in SCENARIOS]
)
def test_the_token_is_in_no_log_error_or_repr(
    caplog: pytest.LogCaptureFixture,
    name: str,
    script: Callable[[str], list[Behaviour]],
    calls: list[Call],
) -> None:
    caplog.set_level(logging.DEBUG)  # the root: datachain_studio, httpx2, httpcore2, asyncio
    then = _every_status() if name == "every error status in turn" else None
    with recorded_sleeps(), FaultServer() as other:
        with FaultServer(script(f"http://localhost:{other.port}"), then) as server:
            texts = _sweep(server.url, calls)
        assert all(r.header("authorization") is None for r in other.requests)
    texts += _texts_of_records(caplog.records)
    assert caplog.records, "the sweep logged nothing: is logging captured?"
    leaks = [text for text in texts if SECRET_PART in text]
    assert leaks == []


def test_a_refused_connection_and_bad_input_leak_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with recorded_sleeps():
        texts = _sweep(f"http://127.0.0.1:{free_port()}", READ_AND_CREATE)
    with Studio(token=TOKEN, url="http://127.0.0.1:1", team=TEAM) as studio:
        for bad in (
            lambda: studio.jobs.create("q", priority=9),
            lambda: studio.jobs.logs("../x"),
            lambda: studio.jobs.upload("/no/such/file"),
        ):
            with pytest.raises(InvalidRequestError) as raised:
                bad()
            texts += _texts_of(raised.value)
    texts += _texts_of_records(caplog.records)
    assert [text for text in texts if SECRET_PART in text] == []


CLI_SCRIPT = textwrap.dedent(
    """
    import sys, traceback
    from datachain_studio import AsyncStudio, Studio, StudioError

    token, ok, bad, refused = sys.argv[1:]
    for url in (ok, bad, refused):
        retries = 0 if url == refused else 2  # a refused port would back off for seconds
        studio = Studio(token=token, url=url, team="t", timeout=0.5, max_retries=retries)
        print(repr(studio))
        for call in (
            lambda: studio.jobs.list(),
            lambda: studio.jobs.create("print(1)"),
            lambda: studio.clusters.list(),
            lambda: studio.pipelines.get("p"),
            lambda: studio.access_groups.list(),
            lambda: studio.access_rules.list(),
            lambda: studio.schedules.list(),
        ):
            try:
                print(repr(call()))
            except StudioError as error:
                print(str(error), repr(error))
                traceback.print_exception(error)
    """
)


def test_the_token_is_not_in_what_a_debug_process_prints() -> None:
    with (
        FaultServer() as ok,
        FaultServer(then=fs.status(503, {"Retry-After": "0"})) as bad,
    ):
        refused = f"http://127.0.0.1:{free_port()}"
        env = {**os.environ, "DATACHAIN_STUDIO_LOG": "debug"}
        done = subprocess.run(
            [sys.executable, "-c", CLI_SCRIPT, TOKEN, ok.url, bad.url, refused],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
    assert "retrying GET" in done.stderr  # debug logging was on
    assert "Traceback" in done.stderr
    assert SECRET_PART not in done.stdout + done.stderr


def test_the_whole_integration_suite_leaks_no_token(tmp_path: Path) -> None:
    """tests/integration (every method of both clients against the local Studio) run with
    DATACHAIN_STUDIO_LOG=debug under `token_watch`: every token a client was made with is
    looked for in every log record, every StudioError built, and the process's output."""
    report = tmp_path / "watch.json"
    env = {**os.environ, "DATACHAIN_STUDIO_LOG": "debug", "TOKEN_WATCH_REPORT": str(report)}
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "tests/integration", "-q", "-p", "no:cacheprovider",
            "-p", "tests.reliability.token_watch", "-o", "addopts=",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )  # fmt: skip
    # Whether the integration tests pass is theirs to say; here only leaks matter.
    assert done.returncode in (0, 1), done.stdout + done.stderr
    seen = json.loads(report.read_text())
    assert seen["tokens"], "no client was made: nothing was watched"
    assert seen["records"] > 100 and seen["errors"] > 0
    assert seen["leaks"] == []
    assert not any(token in done.stdout + done.stderr for token in seen["tokens"])


def test_a_server_echoing_the_token_does_not_put_it_in_errors_or_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    script = [fs.echo_token(503, "reason"), fs.echo_token(401, "body")]
    with recorded_sleeps(), FaultServer(script) as server:
        with Studio(token=TOKEN, url=server.url, team=TEAM) as studio:
            with pytest.raises(StudioError) as raised:
                studio.jobs.list()
    ours = [r for r in caplog.records if r.name.startswith("datachain_studio")]
    texts = _texts_of(raised.value) + _texts_of_records(ours)
    assert [text for text in texts if SECRET_PART in text] == []


@pytest.mark.parametrize(
    "token",
    [f"isat_{SECRET_PART}\r\nX-Evil: 1", f"isat_{SECRET_PART}\x00", f"isat_{SECRET_PART}é"],
    ids=["crlf", "nul", "non-ascii"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_malformed_token_is_a_configuration_error_that_hides_it(token: str, mode: str) -> None:
    with FaultServer() as server:
        error: BaseException | None = None
        try:
            if mode == "sync":
                Studio(token=token, url=server.url, team=TEAM, max_retries=0).jobs.list()
            else:

                async def run() -> None:
                    studio = AsyncStudio(token=token, url=server.url, team=TEAM, max_retries=0)
                    await studio.jobs.list()

                asyncio.run(run())
        except Exception as exc:
            error = exc
        assert server.requests == []
    assert isinstance(error, ConfigurationError), repr(type(error))
    assert all(SECRET_PART not in text for text in _texts_of(error))


# --- ids never leave their path segment ---------------------------------------------------

UUID_ESCAPES = [
    "../x",
    "..",
    "a%2Fb",
    "%2e%2e",
    "x?y=1",
    "x#y",
    f"{JOB}/../x",
    f"../{JOB}",
    f"{JOB}/",
    f"/{JOB}",
    f"{JOB}?team_name=other",
    f"{JOB}#x",
    f"{JOB}%2F..",
    f"{JOB}%3Fx",
    f"{JOB}\r\nX-Injected: 1",
    f"{JOB}\x00",
    f"{JOB} x",
    f"{JOB}\\..",
    "",
]
INT_ESCAPES = ["../1", "1/..", "1%2F", "1?x=1", "1#", "1/2", "0x1", "1e3", "1.0", "", "1 2"]

PATH_ID_METHODS: list[tuple[str, Callable[[Any, Any], Any], list[str]]] = [
    ("jobs.get", lambda s, v: s.jobs.get(v), UUID_ESCAPES),
    ("jobs.logs", lambda s, v: s.jobs.logs(v), UUID_ESCAPES),
    ("jobs.cancel", lambda s, v: s.jobs.cancel(v), UUID_ESCAPES),
    ("access_groups.update", lambda s, v: s.access_groups.update(v, name="n"), UUID_ESCAPES),
    ("access_groups.delete", lambda s, v: s.access_groups.delete(v), UUID_ESCAPES),
    ("access_groups.list_members", lambda s, v: s.access_groups.list_members(v), UUID_ESCAPES),
    (
        "access_groups.add_member",
        lambda s, v: s.access_groups.add_member(v, user_id=1, role="read"),
        UUID_ESCAPES,
    ),
    (
        "access_groups.update_member(group)",
        lambda s, v: s.access_groups.update_member(v, 1, role="read"),
        UUID_ESCAPES,
    ),
    (
        "access_groups.update_member(user)",
        lambda s, v: s.access_groups.update_member(GROUP, v, role="read"),
        INT_ESCAPES,
    ),
    (
        "access_groups.remove_member(group)",
        lambda s, v: s.access_groups.remove_member(v, 1),
        UUID_ESCAPES,
    ),
    (
        "access_groups.remove_member(user)",
        lambda s, v: s.access_groups.remove_member(GROUP, v),
        INT_ESCAPES,
    ),
    ("access_rules.update", lambda s, v: s.access_rules.update(v, permission="r"), UUID_ESCAPES),
    ("access_rules.delete", lambda s, v: s.access_rules.delete(v), UUID_ESCAPES),
    ("schedules.get", lambda s, v: s.schedules.get(v), INT_ESCAPES),
    ("schedules.delete", lambda s, v: s.schedules.delete(v), INT_ESCAPES),
    ("pipelines.get(pipeline_id)", lambda s, v: s.pipelines.get(pipeline_id=v), UUID_ESCAPES),
]


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.mark.parametrize(
    ("method", "escapes"),
    [pytest.param(call, escapes, id=name) for name, call, escapes in PATH_ID_METHODS],
)
def test_ids_crafted_to_escape_their_segment_are_refused_before_sending(
    server: FaultServer, method: Callable[[Any, Any], Any], escapes: list[str]
) -> None:
    before = len(server.requests)
    studio = Studio(token=TOKEN, url=server.url, team=TEAM)
    for value in escapes:
        with pytest.raises(InvalidRequestError):
            method(studio, value)

    async def run() -> None:
        studio = AsyncStudio(token=TOKEN, url=server.url, team=TEAM)
        for value in escapes:
            with pytest.raises(InvalidRequestError):
                await method(studio, value)

    asyncio.run(run())
    assert len(server.requests) == before


UUID_SPELLINGS: list[tuple[str, Callable[[str], str]]] = [
    ("upper", str.upper),
    ("braces", lambda u: "{" + u + "}"),
    ("urn", lambda u: "urn:uuid:" + u),
    ("no dashes", lambda u: u.replace("-", "")),
    ("blanks", lambda u: f" {u}\n"),
]


@pytest.mark.parametrize(
    "spell", [s for _, s in UUID_SPELLINGS], ids=[name for name, _ in UUID_SPELLINGS]
)
def test_other_spellings_of_a_uuid_reach_the_canonical_path(
    server: FaultServer, spell: Callable[[str], str]
) -> None:
    before = len(server.requests)
    with Studio(token=TOKEN, url=server.url, team=TEAM) as studio:
        studio.jobs.logs(spell(JOB))
        studio.access_rules.delete(spell(RULE))
    logs, delete = server.requests[before:]
    assert logs.path == f"/api/datachain/jobs/{JOB}/logs"
    assert delete.path == f"/api/datachain/rbac/access-rules/{RULE}/"


# --- plain HTTP and TLS -------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATACHAIN_STUDIO_TOKEN", "DATACHAIN_STUDIO_URL", "DATACHAIN_STUDIO_TEAM"):
        monkeypatch.delenv(name, raising=False)


REMOTE_HTTP = [
    "http://studio.example.com",
    "HTTP://studio.example.com",
    "http://studio.example.com:80/api",
    "http://127.0.0.1.nip.io",
    "http://localhost.example.com",
    "http://127.1",
    "http://2130706433",
    "http://0x7f000001",
    "http://[::ffff:10.0.0.1]",
    "http://10.0.0.1",
    "http://0.0.0.0",
    "http://127.0.0.1@studio.example.com",
    "http://127.0.0.1:8000@studio.example.com",
    "http://127.0.0.1%2F@studio.example.com",
    "http://studio.example.com#@127.0.0.1",
    "http://studio.example.com?@127.0.0.1",
    "http://studio.example.com/@127.0.0.1",
    "http://localhost.",
]


@pytest.mark.parametrize("url", REMOTE_HTTP)
@pytest.mark.parametrize("client", [Studio, AsyncStudio])
def test_plain_http_to_a_remote_host_refuses_the_token(
    clean_env: None, url: str, client: type[Any]
) -> None:
    with pytest.raises(ConfigurationError, match="plain HTTP") as raised:
        client(token=TOKEN, url=url, team=TEAM)
    assert SECRET_PART not in str(raised.value)
    assert client(token=TOKEN, url=url, team=TEAM, allow_insecure=True).url


def test_plain_http_from_the_environment_is_refused_too(
    clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATACHAIN_STUDIO_URL", "http://studio.example.com")
    monkeypatch.setenv("DATACHAIN_STUDIO_TOKEN", TOKEN)
    with pytest.raises(ConfigurationError, match="plain HTTP") as raised:
        Studio(team=TEAM)
    assert SECRET_PART not in str(raised.value)


HOSTS = st.sampled_from(
    [
        "127.0.0.1",
        "127.9.9.9",
        "localhost",
        "LOCALHOST",
        "api.localhost",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "studio.example.com",
        "10.0.0.1",
        "127.0.0.1.nip.io",
        "localhost.example.com",
        "[2001:db8::1]",
        "0.0.0.0",
    ]
)
URL_NOISE = st.sampled_from(["", "@", "#", "?", "/", "\\", ";", "%2F", "%40", ":80", "."])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    scheme=st.sampled_from(["http", "HTTP", "Http", "https"]),
    user=st.one_of(st.just(""), st.builds(lambda h, n: h + n + "@", HOSTS, URL_NOISE)),
    host=HOSTS,
    after=st.lists(st.one_of(URL_NOISE, HOSTS), max_size=3).map("".join),
)
def test_a_url_the_client_accepts_over_plain_http_really_goes_to_loopback(
    scheme: str, user: str, host: str, after: str
) -> None:
    # The client checks the URL with urllib; httpx2 connects where *it* parses the host to be.
    # Any URL on which the two disagree must not slip the token onto the network.
    url = f"{scheme}://{user}{host}{after}"
    try:
        studio = Studio(token=TOKEN, url=url, team=TEAM)
    except ConfigurationError:
        return
    target = httpx2.URL(studio.url + "/api/datachain/jobs/")
    assert target.scheme == "https" or _is_loopback(target.host), url


def test_a_redirect_from_https_to_plain_http_drops_the_token(tls: TLS) -> None:
    with FaultServer() as plain:
        redirect = fs.redirect(lambda request: f"http://localhost:{plain.port}{request.target}")
        with FaultServer([redirect], ssl_context=tls.server) as secure:
            http = httpx2.Client(verify=tls.client)
            url = f"https://localhost:{secure.port}"
            with Studio(token=TOKEN, url=url, team=TEAM, http_client=http) as studio:
                studio.jobs.list()
            http.close()
        assert secure.requests[0].header("authorization") == f"Bearer {TOKEN}"
        (followed,) = plain.requests
        assert followed.header("authorization") is None


class TLS:
    """A self-signed certificate for localhost: the server's context, and a client context
    that trusts it (for tests that need a working TLS connection)."""

    def __init__(self, directory: Path) -> None:
        openssl = shutil.which("openssl")
        if openssl is None:
            pytest.skip("the openssl command is needed to make a self-signed certificate")
        cert, key = directory / "cert.pem", directory / "key.pem"
        subprocess.run(
            [
                openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", str(key), "-out", str(cert),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        self.server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.server.load_cert_chain(cert, key)
        self.client = ssl.create_default_context(cafile=str(cert))


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TLS:
    return TLS(tmp_path_factory.mktemp("tls"))


def _context_of(client: httpx2.Client | httpx2.AsyncClient) -> ssl.SSLContext:
    return client._transport._pool._ssl_context  # type: ignore[union-attr]


def test_tls_verification_is_on_by_default() -> None:
    studio = Studio(token=TOKEN, url="https://studio.example.com", team=TEAM)
    async_studio = AsyncStudio(token=TOKEN, url="https://studio.example.com", team=TEAM)
    for context in (_context_of(studio._api.http.get()), _context_of(async_studio._api.http.get())):
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname
    studio.close()
    asyncio.run(async_studio.close())


@pytest.mark.parametrize("op", ["read", "create"])
@pytest.mark.parametrize("allow_insecure", [False, True])
def test_a_self_signed_server_gets_no_request(tls: TLS, op: str, allow_insecure: bool) -> None:
    with recorded_sleeps(), FaultServer(ssl_context=tls.server) as server:
        url = f"https://localhost:{server.port}"
        options: dict[str, Any] = {"team": TEAM, "allow_insecure": allow_insecure}
        with Studio(token=TOKEN, url=url, **options) as studio:
            with pytest.raises(APIConnectionError) as raised:
                studio.jobs.list() if op == "read" else studio.jobs.create("print(1)")
        assert "CERTIFICATE_VERIFY_FAILED" in str(raised.value)

        async def run() -> None:
            async with AsyncStudio(token=TOKEN, url=url, **options) as studio:
                with pytest.raises(APIConnectionError):
                    await (studio.jobs.list() if op == "read" else studio.jobs.create("print(1)"))

        asyncio.run(run())
        assert server.wait_idle()
        assert server.requests == []
        assert server.tls_failures >= 2


def test_the_trusting_context_does_work(tls: TLS) -> None:
    """The self-signed server is refused for its certificate, not for being broken."""
    with FaultServer(ssl_context=tls.server) as server:
        http = httpx2.Client(verify=tls.client)
        url = f"https://localhost:{server.port}"
        with Studio(token=TOKEN, url=url, team=TEAM, http_client=http) as studio:
            assert studio.clusters.list()
        http.close()
    assert len(server.requests) == 1
