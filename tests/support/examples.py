"""Answer any request with the contract's own example for that operation.

`example_reply(recorded)` finds the operation in openapi.yaml whose method and path template
match, and replies with its success status and example body, so a test can drive every
client method against a real server without writing 32 canned answers.
"""

from __future__ import annotations

import re
from typing import Any

from tests.spec import SPEC, Operation, operations
from tests.support.server import Recorded, Reply, json_reply


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "$")


_ROUTES = [(_pattern(op.path), op) for op in operations()]


def operation_for(method: str, path: str) -> Operation | None:
    """The contract operation a request reaches, or None."""
    for pattern, op in _ROUTES:
        if op.method == method.lower() and pattern.match(path):
            return op
    return None


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def success_example(op: Operation) -> tuple[int, Any]:
    """The operation's success status and the first example of its body (None: no body)."""
    for status, response in op.spec["responses"].items():
        if str(status).startswith("2"):
            content = _resolve(response).get("content", {})
            for media in content.values():
                for example in media.get("examples", {}).values():
                    return int(status), _resolve(example)["value"]
                schema = _resolve(media.get("schema", {}))
                for value in schema.get("examples", []):
                    return int(status), value
            return int(status), None
    raise AssertionError(f"{op.operation_id} has no success response")


def example_reply(recorded: Recorded) -> Reply:
    op = operation_for(recorded.method, recorded.path)
    if op is None:
        return json_reply({"detail": "Not Found"}, 404)
    status, body = success_example(op)
    if body is None:
        return Reply(status=status)
    if "application/msgpack" in _success_media(op):  # storage listing answers msgpack
        import msgpack

        return Reply(status, msgpack.packb(body), {"Content-Type": "application/msgpack"})
    return json_reply(body, status)


def _success_media(op: Operation) -> list[str]:
    return [
        media
        for status, response in op.spec["responses"].items()
        if str(status).startswith("2")
        for media in _resolve(response).get("content", {})
    ]
