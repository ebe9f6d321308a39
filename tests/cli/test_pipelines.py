"""`datachain-studio pipelines ...` against the local Studio."""

from __future__ import annotations

import re
from pathlib import Path

from datachain_studio import Studio
from tests.cli.conftest import POLL, Cli


def test_trigger_ls_run_and_status(cli: Cli, client: Studio) -> None:
    trigger_table, trigger_json = cli.both("pipelines", "trigger", "raw", "clean", "features")
    # The tree: each job under the one it waits for.
    assert re.search(r"PENDING\s+definition · 0/3 jobs", trigger_table.out), trigger_table
    assert re.search(r"└── ○ raw\s+PENDING\n\s+└── ○ clean\s+PENDING", trigger_table.out)
    assert "pipelines run" in trigger_table.err  # what to do next
    definition = trigger_json.data
    assert definition["is_definition"] is True
    assert [job["name"] for job in definition["job_runs"]] == ["raw", "clean", "features"]

    ls_table, ls_json, run_table, run_json = cli.many(
        ("pipelines", "ls"),
        ("pipelines", "ls", "--json", "--status", "pending", "--search", definition["name"]),
        ("pipelines", "run", definition["name"]),
        ("pipelines", "run", definition["pipeline_id"], "--json"),
    )
    assert definition["name"] in ls_table.out and "definition" in ls_table.out
    assert [p["name"] for p in ls_json.data] == [definition["name"]]
    assert "run ·" in run_table.out and "pipelines status" in run_table.err
    run = run_json.data
    assert run["is_definition"] is False and run["status"] in ("RUNNING", "COMPLETED")

    # --wait follows the run to its end; then the tree and the exit status.
    waited, status_json = cli.many(
        ("pipelines", "run", definition["name"], "--wait", *POLL),
        ("pipelines", "status", run["name"], "--wait", "--json", *POLL),
    )
    assert re.search(r"COMPLETED\s+run · 3/3 jobs", waited.out), waited
    assert waited.out.count("✔") == 3
    assert status_json.data["status"] == "COMPLETED"
    assert status_json.data["completed"] == 3

    table, as_json = cli.both("pipelines", "status", run["pipeline_id"])
    assert run["name"] in table.out and "✔ features" in table.out
    assert as_json.data["pipeline_id"] == run["pipeline_id"]


def test_settings_show_and_change(cli: Cli, client: Studio, tmp_path: Path) -> None:
    definition = client.pipelines.trigger(["settings-a", "settings-b"])
    name = definition.name
    extra = tmp_path / "lookup.csv"
    extra.write_text("k,v\n", encoding="utf-8")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("pandas\n", encoding="utf-8")
    update_table, update_json = cli.many(
        (
            "pipelines",
            "settings",
            name,
            "--python-version",
            "3.12",
            "--workers",
            "2",
            "--priority",
            "1",
            "--req-file",
            str(requirements),
            "--req",
            "numpy",
            "--env",
            "MODE=nightly",
            "--files",
            str(extra),
            "--repository",
            "https://github.com/example/pipes",
        ),
        ("pipelines", "settings", str(definition.pipeline_id), "--workers", "3", "--json"),
    )
    assert "Updated the settings" in update_table.out
    assert update_json.data["workers"] == 3
    show_table, show_json = cli.both("pipelines", "settings", name)
    assert re.search(r"Python\s+3\.12", show_table.out), show_table
    assert re.search(r"Requirements\s+pandas, numpy", show_table.out)
    assert re.search(r"Environment\s+MODE\b", show_table.out)
    assert "nightly" not in show_table.out  # variable values are not shown
    assert show_json.data["python_version"] == "3.12"
    assert show_json.data["requirements"].splitlines() == ["pandas", "numpy"]


def test_duplicate(cli: Cli, client: Studio) -> None:
    definition = client.pipelines.trigger(["dup-a"])
    table, as_json = cli.both("pipelines", "duplicate", definition.name)
    assert f"Duplicated {definition.name} as" in table.out
    assert as_json.data["is_definition"] is True
    assert as_json.data["name"] != definition.name


def test_pause_resume_and_remove_job(still_cli: Cli, still_client: Studio) -> None:
    """On a Studio where nothing moves by itself, runs stay RUNNING to be paused."""
    definition = still_client.pipelines.trigger(["p-a", "p-b", "p-c"])
    first = still_client.pipelines.run(str(definition.pipeline_id))
    second = still_client.pipelines.run(str(definition.pipeline_id))

    pause_table, pause_json = still_cli.many(
        ("pipelines", "pause", first.name),
        ("pipelines", "pause", str(second.pipeline_id), "--json"),
    )
    assert f"Paused {first.name}: now PAUSED" in pause_table.out
    assert pause_json.data["status"] == "PAUSED"
    paused_tree = still_cli.run("pipelines", "status", first.name)
    assert re.search(r"PAUSED\s+run", paused_tree.out)

    resume_table, resume_json = still_cli.many(
        ("pipelines", "resume", first.name),
        ("pipelines", "resume", str(second.pipeline_id), "--json"),
    )
    assert f"Resumed {first.name}: now RUNNING" in resume_table.out
    assert resume_json.data["status"] == "RUNNING"

    jobs = {run.name: str(run.job_id) for run in first.job_runs}
    other = {run.name: str(run.job_id) for run in second.job_runs}
    remove_table, remove_json = still_cli.many(
        ("pipelines", "remove-job", first.name, jobs["p-b"]),
        ("pipelines", "remove-job", second.name, other["p-c"], "--json"),
    )
    assert f"Removed job {jobs['p-b']}" in remove_table.out
    # p-c needed p-b (a word: the pipeline's random name may hold "p-c", as crisp-cedar does)
    assert re.search(r"(?<![\w-])p-a(?![\w-])", remove_table.out)
    assert not re.search(r"(?<![\w-])p-c(?![\w-])", remove_table.out)
    assert [job["name"] for job in remove_json.data["job_runs"]] == ["p-a", "p-b"]


def test_a_pipeline_tree_shows_durations_and_several_parents() -> None:
    """Rendering alone (the local Studio's runs carry no timings): in-process."""
    from datachain_studio.cli._output import console
    from datachain_studio.cli.pipelines import pipeline_tree
    from datachain_studio.types import JobPipelineOutput

    a, b, c = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
    pipeline = JobPipelineOutput.from_dict(
        {
            "pipeline_id": "00000000-0000-4000-8000-000000000000",
            "status": "RUNNING",
            "name": "odd-otter",
            "is_definition": False,
            "job_runs": [
                {"job_id": a, "status": "COMPLETE", "parent_job_ids": [], "name": "left"},
                {"job_id": b, "status": "FAILED", "parent_job_ids": [], "name": "right"},
                {"job_id": c, "status": "PENDING", "parent_job_ids": [a, b], "name": "join"},
            ],
        }
    )
    with console().capture() as captured:
        console().print(pipeline_tree(pipeline, {a: 65.0, b: 3.25}))
    text = captured.get()
    assert re.search(r"✔ left\s+COMPLETE\s+1m 05s", text), text
    assert re.search(r"✘ right\s+FAILED\s+3\.2s", text), text
    assert re.search(r"○ join\s+PENDING\s+\(also after left\)", text), text
