"""The token stays secret: not in reprs, logs, errors, or requests to other hosts."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from datachain_studio import APIConnectionError, APIStatusError, AsyncStudio, Studio, StudioError
from datachain_studio._exceptions import make_status_error
from datachain_studio._secrets import mask_secrets
from datachain_studio.cli import _app as cli_app
from datachain_studio.testing import StudioEmulator
from tests.support.examples import example_reply
from tests.support.raw import free_port
from tests.support.server import Recorded, Reply, ScriptedServer, json_reply, scripted_server

TOKEN = "isat_TOPSECRET_0123456789"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(example_reply) as running:
        yield running


def test_reprs_never_show_the_token(server: ScriptedServer) -> None:
    studio = Studio(token=TOKEN, url=server.url, team="t")
    async_studio = AsyncStudio(token=TOKEN, url=server.url, team="t")
    texts = [
        repr(studio),
        str(studio),
        repr(async_studio),
        repr(studio._api),
        repr(studio._settings),
    ]
    texts += [repr(studio.jobs), repr(studio.with_options(max_retries=1))]
    assert all(TOKEN not in text for text in texts)
    assert "Studio(url=" in repr(studio)


def test_debug_logs_carry_requests_but_never_the_token(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    statuses = [503, 404]

    def reply(request: Recorded) -> Reply:
        if statuses:
            return json_reply(
                {"detail": f"bad token {request.header('authorization')}"}, statuses.pop(0)
            )
        return example_reply(request)

    caplog.set_level(logging.DEBUG)
    with scripted_server(reply) as flaky, Studio(token=TOKEN, url=flaky.url, team="t") as studio:
        with pytest.raises(StudioError):
            studio.jobs.list()
        studio.jobs.list()
    messages = [record.getMessage() for record in caplog.records]
    assert any("GET" in m and "/api/datachain/jobs/" in m and "503" in m for m in messages)
    assert any(m.startswith("retrying GET") for m in messages)
    assert all(TOKEN not in m for m in messages)
    assert all(TOKEN not in str(record.args) for record in caplog.records)


def test_errors_and_their_tracebacks_never_show_the_token() -> None:
    def reply(request: Recorded) -> Reply:
        return json_reply({"detail": "Invalid token"}, 401)

    errors: list[BaseException] = []
    with scripted_server(reply) as server, Studio(token=TOKEN, url=server.url, team="t") as studio:
        with pytest.raises(APIStatusError) as raised:
            studio.jobs.list()
        errors.append(raised.value)
    refused = Studio(token=TOKEN, url=f"http://127.0.0.1:{free_port()}", team="t", max_retries=0)
    with pytest.raises(APIConnectionError) as raised_connection:
        refused.jobs.list()
    errors.append(raised_connection.value)
    for error in errors:
        text = "".join(traceback.format_exception(error)) + repr(error) + str(error)
        assert TOKEN not in text


def test_a_redirect_to_another_host_drops_the_token(server: ScriptedServer) -> None:
    def redirect(request: Recorded) -> Reply:
        return Reply(307, b"", {"Location": server.url + request.target})

    with scripted_server(redirect) as first, Studio(token=TOKEN, url=first.url, team="t") as studio:
        studio.jobs.list()
    assert first.requests[0].header("authorization") == f"Bearer {TOKEN}"
    (followed,) = server.requests
    assert followed.path == "/api/datachain/jobs/"
    assert followed.header("authorization") is None


def test_a_redirect_on_the_same_host_keeps_it(server: ScriptedServer) -> None:
    hops: list[str] = []

    def reply(request: Recorded) -> Reply:
        if request.path == "/old/":
            hops.append(request.path)
            return Reply(308, b"", {"Location": "/api/datachain/clusters/"})
        if not hops:
            return Reply(301, b"", {"Location": "/old/"})
        return example_reply(request)

    with scripted_server(reply) as same, Studio(token=TOKEN, url=same.url, team="t") as studio:
        studio.clusters.list()
        assert [r.header("authorization") for r in same.requests] == [f"Bearer {TOKEN}"] * 3


def test_a_redirect_loop_is_a_connection_error() -> None:
    def loop(request: Recorded) -> Reply:
        return Reply(302, b"", {"Location": request.target})

    with scripted_server(loop) as server, Studio(token=TOKEN, url=server.url, team="t") as studio:
        with pytest.raises(APIConnectionError, match="redirects"):
            studio.clusters.list(max_retries=0)


def test_the_log_env_var_turns_logging_on_without_the_token(server: ScriptedServer) -> None:
    code = (
        "from datachain_studio import Studio\n"
        f"Studio(token={TOKEN!r}, url={server.url!r}, team='t').clusters.list()\n"
    )
    env = {**os.environ, "DATACHAIN_STUDIO_LOG": "debug"}
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert "GET http://127.0.0.1" in completed.stderr
    assert "-> 200" in completed.stderr
    assert TOKEN not in completed.stderr + completed.stdout
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert quiet.stderr == ""


# --- one rule for errors, the wire log and the command line ---------------------------------

SHORT = "tk"  # under 12 characters: masked only where it stands as a whole token
LONG = "isat_LONG_secret_42"  # masked wherever it appears


def echoing(token: str) -> str:
    """A text that echoes `token` as a word, after `=`, after `%20`, inside a word, glued to
    a longer run, and before a full stop."""
    return f"token {token}, token={token}, Bearer%20{token}; x{token}y, {token}.x and {token}."


MASKED = {
    SHORT: "token ***, token=***, Bearer%20***; xtky, tk.x and ***.",
    LONG: "token ***, token=***, Bearer%20***; x***y, ***.x and ***.",
}


@pytest.mark.parametrize("token", [SHORT, LONG])
def test_an_error_masks_by_the_one_rule(token: str) -> None:
    assert str(StudioError(echoing(token)).hide(token)) == MASKED[token]
    request = httpx2.Request("GET", "https://studio.example.com/api/datachain/jobs/")
    response = httpx2.Response(401, json={"detail": echoing(token)}, request=request)
    error = make_status_error(response).hide(token)
    assert error.message == MASKED[token]
    assert str(error) == f"401 Unauthorized: {MASKED[token]} (GET {request.url})"


@pytest.mark.parametrize("token", [SHORT, LONG])
def test_no_log_record_of_a_follow_holds_the_token(
    token: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Every logger at debug level (httpx2's and httpcore2's included) while a follow opens
    its stream: the handshake is logged as every call is, and no record holds the token."""
    caplog.set_level(logging.DEBUG)
    with StudioEmulator(token=token, job_step_seconds=None) as emulator:
        with Studio(token=token, url=emulator.url, team=emulator.team) as studio:
            job = studio.jobs.create("print(1)")
            emulator.finish_job(job.id)
            list(studio.jobs.follow(job.id))
            assert emulator.log_streams_opened == 1
    messages = [r.getMessage() for r in caplog.records]
    assert any("/api/logs/follow/" in m and "-> 101" in m for m in messages), messages
    assert {r.name.split(".")[0] for r in caplog.records} >= {"datachain_studio", "httpx2"}
    for record in caplog.records:
        assert mask_secrets(record.getMessage(), (token,)) == record.getMessage(), record


def cli_debug(token: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATACHAIN_", "XDG_"))}
    env.update(DATACHAIN_STUDIO_TOKEN=token, DATACHAIN_STUDIO_URL=url, DATACHAIN_STUDIO_TEAM="t")
    return subprocess.run(
        [sys.executable, "-m", "datachain_studio", "--debug", "jobs", "ls"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("token", [SHORT, LONG])
def test_the_command_lines_debug_log_masks_by_the_one_rule(token: str) -> None:
    """A server that echoes the token in a 503's reason, then in a 401's detail: the retry
    line of the --debug log and the error line show the text masked as an error masks it."""
    replies = [
        Reply(503, b"", {"Retry-After": "0"}, reason=echoing(token)),
        json_reply({"detail": echoing(token)}, 401),
    ]
    with scripted_server(lambda request: replies.pop(0)) as server:
        done = cli_debug(token, server.url)
    assert done.returncode == 77, done.stderr
    lines = done.stderr.splitlines()
    retry = [line for line in lines if " retrying GET " in line]
    assert len(retry) == 1 and retry[0].endswith(f"after 503 {MASKED[token]}"), lines
    assert lines[-1].startswith(f"Error: 401 Unauthorized: {MASKED[token]} (GET "), lines


@pytest.mark.parametrize("token", [SHORT, LONG])
def test_the_command_lines_debug_handler_masks_by_the_one_rule(
    token: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What reaches --debug's handler unmasked (a record of any `datachain_studio` logger)
    is masked there, by the same rule."""
    for name in list(os.environ):
        if name.startswith(("DATACHAIN_", "XDG_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DATACHAIN_SYSTEM_CONFIG_DIR", str(tmp_path / "system"))
    monkeypatch.setenv("DATACHAIN_STUDIO_TOKEN", token)
    root = logging.getLogger("datachain_studio")
    handlers, level = list(root.handlers), root.level
    try:
        cli_app._enable_debug_log()
        logging.getLogger("datachain_studio.elsewhere").debug("echo %s", echoing(token))
    finally:
        for handler in set(root.handlers) - set(handlers):
            root.removeHandler(handler)
        root.setLevel(level)
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "echo" in line]
    assert line.endswith(f"datachain_studio.elsewhere DEBUG echo {MASKED[token]}")
