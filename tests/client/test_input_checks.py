"""Bad input gets a clear `ValueError` (an `InvalidRequestError`) before anything is sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from datachain_studio import InvalidRequestError, Studio, StudioError
from tests.support.examples import example_reply
from tests.support.server import ScriptedServer, scripted_server

JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(example_reply) as running:
        yield running


BAD_CALLS: list[tuple[str, Callable[[Studio], Any], str]] = [
    (
        "cluster name and id",
        lambda s: s.jobs.create("q", compute_cluster_name="a", compute_cluster_id=1),
        "mutually exclusive",
    ),
    ("priority too high", lambda s: s.jobs.create("q", priority=6), "priority must be from 0 to 5"),
    ("priority negative", lambda s: s.jobs.create("q", priority=-1), "priority"),
    (
        "priority not int",
        lambda s: s.jobs.create("q", priority="high"),
        "priority must be an integer",
    ),
    ("workers zero", lambda s: s.jobs.create("q", workers=0), "workers"),
    ("env line", lambda s: s.jobs.create("q", environment="A=1\nnot a pair"), "line 2"),
    ("env name", lambda s: s.jobs.create("q", environment={"1BAD": "x"}), "1BAD"),
    ("env newline", lambda s: s.jobs.create("q", environment={"A": "x\ny"}), "line break"),
    ("cron four fields", lambda s: s.jobs.create("q", cron_expression="0 0 * *"), "five fields"),
    ("cron junk", lambda s: s.jobs.create("q", cron_expression="0 0 * * $"), "five fields"),
    (
        "naive datetime",
        lambda s: s.jobs.create("q", start_after=dt.datetime(2030, 1, 1)),
        "time zone",
    ),
    ("naive text", lambda s: s.jobs.create("q", start_after="2030-01-01T00:00:00"), "time zone"),
    ("not a date", lambda s: s.jobs.create("q", start_after="tomorrow-ish"), "ISO 8601"),
    ("query type", lambda s: s.jobs.create("q", query_type="RUBY"), "PYTHON or SHELL"),
    ("empty query", lambda s: s.jobs.create("  "), "query"),
    ("files not a list", lambda s: s.jobs.create("q", files="12"), "files"),
    ("files junk", lambda s: s.jobs.create("q", files=[{"x": 1}]), "files"),
    ("job id slash", lambda s: s.jobs.cancel("../../rbac/access-rules"), "job_id must be a UUID"),
    ("job id query", lambda s: s.jobs.logs(f"{JOB}?team_name=x"), "job_id must be a UUID"),
    ("job id encoded", lambda s: s.jobs.logs("..%2F..%2Fclusters"), "job_id must be a UUID"),
    ("group id", lambda s: s.access_groups.delete("x/../y"), "group_id must be a UUID"),
    ("user id", lambda s: s.access_groups.remove_member(JOB, "1/2"), "user_id must be an integer"),
    (
        "rule id",
        lambda s: s.access_rules.update("#frag", permission="read"),
        "rule_id must be a UUID",
    ),
    ("schedule id", lambda s: s.schedules.get("7; drop"), "schedule_id must be an integer"),
    ("pipeline both", lambda s: s.pipelines.pause("a", pipeline_id=JOB), "mutually exclusive"),
    ("pipeline neither", lambda s: s.pipelines.resume(), "give one of"),
    (
        "rule target",
        lambda s: s.access_rules.create(resource_type="t", resource_id=1, permission="r"),
        "give one",
    ),
    ("schedule target", lambda s: s.schedules.create("0 0 * * *"), "give one"),
    ("datasets empty", lambda s: s.pipelines.trigger([]), "datasets"),
    ("limit zero", lambda s: s.jobs.list(limit=0), "limit"),
    ("missing file", lambda s: s.jobs.upload("/no/such/file.csv"), "/no/such/file.csv"),
]


@pytest.mark.parametrize(("name", "call", "message"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
def test_bad_input_is_refused_before_any_request(
    server: ScriptedServer, name: str, call: Callable[[Studio], Any], message: str
) -> None:
    with Studio(token="isat_secret", url=server.url, team="t") as studio:
        with pytest.raises(InvalidRequestError) as raised:
            call(studio)
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, StudioError)
    assert server.requests == []


def test_a_directory_is_not_an_upload(server: ScriptedServer, tmp_path: Path) -> None:
    with Studio(token="isat_secret", url=server.url, team="t") as studio:
        with pytest.raises(InvalidRequestError, match=str(tmp_path)):
            studio.jobs.upload(tmp_path)
    assert server.requests == []


def test_good_variants_are_normalised(server: ScriptedServer) -> None:
    with Studio(token="isat_secret", url=server.url, team="t") as studio:
        studio.jobs.create(
            "echo hi",
            query_type="SHELL",
            environment=["# comment", "A=1", "", "B = 2"],
            start_after="2030-01-01T09:00:00+02:00",
        )
    body = server.requests[0].json()
    assert body["environment"] == "A=1\nB=2"  # dotenv semantics: spaces around = go
    assert body["start_after"] == "2030-01-01T09:00:00+02:00"
