"""The command line's building blocks, in-process: JSON, times, durations, option values."""

from __future__ import annotations

import datetime as dt
import enum
import json
import uuid
from pathlib import Path

import click
import pytest

from datachain_studio._parsing import parse
from datachain_studio.cli._context import (
    ExitCode,
    env_file_values,
    exit_code_for_status,
    parse_env_pairs,
    parse_moment,
    read_requirements,
    split_pipeline,
)
from datachain_studio.cli._output import (
    format_duration,
    format_time,
    print_json,
    to_jsonable,
    value_text,
)
from datachain_studio.types import JobOutput, JobStatus, ValidationErrorItem


class Colour(enum.Enum):
    RED = "red"


def test_json_of_a_loosely_parsed_model_never_fails() -> None:
    raw = {
        "id": "3f1c2b9e-8d4a-4c6b-9e2f-1a2b3c4d5e6f",
        "status": "WARMING_UP",  # unknown: kept as text
        "created_at": "not a time",  # does not fit: kept as it came
        "created_by": "ann",
        "query": "print(1)",
        "query_type": "PYTHON",
        "team": "t",
        "name": "n",
        "workers": "two",  # wrong type: kept
        "started_at": "2024-05-01T12:00:00+02:00",
        "steps": [{"name": "waiting", "status": "STARTED", "started_at": None}],
        "brand_new_field": {"nested": [1, 2]},
    }
    job = parse(raw, JobOutput, strict=False)
    data = to_jsonable(job)
    assert data["id"] == raw["id"]
    assert data["status"] == "WARMING_UP"
    assert data["created_at"] == "not a time"
    assert data["workers"] == "two"
    assert data["started_at"] == "2024-05-01T10:00:00Z"  # UTC, with a Z
    assert data["steps"] == [
        {
            "name": "waiting",
            "label": None,
            "status": "STARTED",
            "started_at": None,
            "finished_at": None,
        }
    ]
    assert data["brand_new_field"] == {"nested": [1, 2]}
    assert data["finished_at"] is None and data["url"] is None  # left out: null, key kept
    assert list(data)[: len(JobOutput.model_json_keys())] == list(
        JobOutput.model_json_keys().values()
    )
    json.dumps(data)


def test_json_keys_are_the_api_names() -> None:
    item = ValidationErrorItem.from_dict(
        {"loc": ["body"], "msg": "bad", "type": "missing", "input": 9}
    )
    assert item.type_ == "missing" and item.input_ == 9
    assert to_jsonable(item) == {
        "loc": ["body"],
        "msg": "bad",
        "type": "missing",
        "input": 9,
        "ctx": None,
        "url": None,
    }


def test_json_of_plain_values() -> None:
    moment = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    value = {
        "enum": JobStatus.RUNNING,
        "plain_enum": Colour.RED,
        "uuid": uuid.UUID(int=1),
        "time": moment,
        "naive": dt.datetime(2024, 1, 2),
        "date": dt.date(2024, 1, 2),
        "tuple": (1, None),
        "other": Path("x"),
    }
    assert to_jsonable(value) == {
        "enum": "RUNNING",
        "plain_enum": "red",
        "uuid": "00000000-0000-0000-0000-000000000001",
        "time": "2024-01-02T08:04:05Z",
        "naive": "2024-01-02T00:00:00",
        "date": "2024-01-02",
        "tuple": [1, None],
        "other": Path("x"),
    }


def test_print_json_writes_what_json_cannot_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"path": Path("a/b"), "set": {1}})
    assert json.loads(capsys.readouterr().out) == {"path": "a/b", "set": [1]}


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "-"),
        (-1, "0.0s"),
        (0.42, "0.4s"),
        (12.7, "12s"),
        (65, "1m 05s"),
        (3600 * 2 + 180, "2h 03m"),
        (86400 * 3 + 3600 * 4, "3d 04h"),
    ],
)
def test_durations(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


def test_times_are_local(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        moment = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
        assert format_time(moment) == "2024-05-01 17:30:00"
        assert format_time(dt.datetime(2024, 5, 1, 12, 0)) == "2024-05-01 17:30:00"  # UTC
        assert format_time(None) == "-"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_value_text() -> None:
    assert value_text(True) == "yes" and value_text(None) == "-" and value_text("") == "-"
    assert value_text(["a", "b"]) == "a, b" and value_text({"k": 1}) == "k=1"
    assert value_text(JobStatus.COMPLETE) == "COMPLETE"


def test_moments_people_write() -> None:
    now = dt.datetime.now().astimezone()
    assert abs((parse_moment("+30m") - now).total_seconds() - 1800) < 5
    assert abs((parse_moment("in 2 hours") - now).total_seconds() - 7200) < 5
    assert abs((parse_moment("now") - now).total_seconds()) < 5
    tomorrow = parse_moment("tomorrow 9:30")
    assert tomorrow.date() == (now + dt.timedelta(days=1)).date()
    assert (tomorrow.hour, tomorrow.minute) == (9, 30)
    assert parse_moment("2030-06-01T09:30:00Z") == dt.datetime(2030, 6, 1, 9, 30, tzinfo=dt.UTC)
    local = parse_moment("June 1 2030 9am")
    assert local.tzinfo is not None and (local.month, local.day, local.hour) == (6, 1, 9)
    with pytest.raises(click.BadParameter, match="cannot read"):
        parse_moment("the day after never")
    with pytest.raises(click.BadParameter, match="unknown unit"):
        parse_moment("+3 fortnights")


def test_env_and_requirements(tmp_path: Path) -> None:
    assert parse_env_pairs(("A=1", "B=x=y", "EMPTY=")) == {"A": "1", "B": "x=y", "EMPTY": ""}
    for bad in ("NOEQUALS", "=1", "1X=2"):
        with pytest.raises(click.BadParameter):
            parse_env_pairs((bad,))
    env = tmp_path / ".env"  # what it reads: tests/client/test_mistakes.py
    env.write_text("A=1\nbroken line\n", encoding="utf-8")
    with pytest.raises(click.BadParameter, match=r"\.env line 2 is not KEY=VALUE"):
        env_file_values(env)
    reqs = tmp_path / "requirements.txt"
    reqs.write_text("# top\npandas>=2  # why\n\n  numpy\n", encoding="utf-8")
    assert read_requirements(reqs) == ["pandas>=2", "numpy"]
    with pytest.raises(click.BadParameter, match="cannot read"):
        read_requirements(tmp_path / "missing.txt")


def test_pipelines_by_name_or_id_and_exit_codes() -> None:
    some_id = str(uuid.uuid4())
    assert split_pipeline("keen-otter") == ("keen-otter", None)
    assert split_pipeline(some_id.upper()) == (None, some_id)
    assert exit_code_for_status(JobStatus.COMPLETE) == ExitCode.OK == 0
    assert exit_code_for_status("FAILED") == 1
    assert exit_code_for_status(JobStatus.CANCELED) == 2
    assert exit_code_for_status("COMPLETED") == 0
