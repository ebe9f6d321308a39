"""Fidelity with what the official `datachain` client (0.62) expects of Studio: cluster fields,
error bodies, the review flow of `pipeline create`, the pipeline list's status filter in both
forms, and case-insensitive status filters with the ACTIVE/INACTIVE groups."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import pytest

from datachain_studio import Studio
from datachain_studio.testing import StudioEmulator
from datachain_studio.testing._contract import load_contract
from datachain_studio.testing._handlers import HANDLERS
from datachain_studio.testing._handlers.base import Context
from tests.emulator.helpers import JOBS, Api, Clock

manual = pytest.mark.studio_emulator(job_step_seconds=None)
PIPELINE = "/api/datachain/pipeline/"
# What `datachain job clusters` indexes directly (official-client-beyond-reference.md, 9.5).
CLUSTER_KEYS = {
    "id",
    "name",
    "status",
    "cloud_provider",
    "cloud_credentials",
    "is_active",
    "default",
    "max_workers",
    "active_workers",
    "busy_workers",
    "cloud_region",
    "instance_type",
    "compute_class",
    "disk_size",
}


# --- clusters ------------------------------------------------------------------------------


def test_every_cluster_carries_every_field(api: Api) -> None:
    clusters = api("GET", "/api/datachain/clusters/", params=api.team()).json()
    assert clusters and all(set(cluster) >= CLUSTER_KEYS for cluster in clusters)
    default = next(cluster for cluster in clusters if cluster["default"])
    assert {k: default[k] for k in ("cloud_region", "instance_type", "disk_size")} == {
        "cloud_region": None,
        "instance_type": None,
        "disk_size": None,
    }
    assert (default["active_workers"], default["busy_workers"]) == (0, 0)


@pytest.mark.studio_emulator(
    clusters=[
        {
            "id": 7,
            "name": "small",
            "status": "ACTIVE",
            "cloud_provider": "GCP",
            "is_active": True,
            "default": True,
            "max_workers": 2,
        }
    ]
)
def test_a_cluster_given_with_few_fields_is_sent_with_all(api: Api) -> None:
    (cluster,) = api("GET", "/api/datachain/clusters/", params=api.team()).json()
    assert set(cluster) >= CLUSTER_KEYS
    assert cluster["cloud_region"] is None and cluster["cloud_credentials"] is None


# --- error bodies --------------------------------------------------------------------------


@manual
def test_errors_carry_message_where_the_official_client_reads_it(
    studio: Studio, studio_emulator: StudioEmulator, api: Api
) -> None:
    job = studio.jobs.create("print(1)")
    studio_emulator.finish_job(job.id)
    finished = api("POST", f"{JOBS}{job.id}/cancel", json=api.team())
    assert finished.status_code == 400
    assert "already finished" in finished.json()["message"]
    missing = api("GET", f"{JOBS}{uuid.uuid4()}/logs", params=api.team())
    assert missing.status_code == 404 and "not found" in missing.json()["message"]
    no_pipeline = api("GET", PIPELINE + "status", params=api.team(name="nope"))
    assert no_pipeline.status_code == 404 and no_pipeline.json()["message"]
    conflict_body = api.team(name="g")
    api("POST", "/api/datachain/rbac/access-groups/", json=conflict_body)
    conflict = api("POST", "/api/datachain/rbac/access-groups/", json=conflict_body)
    assert conflict.status_code == 409 and conflict.json()["message"]


def test_auth_failures_and_validation_keep_detail(api: Api) -> None:
    unauthorized = api("GET", JOBS, token="isat_wrong", params=api.team())
    assert unauthorized.status_code == 401
    assert unauthorized.json() == {"detail": "Invalid token"}
    invalid = api("GET", JOBS, params=api.team(limit="x"))
    assert invalid.status_code == 422 and isinstance(invalid.json()["detail"], list)


def test_the_contract_allows_message_and_detail_together() -> None:
    contract = load_contract()
    (op,) = [op for op in contract.operations if op.operation_id == "cancel_job"]
    both = {"message": "Job is already finished", "detail": "Job is already finished"}
    assert contract.response_problem(op, 400, both) is None
    assert contract.response_problem(op, 404, {"message": "Job x not found"}) is None
    assert contract.response_problem(op, 401, {"detail": "Invalid token"}) is None


# --- review flow ---------------------------------------------------------------------------


@manual
def test_review_pauses_resume_starts_and_a_running_pipeline_pauses(
    studio: Studio, api: Api
) -> None:
    # What `datachain pipeline create` sends: "review": true.
    made = api("POST", PIPELINE + "trigger", json=api.team(datasets=["a", "b"], review=True))
    assert made.status_code == 200, made.text
    name = made.json()["pipeline"]["name"]
    assert made.json()["pipeline"]["status"] == "PAUSED"
    assert studio.pipelines.get(name).status == "PAUSED"
    resumed = studio.pipelines.resume(name)
    assert resumed.status == "RUNNING"
    assert [run.status for run in resumed.job_runs] == ["RUNNING", "PENDING"]
    paused = studio.pipelines.pause(name)
    assert paused.status == "PAUSED"
    assert studio.pipelines.resume(name).status == "RUNNING"


def test_a_resumed_review_runs_to_completion(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a", "b"], review=True)
    assert definition.status == "PAUSED"
    time.sleep(0.2)
    assert studio.pipelines.get(definition.name).completed == 0  # waits for review
    studio.pipelines.resume(definition.name)
    deadline = time.monotonic() + 10
    while studio.pipelines.get(definition.name).status != "COMPLETED":
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_without_review_the_definition_waits_and_cannot_be_paused(studio: Studio, api: Api) -> None:
    definition = studio.pipelines.trigger(["a"], review=False)
    assert definition.status == "PENDING"
    response = api("POST", PIPELINE + "pause", json=api.team(name=definition.name))
    assert response.status_code == 400 and "definition" in response.json()["message"]


# --- status filters ------------------------------------------------------------------------


@manual
def test_the_pipeline_list_filters_by_query_status_in_any_case(studio: Studio, api: Api) -> None:
    paused = studio.pipelines.trigger(["a"], review=True)
    pending = studio.pipelines.trigger(["b"])
    for status in (["PAUSED"], ["paused"], ["Paused"]):
        found = api("GET", PIPELINE + "list", params=api.team(status=status)).json()
        assert [p["name"] for p in found] == [paused.name]
    both = api("GET", PIPELINE + "list", params=api.team(status=["paused", "PENDING"])).json()
    assert {p["name"] for p in both} == {paused.name, pending.name}


def test_the_contract_declares_the_pipeline_list_body_as_optional() -> None:
    contract = load_contract()
    (op,) = [op for op in contract.operations if op.operation_id == "list_pipelines"]
    assert op.body_type == "optional-json"
    assert contract.check_body(op, None) == []
    assert contract.check_body(op, ["RUNNING", "paused"]) == []
    assert contract.check_body(op, {"status": "RUNNING"})
    assert {p.name for p in op.parameters} >= {"status", "limit", "search", "team_name"}


@manual
def test_the_pipeline_list_takes_the_reference_body_form(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    # The handler, given the body as a transport that reads GET bodies passes it on.
    paused = studio.pipelines.trigger(["a"], review=True)
    pending = studio.pipelines.trigger(["b"])
    state = studio_emulator.state

    def listed(body: Any, **params: Any) -> list[str]:
        with state.lock:
            team = state.teams[studio_emulator.team]
            user = next(iter(state.users.values()))
            ctx = Context(state, team, user, params, body, None, studio_emulator.url)
            return [p["name"] for p in HANDLERS["list_pipelines"](ctx).body]

    assert listed(["paused"]) == [paused.name]
    assert set(listed(["PENDING"], status=["PAUSED"])) == {paused.name, pending.name}
    assert set(listed(None)) == {paused.name, pending.name}


@manual
def test_the_job_status_filter_is_case_insensitive_with_groups(
    studio: Studio, studio_emulator: StudioEmulator, api: Api
) -> None:
    done, failed, running, waiting = (studio.jobs.create(f"print({n})").id for n in range(4))
    studio_emulator.finish_job(done)
    studio_emulator.fail_job(failed)
    studio_emulator.advance_job(running, 2)

    def ids(status: str) -> set[str]:
        response = api("GET", JOBS, params=api.team(status=status, limit=100))
        assert response.status_code == 200, response.text
        return {job["id"] for job in response.json()}

    everything = {str(done), str(failed), str(running), str(waiting)}
    for active in ("ACTIVE", "active", "Active"):
        assert ids(active) == {str(running), str(waiting)}
    for inactive in ("INACTIVE", "inactive"):
        assert ids(inactive) == {str(done), str(failed)}
    assert ids("running") == {str(running)} and ids("complete") == {str(done)}
    assert ids("ACTIVE") | ids("INACTIVE") == everything
    assert ids("created") == {str(waiting)}


def test_no_time_zone_trouble_in_next_run_texts(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a"])
    schedule = studio.schedules.create("0 * * * *", pipeline_name=definition.name)
    assert schedule.next_run is not None and schedule.next_run.tzinfo is not None
    assert schedule.next_run > dt.datetime.now(dt.UTC)


# --- naive datetimes -----------------------------------------------------------------------

NAIVE = "2030-01-15T14:30:00"  # what the official CLI sends for `--start-time "2030-01-15 14:30"`
AS_UTC = dt.datetime(2030, 1, 15, 14, 30, tzinfo=dt.UTC)


naive_clock = Clock(dt.datetime(2030, 1, 15, 14, 0, tzinfo=dt.UTC))


@pytest.mark.studio_emulator(clock=naive_clock, job_step_seconds=60)
@pytest.mark.parametrize("moment", [NAIVE, NAIVE + ".250", "2030-01-15 14:30:00"])
def test_a_job_with_a_naive_start_after_starts_then_in_utc(
    studio_emulator: StudioEmulator, api: Api, moment: str
) -> None:
    naive_clock.now = dt.datetime(2030, 1, 15, 14, 0, tzinfo=dt.UTC)
    body = api.team(query="print(1)", query_type="PYTHON", start_after=moment)
    created = api("POST", JOBS, json=body)
    assert created.status_code == 200, created.text
    job_id = created.json()["id"]
    start = studio_emulator.state.find_job(job_id).start_after
    assert start is not None and start.tzinfo is not None
    assert start.replace(microsecond=0) == AS_UTC
    naive_clock.now = AS_UTC + dt.timedelta(seconds=59)  # one step after creation: not yet
    assert studio_emulator.job_status(job_id) == "CREATED"
    naive_clock.now = AS_UTC + dt.timedelta(seconds=61)  # one step after start_after
    assert studio_emulator.job_status(job_id) == "QUEUED"


@pytest.mark.studio_emulator(clock=naive_clock, job_step_seconds=None)
def test_a_schedule_with_a_naive_start_after_runs_after_it_in_utc(api: Api) -> None:
    naive_clock.now = dt.datetime(2030, 1, 15, 14, 0, tzinfo=dt.UTC)
    made = api("POST", PIPELINE + "trigger", json=api.team(datasets=["a"]))
    assert made.status_code == 200, made.text
    name = made.json()["pipeline"]["name"]
    create = api.team(pipeline_name=name, cron_expression="*/15 * * * *", start_after=NAIVE)
    schedule = api("POST", PIPELINE + "create-schedule", json=create)
    assert schedule.status_code == 200, schedule.text
    made_schedule = schedule.json()["schedule"]
    assert made_schedule["start_after"] == "2030-01-15T14:30:00Z"
    assert made_schedule["next_run"] == "2030-01-15T14:45:00Z"  # strictly after start_after
    update = api.team(schedule_id=made_schedule["id"], start_after="2030-01-15T16:00:00")
    updated = api("POST", PIPELINE + "update-schedule", json=update)
    assert updated.status_code == 200, updated.text
    assert updated.json()["schedule"]["next_run"] == "2030-01-15T16:15:00Z"
