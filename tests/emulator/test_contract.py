"""The emulator checks requests and its own responses against openapi.yaml."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from datachain_studio import InternalServerError, Studio, login, logout
from datachain_studio.testing import ContractViolationError, StudioEmulator
from datachain_studio.testing._contract import load_contract, spec_path
from datachain_studio.testing._handlers import HANDLERS
from datachain_studio.testing._handlers.base import Context, Reply
from tests.emulator.helpers import JOBS, Api, detail
from tests.spec import REFERENCE_OPERATION_COUNT, reference_operations

ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def test_the_spec_is_found_and_every_operation_has_a_handler() -> None:
    path = spec_path()
    assert path.is_file() and path.name == "openapi.yaml"
    operations = {op.operation_id for op in load_contract().operations}
    assert operations == set(HANDLERS)
    assert len(reference_operations()) == REFERENCE_OPERATION_COUNT


def test_a_priority_out_of_range_is_422(api: Api) -> None:
    response = api("POST", JOBS, json=api.team(query="x", query_type="PYTHON", priority=9))
    assert response.status_code == 422
    assert detail(response) == [
        {
            "loc": ["body", "priority"],
            "msg": "9 is greater than the maximum of 5",
            "type": "less_than_equal",
            "input": 9,
        }
    ]


def test_every_problem_is_reported(api: Api) -> None:
    response = api(
        "POST",
        JOBS,
        json={"query_type": "RUBY", "workers": 0, "start_after": "yesterday", "files": [1.5]},
    )
    assert response.status_code == 422
    locations = {tuple(problem["loc"]) for problem in detail(response)}
    assert locations == {
        ("body", "query"),
        ("body", "query_type"),
        ("body", "workers"),
        ("body", "start_after"),
        ("body", "files", 0),
    }


@pytest.mark.parametrize(
    ("params", "loc", "kind"),
    [
        ({}, ["query", "team_name"], "missing"),
        ({"team_name": ""}, ["query", "team_name"], "string_too_short"),
        ({"team_name": "emulator", "limit": "ten"}, ["query", "limit"], "int_parsing"),
        ({"team_name": "emulator", "limit": "0"}, ["query", "limit"], "greater_than_equal"),
        ({"team_name": "emulator", "job_id": "42"}, ["query", "job_id"], "format"),
        (
            {"team_name": "emulator", "include_steps": "yes"},
            ["query", "include_steps"],
            "bool_parsing",
        ),
    ],
)
def test_bad_query_parameters_are_422(
    api: Api, params: dict[str, str], loc: list[str], kind: str
) -> None:
    response = api("GET", JOBS, params=params)
    assert response.status_code == 422
    problem = detail(response)[0]
    assert (problem["loc"], problem["type"]) == (loc, kind)
    assert problem["msg"]


def test_a_missing_required_query_parameter_is_422(api: Api) -> None:
    response = api("GET", "/api/datachain/pipeline/schedule", params=api.team())
    assert response.status_code == 422
    assert detail(response) == [
        {"loc": ["query", "schedule_id"], "msg": "Field required", "type": "missing"}
    ]


def test_bad_path_parameters_are_422(api: Api) -> None:
    response = api("GET", "/api/datachain/jobs/not-a-uuid/logs")
    assert response.status_code == 422
    assert detail(response)[0]["loc"] == ["path", "job_id"]
    group = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
    response = api("DELETE", f"/api/datachain/rbac/access-groups/{group}/members/abc/")
    assert detail(response)[0]["type"] == "int_parsing"


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"", "missing"), (b"{not json", "json_invalid"), (b"[1, 2]", "object_type")],
)
def test_bad_json_bodies_are_422(api: Api, content: bytes, kind: str) -> None:
    response = api("POST", JOBS, content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert detail(response)[0]["type"] == kind


def test_unknown_paths_are_404_and_wrong_methods_405(api: Api) -> None:
    response = api("GET", "/api/datachain/nothing-here/")
    assert response.status_code == 404
    assert "Not found" in detail(response)
    response = api("GET", "/api/datachain/jobs", params=api.team())
    assert response.status_code == 404
    assert "did you mean /api/datachain/jobs/?" in detail(response)
    assert response.json()["message"] == detail(response)  # what the official client shows
    response = api("PUT", JOBS)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert "PUT" in detail(response)
    assert response.json()["message"] == detail(response)
    assert api("GET", "/api/datachain/jobs/files").status_code == 405
    head = api("HEAD", JOBS)
    assert head.status_code == 405 and head.content == b""


def test_a_422_names_its_first_problem_in_message(api: Api) -> None:
    """The official client shows only `message` (`Error: <message>`); `detail` keeps
    Django-Ninja's list."""
    body = api.team(query="print(1)", query_type="PYTHON", priority=9)
    response = api("POST", JOBS, json=body)
    assert response.status_code == 422
    problems = detail(response)
    assert problems[0]["loc"] == ["body", "priority"]
    assert response.json()["message"] == f"body.priority: {problems[0]['msg']}"
    assert "maximum of 5" in response.json()["message"]
    response = api("POST", JOBS, json={**body, "priority": 9, "workers": "many", "files": [[]]})
    assert response.status_code == 422
    first, count = detail(response)[0], len(detail(response))
    assert count > 1
    assert response.json()["message"].endswith(f"{first['msg']} (and {count - 1} more)")
    response = api("GET", JOBS, params=api.team(limit="x"))
    assert response.json()["message"].startswith("query.limit: Input should be a valid integer")


def test_responses_are_json_with_utc_times(studio: Studio, api: Api) -> None:
    studio.jobs.create("print(1)")
    response = api("GET", JOBS, params=api.team(include_steps="true"))
    assert response.headers["content-type"] == "application/json"
    job = response.json()[0]
    for name in ("created_at",):
        assert ISO_Z.fullmatch(job[name]), job[name]
    assert ISO_Z.fullmatch(job["steps"][0]["started_at"])


def broken(ctx: Context) -> Reply:
    return Reply(200, [{"id": "not-an-int", "name": "x"}])


def test_a_response_that_breaks_the_contract_is_recorded_and_answered_500(
    studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(HANDLERS, "list_clusters", broken)
    with Studio(
        token=studio_emulator.token, url=studio_emulator.url, team="emulator", max_retries=0
    ) as studio:
        with pytest.raises(InternalServerError, match="contract violation"):
            studio.clusters.list()
    (violation,) = studio_emulator.contract_violations
    assert violation.operation_id == "list_clusters"
    assert violation.status == 200
    assert "status" in violation.problem and "[0]" in violation.problem
    assert violation.body == [{"id": "not-an-int", "name": "x"}]
    with pytest.raises(ContractViolationError, match="list_clusters"):
        studio_emulator.check()
    studio_emulator.contract_violations.clear()  # this one was on purpose


@pytest.mark.parametrize("operation_id", ["list_jobs", "create_job"])
def test_a_job_without_its_url_is_a_violation(
    studio: Studio,
    studio_emulator: StudioEmulator,
    monkeypatch: pytest.MonkeyPatch,
    operation_id: str,
) -> None:
    # Studio's own document requires `url` in every job, and so does the contract: the local
    # Studio must always send it.
    handler = HANDLERS[operation_id]

    def without_url(ctx: Context) -> Reply:
        reply = handler(ctx)
        jobs = reply.body if isinstance(reply.body, list) else [reply.body]
        for job in jobs:
            del job["url"]
        return reply

    studio.jobs.create("print(1)")
    monkeypatch.setitem(HANDLERS, operation_id, without_url)
    with pytest.raises(InternalServerError, match="contract violation"):
        if operation_id == "list_jobs":
            studio.with_options(max_retries=0).jobs.list()
        else:
            studio.with_options(max_retries=0).jobs.create("print(2)")
    (violation,) = studio_emulator.contract_violations
    assert "url" in violation.problem and "required" in violation.problem
    studio_emulator.contract_violations.clear()  # this one was on purpose


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (Reply(201, {"detail": "x"}), "status 201 is not declared"),
        (Reply(204, {"detail": "x"}), "not declared"),
        (Reply(400, {"detail": 42}), "detail"),
    ],
)
def test_undeclared_statuses_and_bad_error_bodies_are_violations(
    studio_emulator: StudioEmulator,
    api: Api,
    monkeypatch: pytest.MonkeyPatch,
    reply: Reply,
    problem: str,
) -> None:
    monkeypatch.setitem(HANDLERS, "list_clusters", lambda ctx: reply)
    assert api("GET", "/api/datachain/clusters/").status_code == 500
    assert problem in studio_emulator.contract_violations[0].problem
    studio_emulator.contract_violations.clear()


def test_a_204_with_a_body_is_a_violation(
    studio_emulator: StudioEmulator, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(HANDLERS, "delete_access_rule", lambda ctx: Reply(204, {"ok": True}))
    rule = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
    assert api("DELETE", f"/api/datachain/rbac/access-rules/{rule}/").status_code == 500
    assert "has no body" in studio_emulator.contract_violations[0].problem
    studio_emulator.contract_violations.clear()


def test_a_crashing_handler_is_500_and_recorded(
    studio_emulator: StudioEmulator, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(ctx: Context) -> Reply:
        raise RuntimeError("boom")

    monkeypatch.setitem(HANDLERS, "list_clusters", crash)
    response = api("GET", "/api/datachain/clusters/")
    assert response.status_code == 500
    assert "RuntimeError: boom" in response.json()["message"]
    assert "RuntimeError: boom" in studio_emulator.errors[0]
    studio_emulator.errors.clear()


def test_leaving_the_with_block_raises_on_violations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(HANDLERS, "list_clusters", broken)
    with pytest.raises(ContractViolationError, match="list_clusters -> 200"):
        with StudioEmulator() as emulator:
            Api(emulator)("GET", "/api/datachain/clusters/")
    with StudioEmulator(check_on_exit=False) as quiet:
        Api(quiet)("GET", "/api/datachain/clusters/")
    assert len(quiet.contract_violations) == 1


def test_every_operation_answers_within_the_contract(
    studio: Studio,
    studio_emulator: StudioEmulator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    answered: dict[str, int] = {}

    def recording(operation_id: str, handler: Callable[[Context], Reply]) -> Any:
        def wrapper(ctx: Context) -> Reply:
            reply = handler(ctx)
            answered[operation_id] = reply.status
            return reply

        return wrapper

    for operation_id, handler in list(HANDLERS.items()):
        monkeypatch.setitem(HANDLERS, operation_id, recording(operation_id, handler))

    job = studio.jobs.create("print(1)")
    studio.jobs.list()
    studio.jobs.logs(job.id)
    studio.jobs.cancel(job.id)
    studio.jobs.upload(b"x", filename="x")
    studio.clusters.list()
    definition = studio.pipelines.trigger(["a", "b"])
    run = studio.pipelines.run(str(definition.pipeline_id))
    studio.pipelines.pause(run.name)
    studio.pipelines.resume(run.name)
    studio.pipelines.duplicate(run.name)
    studio.pipelines.update_settings(definition.name, workers=2)
    studio.pipelines.remove_job(definition.name, job_id=str(definition.job_runs[1].job_id))
    studio.pipelines.get(definition.name)
    studio.pipelines.list()
    schedule = studio.schedules.create("0 * * * *", pipeline_name=definition.name)
    studio.schedules.update(schedule.id, pause_pipeline=True)
    studio.schedules.get(schedule.id)
    studio.schedules.list()
    studio.schedules.delete(schedule.id)
    group = studio.access_groups.create("g")
    studio.access_groups.list()
    studio.access_groups.update(group.id, description="d")
    studio.access_groups.add_member(group.id, user_id=2, role="read")
    studio.access_groups.list_members(group.id)
    studio.access_groups.update_member(group.id, 2, role="write")
    studio.access_groups.remove_member(group.id, 2)
    rule = studio.access_rules.create(
        resource_type="project", resource_id="p", permission="read", group_id=group.id
    )
    studio.access_rules.list()
    studio.access_rules.update(rule.id, permission="write")
    studio.access_rules.delete(rule.id)
    studio.access_groups.delete(group.id)

    # Beyond the published reference: datasets, storage listing, sign-in.
    studio_emulator.add_dataset("dev.animals.dogs", rows=[{"n": 1}])
    studio.datasets.list()
    studio.datasets.get("dev.animals.dogs")
    studio.datasets.update("dev.animals.dogs", description="d")
    export = studio.datasets.export("dev.animals.dogs", version="1.0.0")
    studio.datasets.export_status(export.export_id)
    studio.datasets.job_versions(job.id)
    studio.datasets.delete("dev.animals.dogs", version="1.0.0")
    (tmp_path / "bucket").mkdir()
    (tmp_path / "bucket" / "a.txt").write_text("a")
    studio_emulator.add_storage("s3://bucket", tmp_path / "bucket")
    studio.storage.ls("s3://bucket")
    monkeypatch.setenv("DATACHAIN_GLOBAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    login(
        studio_emulator.url,
        on_code=lambda code: studio_emulator.approve_device(code.user_code),
        poll_interval=0.01,
    )
    logout(url=studio_emulator.url)

    assert set(answered) == {op.operation_id for op in load_contract().operations}
    assert all(200 <= status < 300 for status in answered.values()), answered
    assert studio_emulator.contract_violations == [] and studio_emulator.errors == []
