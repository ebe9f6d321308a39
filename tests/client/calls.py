"""One call of every client method, with what it must put on the wire.

Shared by the sync and async tests, so both clients are held to the same table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
GROUP = "306db4e0-7449-4501-b76f-075576fe2d8f"
RULE = "6f5c2d6e-3f0a-4d7e-9a41-0c2b8b9e5a10"
PIPELINE = "ec036e81-7903-4e4d-bbfa-ac8516341cf0"
TEAM = "my-team"


@dataclass(frozen=True)
class Call:
    """`studio.<resource>.<method>(*args, **kwargs)` and the request it must send."""

    resource: str
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    http_method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    body: dict[str, Any] | None = None

    @property
    def id(self) -> str:
        return f"{self.resource}.{self.method}"


CALLS = [
    Call(
        "jobs",
        "list",
        (),
        {"status": "RUNNING", "limit": 5, "include_steps": True},
        "GET",
        "/api/datachain/jobs/",
        {"team_name": [TEAM], "status": ["RUNNING"], "limit": ["5"], "include_steps": ["true"]},
    ),
    Call(
        "jobs",
        "get",
        (JOB,),
        {},
        "GET",
        "/api/datachain/jobs/",
        {"team_name": [TEAM], "job_id": [JOB]},
    ),
    Call(
        "jobs",
        "create",
        ("print('hi')",),
        {
            "query_type": "shell",
            "environment": {"A": "1", "B": "x=y"},
            "workers": 2,
            "files": [7, "8"],
            "requirements": ["pandas", "numpy==2.0"],
            "priority": 3,
            "compute_cluster_id": "k3f9x2mq7a",
            "start_after": dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.UTC),
            "cron_expression": "0  0 * * *",
        },
        "POST",
        "/api/datachain/jobs/",
        body={
            "query": "print('hi')",
            "query_type": "SHELL",
            "team_name": TEAM,
            "environment": "A=1\nB=x=y",
            "workers": 2,
            "files": ["7", "8"],
            "requirements": "pandas\nnumpy==2.0",
            "priority": 3,
            "compute_cluster_id": "k3f9x2mq7a",
            "start_after": "2030-01-02T03:04:00+00:00",
            "cron_expression": "0 0 * * *",
        },
    ),
    Call(
        "jobs", "logs", (JOB,), {}, "GET", f"/api/datachain/jobs/{JOB}/logs", {"team_name": [TEAM]}
    ),
    Call(
        "jobs",
        "cancel",
        (JOB,),
        {},
        "POST",
        f"/api/datachain/jobs/{JOB}/cancel",
        body={"team_name": TEAM},
    ),
    Call(
        "jobs",
        "upload",
        (b"a,b\n1,2\n",),
        {"filename": "data.csv"},
        "POST",
        "/api/datachain/jobs/files",
        {"team_name": [TEAM]},
    ),
    Call("clusters", "list", (), {}, "GET", "/api/datachain/clusters/", {"team_name": [TEAM]}),
    Call(
        "pipelines",
        "trigger",
        (["@me.proj.ds@v1.0.0", "other"],),
        {"review": True},
        "POST",
        "/api/datachain/pipeline/trigger",
        body={"datasets": ["@me.proj.ds@v1.0.0", "other"], "team_name": TEAM, "review": True},
    ),
    Call(
        "pipelines",
        "run",
        (PIPELINE,),
        {},
        "POST",
        "/api/datachain/pipeline/run",
        body={"team_name": TEAM, "definition_id": PIPELINE},
    ),
    Call(
        "pipelines",
        "update_settings",
        ("rathe-kyat",),
        {"workers": 4, "priority": 5, "environment": "TEST_ENV=1", "credentials_names": ["aws"]},
        "POST",
        "/api/datachain/pipeline/settings",
        body={
            "team_name": TEAM,
            "pipeline_name": "rathe-kyat",
            "workers": 4,
            "priority": 5,
            "environment": "TEST_ENV=1",
            "credentials_names": ["aws"],
        },
    ),
    Call(
        "pipelines",
        "get",
        ("rathe-kyat",),
        {},
        "GET",
        "/api/datachain/pipeline/status",
        {"team_name": [TEAM], "name": ["rathe-kyat"]},
    ),
    Call(
        "pipelines",
        "pause",
        (),
        {"pipeline_id": PIPELINE},
        "POST",
        "/api/datachain/pipeline/pause",
        body={"team_name": TEAM, "pipeline_id": PIPELINE},
    ),
    Call(
        "pipelines",
        "resume",
        ("rathe-kyat",),
        {},
        "POST",
        "/api/datachain/pipeline/resume",
        body={"team_name": TEAM, "name": "rathe-kyat"},
    ),
    Call(
        "pipelines",
        "duplicate",
        ("rathe-kyat",),
        {},
        "POST",
        "/api/datachain/pipeline/duplicate",
        body={"team_name": TEAM, "name": "rathe-kyat"},
    ),
    Call(
        "pipelines",
        "remove_job",
        ("rathe-kyat",),
        {"job_id": JOB},
        "POST",
        "/api/datachain/pipeline/remove-job",
        body={"team_name": TEAM, "name": "rathe-kyat", "job_id": JOB},
    ),
    Call(
        "pipelines",
        "list",
        (),
        {"status": ["RUNNING", "PAUSED"], "limit": 3, "search": "kyat"},
        "GET",
        "/api/datachain/pipeline/list",
        {"team_name": [TEAM], "status": ["RUNNING", "PAUSED"], "limit": ["3"], "search": ["kyat"]},
    ),
    Call(
        "schedules",
        "create",
        ("*/5 * * * *",),
        {"pipeline_name": "rathe-kyat", "schedule_name": "nightly"},
        "POST",
        "/api/datachain/pipeline/create-schedule",
        body={
            "team_name": TEAM,
            "cron_expression": "*/5 * * * *",
            "pipeline_name": "rathe-kyat",
            "schedule_name": "nightly",
        },
    ),
    Call(
        "schedules",
        "update",
        (1,),
        {"pause_pipeline": True},
        "POST",
        "/api/datachain/pipeline/update-schedule",
        body={"team_name": TEAM, "schedule_id": 1, "pause_pipeline": True},
    ),
    Call(
        "schedules",
        "delete",
        (1,),
        {},
        "POST",
        "/api/datachain/pipeline/delete-schedule",
        body={"team_name": TEAM, "schedule_id": 1},
    ),
    Call(
        "schedules",
        "get",
        (1,),
        {},
        "GET",
        "/api/datachain/pipeline/schedule",
        {"team_name": [TEAM], "schedule_id": ["1"]},
    ),
    Call(
        "schedules",
        "list",
        (),
        {},
        "GET",
        "/api/datachain/pipeline/schedules",
        {"team_name": [TEAM]},
    ),
    Call(
        "access_groups",
        "create",
        ("production-team",),
        {"description": ""},
        "POST",
        "/api/datachain/rbac/access-groups/",
        {"team_name": [TEAM]},
        body={"name": "production-team", "description": ""},
    ),
    Call(
        "access_groups",
        "list",
        (),
        {},
        "GET",
        "/api/datachain/rbac/access-groups/",
        {"team_name": [TEAM]},
    ),
    Call(
        "access_groups",
        "update",
        (GROUP,),
        {"name": "renamed"},
        "PATCH",
        f"/api/datachain/rbac/access-groups/{GROUP}/",
        {"team_name": [TEAM]},
        body={"name": "renamed"},
    ),
    Call(
        "access_groups",
        "delete",
        (GROUP,),
        {},
        "DELETE",
        f"/api/datachain/rbac/access-groups/{GROUP}/",
        {"team_name": [TEAM]},
    ),
    Call(
        "access_groups",
        "list_members",
        (GROUP,),
        {},
        "GET",
        f"/api/datachain/rbac/access-groups/{GROUP}/members/",
        {"team_name": [TEAM]},
    ),
    Call(
        "access_groups",
        "add_member",
        (GROUP,),
        {"user_id": 42, "role": "write"},
        "POST",
        f"/api/datachain/rbac/access-groups/{GROUP}/members/",
        {"team_name": [TEAM]},
        body={"user_id": 42, "role": "write"},
    ),
    Call(
        "access_groups",
        "update_member",
        (GROUP, 42),
        {"role": "read"},
        "PATCH",
        f"/api/datachain/rbac/access-groups/{GROUP}/members/42/",
        {"team_name": [TEAM]},
        body={"role": "read"},
    ),
    Call(
        "access_groups",
        "remove_member",
        (GROUP, 42),
        {},
        "DELETE",
        f"/api/datachain/rbac/access-groups/{GROUP}/members/42/",
        {"team_name": [TEAM]},
    ),
    Call(
        "access_rules",
        "create",
        (),
        {
            "resource_type": "namespace",
            "resource_id": "ns",
            "permission": "write",
            "group_id": GROUP,
        },
        "POST",
        "/api/datachain/rbac/access-rules/",
        {"team_name": [TEAM]},
        body={
            "resource_type": "namespace",
            "resource_id": "ns",
            "permission": "write",
            "group_id": GROUP,
        },
    ),
    Call(
        "access_rules",
        "list",
        (),
        {},
        "GET",
        "/api/datachain/rbac/access-rules/",
        {"team_name": [TEAM]},
    ),
    Call(
        "access_rules",
        "update",
        (RULE,),
        {"permission": "read"},
        "PATCH",
        f"/api/datachain/rbac/access-rules/{RULE}/",
        {"team_name": [TEAM]},
        body={"permission": "read"},
    ),
    Call(
        "access_rules",
        "delete",
        (RULE,),
        {},
        "DELETE",
        f"/api/datachain/rbac/access-rules/{RULE}/",
        {"team_name": [TEAM]},
    ),
]
