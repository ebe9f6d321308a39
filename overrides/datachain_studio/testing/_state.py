"""The emulator's data: tokens and users, and per team its jobs, uploads, clusters,
pipelines, schedules, access groups and rules. One lock guards it all; handlers hold it for
the whole of a request, so every request sees and leaves a consistent state.

Background work (jobs and pipeline runs moving on, due schedules firing) happens whenever a
team is read (`catch_up`). It cannot poison a team: an error in it is recorded in `errors`
(and logged), and the job or run stops moving, or the schedule stops firing, while every
request goes on working.

With a `store` (`SqliteStore`), everything a team owns is written to SQLite when a request
ends (`commit`, before the answer goes out) and read back when the state is made, so a local
Studio restarted on the same data directory has every object it acknowledged. So are the
tokens device sign-ins made and the tokens `device_logout` revoked (rows of team "", keyed by
a digest of the token); sign-ins still waiting for approval are not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _when
from ._dataset_model import (
    Dataset,
    DatasetExport,
    DatasetProject,
    DatasetVersion,
    record_job_saves,
)
from ._jobs import Job, iso
from ._pipelines import JobRun, Pipeline, pipeline_name
from ._store import SqliteStore, decode, encode

__all__ = [
    "Credential",
    "DeviceLogin",
    "Group",
    "Rule",
    "Schedule",
    "State",
    "Storage",
    "Team",
    "Upload",
    "User",
    "token_key",
]

Clock = Callable[[], dt.datetime]
_log = logging.getLogger("datachain_studio.testing")

# Every field a cluster of the real server carries, with its value when not configured. The
# official client (0.62, `datachain job clusters`) indexes all of them directly and fails
# with `Error: '<key>'` on a missing one (official-client-beyond-reference.md, section 9.5:
# "`cloud_region`?, `instance_type`?, `compute_class`?, `disk_size`? ... '?' = nullable,
# null means 'not configured' ... a missing key aborts"). `active_workers` and
# `busy_workers` are not marked nullable there: 0 when not given (assumed).
CLUSTER_FIELDS: dict[str, Any] = {
    "cloud_credentials": None,
    "active_workers": 0,
    "busy_workers": 0,
    "cloud_region": None,
    "instance_type": None,
    "compute_class": None,
    "disk_size": None,
}


def complete_cluster(cluster: Mapping[str, Any]) -> dict[str, Any]:
    """The cluster with every field the real server always sends (null: not configured)."""
    return {**cluster, **{k: cluster.get(k, v) for k, v in CLUSTER_FIELDS.items()}}


def default_clusters() -> list[dict[str, Any]]:
    """The clusters every team starts with: one with only the basic fields configured (as the
    published reference's example) and a newer-style one with a string id and everything."""
    return [
        complete_cluster(
            {
                "id": 1,
                "name": "default",
                "status": "ACTIVE",
                "cloud_provider": "AWS",
                "cloud_credentials": None,
                "is_active": True,
                "default": True,
                "max_workers": 4,
            }
        ),
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
            # Text, as the real server sends it: the official client types `disk_size` as a
            # str and its fixtures use a Kubernetes quantity (section 9.5: "`disk_size`? (str,
            # e.g. "100Gi")"); the published reference's example has the integer 200, which
            # the contract takes too (a cluster given to `StudioEmulator(clusters=...)` may
            # carry either).
            "disk_size": "100Gi",
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


def token_key(token: str) -> str:
    """How the store names a token: a digest, not the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Storage:
    """A storage the local Studio lists (`POST datachain/ls`): a URI prefix such as
    `s3://bucket` served from a local folder. While `indexing`, listings answer `data: null`
    ("Indexing in progress")."""

    uri: str
    root: Path
    indexing: bool = False


@dataclass
class DeviceLogin:
    """A device sign-in begun by `start_device_login`, waiting for approval (in memory only:
    it lives minutes). `approved` is the token it will hand out once, when polled."""

    device_code: str
    user_code: str
    client_name: str
    token_name: str
    scopes: tuple[str, ...]
    team_names: tuple[str, ...]
    expires_at: dt.datetime
    approved: Credential | None = None


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

    def upcoming(self, now: dt.datetime) -> dt.datetime | None:
        """The next run: the first match after both now and `start_after` (None: paused, or
        no match before the end of time). Changes nothing."""
        if self.paused:
            return None
        after = max(now, self.start_after) if self.start_after else now
        return _when.next_run(self.cron_expression, after)

    def plan(self, now: dt.datetime) -> None:
        """Work out `next_run`."""
        self.next_run = self.upcoming(now)

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
    # Datasets (see `_dataset_model`): by id; projects (with their namespaces) by id;
    # exports by id.
    datasets: dict[int, Dataset] = field(default_factory=dict)
    dataset_projects: dict[int, DatasetProject] = field(default_factory=dict)
    dataset_exports: dict[int, DatasetExport] = field(default_factory=dict)

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
        store: SqliteStore | None = None,
    ) -> None:
        self.lock: threading.RLock = threading.RLock()
        self.clock = clock
        self.step = step
        self.upload_dir = upload_dir
        self.store = store
        self.rng: random.Random = random.Random()
        self.credentials: dict[str, Credential] = {c.token: c for c in credentials}
        self._given = dict(self.credentials)  # the tokens the emulator was made with
        # Tokens made by device sign-ins, and given tokens revoked by `device_logout`, by
        # `token_key`: kept in the store (team "") when there is one.
        self.issued: dict[str, Credential] = {}
        self.revoked: dict[str, str] = {}
        self.device_logins: dict[str, DeviceLogin] = {}  # by device code
        self.storage: dict[str, Storage] = {}  # by URI prefix, e.g. "s3://bucket"
        self.device_login_ttl = dt.timedelta(minutes=15)
        self.users: dict[int, User] = {c.user.id: c.user for c in credentials}
        seed = (
            [complete_cluster(c) for c in clusters] if clusters is not None else default_clusters()
        )
        self._seed = seed
        names = dict.fromkeys(team for c in credentials for team in c.teams)
        self.teams: dict[str, Team] = {name: Team(name, [dict(c) for c in seed]) for name in names}
        self.errors: list[str] = []
        self.on_error: Callable[[str], None] | None = None
        # Exports (`_handlers.datasets`): seconds between two chunks being written (0: all at once;
        # None: only when driven), and rows per chunk. `StudioEmulator` sets them.
        self.export_delay: float | None = 0.0
        self.export_chunk_rows = 1000
        self._last_id = 0
        self._last_seq = 0
        # The seed entries' versions seeded so far (`StudioEmulator.seed_datasets`), as
        # "<team>/<name>@<version>": in the store's meta, so that a restart seeds none twice.
        self.seeded: set[str] = set()
        self._saved: dict[tuple[str, str, str], str] = {}
        self._saved_meta: dict[str, str] = {}
        if store is not None:
            self._load(store)

    @property
    def files_dir(self) -> Path:
        """Where the bytes of uploads are kept: the store's directory, else `upload_dir`."""
        return self.store.files_dir if self.store is not None else self.upload_dir

    def now(self) -> dt.datetime:
        moment = self.clock()
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    def next_id(self) -> int:
        """An integer id (uploads, schedules), unique across teams."""
        self._last_id += 1
        return self._last_id

    def next_seq(self) -> int:
        """A creation counter, for newest-first ordering."""
        self._last_seq += 1
        return self._last_seq

    def catch_up(self, team: Team) -> None:
        """Move the team's jobs, runs and schedules on to the present.

        Whatever fails here is recorded (`errors`) and taken out of the background work: the
        job or run stops moving, the schedule stops firing (until it is updated). Nothing
        raised here reaches the request that happened to trigger it.
        """
        now = self.now()
        for job in team.jobs.values():
            if job.next_step_at is not None and job.next_step_at <= now:
                try:
                    job.catch_up(now, self.step)
                except Exception:
                    job.next_step_at = None
                    self.background_error(f"job {job.id} of team {team.name}")
        # A job that has completed creates the dataset versions its query saves, once.
        saving = [j for j in team.jobs.values() if j.status == "COMPLETE" and not j.datasets_saved]
        for job in sorted(saving, key=lambda j: (j.finished_at or now, j.seq)):
            job.datasets_saved = True
            try:
                record_job_saves(self, team, job, created_by_id=self._user_id(job.created_by))
            except Exception:
                self.background_error(f"the datasets saved by job {job.id} of team {team.name}")
        for pipeline in team.pipelines.values():
            if pipeline.next_step_at is not None and pipeline.next_step_at <= now:
                try:
                    pipeline.catch_up(now, self.step)
                except Exception:
                    pipeline.next_step_at = None
                    self.background_error(f"pipeline {pipeline.name} of team {team.name}")
        for schedule in list(team.schedules.values()):
            if schedule.next_run is not None and schedule.next_run <= now:
                try:
                    self._fire(team, schedule, now)
                except Exception:
                    schedule.next_run = None
                    self.background_error(
                        f"schedule {schedule.id} ({schedule.name}) of team {team.name}: "
                        "disabled until it is updated"
                    )

    def background_error(self, what: str) -> None:
        """Record (and log) the exception being handled, raised by background work."""
        text = f"background work failed for {what}: {traceback.format_exc()}"
        self.errors.append(text)
        _log.error("%s", text)
        if self.on_error is not None:
            self.on_error(text)

    def issue(self, credential: Credential) -> None:
        """Make a new token valid (a device sign-in was approved and polled)."""
        self.credentials[credential.token] = credential
        self.users.setdefault(credential.user.id, credential.user)
        self.issued[token_key(credential.token)] = credential

    def revoke(self, token: str) -> None:
        """Make a token invalid: every later request with it is 401."""
        self.credentials.pop(token, None)
        key = token_key(token)
        if self.issued.pop(key, None) is None:
            self.revoked[key] = "revoked"

    def _user_id(self, username: str) -> int | None:
        user = next((u for u in self.users.values() if u.username == username), None)
        return user.id if user else None

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
        upcoming = schedule.upcoming(now)  # first: if this fails, no run is started
        pipeline = team.pipelines.get(schedule.pipeline_id)
        if pipeline is not None:
            run = self.start_run(team, pipeline, via="schedule")
            run.schedule_name = schedule.name
            schedule.latest_run_id = run.pipeline_id
        schedule.next_run = upcoming

    # --- durability ------------------------------------------------------------------------

    def commit(self, team: Team) -> None:
        """Write what changed in the team since the last commit to the store (if any), in
        one transaction. Called at the end of every request, before the answer is sent."""
        if self.store is None:
            return
        rows: dict[tuple[str, str, str], str] = {}
        for kind, objects in _kinds(team):
            for key, obj in objects.items():
                rows[(team.name, kind, str(key))] = encode(obj)
        for kind, objects in self._global_kinds():  # tokens: team "" (no team is named so)
            for key, obj in objects.items():
                rows[("", kind, str(key))] = encode(obj)
        upserts = [(*k, v) for k, v in rows.items() if self._saved.get(k) != v]
        deletes = [k for k in self._saved if k[0] in (team.name, "") and k not in rows]
        meta = {"last_id": str(self._last_id), "last_seq": str(self._last_seq)}
        if self.seeded:
            meta["seeded"] = json.dumps(sorted(self.seeded), ensure_ascii=False)
        meta_changes = {k: v for k, v in meta.items() if self._saved_meta.get(k) != v}
        if not (upserts or deletes or meta_changes):
            return
        self.store.write(upserts, deletes, meta_changes)
        for team_name, kind, key, data in upserts:
            self._saved[(team_name, kind, key)] = data
        for gone in deletes:
            del self._saved[gone]
        self._saved_meta.update(meta_changes)

    def rollback(self, team: Team) -> None:
        """Put the team back as it was at the last commit (only with a store: without one
        there is no copy to go back to, and handlers change nothing before they have checked
        everything)."""
        if self.store is None:
            return
        if team.name:  # "": the stand-in team of an operation without a token
            for _kind, objects in _kinds(team):
                objects.clear()
            for saved in [k for k in self._saved if k[0] == team.name]:
                del self._saved[saved]
            for team_name, kind, key, data in self.store.rows(team.name):
                self._attach(team, kind, key, data)
                self._saved[(team_name, kind, key)] = data
        # The tokens device sign-ins made or revoked, as last committed.
        self.issued.clear()
        self.revoked.clear()
        for saved in [k for k in self._saved if k[0] == ""]:
            del self._saved[saved]
        for _, kind, key, data in self.store.rows(""):
            self._attach_global(kind, key, data)
            self._saved[("", kind, key)] = data
        self.credentials = {**self._given, **{c.token: c for c in self.issued.values()}}
        for gone in [t for t in self.credentials if token_key(t) in self.revoked]:
            del self.credentials[gone]

    def _load(self, store: SqliteStore) -> None:
        meta = store.meta()
        self._last_id = int(meta.get("last_id", "0"))
        self._last_seq = int(meta.get("last_seq", "0"))
        self.seeded = set(json.loads(meta.get("seeded", "[]")))
        self._saved_meta = dict(meta)
        for team_name, kind, key, data in store.rows():
            if team_name == "":  # the tokens sign-ins made or revoked
                self._attach_global(kind, key, data)
                self._saved[(team_name, kind, key)] = data
                continue
            team = self.teams.get(team_name)
            if team is None:  # a team no token reaches now: kept, out of reach
                team = self.teams[team_name] = Team(team_name, [dict(c) for c in self._seed])
            self._attach(team, kind, key, data)
            self._saved[(team_name, kind, key)] = data

    def _global_kinds(self) -> list[tuple[str, dict[Any, Any]]]:
        return [("token", self.issued), ("revoked", self.revoked)]

    def _attach_global(self, kind: str, key: str, data: str) -> None:
        obj = decode(data, _TYPES)
        if kind == "token" and isinstance(obj, Credential):
            self.issued[key] = obj
            self.credentials[obj.token] = obj
            self.users.setdefault(obj.user.id, obj.user)
        elif kind == "revoked":
            self.revoked[key] = str(obj)
            for token in [t for t in self.credentials if token_key(t) == key]:
                del self.credentials[token]
        else:
            raise ValueError(f"the store holds an unknown {kind} {key}: {type(obj).__name__}")

    def _attach(self, team: Team, kind: str, key: str, data: str) -> None:
        obj = decode(data, _TYPES)
        if isinstance(obj, Upload):
            obj.path = self.files_dir / obj.path.name  # the directory may have moved
            team.uploads[obj.id] = obj
        elif isinstance(obj, Job):
            team.jobs[obj.id] = obj
        elif isinstance(obj, Pipeline):
            team.pipelines[obj.pipeline_id] = obj
        elif isinstance(obj, Schedule):
            team.schedules[obj.id] = obj
        elif isinstance(obj, Group):
            team.groups[obj.id] = obj
        elif isinstance(obj, Rule):
            team.rules[obj.id] = obj
        elif isinstance(obj, Dataset):
            team.datasets[obj.id] = obj
        elif isinstance(obj, DatasetProject):
            team.dataset_projects[obj.id] = obj
        elif isinstance(obj, DatasetExport):
            team.dataset_exports[obj.id] = obj
        else:
            raise ValueError(f"the store holds an unknown {kind} {key}: {type(obj).__name__}")


_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Job, JobRun, Pipeline, Upload, Schedule, User, Group, Member, Rule, Credential)
}
_TYPES.update(
    (cls.__name__, cls) for cls in (Dataset, DatasetVersion, DatasetProject, DatasetExport)
)


def _kinds(team: Team) -> list[tuple[str, dict[Any, Any]]]:
    return [
        ("job", team.jobs),
        ("upload", team.uploads),
        ("pipeline", team.pipelines),
        ("schedule", team.schedules),
        ("group", team.groups),
        ("rule", team.rules),
        ("dataset", team.datasets),
        ("dataset_project", team.dataset_projects),
        ("dataset_export", team.dataset_exports),
    ]
