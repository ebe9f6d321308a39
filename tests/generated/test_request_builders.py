"""The generated request builders: one `request()` per operation of openapi.yaml.

Each returns a `Request` (`datachain_studio_api.types`): method, path with its parameters
URL-quoted, query parameters as sent (`None`: not sent), the JSON body, and what the success
answer reads as. Checked against the contract for every operation, then one by one for what
the client relies on, and over a real socket for what httpx2 makes of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import typing
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote, urlsplit
from uuid import UUID

import httpx2
import pytest

import datachain_studio_api
from datachain_studio._parsing import parse
from datachain_studio_api.api.access_groups import (
    delete_access_group,
    update_access_group,
    update_access_group_member,
)
from datachain_studio_api.api.auth import device_logout
from datachain_studio_api.api.datasets import list_datasets, update_dataset
from datachain_studio_api.api.jobs import cancel_job, create_job, list_jobs, upload_job_file
from datachain_studio_api.api.pipelines import list_pipelines
from datachain_studio_api.api.storage import list_storage
from datachain_studio_api.models import (
    AccessGroupMemberUpdateInput,
    AccessGroupUpdateInput,
    ActionFeedback,
    DatasetActionOutput,
    DatasetEditInput,
    JobCancelInput,
    JobInput,
    JobOutput,
    JobStatus,
    JobStatusGroup,
    PipelineStatus,
    QueryType,
    StorageListing,
    StorageListInput,
    UploadFileOutput,
)
from datachain_studio_api.types import FreeForm, Model, Request
from tests.spec import SPEC, Operation, operations
from tests.support.server import Recorded, json_reply, scripted_server

API = Path(datachain_studio_api.__file__).parent / "api"
MODULES = {path.stem: path for path in API.glob("*/*.py") if path.stem != "__init__"}
JOB_ID = UUID("497f6eca-6276-4993-bfeb-53cbbbba6f08")


def module_of(operation_id: str) -> ModuleType:
    path = MODULES[operation_id]
    return importlib.import_module(f"datachain_studio_api.api.{path.parent.name}.{path.stem}")


def resolved(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def parameters(op: Operation, where: str) -> list[dict[str, Any]]:
    found = [resolved(p) for p in op.spec.get("parameters", [])]
    return [p for p in found if p["in"] == where]


def sample(parameter: dict[str, Any]) -> Any:
    """A value for a parameter, chosen so that quoting shows in a path."""
    schema = resolved(parameter["schema"])
    if schema.get("type") == "integer":
        return 7
    if schema.get("format") == "uuid":
        return JOB_ID
    return "a b/c?d"


def success(op: Operation) -> tuple[str, dict[str, Any]]:
    [(status, answer)] = [
        (code, resolved(answer))
        for code, answer in op.spec["responses"].items()
        if code.startswith("2")
    ]
    return status, answer


# --- every operation, against the contract ------------------------------------------------------


@pytest.mark.parametrize("op", list(operations()), ids=lambda op: op.operation_id)
def test_every_operation_has_a_builder_that_follows_the_contract(op: Operation) -> None:
    module = module_of(op.operation_id)
    signature = inspect.signature(module.request)
    path_params = parameters(op, "path")
    query_params = parameters(op, "query")
    assert not parameters(op, "header") and not parameters(op, "cookie")
    body = op.spec.get("requestBody")
    [media] = body["content"] if body else [None]

    # Path parameters first, by position; then the JSON body and the query, by keyword.
    expected_names = [p["name"] for p in path_params]
    if media == "application/json":
        expected_names.append("body")
    expected_names += [p["name"] for p in query_params if p.get("required")]
    expected_names += [p["name"] for p in query_params if not p.get("required")]
    assert list(signature.parameters) == expected_names
    for parameter in signature.parameters.values():
        positional = parameter.name in {p["name"] for p in path_params}
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD if positional else parameter.KEYWORD_ONLY
        assert parameter.kind is kind
    for spec_param in query_params:
        default = signature.parameters[spec_param["name"]].default
        assert default is (inspect.Parameter.empty if spec_param.get("required") else None)

    arguments: dict[str, Any] = {p["name"]: sample(p) for p in query_params if p.get("required")}
    if media == "application/json" and body.get("required"):
        model = typing.get_type_hints(module.request)["body"]
        assert issubclass(model, Model)
        arguments["body"] = model.from_dict({"sent": True})
    request = module.request(*(sample(p) for p in path_params), **arguments)

    assert isinstance(request, Request)
    assert request.method == op.method.upper()
    path = op.path
    for spec_param in path_params:
        value = quote(str(sample(spec_param)), safe="")
        path = path.replace("{" + spec_param["name"] + "}", value)
    assert request.path == path
    assert request.params == {
        name: str(value) if isinstance(value, UUID) else value
        for name, value in arguments.items()
        if name != "body"
    }
    if media == "application/json" and body.get("required"):
        assert (request.content_type, request.json) == ("application/json", {"sent": True})
    elif media == "multipart/form-data":
        assert (request.content_type, request.json) == ("multipart/form-data", None)
    else:  # no body, or an optional one left out
        assert (request.content_type, request.json) == (None, None)

    _, answer = success(op)
    [answer_media] = answer.get("content") or [None]
    assert request.accept == (answer_media or "application/json")
    if answer_media is None:
        assert request.result is None
    else:
        item = typing.get_args(request.result)[0] if typing.get_origin(request.result) else None
        assert issubclass(item or request.result, Model | FreeForm)


def examples(answer: dict[str, Any]) -> list[Any]:
    found = []
    for content in (answer.get("content") or {}).values():
        if "example" in content:
            found.append(content["example"])
        found += [resolved(e)["value"] for e in content.get("examples", {}).values()]
    return found


ANSWERS = [(op, example) for op in operations() for example in examples(success(op)[1])]


def test_most_operations_show_an_answer() -> None:
    shown = {op.operation_id for op, _ in ANSWERS}
    assert len(shown) >= 30, sorted(shown)


@pytest.mark.parametrize(
    ("op", "example"),
    [pytest.param(*pair, id=f"{pair[0].operation_id}-{n}") for n, pair in enumerate(ANSWERS)],
)
def test_every_answer_example_reads_strictly_as_the_result(op: Operation, example: Any) -> None:
    result = _result(op)
    assert result is not None
    parsed = parse(example, result, strict=True)
    if isinstance(parsed, list):
        assert all(isinstance(item, Model) for item in parsed)
        assert [item.to_dict() for item in parsed] == example
    else:
        assert isinstance(parsed, Model | FreeForm)
        assert parsed.to_dict() == example


def _result(op: Operation) -> Any:
    """What the operation's builder says its answer reads as (built with sample values)."""
    module = module_of(op.operation_id)
    hints = typing.get_type_hints(module.request)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(module.request).parameters.items():
        if parameter.default is not inspect.Parameter.empty:
            continue
        hint = hints[name]
        if isinstance(hint, type) and issubclass(hint, Model):
            arguments[name] = hint.from_dict({})
        elif hint is int:
            arguments[name] = 1
        else:
            arguments[name] = JOB_ID if hint is UUID else "x"
    positional = [arguments.pop(p["name"]) for p in parameters(op, "path")]
    return module.request(*positional, **arguments).result


# --- what the client relies on, one by one ------------------------------------------------------


def test_an_optional_argument_left_none_is_not_sent() -> None:
    request = list_jobs.request(team_name="t")
    assert request.params == {"team_name": "t"}  # not even the contract's defaults
    assert (request.json, request.content_type) == (None, None)
    assert list_datasets.request().params == {}


def test_query_values_are_sent_as_text_where_json_would_not_do() -> None:
    request = list_jobs.request(
        team_name="t", status=JobStatusGroup.ACTIVE, limit=0, job_id=JOB_ID, include_steps=False
    )
    assert request.params == {
        "team_name": "t",
        "status": "ACTIVE",
        "limit": 0,  # falsy, still sent
        "job_id": str(JOB_ID),
        "include_steps": "false",  # what the client always sent for a flag
    }
    assert list_jobs.request(team_name="t", status="RUNNING").params["status"] == "RUNNING"
    assert list_jobs.request(team_name="t", include_steps=True).params["include_steps"] == "true"
    statuses = [PipelineStatus.RUNNING, "PAUSED"]
    assert list_pipelines.request(team_name="t", status=statuses).params["status"] == [
        "RUNNING",
        "PAUSED",
    ]


def test_path_parameters_are_url_quoted() -> None:
    request = update_access_group_member.request(
        "g/1 ?#%", 42, body=AccessGroupMemberUpdateInput(role="admin")
    )
    assert request.path == "/api/datachain/rbac/access-groups/g%2F1%20%3F%23%25/members/42/"
    assert request.method == "PATCH"
    assert delete_access_group.request(JOB_ID).path == (
        f"/api/datachain/rbac/access-groups/{JOB_ID}/"
    )


def test_a_json_body_is_the_models_json_and_a_copy_of_it() -> None:
    when = dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.UTC)
    body = JobInput(
        query="print(1)", query_type=QueryType.SHELL, start_after=when, files=["1", 2], workers=None
    )
    request = create_job.request(body=body)
    assert (request.method, request.path) == ("POST", "/api/datachain/jobs/")
    assert request.content_type == "application/json"
    assert request.json == {
        "query": "print(1)",
        "query_type": "SHELL",
        "files": ["1", 2],
        "start_after": "2030-01-02T03:04:00+00:00",
    }  # workers=None: not sent
    assert request.result is JobOutput
    request.json["query"] = "changed"
    assert body.query == "print(1)" and create_job.request(body=body).json["query"] == "print(1)"
    cancel = cancel_job.request(JOB_ID, body=JobCancelInput(team_name="t"))
    assert (cancel.path, cancel.json, cancel.result) == (
        f"/api/datachain/jobs/{JOB_ID}/cancel",
        {"team_name": "t"},
        ActionFeedback,
    )


def test_a_body_with_nulls_sends_them() -> None:
    body = DatasetEditInput(name="dogs", description="Dogs").with_nulls()
    request = update_dataset.request(body=body)
    assert request.json == {
        "name": "dogs",
        "namespace": None,
        "project": None,
        "new_name": None,
        "description": "Dogs",
        "attrs": None,
        "team_name": None,
    }
    assert request.result is DatasetActionOutput
    patch = update_access_group.request(JOB_ID, body=AccessGroupUpdateInput(name="n"))
    assert patch.json == {"name": "n"}  # a PATCH sends only what changes


def test_an_optional_body_is_sent_only_when_given() -> None:
    without = list_pipelines.request(team_name="t")
    assert (without.json, without.content_type) == (None, None)
    given = list_pipelines.request(team_name="t", body=[PipelineStatus.FAILED, "RUNNING"])
    assert (given.json, given.content_type) == (["FAILED", "RUNNING"], "application/json")


def test_the_upload_leaves_its_body_to_the_sender() -> None:
    request = upload_job_file.request(team_name="t")
    assert list(inspect.signature(upload_job_file.request).parameters) == ["team_name"]
    assert (request.method, request.path, request.params) == (
        "POST",
        "/api/datachain/jobs/files",
        {"team_name": "t"},
    )
    assert (request.content_type, request.json, request.result) == (
        "multipart/form-data",
        None,
        UploadFileOutput,
    )


def test_the_storage_listing_asks_for_msgpack() -> None:
    request = list_storage.request(body=StorageListInput(source="s3://b", team_name="t"))
    assert (request.accept, request.result) == ("application/msgpack", StorageListing)
    assert request.json == {"source": "s3://b", "team_name": "t"}


def test_an_answer_without_a_body_reads_nothing_and_a_request_is_frozen() -> None:
    assert delete_access_group.request(JOB_ID).result is None
    request = device_logout.request()
    assert (request.method, request.path, request.params) == ("POST", "/api/device-logout", {})
    assert (request.content_type, request.json) == (None, None)  # no body, no Content-Type
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.path = "/elsewhere"  # type: ignore[misc]


def test_what_httpx_sends_for_a_request() -> None:
    def send(request: Request) -> Recorded:
        with scripted_server(lambda _: json_reply([])) as server:
            httpx2.request(
                request.method, server.url + request.path, params=request.params, json=request.json
            )
        [recorded] = server.requests
        return recorded

    listing = send(
        list_pipelines.request(team_name="t", status=[PipelineStatus.RUNNING, "PAUSED"], limit=3)
    )
    assert listing.path == "/api/datachain/pipeline/list"
    assert "status=RUNNING&status=PAUSED" in urlsplit(listing.target).query
    assert listing.query == {"team_name": ["t"], "status": ["RUNNING", "PAUSED"], "limit": ["3"]}
    assert listing.body == b""
    jobs = send(list_jobs.request(team_name="t", status=JobStatus.COMPLETE, include_steps=True))
    assert jobs.query == {"team_name": ["t"], "status": ["COMPLETE"], "include_steps": ["true"]}
    member = send(
        update_access_group_member.request("g/1", 2, body=AccessGroupMemberUpdateInput(role="r"))
    )
    assert member.target == "/api/datachain/rbac/access-groups/g%2F1/members/2/"
    assert member.json() == {"role": "r"}
