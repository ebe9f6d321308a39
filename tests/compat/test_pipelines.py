"""The official CLI's pipeline commands against the local Studio, in the order a user goes:
`create` (always `review: true`: the pipeline waits PAUSED for review) -> `status` ->
`resume` -> `list` -> `pause` -> `remove-job` (official-client-beyond-reference.md, 9.6, 10.6)."""

from __future__ import annotations

import re
from typing import Any

from datachain_studio.testing import StudioEmulator
from tests.compat.helpers import OfficialCli, api, grid

CREATED = re.compile(
    r"^Pipeline created under name: (\S+) from: (\S+) in paused state for review\.$"
)


def served(emulator: StudioEmulator, name: str) -> dict[str, Any]:
    with api(emulator) as http:
        response = http.get(
            "/api/datachain/pipeline/status", params={"name": name, "team_name": emulator.team}
        )
    assert response.status_code == 200, response.text
    pipeline: dict[str, Any] = response.json()
    return pipeline


def test_create_review_resume_list_pause_remove_job(
    still_cli: OfficialCli, still: StudioEmulator
) -> None:
    created = still_cli.run("pipeline", "create", "dev.animals.dogs", "dev.animals.cats")
    match = CREATED.match(created.lines[0])
    assert match, str(created)
    name = match.group(1)
    assert match.group(2) == "dev.animals.dogs"
    assert "datachain pipeline resume" in created.out

    paused = still_cli.run("pipeline", "status", name)
    assert paused.lines[:3] == [f"Name: {name}", "Status: PAUSED", "Progress: 0/2 jobs completed"]
    assert grid(paused.lines) == [
        ["Name", "Status", "Job ID"],
        ["dev.animals.dogs", "PENDING", ""],
        ["dev.animals.cats", "PENDING", ""],
    ], str(paused)

    resumed = still_cli.run("pipeline", "resume", name)
    assert resumed.lines == [f"Pipeline {name} resumed", ""]
    pipeline = served(still, name)
    assert pipeline["status"] == "RUNNING"
    first, second = pipeline["job_runs"]
    assert (first["status"], second["status"]) == ("RUNNING", "PENDING")

    running, listed, by_status, none_paused = still_cli.many(
        ("pipeline", "status", name),
        ("pipeline", "list"),
        ("pipeline", "list", "-s", "running"),
        ("pipeline", "list", "-s", "paused"),
    )
    assert running.lines[:3] == [f"Name: {name}", "Status: RUNNING", "Progress: 0/2 jobs completed"]
    assert grid(running.lines)[1] == ["dev.animals.dogs", "RUNNING", first["created_job_id"]]
    row = [name, "RUNNING", "dev.animals.dogs", "0/2", pipeline["created_at"][:19]]
    assert grid(listed.lines) == [["Name", "Status", "Target", "Progress", "Created At"], row]
    assert grid(by_status.lines)[1:] == [row], str(by_status)
    assert none_paused.lines == ["No pipelines found", ""], str(none_paused)

    pause = still_cli.run("pipeline", "pause", name)
    assert pause.lines == [f"Pipeline {name} paused", ""]
    assert served(still, name)["status"] == "PAUSED"

    removed = still_cli.run("pipeline", "remove-job", name, second["job_id"])
    assert removed.lines == [f"Job {second['job_id']} removed from pipeline {name}", ""]
    left = served(still, name)
    assert [run["name"] for run in left["job_runs"]] == ["dev.animals.dogs"]
    assert (left["status"], left["total"]) == ("PAUSED", 1)


def test_an_unknown_pipeline_is_named_in_the_error(still_cli: OfficialCli) -> None:
    result = still_cli.run("pipeline", "status", "no-such-pipeline", code=1)
    assert [line for line in result.err_lines if line] == [
        "Error: Pipeline no-such-pipeline not found"
    ]
