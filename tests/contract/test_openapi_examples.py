"""Every example in openapi.yaml validates against the schema it illustrates.

The examples carry the published reference's own examples (and the real payload shapes the
official client meets), so this is the proof that the contract accepts them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema

from tests.spec import SPEC, operations

SPEC_URI = "urn:datachain-studio:openapi"


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value and parsed.tzinfo is not None


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("uuid")(_is_uuid)
FORMATS.checks("date-time")(_is_date_time)

_REGISTRY: referencing.Registry[Any] = referencing.Registry().with_resource(
    SPEC_URI, referencing.jsonschema.DRAFT202012.create_resource(SPEC)
)


def validator_for(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:case",
            **schema,
        },
        registry=_REGISTRY,
        format_checker=FORMATS,
    )


def _pointer(*parts: str) -> str:
    escaped = (part.replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(escaped)


def _follow(node: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref`s from `node`; return the target and its JSON pointer."""
    while "$ref" in node:
        pointer = node["$ref"]
        node = SPEC
        for part in pointer.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, pointer


def _media_examples() -> Iterator[Any]:
    for op in operations():
        here = ("paths", op.path, op.method)
        places = []
        if "requestBody" in op.spec:
            places.append(
                (
                    "request",
                    _follow(op.spec["requestBody"], _pointer(*here, "requestBody")),
                )
            )
        for status, response in op.spec["responses"].items():
            where = _pointer(*here, "responses", status)
            places.append((f"response {status}", _follow(response, where)))
        for label, (node, pointer) in places:
            for media_type, media in node.get("content", {}).items():
                schema_pointer = f"{pointer}/{_pointer('content', media_type, 'schema')[2:]}"
                for name, example in media.get("examples", {}).items():
                    yield pytest.param(
                        schema_pointer,
                        _follow(example, "")[0]["value"],
                        id=f"{op.operation_id}:{label}:{media_type}:{name}",
                    )


def _schema_examples() -> Iterator[Any]:
    for name, schema in SPEC["components"]["schemas"].items():
        for index, example in enumerate(schema.get("examples", [])):
            yield pytest.param(name, example, id=f"{name}[{index}]")


@pytest.mark.parametrize(("pointer", "example"), list(_media_examples()))
def test_operation_example_matches_its_schema(pointer: str, example: Any) -> None:
    validator_for({"$ref": SPEC_URI + pointer}).validate(example)


@pytest.mark.parametrize(("name", "example"), list(_schema_examples()))
def test_schema_example_matches_its_schema(name: str, example: Any) -> None:
    ref = {"$ref": f"{SPEC_URI}#/components/schemas/{name}"}
    validator_for(ref).validate(example)


REFERENCE_SCHEMAS = [
    "JobOutput",
    "JobInput",
    "ActionFeedback",
    "JobCancelInput",
    "UploadFileOutput",
    "ComputeClusterOutput",
    "JobPipelineOutput",
    "JobPipelineRunOutput",
    "PipelineScheduleOutput",
    "PipelineScheduleUpdateOutput",
    "UserOutput",
    "CreatePipelineScheduleInput",
    "UpdatePipelineScheduleInput",
    "DeletePipelineScheduleOutput",
    "DeletePipelineScheduleInput",
    "PipelineScheduleItem",
    "PipelineOutput",
    "TriggerPipelineInput",
    "CreatePipelineRunInput",
    "UpdatePipelineSettingsInput",
    "PipelineInput",
    "RemoveJobFromPipelineInput",
    "AccessGroupOutput",
    "AccessGroupInput",
    "AccessGroupUpdateInput",
    "AccessGroupMemberOutput",
    "AccessGroupMemberInput",
    "AccessGroupMemberUpdateInput",
    "AccessRuleOutput",
    "AccessRuleInput",
    "AccessRuleUpdateInput",
]


def test_every_reference_schema_is_declared_with_an_example() -> None:
    assert len(REFERENCE_SCHEMAS) == 31
    schemas = SPEC["components"]["schemas"]
    for name in REFERENCE_SCHEMAS:
        assert name in schemas, name
        assert schemas[name].get("examples"), f"{name} carries no example"


@pytest.mark.parametrize(
    ("name", "example"),
    [
        ("JobOutput", {"id": "not-a-uuid"}),
        ("JobInput", {"query": "x", "query_type": "RUBY"}),
        ("JobInput", {"query": "x", "query_type": "PYTHON", "priority": 6}),
        ("UploadFileOutput", {"id": 1, "filename": "a", "size": 1, "state": "lost"}),
        ("AccessGroupOutput", {"id": "497f6eca-6276-4993-bfeb-53cbbbba6f08"}),
        (
            "JobStep",
            {"name": "waiting", "status": "STARTED", "started_at": "yesterday"},
        ),
    ],
)
def test_schemas_reject_what_the_contract_forbids(name: str, example: Any) -> None:
    ref = {"$ref": f"{SPEC_URI}#/components/schemas/{name}"}
    with pytest.raises(jsonschema.ValidationError):
        validator_for(ref).validate(example)


@pytest.mark.parametrize(
    ("name", "example"),
    [
        ("JobOutput", {"status": "SOME_FUTURE_STATUS"}),
        ("JobPipelineOutput", {"status": "DRAINING"}),
        ("ComputeClusterOutput", {"id": "k3f9x2mq7a"}),
    ],
)
def test_growing_status_fields_and_string_ids_are_accepted(name: str, example: Any) -> None:
    base = SPEC["components"]["schemas"][name]["examples"][0]
    ref = {"$ref": f"{SPEC_URI}#/components/schemas/{name}"}
    validator_for(ref).validate({**base, **example})
