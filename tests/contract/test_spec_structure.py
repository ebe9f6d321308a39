"""Structural checks of openapi.yaml against facts gathered outside it.

The expectations come from the published reference (seed v1.0.0: its 32 `METHOD path` lines,
its base URL, its examples) and from what the official `datachain` client sends and receives
(reference/real-client-facts.md), never from the contract itself.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import openapi_spec_validator
import pytest
import referencing
import referencing.jsonschema
from openapi_spec_validator import OpenAPIV31SpecValidator

from tests.spec import SPEC, Operation, contract_diff, operations, reference_operations

# The 32 operations of the published reference, exactly as it prints them.
REFERENCE_OPERATIONS = {
    ("GET", "/api/datachain/jobs/"),
    ("POST", "/api/datachain/jobs/"),
    ("GET", "/api/datachain/jobs/{job_id}/logs"),
    ("POST", "/api/datachain/jobs/{job_id}/cancel"),
    ("POST", "/api/datachain/jobs/files"),
    ("GET", "/api/datachain/clusters/"),
    ("POST", "/api/datachain/pipeline/create-schedule"),
    ("POST", "/api/datachain/pipeline/update-schedule"),
    ("POST", "/api/datachain/pipeline/delete-schedule"),
    ("GET", "/api/datachain/pipeline/schedule"),
    ("GET", "/api/datachain/pipeline/schedules"),
    ("POST", "/api/datachain/pipeline/trigger"),
    ("POST", "/api/datachain/pipeline/run"),
    ("POST", "/api/datachain/pipeline/settings"),
    ("GET", "/api/datachain/pipeline/status"),
    ("POST", "/api/datachain/pipeline/pause"),
    ("POST", "/api/datachain/pipeline/resume"),
    ("POST", "/api/datachain/pipeline/duplicate"),
    ("POST", "/api/datachain/pipeline/remove-job"),
    ("GET", "/api/datachain/pipeline/list"),
    ("POST", "/api/datachain/rbac/access-groups/"),
    ("GET", "/api/datachain/rbac/access-groups/"),
    ("PATCH", "/api/datachain/rbac/access-groups/{group_id}/"),
    ("DELETE", "/api/datachain/rbac/access-groups/{group_id}/"),
    ("GET", "/api/datachain/rbac/access-groups/{group_id}/members/"),
    ("POST", "/api/datachain/rbac/access-groups/{group_id}/members/"),
    ("PATCH", "/api/datachain/rbac/access-groups/{group_id}/members/{user_id}/"),
    ("DELETE", "/api/datachain/rbac/access-groups/{group_id}/members/{user_id}/"),
    ("POST", "/api/datachain/rbac/access-rules/"),
    ("GET", "/api/datachain/rbac/access-rules/"),
    ("PATCH", "/api/datachain/rbac/access-rules/{rule_id}/"),
    ("DELETE", "/api/datachain/rbac/access-rules/{rule_id}/"),
}

# The success status the reference prints for each operation that does not answer 200.
REFERENCE_NON_200 = {
    ("POST", "/api/datachain/rbac/access-groups/"): "201",
    ("DELETE", "/api/datachain/rbac/access-groups/{group_id}/"): "204",
    ("POST", "/api/datachain/rbac/access-groups/{group_id}/members/"): "201",
    ("DELETE", "/api/datachain/rbac/access-groups/{group_id}/members/{user_id}/"): "204",
    ("POST", "/api/datachain/rbac/access-rules/"): "201",
    ("DELETE", "/api/datachain/rbac/access-rules/{rule_id}/"): "204",
}

REFERENCE_BASE_URL = "https://studio.datachain.ai/api"

AREAS = ("jobs", "clusters", "pipelines", "pipeline schedules", "access groups", "access rules")

ERROR_STATUSES = ("400", "401", "403", "404", "422", "429", "5XX")

TEAM_NAME_IN_QUERY = (
    "list_jobs",
    "upload_job_file",
    "get_pipeline_schedule",
    "list_pipeline_schedules",
    "get_pipeline",
    "list_pipelines",
)

# real-client-facts.md
JOB_STATUSES = {
    "CREATED",
    "QUEUED",
    "INIT",
    "RUNNING",
    "COMPLETE",
    "FAILED",
    "CANCELING",
    "CANCELED",
    "CANCELING_SCHEDULED",
    "SCHEDULED",
    "TASK",
    "PROVISIONING",
    "PENDING",
}
PIPELINE_STATUSES = {"PENDING", "RUNNING", "COMPLETED", "FAILED", "PAUSED", "CANCELED"}
STEP_STATUSES = {"STARTED", "FINISHED"}

# The checks below that come from the published reference apply to its operations; those the
# contract adds beyond it (datasets, storage, sign-in: `x-beyond-reference`) have their own.
OPERATIONS = reference_operations()
BEYOND = [op for op in operations() if op.beyond_reference]
BY_ID = {op.operation_id: op for op in operations()}


def op_param(op: Operation) -> Any:
    return pytest.param(op, id=f"{op.method.upper()} {op.path}")


ALL_OPS = [op_param(op) for op in OPERATIONS]


# --- helpers ------------------------------------------------------------------------------------

SPEC_URI = "urn:datachain-studio:openapi:structure"
_REGISTRY: referencing.Registry[Any] = referencing.Registry().with_resource(
    SPEC_URI, referencing.jsonschema.DRAFT202012.create_resource(SPEC)
)


# The `uuid` and `date-time` formats as the contract means them (the contract diff's checker).
FORMATS = contract_diff().FORMATS


def resolve(node: Any) -> Any:
    """Follow local `$ref`s until a node without one."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def schema(name: str) -> dict[str, Any]:
    found = SPEC["components"]["schemas"][name]
    assert isinstance(found, dict)
    return found


def validator(pointer: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"}, registry=_REGISTRY, format_checker=FORMATS
    )


def accepts(pointer: str, value: Any) -> bool:
    return validator(pointer).is_valid(value)


def prop_pointer(schema_name: str, prop: str) -> str:
    return f"/components/schemas/{schema_name}/properties/{prop}"


def query_params(op: Operation) -> dict[str, dict[str, Any]]:
    params = [resolve(p) for p in op.spec.get("parameters", [])]
    return {p["name"]: p for p in params if p["in"] == "query"}


def query_schema_pointer(op: Operation, name: str) -> str:
    """The JSON pointer of a query parameter's schema, written in place or behind a `$ref`."""
    for index, param in enumerate(op.spec["parameters"]):
        resolved = resolve(param)
        if resolved["in"] == "query" and resolved["name"] == name:
            if "$ref" in param:
                return param["$ref"].removeprefix("#") + "/schema"
            escaped = op.path.replace("~", "~0").replace("/", "~1")
            return f"/paths/{escaped}/{op.method}/parameters/{index}/schema"
    raise AssertionError(f"{op.operation_id} has no query parameter {name}")


def json_body_schema(op: Operation) -> dict[str, Any]:
    body = resolve(op.spec["requestBody"])
    found = resolve(body["content"]["application/json"]["schema"])
    assert isinstance(found, dict)
    return found


def area_of(path: str) -> str:
    """Which of the six areas a reference path belongs to, by its path alone."""
    rest = path.removeprefix("/api/datachain/")
    if rest.startswith("jobs/"):
        return "jobs"
    if rest.startswith("clusters/"):
        return "clusters"
    if rest.startswith("pipeline/"):
        return "pipeline schedules" if "schedule" in rest else "pipelines"
    if rest.startswith("rbac/access-groups/"):
        return "access groups"
    if rest.startswith("rbac/access-rules/"):
        return "access rules"
    raise AssertionError(f"no area for {path}")


# --- the document as a whole --------------------------------------------------------------------


def test_openapi_spec_validator_accepts_the_document() -> None:
    assert str(SPEC["openapi"]).startswith("3.1.")
    openapi_spec_validator.validate(SPEC)
    openapi_spec_validator.validate(SPEC, cls=OpenAPIV31SpecValidator)


def test_exactly_the_32_reference_operations() -> None:
    assert len(REFERENCE_OPERATIONS) == 32
    published = {(op.method.upper(), op.path) for op in OPERATIONS}
    assert len(OPERATIONS) == 32
    assert published == REFERENCE_OPERATIONS


def test_operation_ids_are_unique_snake_case_and_known_ones_exist() -> None:
    ids = [op.operation_id for op in OPERATIONS]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", operation_id), operation_id
    assert {
        "list_jobs",
        "create_job",
        "get_job_logs",
        "cancel_job",
        "upload_job_file",
        "list_clusters",
        "create_pipeline_schedule",
        "delete_access_rule",
    } <= set(ids)
    assert (BY_ID["list_jobs"].method, BY_ID["list_jobs"].path) == ("get", "/api/datachain/jobs/")
    assert (BY_ID["delete_access_rule"].method, BY_ID["delete_access_rule"].path) == (
        "delete",
        "/api/datachain/rbac/access-rules/{rule_id}/",
    )


def test_server_is_the_bare_host() -> None:
    [server] = SPEC["servers"]
    url = server["url"]
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "studio.datachain.ai")
    assert parts.path in ("", "/")
    # The reference's base URL plus the path without its `/api` prefix is the same URL as the
    # server plus the path as published.
    for _, path in REFERENCE_OPERATIONS:
        assert path.startswith("/api/")
        assert url.rstrip("/") + path == REFERENCE_BASE_URL + path.removeprefix("/api")


def test_the_six_areas_are_declared_tags() -> None:
    declared = [tag["name"] for tag in SPEC["tags"]]
    assert set(AREAS) <= set(declared)


@pytest.mark.parametrize("op", ALL_OPS)
def test_every_operation_is_tagged_with_its_area(op: Operation) -> None:
    assert op.spec["tags"] == [area_of(op.path)]


def test_every_area_has_operations() -> None:
    assert {op.spec["tags"][0] for op in OPERATIONS} == set(AREAS)


# --- security -----------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ALL_OPS)
def test_operation_security_offers_bearer_or_raw_token(op: Operation) -> None:
    requirements = op.spec.get("security")
    assert isinstance(requirements, list) and len(requirements) == 2
    schemes = SPEC["components"]["securitySchemes"]
    kinds = set()
    for requirement in requirements:
        # Alternatives (OR), each a single scheme, not both at once (AND).
        assert len(requirement) == 1
        [(name, scopes)] = requirement.items()
        assert scopes == []
        scheme = schemes[name]
        if scheme["type"] == "http":
            assert scheme["scheme"].lower() == "bearer"
            kinds.add("bearer")
        else:
            assert (scheme["type"], scheme["in"], scheme["name"]) == (
                "apiKey",
                "header",
                "Authorization",
            )
            kinds.add("raw-header")
    assert kinds == {"bearer", "raw-header"}


# --- responses ----------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ALL_OPS)
def test_success_status_is_the_reference_one(op: Operation) -> None:
    expected = REFERENCE_NON_200.get((op.method.upper(), op.path), "200")
    successes = [code for code in op.spec["responses"] if str(code).startswith("2")]
    assert successes == [expected]
    response = resolve(op.spec["responses"][expected])
    if expected == "204":
        assert "content" not in response
    elif op.operation_id != "get_job_logs":  # the reference leaves that body undeclared
        assert "application/json" in response["content"]


@pytest.mark.parametrize("op", ALL_OPS)
def test_error_responses_use_error_response(op: Operation) -> None:
    responses = op.spec["responses"]
    for status in ERROR_STATUSES:
        assert status in responses, status
        response = resolve(responses[status])
        media = response["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}, status


@pytest.mark.parametrize(
    "body",
    [
        {"message": "Dataset not found"},
        {"message": "Internal error"},
        {"detail": "Invalid token"},
        {"detail": [{"loc": ["query", "limit"], "msg": "Input should be a valid integer"}]},
    ],
)
def test_error_response_accepts_the_bodies_seen_in_the_wild(body: dict[str, Any]) -> None:
    assert accepts("/components/schemas/ErrorResponse", body)


def test_error_response_refuses_a_wrong_detail() -> None:
    assert not accepts("/components/schemas/ErrorResponse", {"detail": 42})


# --- team_name ----------------------------------------------------------------------------------


@pytest.mark.parametrize("operation_id", TEAM_NAME_IN_QUERY)
def test_team_name_is_a_required_query_parameter(operation_id: str) -> None:
    params = query_params(BY_ID[operation_id])
    team = params["team_name"]
    assert team["required"] is True
    assert team["schema"]["type"] == "string"


def _json_posts_needing_team() -> list[Any]:
    chosen = [
        op
        for op in OPERATIONS
        if op.method == "post"
        and (op.path.startswith("/api/datachain/pipeline/") or op.operation_id == "cancel_job")
    ]
    return [op_param(op) for op in chosen]


def test_there_are_eleven_json_posts_carrying_the_team() -> None:
    # 10 pipeline / schedule POSTs in the reference, plus cancel.
    assert len(_json_posts_needing_team()) == 11


@pytest.mark.parametrize("op", _json_posts_needing_team())
def test_team_name_is_required_in_the_json_body(op: Operation) -> None:
    body = json_body_schema(op)
    assert "team_name" in body["required"]
    assert body["properties"]["team_name"]["type"] == "string"  # a string, never null
    assert "team_name" not in query_params(op)


# --- fields that must accept what the real server sends -----------------------------------------


@pytest.mark.parametrize(
    ("schema_name", "known"),
    [
        ("JobOutput", JOB_STATUSES),
        ("JobPipelineOutput", PIPELINE_STATUSES),
        ("JobPipelineRunOutput", JOB_STATUSES),
        ("JobStep", STEP_STATUSES),
        ("JobLogsOutput", JOB_STATUSES),
    ],
)
def test_status_fields_take_any_string(schema_name: str, known: set[str]) -> None:
    status = schema(schema_name)["properties"]["status"]
    branches = status["anyOf"]
    assert {"type": "string"} in branches  # a plain string, no enum, no pattern
    enums = [resolve(branch) for branch in branches if "$ref" in branch]
    assert enums, "the known values are still listed"
    assert known <= set(enums[0]["enum"])
    pointer = prop_pointer(schema_name, "status")
    for value in [*sorted(known), "SOMETHING_STUDIO_ADDS_LATER", "string", ""]:
        assert accepts(pointer, value), value
    assert not accepts(pointer, 42)


def test_job_status_filter_takes_groups_and_any_string() -> None:
    pointer = query_schema_pointer(BY_ID["list_jobs"], "status")
    for value in ["RUNNING", "ACTIVE", "INACTIVE", "NEW_STATUS"]:
        assert accepts(pointer, value), value
    assert not accepts(pointer, ["RUNNING"])


@pytest.mark.parametrize(
    ("schema_name", "prop", "good", "bad"),
    [
        ("ComputeClusterOutput", "id", [1, "k3f9x2mq7a"], [1.5, None, True]),
        ("AccessRuleInput", "resource_id", ["string", 0, 42], [1.5, None]),
        ("AccessRuleOutput", "resource_id", [0, "string", "ns-42"], [1.5]),
        ("JobOutput", "compute_cluster_id", [1, "k3f9x2mq7a", None], [1.5]),
    ],
)
def test_id_fields_take_integers_and_strings(
    schema_name: str, prop: str, good: list[Any], bad: list[Any]
) -> None:
    pointer = prop_pointer(schema_name, prop)
    for value in good:
        assert accepts(pointer, value), value
    for value in bad:
        assert not accepts(pointer, value), value


@pytest.mark.parametrize("schema_name", ["JobInput", "UpdatePipelineSettingsInput"])
def test_uploaded_file_ids_in_a_body_are_text_as_studio_declares(schema_name: str) -> None:
    # Studio's own document: `files` is `array of string | null`; the reference's example
    # gives `["2", "3"]`; the client turns an upload's integer id into text before sending.
    pointer = prop_pointer(schema_name, "files")
    for value in [["2", "3"], [], None]:
        assert accepts(pointer, value), value
    for value in [[1, 2], ["2", 3], [1.5], "2", [None]]:
        assert not accepts(pointer, value), value


# --- what the official client uses beyond the reference -----------------------------------------


def test_list_jobs_query_extras() -> None:
    params = query_params(BY_ID["list_jobs"])
    assert {"team_name", "status", "limit", "job_id", "include_steps"} <= set(params)
    for name in ("status", "limit", "job_id", "include_steps"):
        assert params[name].get("required", False) is False, name
    assert params["limit"]["schema"]["type"] == "integer"
    assert params["limit"]["schema"]["default"] == 20
    assert params["job_id"]["schema"] == {"type": "string", "format": "uuid"}
    assert params["include_steps"]["schema"]["type"] == "boolean"


def test_get_pipeline_takes_a_name() -> None:
    params = query_params(BY_ID["get_pipeline"])
    assert params["name"]["schema"]["type"] == "string"
    assert params["name"].get("required", False) is False


def test_list_pipelines_status_is_a_repeated_array_with_limit_and_search() -> None:
    params = query_params(BY_ID["list_pipelines"])
    status = params["status"]
    assert status["schema"]["type"] == "array"
    assert status["explode"] is True
    assert status.get("style", "form") == "form"
    assert params["limit"]["schema"]["type"] == "integer"
    assert params["search"]["schema"]["type"] == "string"
    pointer = query_schema_pointer(BY_ID["list_pipelines"], "status")
    assert accepts(pointer, ["RUNNING", "PAUSED"])
    assert accepts(pointer, ["SOMETHING_NEW"])
    assert not accepts(pointer, "RUNNING")


def test_trigger_takes_review() -> None:
    trigger = json_body_schema(BY_ID["trigger_pipeline"])
    assert "review" in trigger["properties"]
    assert "review" not in trigger["required"]
    pointer = prop_pointer("TriggerPipelineInput", "review")
    assert accepts(pointer, True) and accepts(pointer, False)
    assert not accepts(pointer, "yes")


@pytest.mark.parametrize(
    ("schema_name", "extras"),
    [
        ("JobOutput", ["started_at", "steps", "compute_cluster_id", "compute_cluster_name"]),
        (
            "ComputeClusterOutput",
            [
                "active_workers",
                "busy_workers",
                "cloud_region",
                "instance_type",
                "compute_class",
                "disk_size",
            ],
        ),
    ],
)
def test_response_extras_are_declared_and_optional(schema_name: str, extras: list[str]) -> None:
    found = schema(schema_name)
    for name in extras:
        assert name in found["properties"], name
        assert name not in found.get("required", []), name


def test_job_steps_are_null_or_a_list_of_steps() -> None:
    pointer = prop_pointer("JobOutput", "steps")
    assert accepts(pointer, None)
    assert accepts(pointer, [])
    assert accepts(
        pointer,
        [
            {
                "name": "running_query",
                "label": "Running query",
                "status": "STARTED",
                "started_at": "2026-05-04T10:00:07Z",
                "finished_at": None,
            }
        ],
    )
    assert not accepts(pointer, [{"label": "no name or status"}])


# Whole payloads, as the facts describe them.

REAL_SERVER_JOB = {
    "id": "0b5ff1c2-8f1e-4f7e-9d2a-1c3b5d7e9f01",
    "url": "https://studio.datachain.ai/team/my-team/datasets/jobs/"
    "0b5ff1c2-8f1e-4f7e-9d2a-1c3b5d7e9f01",
    "status": "PROVISIONING",
    "created_at": "2026-05-04T10:00:00Z",
    "started_at": "2026-05-04T10:00:05Z",
    "created_by": "alice",
    "finished_at": None,
    "query": "echo hi",
    "query_type": "SHELL",
    "team": "my-team",
    "name": "hi.sh",
    "workers": 1,
    "compute_cluster_id": "k3f9x2mq7a",
    "compute_cluster_name": "gpu-pool",
    "steps": [{"name": "waiting", "label": "Waiting", "status": "FINISHED"}],
    "an_undeclared_field": 1,
}

NEWER_SERVER_CLUSTER = {
    "id": "k3f9x2mq7a",
    "name": "gpu-pool",
    "status": "ACTIVE",
    "cloud_provider": "AWS",
    "cloud_credentials": None,
    "is_active": True,
    "default": False,
    "max_workers": 4,
    "active_workers": 1,
    "busy_workers": 0,
    "cloud_region": "us-east-1",
    "instance_type": "m5.large",
    "compute_class": "cpu",
    "disk_size": 100,
}

OFFICIAL_CLIENT_JOB_INPUT = {
    "query": "print('hello')",
    "query_type": "PYTHON",
    "environment": None,
    "workers": None,
    "query_name": "hello.py",
    "files": ["7"],
    "python_version": None,
    "requirements": None,
    "repository": None,
    "priority": None,
    "compute_cluster_name": None,
    "start_after": None,
    "cron_expression": None,
    "credentials_name": None,
    "rerun_from_job_id": None,
    "reset": False,
    "team_name": "my-team",
}


@pytest.mark.parametrize(
    ("schema_name", "payload"),
    [
        pytest.param("JobOutput", REAL_SERVER_JOB, id="newer-server-job"),
        pytest.param("ComputeClusterOutput", NEWER_SERVER_CLUSTER, id="newer-server-cluster"),
        pytest.param("JobInput", OFFICIAL_CLIENT_JOB_INPUT, id="official-client-nulls"),
        pytest.param(
            "TriggerPipelineInput",
            {"datasets": ["dataset_name@v1.0.0"], "review": True, "team_name": "t"},
            id="trigger-with-review",
        ),
        pytest.param(
            "AccessRuleInput",
            {"resource_type": "namespace", "resource_id": 7, "permission": "write", "user_id": 0},
            id="rule-input-integer-resource",
        ),
    ],
)
def test_real_payloads_validate(schema_name: str, payload: dict[str, Any]) -> None:
    errors = list(validator(f"/components/schemas/{schema_name}").iter_errors(payload))
    assert errors == []


# The fields Studio's own document (codegen/studio/openapi-2025-09.json) requires in a job.
STUDIO_REQUIRED_JOB_FIELDS = (
    "id",
    "url",
    "status",
    "created_at",
    "created_by",
    "query",
    "query_type",
    "team",
    "name",
    "workers",
)


@pytest.mark.parametrize("field", STUDIO_REQUIRED_JOB_FIELDS)
def test_a_job_without_a_field_studio_requires_is_refused(field: str) -> None:
    payload = {key: value for key, value in REAL_SERVER_JOB.items() if key != field}
    errors = list(validator("/components/schemas/JobOutput").iter_errors(payload))
    assert [error.message for error in errors] == [f"'{field}' is a required property"]


# --- operations beyond the published reference --------------------------------------------------


def test_the_operations_beyond_the_reference_are_the_official_clients() -> None:
    assert {op.operation_id for op in BEYOND} == {
        "list_datasets",
        "get_dataset",
        "update_dataset",
        "delete_dataset",
        "list_dataset_job_versions",
        "export_dataset",
        "get_dataset_export_status",
        "list_storage",
        "start_device_login",
        "poll_device_token",
        "device_logout",
    }


@pytest.mark.parametrize("op", [op_param(op) for op in BEYOND])
def test_an_operation_beyond_the_reference_says_where_it_comes_from(op: Operation) -> None:
    evidence = op.spec["x-beyond-reference"]["evidence"]
    assert "official-client-beyond-reference.md" in evidence
    declared = {tag["name"] for tag in SPEC["tags"]}
    [tag] = op.spec["tags"]
    assert tag in declared and tag not in AREAS
    responses = op.spec["responses"]
    assert [code for code in responses if str(code).startswith("2")] == ["200"]
    assert "5XX" in responses
    if op.spec.get("security", SPEC["security"]):  # a token is needed: it may be refused
        assert "401" in responses
    if "requestBody" in op.spec or "parameters" in op.spec:  # something to refuse
        assert "422" in responses


def test_every_operation_with_a_body_declares_413() -> None:
    with_body = [op for op in operations() if "requestBody" in op.spec]
    assert len(with_body) == 25
    missing = [op.operation_id for op in with_body if "413" not in op.spec["responses"]]
    assert missing == []
