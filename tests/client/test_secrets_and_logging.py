"""The token stays secret: not in reprs, logs, errors, or requests to other hosts."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator

import pytest

from datachain_studio import APIConnectionError, APIStatusError, AsyncStudio, Studio, StudioError
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
