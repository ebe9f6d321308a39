"""The local Studio's log stream, `/api/logs/follow/` (asyncapi.yaml), seen from the wire.

These tests talk to it with a plain `websockets` client, as the official client does, and
check every frame they receive against asyncapi.yaml themselves (independently of the local
Studio's own check, which `test_a_frame_that_breaks_the_contract_is_not_sent` exercises).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from datachain_studio.testing import StudioEmulator
from datachain_studio.testing import _logstream as server_side
from tests.contract.test_asyncapi import payload_validator
from tests.emulator.helpers import JOBS

KINDS = {"logs": "Logs", "log_blobs": "LogBlobs", "job": "JobStatus", "message": "TerminalError"}


def stream_url(emulator: StudioEmulator, job_id: object, **query: str) -> str:
    params = {"job_id": str(job_id), "team_name": emulator.team, **query}
    text = "&".join(f"{k}={v}" for k, v in params.items())  # as the official client: unencoded
    return emulator.url.replace("http://", "ws://") + f"/api/logs/follow/?{text}"


def open_stream(
    emulator: StudioEmulator, job_id: object, *, token: str | None = None, **query: str
) -> ClientConnection:
    secret = emulator.token if token is None else token
    ws = connect(
        stream_url(emulator, job_id, **query),
        additional_headers={"Authorization": f"token {secret}"},
        open_timeout=5,
        proxy=None,
    )
    return ws.__enter__()  # entered: websockets >= 17.1 warns about a bare connect()


def kind_of(frame: dict[str, Any]) -> str:
    if frame.get("type") == "ping":
        return "Ping"
    (key,) = [k for k in KINDS if k in frame]
    return KINDS[key]


def checked(text: str | bytes) -> dict[str, Any]:
    """A frame, after checking it against its payload schema in asyncapi.yaml."""
    assert isinstance(text, str), "frames are text"
    frame: dict[str, Any] = json.loads(text)
    errors = list(payload_validator(kind_of(frame)).iter_errors(frame))
    assert errors == [], (frame, errors)
    return frame


def frames_until_closed(ws: ClientConnection, timeout: float = 10) -> list[dict[str, Any]]:
    frames = []
    with ws:
        while True:
            try:
                frames.append(checked(ws.recv(timeout=timeout)))
            except ConnectionClosed:
                return frames


def next_frame(ws: ClientConnection, timeout: float = 5) -> dict[str, Any]:
    return checked(ws.recv(timeout=timeout))


def lines_of(frames: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(e["id"], e["message"]) for f in frames for e in f.get("logs", [])]


def statuses_of(frames: list[dict[str, Any]]) -> list[str]:
    return [f["job"]["status"] for f in frames if "job" in f]


def create_job(emulator: StudioEmulator, query: str = "print(1)") -> str:
    response = httpx2.post(
        emulator.url + JOBS,
        json={"query": query, "query_type": "PYTHON", "team_name": emulator.team},
        headers={"Authorization": f"Bearer {emulator.token}"},
    )
    response.raise_for_status()
    return str(response.json()["id"])


def rest_log(emulator: StudioEmulator, job_id: str) -> list[tuple[int, str]]:
    response = httpx2.get(
        f"{emulator.url}{JOBS}{job_id}/logs",
        headers={"Authorization": f"Bearer {emulator.token}"},
    )
    return [(line["id"], line["message"]) for line in response.json()["logs"]]


@pytest.fixture
def still() -> Iterator[StudioEmulator]:
    """A local Studio whose jobs move only when a test moves them."""
    with StudioEmulator(job_step_seconds=None, tokens={"isat_other": "other"}) as emulator:
        yield emulator


# --- the handshake ---------------------------------------------------------------------------


def test_a_job_is_streamed_to_its_end_with_ids_and_statuses(
    studio_emulator: StudioEmulator,
) -> None:
    job_id = create_job(studio_emulator, "x = 1\n# emulator: log working hard")
    frames = frames_until_closed(open_stream(studio_emulator, job_id))

    lines = lines_of(frames)
    assert [n for n, _ in lines] == list(range(1, len(lines) + 1))  # from 1, no gaps
    assert all(text.endswith("\n") for _, text in lines)  # Studio ends each with a newline
    assert [(n, text + "\n") for n, text in rest_log(studio_emulator, job_id)] == lines
    assert statuses_of(frames) == ["CREATED", "QUEUED", "RUNNING", "COMPLETE"]
    assert frames[-1] == {"job": {"status": "COMPLETE"}}  # the last thing before the close
    # Lines written before a status change come before it.
    order = [f["job"]["status"] if "job" in f else f["logs"][-1]["message"] for f in frames]
    assert order.index("Queued on cluster default\n") < order.index("QUEUED")
    assert order.index("working hard\n") < order.index("RUNNING") < order.index("Job completed\n")


def test_the_close_after_the_end_is_normal(studio_emulator: StudioEmulator) -> None:
    job_id = create_job(studio_emulator)
    ws = open_stream(studio_emulator, job_id)
    frames_until_closed(ws)
    assert ws.close_code == 1000


@pytest.mark.parametrize("scheme", ["token", "Bearer", "bearer"])
def test_both_auth_schemes_are_taken(studio_emulator: StudioEmulator, scheme: str) -> None:
    job_id = create_job(studio_emulator)
    with connect(
        stream_url(studio_emulator, job_id),
        additional_headers={"Authorization": f"{scheme} {studio_emulator.token}"},
        proxy=None,
    ) as ws:
        assert "logs" in next_frame(ws)


@pytest.mark.parametrize("header", [None, "token nope", "isat_emulator", "Basic abc"])
def test_a_bad_token_is_refused_401_at_the_handshake(
    studio_emulator: StudioEmulator, header: str | None
) -> None:
    headers = {} if header is None else {"Authorization": header}
    with pytest.raises(InvalidStatus) as refused:
        connect(stream_url(studio_emulator, "x"), additional_headers=headers, proxy=None)
    response = refused.value.response
    assert response.status_code == 401
    assert json.loads(bytes(response.body)) == {"detail": "Invalid token"}
    assert studio_emulator.log_streams_opened == 0


@pytest.mark.parametrize("team", ["other", "nobody"])
def test_a_team_the_token_is_not_in_is_refused_403(still: StudioEmulator, team: str) -> None:
    job_id = create_job(still)
    url = stream_url(still, job_id).replace(f"team_name={still.team}", f"team_name={team}")
    with pytest.raises(InvalidStatus) as refused:
        connect(url, additional_headers={"Authorization": f"token {still.token}"}, proxy=None)
    response = refused.value.response
    assert response.status_code == 403
    assert json.loads(bytes(response.body))["message"] == f"Not authorized for the team {team}"


def test_an_unknown_job_gets_a_terminal_message_then_a_close(still: StudioEmulator) -> None:
    ghost = "8bddde6c-c3ca-41b0-9d87-ee945bfdce70"
    frames = frames_until_closed(open_stream(still, ghost))
    assert frames == [{"message": f"Job {ghost} not found"}]
    other_team_job = create_job(still)  # the team's own job, asked for by another team
    ws = connect(
        stream_url(still, other_team_job).replace(f"team_name={still.team}", "team_name=other"),
        additional_headers={"Authorization": "token isat_other"},
        proxy=None,
    )
    assert frames_until_closed(ws) == [{"message": f"Job {other_team_job} not found"}]


# --- live ------------------------------------------------------------------------------------


def test_lines_are_sent_as_they_are_written(still: StudioEmulator) -> None:
    job_id = create_job(still)
    with open_stream(still, job_id) as ws:
        assert lines_of([next_frame(ws)]) == [(1, f"Job {job_id} created by user1\n")]
        assert next_frame(ws) == {"job": {"status": "CREATED"}}
        assert still.write_log(job_id, "one") == 2
        assert next_frame(ws) == {"logs": [{"id": 2, "message": "one\n"}]}
        still.write_log(job_id, "two\nthree")
        got = lines_of([next_frame(ws)])
        while len(got) < 2:
            got += lines_of([next_frame(ws)])
        assert got == [(3, "two\n"), (4, "three\n")]
        still.advance_job(job_id)
        assert lines_of([next_frame(ws)]) == [(5, "Queued on cluster default\n")]
        assert next_frame(ws) == {"job": {"status": "QUEUED"}}
        still.finish_job(job_id)
        rest = frames_until_closed(ws)
    assert statuses_of(rest) == ["RUNNING", "COMPLETE"]
    assert lines_of(rest)[-1][1] == "Job completed\n"
    assert [n for n, _ in lines_of(rest)] == list(range(6, 6 + len(lines_of(rest))))


def test_a_cancel_from_rest_reaches_the_stream(still: StudioEmulator) -> None:
    job_id = create_job(still)
    still.advance_job(job_id, 2)
    with open_stream(still, job_id) as ws:
        while next_frame(ws) != {"job": {"status": "RUNNING"}}:
            pass
        httpx2.post(
            f"{still.url}{JOBS}{job_id}/cancel",
            json={"team_name": still.team},
            headers={"Authorization": f"Bearer {still.token}"},
        ).raise_for_status()
        rest = frames_until_closed(ws)
    assert lines_of(rest)[-1][1] == "Job canceled\n"
    assert rest[-1] == {"job": {"status": "CANCELED"}}


def test_no_follow_sends_status_frames_only(studio_emulator: StudioEmulator) -> None:
    job_id = create_job(studio_emulator)
    frames = frames_until_closed(open_stream(studio_emulator, job_id, no_follow="true"))
    assert all(set(frame) == {"job"} for frame in frames)
    assert statuses_of(frames) == ["CREATED", "QUEUED", "RUNNING", "COMPLETE"]


def test_a_big_backlog_comes_in_frames_of_bounded_size(still: StudioEmulator) -> None:
    job_id = create_job(still)
    still.write_log(job_id, "\n".join(f"line {n} " + "x" * 300 for n in range(2500)))
    still.finish_job(job_id)
    with open_stream(still, job_id) as ws:
        texts = []
        while True:
            try:
                texts.append(ws.recv(timeout=5))
            except ConnectionClosed:
                break
    frames = [checked(text) for text in texts]
    assert max(len(text.encode()) for text in texts) <= server_side.MAX_FRAME_BYTES + 1024
    assert all(len(f.get("logs", [])) <= server_side.MAX_FRAME_LINES for f in frames)
    ids = [n for n, _ in lines_of(frames)]
    assert ids == list(range(1, len(ids) + 1)) and len(ids) > 2500


def test_pings_come_after_a_quiet_stretch() -> None:
    with StudioEmulator(job_step_seconds=None, log_ping_seconds=0.05) as emulator:
        job_id = create_job(emulator)
        with open_stream(emulator, job_id) as ws:
            first = [next_frame(ws), next_frame(ws)]
            assert statuses_of(first) == ["CREATED"]
            assert next_frame(ws, timeout=2) == {"type": "ping"}
            assert next_frame(ws, timeout=2) == {"type": "ping"}
            emulator.write_log(job_id, "news")
            frame = next_frame(ws)
            while frame == {"type": "ping"}:
                frame = next_frame(ws)
            assert frame == {"logs": [{"id": 2, "message": "news\n"}]}


def test_steps_are_taken_on_time_without_anyone_reading(studio_emulator: StudioEmulator) -> None:
    """Jobs step lazily (when read); the stream reads them when their next step is due."""
    job_id = create_job(studio_emulator)
    frames = frames_until_closed(open_stream(studio_emulator, job_id), timeout=2)
    assert statuses_of(frames)[-1] == "COMPLETE"


# --- the drop hook ---------------------------------------------------------------------------


def test_drop_closes_every_open_stream_and_a_new_one_starts_over(still: StudioEmulator) -> None:
    job_a, job_b = create_job(still), create_job(still)
    streams = [open_stream(still, job_a), open_stream(still, job_b), open_stream(still, job_a)]
    for ws in streams:
        next_frame(ws)
    assert still.log_streams_open == 3
    assert still.drop_log_streams() == 3
    for ws in streams:
        frames_until_closed(ws)
        assert ws.close_code == 1012
    assert still.log_streams_open == 0
    still.write_log(job_a, "after the drop")
    with open_stream(still, job_a) as ws:
        got = lines_of([next_frame(ws)])
    assert got == [(1, f"Job {job_a} created by user1\n"), (2, "after the drop\n")]
    assert still.log_streams_opened == 4


# --- archived logs ---------------------------------------------------------------------------


def test_an_archived_log_comes_as_a_blob_then_only_newer_lines(still: StudioEmulator) -> None:
    job_id = create_job(still)
    still.write_log(job_id, "one\ntwo")
    url = still.archive_logs(job_id)
    still.write_log(job_id, "three")
    still.finish_job(job_id)
    frames = frames_until_closed(open_stream(still, job_id))
    assert frames[0] == {"log_blobs": [url]}
    newer = lines_of(frames)
    assert newer[0] == (4, "three\n")  # ids go on from the archive
    assert all(n > 3 for n, _ in newer)

    blob = httpx2.get(url)  # no token at all
    assert blob.status_code == 200
    assert blob.headers["content-type"].startswith("text/plain")
    assert blob.text == f"Job {job_id} created by user1\none\ntwo\n"
    # REST still has the whole log.
    assert [text for _, text in rest_log(still, job_id)][:4] == [
        f"Job {job_id} created by user1",
        "one",
        "two",
        "three",
    ]


def test_blobs_need_no_token_and_refuse_one_or_a_wrong_key(still: StudioEmulator) -> None:
    job_id = create_job(still)
    url = still.archive_logs(job_id)
    with_token = httpx2.get(url, headers={"Authorization": f"token {still.token}"})
    assert with_token.status_code == 400  # as a pre-signed storage URL answers
    wrong = httpx2.get(url[:-3] + "abc")
    assert wrong.status_code == 403
    assert httpx2.get(still.url + server_side.BLOB_PREFIX).status_code == 403
    assert httpx2.post(url).status_code == 405
    assert httpx2.get(url).status_code == 200
    fetches = still.blob_fetches
    assert [(f.status, f.authorization) for f in fetches] == [
        (400, True),
        (403, False),
        (403, False),
        (405, False),
        (200, False),
    ]
    assert still.contract_violations == []  # the blob route is not checked against openapi


def test_archiving_again_gives_a_new_url_and_the_old_one_stops(still: StudioEmulator) -> None:
    job_id = create_job(still)
    first = still.archive_logs(job_id)
    still.write_log(job_id, "more")
    second = still.archive_logs(job_id)
    assert first != second
    assert httpx2.get(first).status_code == 403
    assert httpx2.get(second).text.endswith("more\n")


def test_old_finished_jobs_are_archived_when_a_stream_opens() -> None:
    with StudioEmulator(job_step_seconds=None, log_archive_after=0) as emulator:
        job_id = create_job(emulator)
        emulator.finish_job(job_id)
        frames = frames_until_closed(open_stream(emulator, job_id))
        assert "log_blobs" in frames[0]
        assert lines_of(frames) == []  # everything is in the blob
        assert frames[-1] == {"job": {"status": "COMPLETE"}}
        text = httpx2.get(frames[0]["log_blobs"][0]).text
        assert text.splitlines()[-1] == "Job completed"


# --- the contract check ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"logs": [{"id": "1", "message": "a\n"}]},
        {"job": {"status": "RUNNING"}, "message": "normal frames carry no message"},
        {"job": {"status": 5}},
    ],
)
def test_a_frame_that_breaks_the_schemas_is_recorded(
    monkeypatch: pytest.MonkeyPatch, bad: dict[str, Any]
) -> None:
    kind = "job" if "job" in bad else "logs"
    sent = {"n": 0}

    def due(self: Any, connection: Any, job: Any, team: Any) -> list[Any]:
        sent["n"] += 1
        return [(kind, bad)] if sent["n"] == 1 else []

    monkeypatch.setattr(server_side, "_ids_problem", lambda connection, entries: None)
    monkeypatch.setattr(server_side.LogStreams, "_due", due)
    emulator = StudioEmulator(job_step_seconds=None, check_on_exit=False)
    with emulator:
        job_id = create_job(emulator)
        with open_stream(emulator, job_id) as ws:
            assert json.loads(ws.recv(timeout=5)) == bad  # checked once it is out
    (violation,) = emulator.contract_violations  # stopping waited for the checks
    assert violation.operation_id == server_side.OPERATION
    assert violation.body == bad
    with pytest.raises(AssertionError, match="broke its contract"):
        emulator.check()


def test_a_frame_whose_ids_go_back_is_not_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = {"logs": [{"id": 2, "message": "a\n"}, {"id": 1, "message": "back\n"}]}
    monkeypatch.setattr(server_side.LogStreams, "_due", lambda self, c, j, t: [("logs", bad)])
    with StudioEmulator(job_step_seconds=None, check_on_exit=False) as emulator:
        job_id = create_job(emulator)
        ws = open_stream(emulator, job_id)
        assert frames_until_closed(ws) == []
        assert ws.close_code == 1011
    (violation,) = emulator.contract_violations
    assert "ids must increase" in violation.problem


def test_the_stream_is_absent_when_turned_off() -> None:
    with StudioEmulator(log_stream=False) as emulator:
        with pytest.raises(InvalidStatus) as refused:
            open_stream(emulator, "x")
        assert refused.value.response.status_code == 404


def test_many_streams_of_one_job_all_get_every_line(still: StudioEmulator) -> None:
    job_id = create_job(still)
    streams = [open_stream(still, job_id) for _ in range(8)]
    for ws in streams:
        next_frame(ws), next_frame(ws)

    def writer() -> None:
        for n in range(200):
            still.write_log(job_id, f"line {n}")
        still.finish_job(job_id)

    thread = threading.Thread(target=writer)
    thread.start()
    results = [lines_of(frames_until_closed(ws)) for ws in streams]
    thread.join()
    assert all(result == results[0] for result in results)
    assert [text for _, text in results[0][:200]] == [f"line {n}\n" for n in range(200)]
