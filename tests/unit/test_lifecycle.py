"""Issue 11: a client that survives its own lifecycle and errors that travel.

A closed client, or an `AsyncStudio` reused in a second `asyncio.run`, raises a
`StudioError` saying what to do; sixteen threads sharing one `Studio` make one httpx2
client; every error pickles and deep-copies (also across a process pool); the token is
masked as a token, not as letters.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import gc
import inspect
import multiprocessing
import pickle
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

import datachain_studio
from datachain_studio import (
    APIStatusError,
    AsyncStudio,
    ClientClosedError,
    NotFoundError,
    Studio,
    StudioError,
)
from datachain_studio import _exceptions as exceptions
from datachain_studio._exceptions import make_status_error
from tests.support.server import Recorded, Reply, ScriptedServer, json_reply, scripted_server

TOKEN = "isat_LIFECYCLE_9f8e7d6c5b4a3210_secret"
JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"


def _clusters(request: Recorded) -> Reply:
    return json_reply([])


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(_clusters) as running:
        yield running


# --- 6. a closed client, a second event loop ---------------------------------------------


def test_a_closed_studio_raises_a_studio_error_saying_what_to_do(server: ScriptedServer) -> None:
    studio = Studio(token=TOKEN, url=server.url, team="t")
    studio.clusters.list()
    studio.close()
    with pytest.raises(ClientClosedError, match="create a new one") as raised:
        studio.clusters.list()
    assert isinstance(raised.value, StudioError) and isinstance(raised.value, RuntimeError)
    with pytest.raises(ClientClosedError):
        studio.with_options(team="other").clusters.list()


def test_a_studio_closed_before_its_first_call_stays_closed(server: ScriptedServer) -> None:
    with Studio(token=TOKEN, url=server.url, team="t") as studio:
        pass
    with pytest.raises(ClientClosedError):
        studio.clusters.list()
    assert server.requests == []


def test_a_closed_http_client_of_the_user_is_a_studio_error(server: ScriptedServer) -> None:
    http = httpx2.Client()
    studio = Studio(token=TOKEN, url=server.url, team="t", http_client=http)
    http.close()
    with pytest.raises(ClientClosedError, match="http_client"):
        studio.clusters.list()


def test_a_closed_async_studio_raises_a_studio_error(server: ScriptedServer) -> None:
    async def run() -> None:
        studio = AsyncStudio(token=TOKEN, url=server.url, team="t")
        await studio.clusters.list()
        await studio.close()
        with pytest.raises(ClientClosedError):
            await studio.clusters.list()

    asyncio.run(run())


def test_an_async_studio_works_in_a_second_asyncio_run(server: ScriptedServer) -> None:
    studio = AsyncStudio(token=TOKEN, url=server.url, team="t")
    first = studio._api.http

    async def call() -> Any:
        return await studio.clusters.list()

    assert asyncio.run(call()) == []
    made_first = first.made
    assert asyncio.run(call()) == []  # was: RuntimeError('Event loop is closed')
    assert first.made is not made_first  # a fresh httpx2.AsyncClient for the new loop
    asyncio.run(studio.close())


def test_a_users_async_client_from_an_ended_loop_is_a_clear_error(server: ScriptedServer) -> None:
    http = httpx2.AsyncClient()
    studio = AsyncStudio(token=TOKEN, url=server.url, team="t", http_client=http)

    async def call() -> Any:
        return await studio.clusters.list()

    assert asyncio.run(call()) == []
    with pytest.raises(ClientClosedError, match="event loop"):
        asyncio.run(call())


# --- 7. one httpx2 client for sixteen threads ----------------------------------------------


def test_sixteen_threads_make_one_httpx_client_and_leak_nothing(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[httpx2.Client] = []
    original = httpx2.Client.__init__

    def counting_init(self: httpx2.Client, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(httpx2.Client, "__init__", counting_init)
    studio = Studio(token=TOKEN, url=server.url, team="t")
    start = threading.Barrier(16)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            studio.clusters.list()
        except BaseException as exc:
            errors.append(exc)

    gc.collect()  # what earlier tests left behind is not this test's leak
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        threads = [threading.Thread(target=work) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        studio.close()
        gc.collect()
    assert errors == []
    assert len(made) == 1
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert len(server.requests) == 16


# --- 8. errors pickle and deep-copy --------------------------------------------------------


def _all_error_classes() -> list[type[StudioError]]:
    return sorted(
        (
            value
            for value in vars(exceptions).values()
            if inspect.isclass(value) and issubclass(value, StudioError)
        ),
        key=lambda cls: cls.__name__,
    )


def _request() -> httpx2.Request:
    return httpx2.Request(
        "GET",
        "https://user:pw@studio.example.com/api/datachain/jobs/?team_name=t",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )


def _response(status: int) -> httpx2.Response:
    return httpx2.Response(
        status,
        json={"detail": f"Nope, token {TOKEN}"},
        headers={"x-request-id": "req-1"},
        request=_request(),
    )


def _instance(cls: type[StudioError]) -> StudioError:
    """An instance of `cls` built the way the client builds one, token hidden."""
    parameters = inspect.signature(cls.__init__).parameters
    kwargs: dict[str, Any] = {}
    if "response" in parameters:
        kwargs["response"] = _response(413 if "Payload" in cls.__name__ else 404)
    if "request" in parameters:
        kwargs["request"] = _request()
    if "body" in parameters:
        kwargs["body"] = {"detail": f"Nope, token {TOKEN}"}
    if "last" in parameters:
        kwargs["last"] = {"status": "RUNNING"}
    for name, parameter in parameters.items():
        if name in ("self", "message", "args", "kwargs") or name in kwargs:
            continue
        if parameter.default is inspect.Parameter.empty and parameter.kind in (
            inspect.Parameter.KEYWORD_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            kwargs[name] = 7  # a size or a limit
    args = (f"it failed for {TOKEN}",) if "message" in parameters else ()
    error = cls(*args, **kwargs)
    return error.hide(TOKEN)


ATTRIBUTES = ("status_code", "message", "body", "request_id", "last", "limit", "size")


@pytest.mark.parametrize("cls", _all_error_classes(), ids=lambda cls: cls.__name__)
def test_every_error_pickles_and_deep_copies_with_its_attributes(cls: type[StudioError]) -> None:
    error = _instance(cls)
    data = pickle.dumps(error)
    assert TOKEN.encode() not in data  # not in texts, not as the hidden secret itself
    for copied in (pickle.loads(data), copy.deepcopy(error)):
        assert type(copied) is cls
        assert str(copied) == str(error)
        assert repr(copied) == repr(error)
        assert TOKEN not in str(copied) and TOKEN not in repr(copied)
        for name in ATTRIBUTES:
            if hasattr(error, name) and name != "body":
                assert getattr(copied, name) == getattr(error, name), name
        if isinstance(error, APIStatusError):
            assert copied.response.status_code == error.status_code  # type: ignore[attr-defined]
            assert copied.response.request.url == error.response.request.url.copy_with(  # type: ignore[attr-defined]
                userinfo=b""
            )
            assert "authorization" not in copied.response.request.headers  # type: ignore[attr-defined]


def test_there_are_at_least_the_seventeen_documented_classes() -> None:
    names = {cls.__name__ for cls in _all_error_classes()}
    assert {"ClientClosedError", "NotFoundError", "APITimeoutError", "WaitTimeoutError"} <= names
    assert len(names) >= 17
    assert "ClientClosedError" in (exceptions.__doc__ or "")
    assert datachain_studio.ClientClosedError is ClientClosedError


def _get_missing_job(url: str) -> None:
    """Run in a worker process: a real call that Studio answers 404."""
    with Studio(token=TOKEN, url=url, team="t", max_retries=0) as studio:
        studio.jobs.logs(JOB)


def test_a_404_in_a_process_pool_worker_reaches_the_parent_as_not_found() -> None:
    def not_found(request: Recorded) -> Reply:
        return json_reply({"detail": "Job not found"}, 404)

    with scripted_server(not_found) as server:
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
            future = pool.submit(_get_missing_job, server.url)
            with pytest.raises(NotFoundError) as raised:
                future.result(timeout=120)
    error = raised.value
    assert error.status_code == 404
    assert error.message == "Job not found"
    assert error.body == {"detail": "Job not found"}
    assert TOKEN not in str(error)


# --- 9. the token is masked, not its letters -----------------------------------------------


def _error_with(token: str, text: str) -> StudioError:
    request = httpx2.Request("GET", f"https://studio.example.com/api?token={token}")
    return make_status_error(httpx2.Response(401, json={"detail": text}, request=request)).hide(
        token
    )


@pytest.mark.parametrize("token", ["t", "dc"])
def test_a_short_token_does_not_garble_messages(token: str) -> None:
    error = exceptions.APIConnectionError(
        "Could not reach Studio: ConnectError", request=httpx2.Request("GET", "https://s.example")
    ).hide(token)
    assert str(error).startswith("Could not reach Studio: ConnectError")
    echoed = _error_with(token, f"bad token {token}, see docs")
    assert "bad token ***, see docs" in str(echoed)
    assert "?token=***" in str(echoed)  # the echo in the URL is masked too
    assert "docs" in str(echoed) and "studio.example.com" in str(echoed)


def test_a_realistic_token_is_masked_wherever_it_is_echoed() -> None:
    texts = [
        f"Invalid token {TOKEN}",
        f"Authorization: Bearer {TOKEN}",
        f"Bearer%20{TOKEN}",
        f'{{"token": "{TOKEN}"}}',
        f"token {TOKEN}.",
    ]
    for text in texts:
        error = _error_with(TOKEN, text)
        assert TOKEN not in str(error) and TOKEN not in repr(error), text
        assert "***" in str(error)


def test_a_token_inside_a_longer_run_of_token_characters_is_left_alone() -> None:
    error = _error_with("abc", "abcdef and x-abc and abc")
    assert error.message == "abcdef and x-abc and ***"


def test_the_retry_log_masks_a_short_token_as_a_token(caplog: pytest.LogCaptureFixture) -> None:
    """The retry log line goes through the same masking as errors (it used str.replace)."""
    answers = iter([Reply(status=503, body=b"busy"), None])

    def handler(request: Recorded) -> Reply:
        return next(answers) or json_reply([])

    with scripted_server(handler) as running:
        studio = Studio(token="a", url=running.url, team="team")
        with caplog.at_level("INFO", logger="datachain_studio"):
            studio.clusters.list()
        studio.close()
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert retries, caplog.text
    assert "503 Service Unavailable" in retries[0]  # not "Un***v***il***ble"
