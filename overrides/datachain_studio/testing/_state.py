"""The emulator's data: tokens and users, and per team its jobs, uploads, clusters,
pipelines, schedules, access groups and rules. One lock guards it all; handlers hold it for
the whole of a request, so every request sees and leaves a consistent state.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _cron
from ._jobs import Job, iso
from ._pipelines import Pipeline, pipeline_name

__all__ = ["Credential", "Group", "Rule", "Schedule", "State", "Team", "Upload", "User"]

Clock = Callable[[], dt.datetime]


def default_clusters() -> list[dict[str, Any]]:
    """The clusters every team starts with: an older-style default and a newer-style one."""
    return [
        {
            "id": 1,
            "name": "default",
            "status": "ACTIVE",
            "cloud_provider": "AWS",
            "cloud_credentials": None,
            "is_active": True,
            "default": True,
            "max_workers": 4,
        },
        {
            "id": "k3f9x2mq7a",
            "name": "gpu-pool",
            "status": "ACTIVE",
            "cloud_provider": "AWS",
            "cloud_credentials": "aws-prod",
            "is_active": True,
            "default": False,
            "max_workers": 8,
            "active_workers": 0,
            "busy_workers": 0,
            "cloud_region": "us-east-1",
            "instance_type": "g5.xlarge",
            "compute_class": "gpu",
            "disk_size": 200,
        },
    ]


@dataclass(frozen=True)
class User:
    id: int
    username: str

    @property
    def email(self) -> str:
        return f"{self.username}@example.com"


@dataclass(frozen=True)
class Credential:
    """A token: whose it is, the teams it may act for (the first is its own), what it may do."""

    token: str
    user: User
    teams: tuple[str, ...]
    read_only: bool = False

    @property
    def default_team(self) -> str:
        return self.teams[0]


@dataclass
class Upload:
    id: int
    filename: str
    size: int
    path: Path
    sha256: str
    created_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "filename": self.filename,
            "size": self.size,
            "state": "uploaded",
            "error": None,
        }


@dataclass
class Schedule:
    id: int
    name: str
    pipeline_id: str
    cron_expression: str
    start_after: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    created_by: User
    paused: bool = False
    next_run: dt.datetime | None = None
    latest_run_id: str | None = None

    def plan(self, now: dt.datetime) -> None:
        """Work out `next_run`: the first match after both now and `start_after`."""
        if self.paused:
            self.next_run = None
            return
        after = max(now, self.start_after) if self.start_after else now
        self.next_run = _cron.next_run(self.cron_expression, after)

    def item_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "schedule_name": self.name,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "start_after": iso(self.start_after),
            "cron_expression": self.cron_expression,
            "next_run": iso(self.next_run),
            "created_by": {
                "username": self.created_by.username,
                "first_name": None,
                "last_name": None,
            },
        }


@dataclass
class Member:
    user_id: int
    role: str
    username: str
    email: str

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "username": self.username,
            "email": self.email,
            "role": self.role,
        }


@dataclass
class Group:
    id: str
    name: str
    description: str | None
    created_at: dt.datetime
    members: dict[int, Member] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "member_count": len(self.members),
            "created_at": iso(self.created_at),
        }


@dataclass
class Rule:
    id: str
    resource_type: str
    resource_id: str | int
    permission: str
    user_id: int | None
    user_email: str | None
    group_id: str | None

    def to_json(self, groups: Mapping[str, Group]) -> dict[str, Any]:
        group = groups.get(self.group_id) if self.group_id else None
        return {
            "id": self.id,
            "resource_type": self.resource_type,
            "resource_uuid": None,
            "resource_id": self.resource_id,
            "resource_name": str(self.resource_id),
            "permission": self.permission,
            "user_id": self.user_id,
            "user_email": self.user_email,
            "group_id": self.group_id,
            "group_name": group.name if group else None,
        }


@dataclass
class Team:
    """Everything one team owns; teams never see each other's objects."""

    name: str
    clusters: list[dict[str, Any]]
    jobs: dict[str, Job] = field(default_factory=dict)
    uploads: dict[int, Upload] = field(default_factory=dict)
    pipelines: dict[str, Pipeline] = field(default_factory=dict)
    schedules: dict[int, Schedule] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)

    def pipeline_named(self, name: str) -> Pipeline | None:
        return next((p for p in self.pipelines.values() if p.name == name), None)


class State:
    """All teams, the tokens that reach them, the clock and the pace of jobs."""

    def __init__(
        self,
        credentials: Sequence[Credential],
        *,
        clock: Clock,
        step: dt.timedelta | None,
        upload_dir: Path,
        clusters: Iterable[Mapping[str, Any]] | None = None,
    ) -> None:
        self.lock: threading.RLock = threading.RLock()
        self.clock = clock
        self.step = step
        self.upload_dir = upload_dir
        self.rng: random.Random = random.Random()
        self.credentials: dict[str, Credential] = {c.token: c for c in credentials}
        self.users: dict[int, User] = {c.user.id: c.user for c in credentials}
        seed = [dict(c) for c in clusters] if clusters is not None else default_clusters()
        names = dict.fromkeys(team for c in credentials for team in c.teams)
        self.teams: dict[str, Team] = {name: Team(name, [dict(c) for c in seed]) for name in names}
        self._ids = itertools.count(1)
        self._seqs = itertools.count(1)

    def now(self) -> dt.datetime:
        moment = self.clock()
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    def next_id(self) -> int:
        """An integer id (uploads, schedules), unique across teams."""
        return next(self._ids)

    def next_seq(self) -> int:
        """A creation counter, for newest-first ordering."""
        return next(self._seqs)

    def catch_up(self, team: Team) -> None:
        """Move the team's jobs, runs and schedules on to the present."""
        now = self.now()
        for job in team.jobs.values():
            job.catch_up(now, self.step)
        for pipeline in team.pipelines.values():
            pipeline.catch_up(now, self.step)
        for schedule in team.schedules.values():
            if schedule.next_run is not None and schedule.next_run <= now:
                self._fire(team, schedule, now)

    def find_job(self, job_id: str) -> Job:
        for team in self.teams.values():
            if job_id in team.jobs:
                self.catch_up(team)
                return team.jobs[job_id]
        raise KeyError(f"no job with id {job_id}")

    def new_name(self, team: Team) -> str:
        return pipeline_name((p.name for p in team.pipelines.values()), self.rng)

    def start_run(self, team: Team, definition: Pipeline, *, via: str) -> Pipeline:
        now = self.now()
        run = definition.copy(
            name=self.new_name(team), seq=self.next_seq(), at=now, as_run=True, via=via
        )
        team.pipelines[run.pipeline_id] = run
        run.start(now, self.step)
        return run

    def _fire(self, team: Team, schedule: Schedule, now: dt.datetime) -> None:
        pipeline = team.pipelines.get(schedule.pipeline_id)
        if pipeline is not None:
            run = self.start_run(team, pipeline, via="schedule")
            run.schedule_name = schedule.name
            schedule.latest_run_id = run.pipeline_id
        schedule.plan(now)
