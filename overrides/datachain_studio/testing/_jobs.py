"""Jobs in the emulator: their data, how they move through their statuses, their logs.

A job goes CREATED -> QUEUED -> RUNNING -> COMPLETE, one step every `step` (from its
`start_after`, if later than its creation), writing log lines as it goes. Steps are taken
lazily: whenever the job is read, it catches up with the clock. With `step=None` a job only
moves when driven (`advance`, `finish`, `fail`, `cancel`).

A query can steer its own run (the emulator runs nothing):
- a line `# emulator: fail` (optionally followed by a message) makes it end FAILED, exit
  code 1, with that message as `error_message`;
- each line `# emulator: log <text>` writes `<text>` to the log while it runs;
- each `.save("name")` call creates a version of that dataset once the job COMPLETES (not
  when it fails or is canceled); a line `# emulator: rows N` gives those versions N rows
  (see `_dataset_model.parse_saves` and `record_job_saves`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._when import add

__all__ = ["FAIL_MARKER", "FINISHED", "LOG_MARKER", "Job", "add_listener", "iso", "remove_listener"]

FINISHED = frozenset({"COMPLETE", "FAILED", "CANCELED", "TASK"})
FAIL_MARKER = "# emulator: fail"
LOG_MARKER = "# emulator: log"
_NEXT = {"CREATED": "QUEUED", "QUEUED": "RUNNING"}

# Called with the job (the state's lock held) whenever a job writes a log line or reaches a
# status: the log streams (`_logstream.LogStreams`) wake the connections that follow it.
# A tuple, replaced whole (never changed in place), so that iterating it needs no lock.
_listeners: tuple[Callable[[Job], None], ...] = ()


def add_listener(listener: Callable[[Job], None]) -> None:
    """Call `listener(job)` on every log line a job writes and every status it reaches."""
    global _listeners
    _listeners = (*_listeners, listener)


def remove_listener(listener: Callable[[Job], None]) -> None:
    global _listeners
    _listeners = tuple(known for known in _listeners if known is not listener)


def iso(moment: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, as Studio writes time."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass
class Job:
    """One job of a team."""

    id: str
    seq: int
    team: str
    created_by: str
    created_at: dt.datetime
    query: str
    query_type: str
    name: str
    cluster: dict[str, Any]
    workers: int = 1
    priority: int | None = None
    python_version: str | None = None
    requirements: str | None = None
    repository: str | None = None
    environment: dict[str, str] = field(default_factory=dict)
    files: list[tuple[int, str]] = field(default_factory=list)  # (upload id, file name)
    start_after: dt.datetime | None = None
    cron_expression: str | None = None
    credentials_name: str | None = None
    rerun_from_job_id: str | None = None
    run_group_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: str = "CREATED"
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    exit_code: int | None = None
    error_message: str | None = None
    error_stack: str | None = None
    logs: list[str] = field(default_factory=list)
    next_step_at: dt.datetime | None = None
    # Webhooks: one snapshot per status, in order, for the emulator's webhook deliveries.
    status_changes: list[dict[str, Any]] = field(default_factory=list, repr=False)
    # The log stream: how many of `logs` (the first ones) are archived, served as a blob at
    # `/_blobs/<log_blob_key>` (see `_logstream`).
    log_archived: int = 0
    log_blob_key: str | None = field(default=None, repr=False)
    # Datasets: whether the versions its query saves (`.save(...)`) have been created; that
    # happens once it is COMPLETE (`State.catch_up`, `_dataset_model.record_job_saves`).
    datasets_saved: bool = False

    def __post_init__(self) -> None:
        self._changed(self.created_at)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def schedule(self, step: dt.timedelta | None) -> None:
        """Plan the first automatic step (none when `step` is None)."""
        self.log(f"Job {self.id} created by {self.created_by}")
        if step is not None:
            begin = max(self.created_at, self.start_after or self.created_at)
            self.next_step_at = add(begin, step)  # None at the end of time: it never starts

    def catch_up(self, now: dt.datetime, step: dt.timedelta | None) -> None:
        """Take every automatic step that is due by `now`."""
        while self.next_step_at is not None and step is not None and self.next_step_at <= now:
            at = self.next_step_at
            self.next_step_at = add(at, step)
            self.advance(at)
        if self.finished:
            self.next_step_at = None

    def advance(self, at: dt.datetime) -> None:
        """Take one step: CREATED -> QUEUED -> RUNNING -> COMPLETE or FAILED."""
        if self.finished:
            return
        if self.status in _NEXT:
            self.status = _NEXT[self.status]
            if self.status == "QUEUED":
                self.log(f"Queued on cluster {self.cluster['name']}")
            else:
                self._start(at)
            self._changed(at)
            return
        failure = self._failure()
        if failure is None:
            self._end(at, "COMPLETE", 0, None)
        else:
            self._end(at, "FAILED", 1, failure)

    def finish(self, at: dt.datetime) -> None:
        """Run to COMPLETE now, whatever the query says."""
        while self.status in _NEXT:
            self.advance(at)
        if not self.finished:
            self._end(at, "COMPLETE", 0, None)

    def fail(self, at: dt.datetime, message: str, exit_code: int = 1) -> None:
        """End FAILED now with `message`."""
        while self.status in _NEXT:
            self.advance(at)
        if not self.finished:
            self._end(at, "FAILED", exit_code, message)

    def cancel(self, at: dt.datetime) -> None:
        self.status = "CANCELED"
        self.finished_at = at
        self.next_step_at = None
        self.log("Job canceled")
        self._changed(at)

    def log(self, message: str) -> None:
        self.logs.append(message)
        for listener in _listeners:
            listener(self)

    def _start(self, at: dt.datetime) -> None:
        self.started_at = at
        self.log(f"Starting {self.workers} worker(s) with Python {self.python_version or '3.12'}")
        if self.files:
            self.log("Downloading files: " + ", ".join(name for _, name in self.files))
        if self.requirements:
            self.log("Installing requirements: " + ", ".join(self.requirements.splitlines()))
        self.log(f"Running {self.query_type.lower()} query {self.name}")
        for line in self.query.splitlines():
            text = line.strip()
            if text.startswith(LOG_MARKER):
                self.log(text[len(LOG_MARKER) :].strip())

    def _failure(self) -> str | None:
        for line in self.query.splitlines():
            text = line.strip()
            if text.startswith(FAIL_MARKER):
                return text[len(FAIL_MARKER) :].strip(" :") or "The query failed"
        return None

    def _end(self, at: dt.datetime, status: str, exit_code: int, error: str | None) -> None:
        self.status = status
        self.finished_at = at
        self.exit_code = exit_code
        self.next_step_at = None
        if error is None:
            self.log("Job completed")
        else:
            self.error_message = error
            self.error_stack = f"Traceback (most recent call last):\n  {self.name}\nError: {error}"
            self.log(f"Error: {error}")
            self.log(f"Job failed with exit code {exit_code}")
        self._changed(at)

    def _changed(self, at: dt.datetime) -> None:
        """Record the status just reached, for webhook deliveries."""
        self.status_changes.append(
            {
                "status": self.status,
                "at": at,
                "started_at": self.started_at,
                "finished_at": self.finished_at,
                "exit_code": self.exit_code,
                "error_message": self.error_message,
                "error_stack": self.error_stack,
                "lines": len(self.logs),  # the log lines written before it (log stream)
            }
        )
        for listener in _listeners:
            listener(self)

    def steps(self) -> list[dict[str, Any]]:
        """The job's steps so far, as `include_steps` shows them."""
        running = self.started_at
        waiting_end = running or (self.finished_at if self.finished else None)
        steps = [_step("waiting", "Waiting for a worker", self.created_at, waiting_end)]
        if running is not None:
            if self.files:
                steps.append(_step("downloading_files", "Downloading files", running, running))
            steps.append(_step("virtualenv", "Preparing the environment", running, running))
            steps.append(_step("running_query", "Running query", running, self.finished_at))
        return steps

    def to_json(self, base_url: str, *, include_steps: bool) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": f"{base_url}/team/{self.team}/datasets/jobs/{self.id}",
            "status": self.status,
            "created_at": iso(self.created_at),
            "started_at": iso(self.started_at),
            "created_by": self.created_by,
            "finished_at": iso(self.finished_at),
            "query": self.query,
            "query_type": self.query_type,
            "team": self.team,
            "name": self.name,
            "workers": self.workers,
            "python_version": self.python_version,
            "requirements": self.requirements,
            "repository": self.repository,
            "environment": dict(self.environment),
            "exit_code": self.exit_code,
            "error_message": self.error_message,
            "error_stack": self.error_stack,
            "params": {},
            "metrics": {},
            "parent_job_id": None,
            "rerun_from_job_id": self.rerun_from_job_id,
            "run_group_id": self.run_group_id,
            "compute_cluster_id": self.cluster["id"],
            "compute_cluster_name": self.cluster["name"],
            "steps": self.steps() if include_steps else None,
        }

    def logs_json(self) -> dict[str, Any]:
        return {
            "job_id": self.id,
            "status": self.status,
            "logs": [{"id": n, "message": text} for n, text in enumerate(self.logs, 1)],
        }


def _step(
    name: str, label: str, started: dt.datetime, finished: dt.datetime | None
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "status": "FINISHED" if finished is not None else "STARTED",
        "started_at": iso(started),
        "finished_at": iso(finished),
    }
