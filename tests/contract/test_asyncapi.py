"""asyncapi.yaml, the contract of the log stream, checked as a document.

It must be a valid AsyncAPI 3.0.0 document by the official JSON Schema of the specification
(npm `@asyncapi/specs`, pinned in tools/package.json and installed into tools/node_modules
by `make install`), its examples must keep its own payload schemas, and what it says must
agree with facts gathered outside it (official-client-beyond-reference.md, section 5) and
with openapi.yaml.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry
from referencing.jsonschema import DRAFT7, DRAFT202012

from tests.spec import SPEC

ROOT = Path(__file__).resolve().parents[2]
ASYNCAPI = ROOT / "asyncapi.yaml"
SPECS_PACKAGE = ROOT / "tools" / "node_modules" / "@asyncapi" / "specs"
PINNED = json.loads((ROOT / "tools" / "package.json").read_text())["devDependencies"][
    "@asyncapi/specs"
]
DOC: dict[str, Any] = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))

# The job statuses the official client 0.62.0 knows (section 5.8), by name.
OFFICIAL_STATUSES = {
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
_DOC_URI = "https://contract.invalid/asyncapi.yaml"
_OPENAPI_URI = "https://contract.invalid/openapi.yaml"


def asyncapi_schema() -> dict[str, Any]:
    package = SPECS_PACKAGE / "package.json"
    if not package.exists():
        pytest.fail(
            f"@asyncapi/specs is not installed ({SPECS_PACKAGE} is missing): run `make install` "
            f"(it runs `cd tools && npm ci`, which installs @asyncapi/specs {PINNED})",
            pytrace=False,
        )
    installed = json.loads(package.read_text(encoding="utf-8"))["version"]
    if installed != PINNED:
        pytest.fail(
            f"@asyncapi/specs {installed} is installed in tools/node_modules, expected {PINNED}: "
            "run `make install`",
            pytrace=False,
        )
    schema: dict[str, Any] = json.loads(
        (SPECS_PACKAGE / "schemas" / "3.0.0.json").read_text(encoding="utf-8")
    )
    return schema


def problems(document: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(asyncapi_schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message[:200]}"
        for error in validator.iter_errors(document)
    ]


def payload_validator(message: str) -> jsonschema.Draft7Validator:
    """A validator of a message's payload, its `$ref`s into openapi.yaml resolved."""
    registry: Registry[Any] = Registry().with_resources(
        [
            (_DOC_URI, DRAFT7.create_resource(DOC)),
            (_OPENAPI_URI, DRAFT202012.create_resource(SPEC)),
        ]
    )
    return jsonschema.Draft7Validator(
        {"$ref": f"{_DOC_URI}#/components/messages/{message}/payload"}, registry=registry
    )


def test_the_pin_is_exact() -> None:
    assert PINNED[0].isdigit() and PINNED.count(".") == 2, PINNED


def test_asyncapi_yaml_is_a_valid_asyncapi_3_document() -> None:
    assert DOC["asyncapi"] == "3.0.0"
    assert problems(DOC) == []


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d["operations"]["streamJobLogs"].pop("channel"),
        lambda d: d["operations"]["streamJobLogs"].update(action="publish"),  # AsyncAPI 2 word
        lambda d: d["servers"]["studio"].pop("host"),
        lambda d: d["channels"]["jobLogs"]["bindings"]["ws"].update(method="PUT"),
        lambda d: d["components"]["messages"]["Logs"].update(payload=[]),
    ],
)
def test_the_official_schema_refuses_a_broken_copy(break_it: Any) -> None:
    broken = copy.deepcopy(DOC)
    break_it(broken)
    assert problems(broken) != []


MESSAGES = sorted(DOC["components"]["messages"])


@pytest.mark.parametrize("message", MESSAGES)
def test_every_example_keeps_its_payload_schema(message: str) -> None:
    examples = DOC["components"]["messages"][message]["examples"]
    assert examples
    validator = payload_validator(message)
    for example in examples:
        assert list(validator.iter_errors(example["payload"])) == []


def test_the_channel_is_what_the_official_client_opens() -> None:
    channel = DOC["channels"]["jobLogs"]
    assert channel["address"] == "/api/logs/follow/"
    binding = channel["bindings"]["ws"]
    assert binding["method"] == "GET"
    assert set(binding["query"]["properties"]) == {"job_id", "team_name", "no_follow"}
    assert set(binding["query"]["required"]) == {"job_id", "team_name"}
    header = binding["headers"]["properties"]["Authorization"]["pattern"]
    import re

    assert re.match(header, "token isat_abc") and re.match(header, "Bearer isat_abc")
    assert not re.match(header, "isat_abc")
    sent = {ref["$ref"].rsplit("/", 1)[1] for ref in DOC["operations"]["streamJobLogs"]["messages"]}
    assert sent == set(channel["messages"])
    assert DOC["operations"]["streamJobLogs"]["action"] == "send"  # Studio sends, clients listen


FRAMES = [
    ("Ping", {"type": "ping"}, True),
    ("Ping", {"type": "pong"}, False),
    ("Logs", {"logs": [{"id": 1, "message": "a\n"}, {"id": 2, "message": "b\n"}]}, True),
    ("Logs", {"logs": [{"message": "no id\n"}]}, False),  # 0.62.0 needs the id
    ("Logs", {"logs": [{"id": "1", "message": "a\n"}]}, False),
    ("Logs", {"logs": [{"id": 0, "message": "a\n"}]}, False),
    ("Logs", {"logs": []}, False),
    ("LogBlobs", {"log_blobs": ["https://s3.example.com/a.log?sig=1"]}, True),
    ("LogBlobs", {"log_blobs": ["s3://bucket/a.log"]}, False),
    ("JobStatus", {"job": {"status": "RUNNING"}}, True),
    ("JobStatus", {"job": {"status": "SOMETHING_NEW"}}, True),  # Studio adds statuses
    ("JobStatus", {"job": {"status": 4}}, False),
    ("JobStatus", {"job": {}}, False),
    ("TerminalError", {"message": "Job 1 not found"}, True),
    ("TerminalError", {"detail": "Job 1 not found"}, False),
    # Normal frames never carry a top-level `message`: the official client stops on one.
    ("Logs", {"logs": [{"id": 1, "message": "a\n"}], "message": "x"}, False),
    ("JobStatus", {"job": {"status": "RUNNING"}, "message": "x"}, False),
    ("Ping", {"type": "ping", "message": "x"}, False),
    ("LogBlobs", {"log_blobs": ["https://a.example/b"], "message": "x"}, False),
]


@pytest.mark.parametrize(("message", "frame", "valid"), FRAMES)
def test_the_payload_schemas_take_and_refuse_frames(message: str, frame: Any, valid: bool) -> None:
    assert (list(payload_validator(message).iter_errors(frame)) == []) is valid


def test_status_names_are_openapis_jobstatus_which_has_the_official_ones() -> None:
    status = DOC["components"]["schemas"]["JobStatusFrame"]["properties"]["job"]["properties"][
        "status"
    ]
    refs = [part["$ref"] for part in status["anyOf"] if "$ref" in part]
    assert refs == ["openapi.yaml#/components/schemas/JobStatus"]
    assert set(SPEC["components"]["schemas"]["JobStatus"]["enum"]) == OFFICIAL_STATUSES


def test_the_local_studio_reads_the_same_document() -> None:
    from datachain_studio.testing._logstream import asyncapi_path, load_frame_contract

    assert Path(str(asyncapi_path())).resolve() == ASYNCAPI
    contract = load_frame_contract()
    assert contract.problem("logs", {"logs": [{"id": 1, "message": "a\n"}]}) is None
    assert contract.problem("job", {"job": {"status": "RUNNING"}, "message": "x"}) is not None
