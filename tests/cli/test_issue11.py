"""Issue 11: `--allow-insecure`, unknown names exit 66, stable `--json` keys, start times in
the past."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from datachain_studio import Studio
from datachain_studio.cli._context import (
    ExitCode,
    Failure,
    NotFound,
    find_named,
    parse_moment,
)
from datachain_studio.cli._output import to_jsonable
from datachain_studio.testing import StudioEmulator
from datachain_studio.types import (
    AccessGroupMemberOutput,
    AccessGroupOutput,
    AccessRuleOutput,
    ActionFeedback,
    ComputeClusterOutput,
    JobLogsOutput,
    JobOutput,
    JobPipelineOutput,
    PipelineScheduleItem,
    PipelineScheduleOutput,
    UploadFileOutput,
)
from tests.cli.conftest import POLL, TOKEN, Cli, Result, assert_no_secret

README = Path(__file__).resolve().parents[2] / "README.md"

# "Now" for the start-time tests: December 1, noon, in UTC (the subprocesses run with TZ=UTC).
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
FIXED_CLOCK = (
    "import datetime as dt, sys; from datachain_studio.cli import _context; "
    "_context._clock = lambda: dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC).astimezone(); "
    "from datachain_studio.cli import main; main()"
)


def fixed_clock(cli: Cli, *args: str, code: int = 0) -> Result:
    """The real command line, with the clock it measures start times against at `NOW`."""
    import json
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", FIXED_CLOCK, *args],
        capture_output=True,
        text=True,
        env=cli.environment(TZ="UTC"),
        cwd=cli.cwd,
        timeout=60,
        check=False,
    )
    result = Result(tuple(args), done.returncode, done.stdout, done.stderr)
    assert_no_secret(result.out, result.err)
    assert result.code == code, str(result)
    if "--json" in args and result.code == 0:
        result.data = json.loads(result.out)
    return result


def local(*parts: int) -> dt.datetime:
    return dt.datetime(*parts).astimezone()  # type: ignore[misc]


# --- 1. a plain-http Studio on a private network ------------------------------------------


def private_url(cli: Cli) -> str:
    """The local Studio under an address that is not loopback for the client (0.0.0.0)."""
    return cli.emulator.url.replace("127.0.0.1", "0.0.0.0")


def test_a_plain_http_studio_off_this_machine_needs_allow_insecure(cli: Cli) -> None:
    url = private_url(cli)
    refused, by_flag, by_env, env_off, bad_env = (
        cli.run("--url", url, "clusters", "ls", code=78),
        cli.run("--allow-insecure", "--url", url, "clusters", "ls", "--json"),
        cli.run(
            "clusters",
            "ls",
            "--json",
            env=cli.environment(DATACHAIN_STUDIO_URL=url, DATACHAIN_STUDIO_ALLOW_INSECURE="1"),
        ),
        cli.run(
            "clusters",
            "ls",
            env=cli.environment(DATACHAIN_STUDIO_URL=url, DATACHAIN_STUDIO_ALLOW_INSECURE="0"),
            code=78,
        ),
        cli.run(
            "clusters",
            "ls",
            env=cli.environment(DATACHAIN_STUDIO_URL=url, DATACHAIN_STUDIO_ALLOW_INSECURE="maybe"),
            code=64,
        ),
    )
    # The refusal names the command line's spellings, not the Python argument.
    assert refused.err.startswith("Error: Refusing to send the Studio token over plain HTTP")
    assert "--allow-insecure" in refused.err
    assert "DATACHAIN_STUDIO_ALLOW_INSECURE=1" in refused.err
    assert "allow_insecure=True" not in refused.err
    assert "--allow-insecure" in env_off.err
    assert {c["name"] for c in by_flag.data} == {c["name"] for c in by_env.data} != set()
    assert "DATACHAIN_STUDIO_ALLOW_INSECURE" in bad_env.err


def test_allow_insecure_is_documented(cli: Cli) -> None:
    help_text = cli.run("--help").out
    assert "--allow-insecure" in help_text
    assert "DATACHAIN_STUDIO_ALLOW_INSECURE" in help_text
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("### From a shell") : readme.index("### Webhooks")]
    assert "--allow-insecure" in section
    assert "DATACHAIN_STUDIO_ALLOW_INSECURE" in section


# --- 2. names that name nothing: exit 66 ----------------------------------------------------


def test_an_unknown_group_name_is_not_found(cli: Cli) -> None:
    no_group = "cli-issue11-no-such-group"
    results = cli.many(
        ("groups", "update", no_group, "--name", "x"),
        ("groups", "delete", no_group),
        ("groups", "members", "ls", no_group),
        ("groups", "members", "add", no_group, "1", "--role", "read"),
        ("groups", "members", "update", no_group, "1", "--role", "read"),
        ("groups", "members", "remove", no_group, "1", "--json"),
        (
            "rules",
            "create",
            "--resource-type",
            "namespace",
            "--resource-id",
            "dev",
            "--permission",
            "read",
            "--group",
            no_group,
        ),
        code=66,
    )
    for result in results:
        assert result.err == (
            f"Error: No group named '{no_group}' (see `datachain-studio groups ls`)\n"
        ), result
        assert result.out == ""


def test_name_resolution_failures_exit_not_found() -> None:
    items = [("a", 1), ("b", 2), ("b", 3)]
    assert find_named(items, " a ", kind="thing", name_of=lambda i: i[0], listing="x ls") == (
        "a",
        1,
    )
    with pytest.raises(NotFound, match=r"No thing named 'c' \(see `datachain-studio x ls`\)") as e:
        find_named(items, "c", kind="thing", name_of=lambda i: i[0], listing="x ls")
    assert isinstance(e.value, Failure) and e.value.code == ExitCode.NOT_FOUND == 66
    with pytest.raises(click.UsageError, match="2 things are named 'b': give the id"):
        find_named(items, "b", kind="thing", name_of=lambda i: i[0], listing="x ls")


# --- 3. --json: every declared field, in every output ---------------------------------------


def missing(data: Any, model: type[Any], where: str = "$") -> list[str]:
    """The declared keys `data` (an object or a list of them, as printed) lacks, nested too."""
    if isinstance(data, list):
        return [p for i, item in enumerate(data) for p in missing(item, model, f"{where}[{i}]")]
    assert isinstance(data, dict), f"{where}: expected an object, got {data!r}"
    problems = []
    for key, field in model._fields().items():
        if key not in data:
            problems.append(f"{where}.{key}")
        elif data[key] is not None:
            problems += _missing_in(data[key], field.reader, f"{where}.{key}")
    return problems


def _missing_in(value: Any, reader: Any, where: str) -> list[str]:
    kind = type(reader).__name__
    if kind == "_Model" and isinstance(value, dict):
        return missing(value, reader.kind, where)
    if kind == "_List" and isinstance(value, list):
        return [
            p for i, v in enumerate(value) for p in _missing_in(v, reader.item, f"{where}[{i}]")
        ]
    if kind == "_Union":
        for member in reader.members:
            if member.fits(value):
                return _missing_in(value, member, where)
    return []


@pytest.fixture(scope="module")
def two_kinds_of_cluster() -> Iterator[StudioEmulator]:
    """A Studio with an older-style cluster (the required fields only) and a newer one (all)."""
    fields = list(ComputeClusterOutput.model_json_keys().values())
    full = {
        "id": "k3f9x2mq7a",
        "name": "gpu-pool",
        "status": "ACTIVE",
        "cloud_provider": "AWS",
        "cloud_credentials": "aws-prod",
        "is_active": True,
        "default": False,
        "max_workers": 8,
        "active_workers": 1,
        "busy_workers": 0,
        "cloud_region": "us-east-1",
        "instance_type": "g5.xlarge",
        "compute_class": "gpu",
        "disk_size": 200,
    }
    assert set(full) <= set(fields)  # the declared fields only: no extras
    minimal = {
        "id": 1,
        "name": "default",
        "status": "ACTIVE",
        "cloud_provider": "AWS",
        "is_active": True,
        "default": True,
        "max_workers": 4,
    }
    with StudioEmulator(token=TOKEN, clusters=[minimal, full]) as emu:
        yield emu


def test_clusters_with_different_fields_print_the_same_keys(
    two_kinds_of_cluster: StudioEmulator, tmp_path: Path
) -> None:
    cli = Cli(two_kinds_of_cluster, tmp_path)
    data = cli.run("clusters", "ls", "--json").data
    contract = list(ComputeClusterOutput.model_json_keys().values())
    assert [c["name"] for c in data] == ["default", "gpu-pool"]
    assert [list(c) for c in data] == [contract, contract]
    assert data[0]["cloud_region"] is None and data[0]["instance_type"] is None
    assert data[1]["cloud_region"] == "us-east-1"


def test_a_list_gives_keys_beyond_the_contract_to_all_its_items() -> None:
    contract = list(ComputeClusterOutput.model_json_keys().values())
    old = ComputeClusterOutput.from_dict({"id": 1, "name": "old"})
    new = ComputeClusterOutput.from_dict({"id": 2, "name": "new", "accelerators": ["a100"]})
    data = to_jsonable([old, new])
    assert [list(item) for item in data] == [[*contract, "accelerators"]] * 2
    assert data[0]["accelerators"] is None and data[1]["accelerators"] == ["a100"]
    # Also inside a model: a job's steps.
    job = JobOutput.from_dict({"steps": [{"name": "a"}, {"name": "b", "gpu_seconds": 3}]})
    steps = to_jsonable(job)["steps"]
    assert list(steps[0]) == list(steps[1]) and steps[0]["gpu_seconds"] is None


def test_every_json_output_has_every_declared_field(
    cli: Cli, client: Studio, tmp_path: Path
) -> None:
    script = tmp_path / "stable.py"
    script.write_text("print('stable keys')\n", encoding="utf-8")
    data_file = tmp_path / "stable.csv"
    data_file.write_text("a\n1\n", encoding="utf-8")
    definition = client.pipelines.trigger(["stable-a", "stable-b"])
    running = client.jobs.create(
        "print(1)", query_type="PYTHON", start_after="2030-01-01T00:00:00Z"
    )
    done = cli.run("jobs", "run", str(script), "--json", *POLL)
    job_id = done.data["id"]
    schedule = cli.run(
        "schedules", "create", "--pipeline", definition.name, "--cron", "0 3 * * *", "--json"
    ).data
    group = cli.run("groups", "create", "cli-stable-keys", "--json").data
    rule = cli.run("rules", "create", "--resource-type", "namespace", "--resource-id", "dev",
                   "--permission", "read", "--group", "cli-stable-keys", "--json").data  # fmt: skip
    member = cli.run(
        "groups", "members", "add", "cli-stable-keys", "1", "--role", "read", "--json"
    ).data
    sid, gid = str(schedule["id"]), group["id"]
    outputs: list[tuple[tuple[str, ...], type[Any]]] = [
        (("jobs", "ls", "--json"), JobOutput),
        (("jobs", "show", job_id, "--json"), JobOutput),
        (("jobs", "logs", job_id, "--json"), JobLogsOutput),
        (("jobs", "wait", job_id, "--json", *POLL), JobOutput),
        (("jobs", "run", str(script), "--no-follow", "--json"), JobOutput),
        (("jobs", "upload", str(data_file), "--json"), UploadFileOutput),
        (("jobs", "cancel", str(running.id), "--json"), ActionFeedback),
        (("clusters", "ls", "--json"), ComputeClusterOutput),
        (("pipelines", "ls", "--json"), JobPipelineOutput),
        (("pipelines", "status", definition.name, "--json"), JobPipelineOutput),
        (("pipelines", "duplicate", definition.name, "--json"), JobPipelineOutput),
        (("pipelines", "settings", definition.name, "--json"), JobPipelineOutput),
        (("schedules", "ls", "--json"), PipelineScheduleItem),
        (("schedules", "get", sid, "--json"), PipelineScheduleOutput),
        (("schedules", "pause", sid, "--json"), PipelineScheduleOutput),
        (("groups", "ls", "--json"), AccessGroupOutput),
        (("groups", "members", "ls", gid, "--json"), AccessGroupMemberOutput),
        (
            ("groups", "members", "update", gid, "1", "--role", "admin", "--json"),
            AccessGroupMemberOutput,
        ),
        (("groups", "update", gid, "--description", "stable", "--json"), AccessGroupOutput),
        (("rules", "ls", "--json"), AccessRuleOutput),
        (("rules", "update", rule["id"], "--permission", "write", "--json"), AccessRuleOutput),
    ]
    results = cli.many(*(args for args, _ in outputs))
    problems = {
        " ".join(args): missing(result.data, model)
        for (args, model), result in zip(outputs, results, strict=True)
    }
    problems["jobs run"] = missing(done.data, JobOutput)
    problems["schedules create"] = missing(schedule, PipelineScheduleOutput)
    problems["groups create"] = missing(group, AccessGroupOutput)
    problems["rules create"] = missing(rule, AccessRuleOutput)
    problems["groups members add"] = missing(member, AccessGroupMemberOutput)
    assert {args: keys for args, keys in problems.items() if keys} == {}
    for args, result in zip(outputs, results, strict=True):
        if isinstance(result.data, list) and len(result.data) > 1:
            assert len({tuple(item) for item in result.data}) == 1, args  # the same keys

    # What is not a model prints fixed keys too.
    removed, deleted_rule, deleted_schedule = cli.many(
        ("groups", "members", "remove", gid, "1", "--json"),
        ("rules", "delete", rule["id"], "--json"),
        ("schedules", "delete", sid, "--json"),
    )
    deleted_group = cli.run("groups", "delete", "cli-stable-keys", "--json")  # after the rest
    assert removed.data == {"removed": "member", "group_id": gid, "user_id": 1}
    assert deleted_rule.data == {"deleted": "rule", "id": rule["id"]}
    assert deleted_schedule.data == {"deleted": "schedule", "id": schedule["id"]}
    assert deleted_group.data == {"deleted": "group", "id": gid}


# --- 4 and 5. start times in the past -------------------------------------------------------


def test_a_date_without_a_year_is_its_next_occurrence() -> None:
    now = NOW.astimezone()
    june = parse_moment("June 1 9am", now=now)
    assert june == local(2027, 6, 1, 9, 0)
    assert parse_moment("Dec 25 9am", now=now) == local(2026, 12, 25, 9, 0)
    assert parse_moment("Feb 29", now=now) == local(2028, 2, 29)  # the next leap year
    # A time without a day: today if it is still to come, else tomorrow.
    noon_local = now.replace(hour=12, minute=0, second=0, microsecond=0)
    assert parse_moment("9am", now=noon_local) == noon_local.replace(hour=9) + dt.timedelta(1)
    assert parse_moment("3pm", now=noon_local) == noon_local.replace(hour=15)
    monday = parse_moment("monday 9am", now=noon_local)
    assert monday.weekday() == 0 and monday > noon_local
    assert parse_moment("now", now=now) == now
    assert parse_moment("+30m", now=now) == now + dt.timedelta(minutes=30)
    # A minute's grace: a time given as "now" by hand is not refused.
    assert parse_moment("2026-12-01T11:59:30Z", now=NOW) == NOW - dt.timedelta(seconds=30)


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("2024-06-01 9:30", "2024-06-01 09:30:00"),
        ("2026-12-01T09:00:00Z", "2026-12-01 09:00:00 UTC"),
        ("June 1 2026 9am", "2026-06-01 09:00:00"),
        ("today 9:00", "09:00:00"),
    ],
)
def test_a_time_in_the_past_is_refused_saying_how_it_was_read(text: str, read_as: str) -> None:
    with pytest.raises(click.BadParameter) as error:
        parse_moment(text, now=NOW, param_hint="--start-time")
    message = error.value.format_message()
    assert f"{text!r} is in the past: read as" in message and read_as in message, message
    assert "--start-time" in message


def test_jobs_run_refuses_a_start_time_in_the_past(
    cli: Cli, client: Studio, tmp_path: Path
) -> None:
    script = tmp_path / "issue11-start-time.py"
    script.write_text("print(1)\n", encoding="utf-8")
    run = ("jobs", "run", str(script), "--no-follow", "--start-time")
    past = fixed_clock(cli, *run, "2026-06-01 9am", code=64)
    assert "Invalid value for --start-time: '2026-06-01 9am' is in the past" in past.err
    assert "read as 2026-06-01 09:00:00 UTC, and it is now 2026-12-01 12:00:00 UTC" in past.err
    assert past.out == ""
    assert script.name not in {job.name for job in client.jobs.list(limit=200)}  # not created
    june = fixed_clock(cli, *run, "June 1 9am")
    assert "starts no earlier than 2027-06-01 09:00:00" in june.err, june
    assert script.name in {job.name for job in client.jobs.list(limit=200)}
    help_text = " ".join(cli.run("jobs", "run", "--help").out.split())
    assert "next occurrence" in help_text and "in the past is refused" in help_text


def test_schedules_refuse_a_start_time_in_the_past(cli: Cli, client: Studio) -> None:
    definition = client.pipelines.trigger(["issue11-schedule"])
    create = ("schedules", "create", "--pipeline", definition.name, "--cron", "0 3 * * *")
    past = fixed_clock(cli, *create, "--start-time", "2026-06-01T09:00:00Z", code=64)
    assert "'2026-06-01T09:00:00Z' is in the past: read as 2026-06-01 09:00:00 UTC" in past.err
    made = fixed_clock(cli, *create, "--start-time", "June 1 9am", "--json").data
    assert made["start_after"] == "2027-06-01T09:00:00Z"
    update = ("schedules", "update", str(made["id"]), "--start-time")
    refused = fixed_clock(cli, *update, "today 9:00", code=64)
    assert "'today 9:00' is in the past: read as 2026-12-01 09:00:00 UTC" in refused.err
    moved = fixed_clock(cli, *update, "Jan 15 6:30", "--json").data
    assert moved["start_after"] == "2027-01-15T06:30:00Z"
    help_text = " ".join(cli.run("schedules", "create", "--help").out.split())
    assert "next occurrence" in help_text and "in the past is refused" in help_text
    client.schedules.delete(made["id"])
