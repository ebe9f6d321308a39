"""Pipelines in the emulator: definitions, runs, and how runs move on.

The emulator knows no dataset lineage: `trigger` makes one job per dataset named, each
depending on the one before it (so removing a job also removes every job after it). A run
copies its definition's jobs; at each step its running jobs complete and the jobs whose
parents have all completed start. When every job has completed the run is COMPLETED.
Paused runs do not move. As for jobs, steps are taken lazily when the pipeline is read.

Review (`trigger` with `review: true`, what the official CLI's `pipeline create` always
sends): the new pipeline is PAUSED, waiting for review; `resume` starts it where it is (its
jobs run, as in a run), and a running pipeline can be paused again. The CLI says so: "in
paused state for review", to be started with `pipeline resume` (official-client-beyond-
reference.md, 10.6). Assumed: without review a triggered pipeline is a PENDING definition
that only runs through `create_pipeline_run`, as the published reference says ("does not
start a run").
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ._jobs import iso
from ._when import add

__all__ = ["FINISHED", "JobRun", "Pipeline", "pipeline_name"]

FINISHED = frozenset({"COMPLETED", "FAILED", "CANCELED"})
_ADJECTIVES = [
    "amber",
    "brave",
    "calm",
    "daring",
    "eager",
    "fancy",
    "gentle",
    "happy",
    "icy",
    "jolly",
    "keen",
    "lively",
    "merry",
    "noble",
    "odd",
    "proud",
    "quick",
    "rapid",
    "shiny",
    "tidy",
    "upbeat",
    "vivid",
    "witty",
    "young",
    "zesty",
    "bold",
    "crisp",
    "dusty",
    "fuzzy",
    "grand",
]
_NOUNS = [
    "otter",
    "falcon",
    "maple",
    "river",
    "comet",
    "badger",
    "cedar",
    "dune",
    "ember",
    "fjord",
    "glacier",
    "harbor",
    "iris",
    "jasper",
    "koala",
    "lagoon",
    "meadow",
    "nebula",
    "orchid",
    "pebble",
    "quartz",
    "raven",
    "summit",
    "tundra",
    "willow",
    "yak",
    "zephyr",
    "canyon",
    "delta",
    "heron",
]


def pipeline_name(taken: Iterable[str], rng: random.Random) -> str:
    """A new `adjective-noun` name, not in `taken`."""
    used = set(taken)
    for _ in range(200):
        name = f"{rng.choice(_ADJECTIVES)}-{rng.choice(_NOUNS)}"
        if name not in used:
            return name
    number = 2
    while f"{name}-{number}" in used:
        number += 1
    return f"{name}-{number}"


@dataclass
class JobRun:
    """One job of a pipeline."""

    job_id: str
    name: str
    parent_job_ids: list[str]
    status: str = "PENDING"
    created_job_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "status": self.status,
            "parent_job_ids": list(self.parent_job_ids),
            "name": self.name,
            "created_job_id": self.created_job_id,
        }


@dataclass
class Pipeline:
    """A pipeline definition or run of a team."""

    pipeline_id: str
    seq: int
    name: str
    is_definition: bool
    job_runs: list[JobRun]
    created_at: dt.datetime
    triggered_from: str | None
    created_via: str
    settings: dict[str, Any] = field(default_factory=dict)
    status: str = "PENDING"
    updated_at: dt.datetime | None = None
    definition_id: str | None = None
    schedule_name: str | None = None
    next_step_at: dt.datetime | None = None

    @classmethod
    def from_datasets(
        cls, datasets: list[str], *, name: str, seq: int, at: dt.datetime, review: bool = False
    ) -> Pipeline:
        runs: list[JobRun] = []
        for dataset in datasets:
            parents = [runs[-1].job_id] if runs else []
            runs.append(JobRun(str(uuid.uuid4()), dataset, parents))
        return cls(
            pipeline_id=str(uuid.uuid4()),
            seq=seq,
            name=name,
            is_definition=True,
            job_runs=runs,
            created_at=at,
            updated_at=at,
            triggered_from=datasets[0],
            created_via="api",
            status="PAUSED" if review else "PENDING",
        )

    def copy(self, *, name: str, seq: int, at: dt.datetime, as_run: bool, via: str) -> Pipeline:
        """A new definition (or run) with this one's jobs, all pending, under new ids."""
        new_ids = {run.job_id: str(uuid.uuid4()) for run in self.job_runs}
        runs = [
            JobRun(new_ids[run.job_id], run.name, [new_ids[p] for p in run.parent_job_ids])
            for run in self.job_runs
        ]
        return Pipeline(
            pipeline_id=str(uuid.uuid4()),
            seq=seq,
            name=name,
            is_definition=not as_run,
            job_runs=runs,
            created_at=at,
            updated_at=at,
            triggered_from=self.triggered_from,
            created_via=via,
            settings=dict(self.settings),
            definition_id=self.pipeline_id if as_run else None,
        )

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def start(self, at: dt.datetime, step: dt.timedelta | None) -> None:
        """Start this run: its first jobs begin now."""
        self.status = "RUNNING"
        self._start_ready(at)
        self._plan(at, step)

    def catch_up(self, now: dt.datetime, step: dt.timedelta | None) -> None:
        while self.next_step_at is not None and step is not None and self.next_step_at <= now:
            at = self.next_step_at
            self.next_step_at = add(at, step)
            self.advance(at)

    def advance(self, at: dt.datetime) -> None:
        """One step of a running run: running jobs complete, ready jobs start."""
        if self.status != "RUNNING":
            return
        for run in self.job_runs:
            if run.status == "RUNNING":
                run.status = "COMPLETE"
        self._start_ready(at)

    @property
    def can_pause(self) -> bool:
        """Runs can be paused while PENDING or RUNNING; definitions once they run (resumed
        after review)."""
        return self.status == "RUNNING" or (self.status == "PENDING" and not self.is_definition)

    def pause(self, at: dt.datetime) -> None:
        self.status = "PAUSED"
        self.next_step_at = None
        self.updated_at = at

    def resume(self, at: dt.datetime, step: dt.timedelta | None) -> None:
        """Go on running; a pipeline paused for review starts here (its first jobs begin)."""
        self.status = "RUNNING"
        self._start_ready(at)
        self._plan(at, step)
        self.updated_at = at

    def remove_job(self, job_id: str, at: dt.datetime) -> list[str]:
        """Remove a job and every job that depends on it; return the ids removed."""
        removed = {job_id}
        changed = True
        while changed:
            changed = False
            for run in self.job_runs:
                if run.job_id not in removed and removed.intersection(run.parent_job_ids):
                    removed.add(run.job_id)
                    changed = True
        self.job_runs = [run for run in self.job_runs if run.job_id not in removed]
        self.updated_at = at
        if self.status == "RUNNING":
            self._start_ready(at)
        return sorted(removed)

    def update_settings(self, changes: dict[str, Any], at: dt.datetime) -> None:
        self.settings.update({k: v for k, v in changes.items() if v is not None})
        self.updated_at = at

    def _plan(self, at: dt.datetime, step: dt.timedelta | None) -> None:
        self.next_step_at = None if step is None or self.finished else add(at, step)

    def _start_ready(self, at: dt.datetime) -> None:
        done = {run.job_id for run in self.job_runs if run.status == "COMPLETE"}
        for run in self.job_runs:
            if run.status == "PENDING" and all(p in done for p in run.parent_job_ids):
                run.status = "RUNNING"
                run.created_job_id = str(uuid.uuid4())
        if all(run.status == "COMPLETE" for run in self.job_runs):
            self.status = "COMPLETED"
            self.next_step_at = None
        self.updated_at = at

    def to_json(self) -> dict[str, Any]:
        settings = self.settings
        return {
            "pipeline_id": self.pipeline_id,
            "status": self.status,
            "job_runs": [run.to_json() for run in self.job_runs],
            "completed": sum(run.status == "COMPLETE" for run in self.job_runs),
            "total": len(self.job_runs),
            "error_message": None,
            "error_stack": None,
            "triggered_from": self.triggered_from,
            "name": self.name,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at or self.created_at),
            "is_definition": self.is_definition,
            "schedule_name": self.schedule_name,
            "python_version": settings.get("python_version"),
            "requirements": settings.get("requirements"),
            "repository": settings.get("repository"),
            "workers": settings.get("workers"),
            "priority": settings.get("priority"),
            "environment_variables": settings.get("environment_variables"),
            "created_via": self.created_via,
        }
