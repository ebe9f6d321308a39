"""One function per operation of the contract, keyed by its `operationId` in `HANDLERS`.

A handler gets a `Context` (the caller's team and user, the coerced parameters, the JSON
body or the uploaded file) once the request has passed authentication and the contract's
checks, with the state's lock held. It returns a `Reply`, or raises `ApiError` for an
answer like `400 {"message": "...", "detail": "..."}` (or `Invalid` for a 422 like the
contract's own checks give).

A handler checks everything before it changes anything, so a request that fails changes
nothing. Every handler ends with the state's `commit` (to the store, when there is one)
before its answer goes out; one that crashes is rolled back to the last commit (when there
is a store to roll back to).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import _when
from ._forms import Form
from ._jobs import FINISHED, Job
from ._pipelines import Pipeline
from ._state import (
    Credential,
    Group,
    Member,
    Rule,
    Schedule,
    State,
    Team,
    Upload,
    User,
    complete_cluster,
)

__all__ = ["HANDLERS", "ApiError", "Context", "Invalid", "Reply"]

_UPLOAD_ID = re.compile(r"[0-9]{1,18}", re.ASCII)


@dataclass
class Reply:
    """An answer: a status and a JSON-able body (None: no body), or bytes already encoded
    (msgpack, export chunks, log blobs), whose `Content-Type` is then in `headers`."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """An error answer: `{"message": ..., "detail": ...}`, or `{"detail": ...}` for 401.

    The official client reads the text of a 4xx (other than 403) from `message` and ignores
    `detail` ("message = ... the body's `message` key (or "" if absent)", "the error shape
    the client understands is `{"message": "<text>"}`; `detail` is ignored on these routes":
    official-client-beyond-reference.md, 1.6). `detail` is sent too, with the same text, for
    clients that read Django-Ninja's shape. Authentication failures keep Studio's
    `{"detail": "Invalid token"}` (ibid., 12: logout "`detail` strings ... 'Invalid token'").
    """

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

    def reply(self) -> Reply:
        if self.status == 401:
            return Reply(self.status, {"detail": self.detail})
        return Reply(self.status, {"message": self.detail, "detail": self.detail})


class Invalid(ApiError):
    """A value the contract lets through but the emulator cannot take: a 422 with one
    problem, in the shape of the contract's own checks (`{"detail": [{loc, msg, ...}]}`),
    and the problem's text as `message` too, which the official client shows (`Error: ...`;
    without it, it shows an empty `Error: `)."""

    def __init__(self, loc: list[str | int], msg: str, kind: str, value: Any) -> None:
        super().__init__(422, msg)
        self.problem = {"loc": loc, "msg": msg, "type": kind, "input": value}

    def reply(self) -> Reply:
        return Reply(422, {"detail": [self.problem], "message": self.detail})


@dataclass
class Context:
    """What a handler works with."""

    state: State
    team: Team
    user: User
    params: dict[str, Any]
    body: Any
    form: Form | None
    base_url: str
    # The token the request came with (None: an operation without security, whose `team`
    # and `user` are then stand-ins, `PUBLIC_TEAM` and `PUBLIC_USER`).
    credential: Credential | None = None

    def field(self, name: str) -> Any:
        """A body field; None when it is left out or null."""
        return self.body.get(name) if isinstance(self.body, dict) else None


Handler = Callable[[Context], Reply]
HANDLERS: dict[str, Handler] = {}


def handles(operation_id: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        @functools.wraps(function)
        def transaction(ctx: Context) -> Reply:
            try:
                reply = function(ctx)
            except ApiError:
                ctx.state.commit(ctx.team)  # what catching up with the clock changed
                raise
            except Exception:
                ctx.state.rollback(ctx.team)
                raise
            ctx.state.commit(ctx.team)
            return reply

        HANDLERS[operation_id] = transaction
        return function

    return register


# --- jobs, uploads, clusters ---------------------------------------------------------------


@handles("list_jobs")
def list_jobs(ctx: Context) -> Reply:
    jobs = sorted(ctx.team.jobs.values(), key=lambda job: job.seq, reverse=True)
    # Case-insensitive: the official CLI forwards `--status` as typed ("`status` (passed
    # exactly as typed, e.g. `running`)", official-client-beyond-reference.md 9.3; its docs'
    # example is `--status complete`). The groups, as the client's docs define them (ibid.
    # 12): ACTIVE = CREATED, SCHEDULED, QUEUED, INIT, RUNNING, CANCELING_SCHEDULED,
    # CANCELING, i.e. every listed status but the finished COMPLETE, FAILED, CANCELED;
    # INACTIVE = finished (TASK counts as finished, as for the CLI). Statuses the docs do not
    # list (PROVISIONING, PENDING) count as active: they are not finished (assumed).
    status = ctx.params.get("status")
    status = status.strip().upper() if isinstance(status, str) else None
    if status == "ACTIVE":
        jobs = [job for job in jobs if job.status not in FINISHED]
    elif status == "INACTIVE":
        jobs = [job for job in jobs if job.status in FINISHED]
    elif status is not None:
        jobs = [job for job in jobs if job.status == status]
    if "job_id" in ctx.params:
        wanted = str(uuid.UUID(ctx.params["job_id"]))
        jobs = [job for job in jobs if job.id == wanted]
    steps = bool(ctx.params.get("include_steps", False))
    limit = ctx.params.get("limit", 20)
    return Reply(200, [job.to_json(ctx.base_url, include_steps=steps) for job in jobs[:limit]])


@handles("create_job")
def create_job(ctx: Context) -> Reply:
    cluster = _cluster(ctx.team, ctx.field("compute_cluster_name"), ctx.field("compute_cluster_id"))
    workers = ctx.field("workers") or 1
    if workers > cluster["max_workers"]:
        raise ApiError(
            400, f"Cluster {cluster['name']} runs at most {cluster['max_workers']} workers"
        )
    rerun = ctx.field("rerun_from_job_id")
    if rerun is not None:
        rerun = _job(ctx.team, rerun).id
    cron = ctx.field("cron_expression")
    if cron is not None:
        cron = _when.normalize_cron(cron)
        _check_cron(cron)
    files = [(upload.id, upload.filename) for upload in _uploads(ctx.team, ctx.field("files"))]
    environment = _environment(ctx.field("environment"))
    start_after = _time(ctx, "start_after")
    job = Job(
        id=str(uuid.uuid4()),
        seq=ctx.state.next_seq(),
        team=ctx.team.name,
        created_by=ctx.user.username,
        created_at=ctx.state.now(),
        query=ctx.body["query"],
        query_type=ctx.body["query_type"],
        name=ctx.field("query_name") or "untitled",
        cluster=cluster,
        workers=workers,
        priority=ctx.field("priority"),
        python_version=ctx.field("python_version"),
        requirements=ctx.field("requirements"),
        repository=ctx.field("repository"),
        environment=environment,
        files=files,
        start_after=start_after,
        cron_expression=cron,
        credentials_name=ctx.field("credentials_name"),
        rerun_from_job_id=rerun,
    )
    if rerun is not None:
        job.run_group_id = ctx.team.jobs[rerun].run_group_id
    job.schedule(ctx.state.step)
    ctx.team.jobs[job.id] = job
    return Reply(200, job.to_json(ctx.base_url, include_steps=False))


@handles("get_job_logs")
def get_job_logs(ctx: Context) -> Reply:
    return Reply(200, _job(ctx.team, ctx.params["job_id"]).logs_json())


@handles("cancel_job")
def cancel_job(ctx: Context) -> Reply:
    job = _job(ctx.team, ctx.params["job_id"])
    if job.finished:
        raise ApiError(
            400,
            f"Job {job.id} has already finished ({job.status}): only queued or "
            "running jobs can be canceled",
        )
    job.cancel(ctx.state.now())
    return Reply(200, {"message": "Successfully canceled"})


@handles("upload_job_file")
def upload_job_file(ctx: Context) -> Reply:
    assert ctx.form is not None
    received = ctx.form.files["file"]
    upload_id = ctx.state.next_id()
    path = ctx.state.files_dir / f"file-{upload_id}"
    shutil.move(received.path, path)
    upload = Upload(
        upload_id, received.filename, received.size, path, received.sha256, ctx.state.now()
    )
    ctx.team.uploads[upload_id] = upload
    return Reply(200, upload.to_json())


@handles("list_clusters")
def list_clusters(ctx: Context) -> Reply:
    return Reply(200, [complete_cluster(cluster) for cluster in ctx.team.clusters])


# --- pipelines -----------------------------------------------------------------------------


@handles("trigger_pipeline")
def trigger_pipeline(ctx: Context) -> Reply:
    datasets = [str(name).strip() for name in ctx.body["datasets"]]
    if not all(datasets):
        raise ApiError(400, "Dataset names must not be empty")
    pipeline = Pipeline.from_datasets(
        datasets,
        name=ctx.state.new_name(ctx.team),
        seq=ctx.state.next_seq(),
        at=ctx.state.now(),
        review=bool(ctx.field("review")),
    )
    ctx.team.pipelines[pipeline.pipeline_id] = pipeline
    return _pipeline_reply(pipeline)


@handles("create_pipeline_run")
def create_pipeline_run(ctx: Context) -> Reply:
    definition = ctx.team.pipelines.get(ctx.body["definition_id"])
    if definition is None:
        raise ApiError(404, f"Pipeline definition {ctx.body['definition_id']} not found")
    if not definition.is_definition:
        raise ApiError(400, f"Pipeline {definition.name} is a run, not a definition")
    return _pipeline_reply(ctx.state.start_run(ctx.team, definition, via="api"))


@handles("update_pipeline_settings")
def update_pipeline_settings(ctx: Context) -> Reply:
    pipeline = _pipeline(ctx.team, ctx.body["pipeline_name"], None)
    files = ctx.field("files")
    changes = {
        name: ctx.field(name)
        for name in ("python_version", "requirements", "repository", "workers", "priority")
    }
    if files is not None:
        changes["files"] = [upload.id for upload in _uploads(ctx.team, files)]
    if ctx.field("environment") is not None:
        changes["environment_variables"] = _environment(ctx.field("environment"))
    changes["credentials_names"] = ctx.field("credentials_names")
    pipeline.update_settings(changes, ctx.state.now())
    return _pipeline_reply(pipeline)


@handles("get_pipeline")
def get_pipeline(ctx: Context) -> Reply:
    pipeline = _pipeline(ctx.team, ctx.params.get("name"), ctx.params.get("pipeline_id"))
    return Reply(200, pipeline.to_json())


@handles("pause_pipeline")
def pause_pipeline(ctx: Context) -> Reply:
    pipeline = _pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    if not pipeline.can_pause:
        if pipeline.is_definition and pipeline.status == "PENDING":
            raise ApiError(
                400,
                f"Pipeline {pipeline.name} is a definition that is not running: only running "
                "pipelines can be paused",
            )
        raise ApiError(400, f"Pipeline {pipeline.name} is {pipeline.status}: it cannot be paused")
    pipeline.pause(ctx.state.now())
    return _pipeline_reply(pipeline)


@handles("resume_pipeline")
def resume_pipeline(ctx: Context) -> Reply:
    pipeline = _pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    if pipeline.status != "PAUSED":
        raise ApiError(400, f"Pipeline {pipeline.name} is {pipeline.status}, not PAUSED")
    pipeline.resume(ctx.state.now(), ctx.state.step)
    return _pipeline_reply(pipeline)


@handles("duplicate_pipeline")
def duplicate_pipeline(ctx: Context) -> Reply:
    source = _pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    copy = source.copy(
        name=ctx.state.new_name(ctx.team),
        seq=ctx.state.next_seq(),
        at=ctx.state.now(),
        as_run=False,
        via="duplicate",
    )
    ctx.team.pipelines[copy.pipeline_id] = copy
    return _pipeline_reply(copy)


@handles("remove_job_from_pipeline")
def remove_job_from_pipeline(ctx: Context) -> Reply:
    pipeline = _pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    job_id = ctx.body["job_id"]
    run = next(
        (r for r in pipeline.job_runs if job_id in (r.job_id, r.created_job_id)),
        None,
    )
    if run is None:
        raise ApiError(404, f"Pipeline {pipeline.name} has no job {job_id}")
    if pipeline.finished:
        raise ApiError(400, f"Pipeline {pipeline.name} is {pipeline.status}: it cannot change")
    pipeline.remove_job(run.job_id, ctx.state.now())
    return _pipeline_reply(pipeline)


@handles("list_pipelines")
def list_pipelines(ctx: Context) -> Reply:
    pipelines = sorted(ctx.team.pipelines.values(), key=lambda p: p.seq, reverse=True)
    # The status filter comes as repeated query parameters (the official client) or as a
    # JSON array body (the published reference renders it so); both are taken, together.
    # Case-insensitive: the CLI uppercases, other callers may not (assumed, as for jobs).
    statuses = list(ctx.params.get("status") or [])
    if isinstance(ctx.body, list):
        statuses += ctx.body
    wanted = {str(status).strip().upper() for status in statuses}
    if wanted:
        pipelines = [p for p in pipelines if p.status in wanted]
    search = ctx.params.get("search")
    if search:
        pipelines = [p for p in pipelines if search.lower() in p.name.lower()]
    limit = ctx.params.get("limit")
    return Reply(200, [p.to_json() for p in pipelines[:limit]])


# --- pipeline schedules --------------------------------------------------------------------


@handles("create_pipeline_schedule")
def create_pipeline_schedule(ctx: Context) -> Reply:
    pipeline_id, name = ctx.field("pipeline_id"), ctx.field("pipeline_name")
    if pipeline_id is None and name is None:
        raise ApiError(400, "Name the pipeline by pipeline_id or pipeline_name")
    pipeline = _pipeline(ctx.team, name, pipeline_id)
    expression = _when.normalize_cron(ctx.body["cron_expression"])
    _check_cron(expression)
    start_after = _time(ctx, "start_after")
    now = ctx.state.now()
    schedule = Schedule(
        id=0,
        name=ctx.field("schedule_name") or f"{pipeline.name}-schedule",
        pipeline_id=pipeline.pipeline_id,
        cron_expression=expression,
        start_after=start_after,
        created_at=now,
        updated_at=now,
        created_by=ctx.user,
    )
    schedule.plan(now)
    schedule.id = ctx.state.next_id()
    pipeline.schedule_name = schedule.name
    ctx.team.schedules[schedule.id] = schedule
    return Reply(200, {"ok": True, "schedule": _schedule_json(ctx.team, schedule)})


@handles("update_pipeline_schedule")
def update_pipeline_schedule(ctx: Context) -> Reply:
    schedule = _schedule(ctx.team, ctx.body["schedule_id"])
    # Work on a copy; only once all of it holds does it replace the schedule.
    changed = dataclasses.replace(schedule)
    if ctx.field("cron_expression") is not None:
        changed.cron_expression = _when.normalize_cron(ctx.field("cron_expression"))
        _check_cron(changed.cron_expression)
    if ctx.field("schedule_name") is not None:
        changed.name = ctx.field("schedule_name")
    if ctx.field("start_after") is not None:
        changed.start_after = _time(ctx, "start_after")
    if ctx.field("pause_pipeline") is not None:
        changed.paused = bool(ctx.field("pause_pipeline"))
    now = ctx.state.now()
    changed.updated_at = now
    changed.plan(now)
    ctx.team.schedules[schedule.id] = schedule = changed
    return Reply(200, {"ok": True, "schedule": _schedule_json(ctx.team, schedule)})


@handles("delete_pipeline_schedule")
def delete_pipeline_schedule(ctx: Context) -> Reply:
    schedule = _schedule(ctx.team, ctx.body["schedule_id"])
    del ctx.team.schedules[schedule.id]
    pipeline = ctx.team.pipelines.get(schedule.pipeline_id)
    if pipeline is not None and pipeline.schedule_name == schedule.name:
        pipeline.schedule_name = None
    return Reply(200, {"ok": True})


@handles("get_pipeline_schedule")
def get_pipeline_schedule(ctx: Context) -> Reply:
    return Reply(200, _schedule_json(ctx.team, _schedule(ctx.team, ctx.params["schedule_id"])))


@handles("list_pipeline_schedules")
def list_pipeline_schedules(ctx: Context) -> Reply:
    return Reply(200, [s.item_json() for s in sorted(ctx.team.schedules.values(), key=_by_id)])


# --- access groups and members -------------------------------------------------------------


@handles("create_access_group")
def create_access_group(ctx: Context) -> Reply:
    name = ctx.body["name"]
    _unique_group_name(ctx.team, name)
    group = Group(str(uuid.uuid4()), name, ctx.field("description"), ctx.state.now())
    ctx.team.groups[group.id] = group
    return Reply(201, group.to_json())


@handles("list_access_groups")
def list_access_groups(ctx: Context) -> Reply:
    return Reply(200, [group.to_json() for group in ctx.team.groups.values()])


@handles("update_access_group")
def update_access_group(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    name = ctx.field("name")
    if name is not None and name != group.name:
        _unique_group_name(ctx.team, name)
        group.name = name
    if ctx.field("description") is not None:
        group.description = ctx.field("description")
    return Reply(200, group.to_json())


@handles("delete_access_group")
def delete_access_group(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    del ctx.team.groups[group.id]
    for rule in [r for r in ctx.team.rules.values() if r.group_id == group.id]:
        del ctx.team.rules[rule.id]
    return Reply(204)


@handles("list_access_group_members")
def list_access_group_members(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    return Reply(200, [group.members[user].to_json() for user in sorted(group.members)])


@handles("add_access_group_member")
def add_access_group_member(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    user_id = ctx.body["user_id"]
    if user_id in group.members:
        raise ApiError(409, f"User {user_id} is already a member of {group.name}")
    username = _username(ctx.state, user_id)
    member = Member(user_id, ctx.body["role"], username, f"{username}@example.com")
    group.members[user_id] = member
    return Reply(201, member.to_json())


@handles("update_access_group_member")
def update_access_group_member(ctx: Context) -> Reply:
    member = _member(ctx.team, ctx.params["group_id"], ctx.params["user_id"])
    member.role = ctx.body["role"]
    return Reply(200, member.to_json())


@handles("remove_access_group_member")
def remove_access_group_member(ctx: Context) -> Reply:
    member = _member(ctx.team, ctx.params["group_id"], ctx.params["user_id"])
    del _group(ctx.team, ctx.params["group_id"]).members[member.user_id]
    return Reply(204)


# --- access rules --------------------------------------------------------------------------


@handles("create_access_rule")
def create_access_rule(ctx: Context) -> Reply:
    user_id, group_id = ctx.field("user_id"), ctx.field("group_id")
    if (user_id is None) == (group_id is None):
        raise ApiError(400, "Give either user_id or group_id (one of them)")
    if group_id is not None:
        group_id = _group(ctx.team, group_id).id
    rule = Rule(
        id=str(uuid.uuid4()),
        resource_type=ctx.body["resource_type"],
        resource_id=ctx.body["resource_id"],
        permission=ctx.body["permission"],
        user_id=user_id,
        user_email=None if user_id is None else f"{_username(ctx.state, user_id)}@example.com",
        group_id=group_id,
    )
    ctx.team.rules[rule.id] = rule
    return Reply(201, rule.to_json(ctx.team.groups))


@handles("list_access_rules")
def list_access_rules(ctx: Context) -> Reply:
    return Reply(200, [rule.to_json(ctx.team.groups) for rule in ctx.team.rules.values()])


@handles("update_access_rule")
def update_access_rule(ctx: Context) -> Reply:
    rule = _rule(ctx.team, ctx.params["rule_id"])
    rule.permission = ctx.body["permission"]
    return Reply(200, rule.to_json(ctx.team.groups))


@handles("delete_access_rule")
def delete_access_rule(ctx: Context) -> Reply:
    del ctx.team.rules[_rule(ctx.team, ctx.params["rule_id"]).id]
    return Reply(204)


# --- helpers -------------------------------------------------------------------------------


def _canonical(value: str, what: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ApiError(404, f"{what} {value} not found") from None


def _job(team: Team, job_id: str) -> Job:
    job = team.jobs.get(_canonical(job_id, "Job"))
    if job is None:
        raise ApiError(404, f"Job {job_id} not found")
    return job


def _cluster(team: Team, name: str | None, cluster_id: int | str | None) -> dict[str, Any]:
    if name is not None and cluster_id is not None:
        raise ApiError(400, "compute_cluster_name and compute_cluster_id are mutually exclusive")
    for cluster in team.clusters:
        if name is not None and cluster["name"] == name:
            return cluster
        if cluster_id is not None and str(cluster["id"]) == str(cluster_id):
            return cluster
        if name is None and cluster_id is None and cluster["default"]:
            return cluster
    if name is None and cluster_id is None:
        return team.clusters[0]
    raise ApiError(404, f"Compute cluster {name if name is not None else cluster_id} not found")


def _uploads(team: Team, files: list[Any] | None) -> list[Upload]:
    uploads = []
    for item in files or []:
        text = str(item).strip()
        upload = team.uploads.get(int(text)) if _UPLOAD_ID.fullmatch(text) else None
        if upload is None:
            raise ApiError(
                400,
                f"File {_short(item)} is not an upload of team {team.name}: upload it first",
            )
        uploads.append(upload)
    return uploads


def _environment(text: str | None) -> dict[str, str]:
    variables: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise ApiError(400, f"environment line {number} is not NAME=value: {line!r}")
        variables[name.strip()] = value
    return variables


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def _time(ctx: Context, name: str) -> dt.datetime | None:
    """A datetime field of the body, in UTC; 422 when it cannot be one."""
    text = ctx.field(name)
    if text is None:
        return None
    try:
        return _when.parse_time(text)
    except _when.TimeError as exc:
        raise Invalid(["body", name], str(exc), "datetime_from_date_parsing", text) from None


def _check_cron(expression: str) -> None:
    try:
        _when.check_cron(expression)
    except _when.TimeError as exc:
        raise ApiError(400, f"Invalid cron expression: {exc}") from None


def _pipeline(team: Team, name: str | None, pipeline_id: str | None) -> Pipeline:
    if name is None and pipeline_id is None:
        raise ApiError(400, "Name the pipeline by name or pipeline_id")
    if pipeline_id is not None:
        found = team.pipelines.get(pipeline_id)
        if found is None or (name is not None and found.name != name):
            raise ApiError(404, f"Pipeline {pipeline_id} not found")
        return found
    assert name is not None
    found = team.pipeline_named(name)
    if found is None:
        raise ApiError(404, f"Pipeline {name} not found")
    return found


def _pipeline_reply(pipeline: Pipeline) -> Reply:
    return Reply(200, {"ok": True, "pipeline": pipeline.to_json()})


def _by_id(schedule: Schedule) -> int:
    return schedule.id


def _schedule(team: Team, schedule_id: int) -> Schedule:
    schedule = team.schedules.get(schedule_id)
    if schedule is None:
        raise ApiError(404, f"Schedule {schedule_id} not found")
    return schedule


def _schedule_json(team: Team, schedule: Schedule) -> dict[str, Any]:
    pipeline = team.pipelines.get(schedule.pipeline_id)
    latest = team.pipelines.get(schedule.latest_run_id or "")
    return {
        **schedule.item_json(),
        "pipeline": pipeline.to_json() if pipeline else None,
        "latest_run": latest.to_json() if latest else None,
    }


def _group(team: Team, group_id: str) -> Group:
    group = team.groups.get(_canonical(group_id, "Access group"))
    if group is None:
        raise ApiError(404, f"Access group {group_id} not found")
    return group


def _unique_group_name(team: Team, name: str) -> None:
    if any(group.name == name for group in team.groups.values()):
        raise ApiError(409, f"A group named {name!r} already exists")


def _member(team: Team, group_id: str, user_id: int) -> Member:
    group = _group(team, group_id)
    if user_id not in group.members:
        raise ApiError(404, f"User {user_id} is not a member of {group.name}")
    return group.members[user_id]


def _rule(team: Team, rule_id: str) -> Rule:
    rule = team.rules.get(_canonical(rule_id, "Access rule"))
    if rule is None:
        raise ApiError(404, f"Access rule {rule_id} not found")
    return rule


def _username(state: State, user_id: int) -> str:
    user = state.users.get(user_id)
    return user.username if user else f"user{user_id}"


# The handlers of other modules (datasets, sign-in, storage) register themselves when
# imported (they import this one).
from . import _datasets, _device_login, _storage  # noqa: E402, F401
