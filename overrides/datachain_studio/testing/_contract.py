"""openapi.yaml as the emulator uses it: the operations, and checks of requests and responses.

Requests: path and query parameters are turned from text into the types their schemas
declare (integers, lenient booleans, repeated parameters as arrays) and then validated, as
JSON bodies are, with JSON Schema Draft 2020-12 and the `uuid` and `date-time` formats. A
request that breaks a rule gets a list of `Problem`s, in Django-Ninja's shape.

Responses: `response_problem` says how a body breaks the schema declared for its status.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

try:
    import yaml  # type: ignore[import-untyped, unused-ignore]
    from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
        Draft202012Validator,
        FormatChecker,
    )
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012
except ImportError as exc:  # pragma: no cover - depends on what is installed
    raise ImportError(
        f"datachain_studio.testing needs {exc.name or 'PyYAML and jsonschema'}: "
        "pip install 'datachain-studio-client[testing]'"
    ) from exc

__all__ = ["Contract", "Operation", "Problem", "load_contract", "spec_path"]

Problem = dict[str, Any]
"""One problem with a request: `{"loc": [...], "msg": "...", "type": "...", "input": ...}`."""

_SPEC_URI = "urn:datachain-studio:openapi"
_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_MEDIA_TYPES = ("application/json", "application/msgpack")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


def spec_path() -> Traversable:
    """Where openapi.yaml is: inside the installed package, else at the repository's root."""
    packaged = importlib.resources.files("datachain_studio") / "openapi.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "openapi.yaml"


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_uuid(value: object) -> bool:
    return not isinstance(value, str) or bool(_UUID.fullmatch(value))


FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time")(_is_date_time)
FORMATS.checks("uuid")(_is_uuid)


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter and where its schema is in the spec."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    pointer: str

    @property
    def is_array(self) -> bool:
        return self.schema.get("type") == "array"


@dataclass(frozen=True)
class Operation:
    """One operation of the contract."""

    operation_id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    parameters: tuple[Parameter, ...]
    # "json" (a JSON body is required), "optional-json" (one may come: an empty body is no
    # body, e.g. the status filter on `GET pipeline/list`), "multipart" or None.
    body_type: str | None
    body_pointer: str | None
    responses: Mapping[str, str | None] = field(repr=False)  # status -> schema pointer
    # False for `security: []` (no token: the device sign-in).
    secured: bool = True
    # The media type of its answers: "application/json", or "application/msgpack" (the
    # storage listing, whose error answers are msgpack too).
    media_type: str = "application/json"
    # `x-allowed-for-read-only-tokens: true`: a POST that a read-only token may call (it only
    # reads, or revokes the caller's own token).
    read_only_ok: bool = False

    @property
    def is_write(self) -> bool:
        return self.method != "GET" and not self.read_only_ok


class Contract:
    """The operations of openapi.yaml and the validators of their schemas."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self._registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, DRAFT202012.create_resource(spec)
        )
        self.operations = tuple(self._operations())

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], list[str]]:
        """The operation for `method path`, its path parameters, and the methods the path has.

        `(None, {}, [])`: no such path; `(None, {}, methods)`: the path takes other methods.
        """
        allowed: list[str] = []
        for op in self.operations:
            found = op.pattern.fullmatch(path)
            if found is None:
                continue
            if op.method == method:
                return op, found.groupdict(), []
            allowed.append(op.method)
        return None, {}, allowed

    def check_parameters(
        self, op: Operation, path_params: Mapping[str, str], query: Mapping[str, list[str]]
    ) -> tuple[dict[str, Any], list[Problem]]:
        """The parameters coerced to their types, and what is wrong with them."""
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for param in op.parameters:
            raw: list[str] | None
            if param.location == "path":
                raw = [path_params[param.name]] if param.name in path_params else None
            else:
                raw = query.get(param.name)
            if not raw:
                if param.required:
                    problems.append(_missing([param.location, param.name]))
                continue
            value, problem = _coerce(raw if param.is_array else raw[-1], param)
            if problem is not None:
                problems.append(problem)
                continue
            found = self._errors(param.pointer + "/schema", value, [param.location, param.name])
            problems.extend(found)
            if not found:
                values[param.name] = value
        return values, problems

    def check_body(self, op: Operation, body: Any) -> list[Problem]:
        """What is wrong with a decoded JSON body (None: there was none)."""
        if op.body_pointer is None:
            return []
        if body is None:
            return [] if op.body_type == "optional-json" else [_missing(["body"])]
        return self._errors(op.body_pointer, body, ["body"])

    def response_problem(self, op: Operation, status: int, body: Any) -> str | None:
        """How a response breaks the contract, or None if it keeps it."""
        key = next(
            (k for k in (str(status), f"{status // 100}XX", "default") if k in op.responses), None
        )
        if key is None:
            return f"status {status} is not declared for {op.operation_id}"
        pointer = op.responses[key]
        if pointer is None:
            return None if body is None else f"status {status} has no body, but one was sent"
        if body is None:
            return f"status {status} needs a JSON body, but none was sent"
        problems = self._errors(pointer, body, [])
        if not problems:
            return None
        return "; ".join(f"{_where(p['loc'])}: {p['msg']}" for p in problems[:5])

    def _errors(self, pointer: str, instance: Any, loc: list[str | int]) -> list[Problem]:
        errors = _validator(self, pointer).iter_errors(instance)
        problems = [_problem(error, loc) for error in errors]
        return sorted(problems, key=lambda p: [str(part) for part in p["loc"]])

    def _operations(self) -> Iterable[Operation]:
        for path, item in self.spec["paths"].items():
            pointer = "#/paths/" + _escape(path)
            shared = [
                (f"{pointer}/parameters/{i}", p) for i, p in enumerate(item.get("parameters", []))
            ]
            for method in _METHODS:
                if method in item:
                    yield self._operation(path, method, item[method], f"{pointer}/{method}", shared)

    def _operation(
        self,
        path: str,
        method: str,
        spec: Mapping[str, Any],
        pointer: str,
        shared: list[tuple[str, Any]],
    ) -> Operation:
        params: dict[tuple[str, str], Parameter] = {}
        own = [(f"{pointer}/parameters/{i}", p) for i, p in enumerate(spec.get("parameters", []))]
        for where, raw in shared + own:
            data, at = self._resolve(raw, where)
            param = Parameter(
                data["name"], data["in"], bool(data.get("required")), data["schema"], at
            )
            params[(param.location, param.name)] = param
        body_type, body_pointer = self._body(spec, pointer)
        responses, media_type = self._responses(spec, pointer)
        return Operation(
            operation_id=spec["operationId"],
            method=method.upper(),
            path=path,
            pattern=re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))),
            parameters=tuple(params.values()),
            body_type=body_type,
            body_pointer=body_pointer,
            responses=responses,
            secured=bool(spec.get("security", self.spec.get("security"))),
            media_type=media_type,
            read_only_ok=spec.get("x-allowed-for-read-only-tokens") is True,
        )

    def _body(self, spec: Mapping[str, Any], pointer: str) -> tuple[str | None, str | None]:
        if "requestBody" not in spec:
            return None, None
        body, at = self._resolve(spec["requestBody"], pointer + "/requestBody")
        content = body.get("content", {})
        if "application/json" in content:
            kind = "json" if body.get("required", False) else "optional-json"
            return kind, f"{at}/content/application~1json/schema"
        if "multipart/form-data" in content:
            return "multipart", f"{at}/content/multipart~1form-data/schema"
        raise ValueError(f"{pointer}: unsupported request body {sorted(content)}")

    def _responses(
        self, spec: Mapping[str, Any], pointer: str
    ) -> tuple[dict[str, str | None], str]:
        """Status -> schema pointer (None: no body), and the media type of the answers."""
        out: dict[str, str | None] = {}
        media_type = "application/json"
        for status, raw in spec.get("responses", {}).items():
            data, at = self._resolve(raw, f"{pointer}/responses/{_escape(str(status))}")
            content = data.get("content", {})
            found = next((m for m in _MEDIA_TYPES if m in content), None)
            out[str(status)] = None if found is None else f"{at}/content/{_escape(found)}/schema"
            if found is not None and str(status).startswith("2"):
                media_type = found
        return out, media_type

    def _resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        while isinstance(node, Mapping) and "$ref" in node:
            pointer = str(node["$ref"])
            node = self._registry.resolver(_SPEC_URI).lookup(_SPEC_URI + pointer).contents
        return node, pointer


# PyYAML's libyaml-based loader when it was built with it (its wheels are): it reads
# openapi.yaml in about 0.04 s where the pure-Python SafeLoader takes about 0.3 s, which was
# nearly all of the first `StudioEmulator()` of a process. Same safe constructors, same data.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def load_contract() -> Contract:
    """The contract, read from `spec_path()` once per process."""
    return Contract(yaml.load(spec_path().read_text(encoding="utf-8"), Loader=_YAML_LOADER))


@functools.lru_cache(maxsize=512)
def _validator(contract: Contract, pointer: str) -> Any:
    return Draft202012Validator(
        {"$ref": _SPEC_URI + pointer}, registry=contract._registry, format_checker=FORMATS
    )


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _where(loc: list[Any]) -> str:
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    return text.lstrip(".") or "body"


def _missing(loc: list[str | int]) -> Problem:
    return {"loc": loc, "msg": "Field required", "type": "missing"}


def _coerce(raw: str | list[str], param: Parameter) -> tuple[Any, Problem | None]:
    if isinstance(raw, list):
        items = param.schema.get("items", {})
        values = []
        for index, text in enumerate(raw):
            value, problem = _coerce_text(text, items, [param.location, param.name, index])
            if problem is not None:
                return None, problem
            values.append(value)
        return values, None
    return _coerce_text(raw, param.schema, [param.location, param.name])


def _coerce_text(
    text: str, schema: Mapping[str, Any], loc: list[str | int]
) -> tuple[Any, Problem | None]:
    kind = schema.get("type")
    if kind == "integer":
        try:
            return int(text.strip()), None
        except ValueError:
            return None, {
                "loc": loc,
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "type": "int_parsing",
                "input": text,
            }
    if kind == "boolean":
        lowered = text.strip().lower()
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE, None
        return None, {
            "loc": loc,
            "msg": "Input should be a valid boolean (true, True, 1, false, False or 0)",
            "type": "bool_parsing",
            "input": text,
        }
    return text, None


_TYPES = {
    "required": "missing",
    "maximum": "less_than_equal",
    "minimum": "greater_than_equal",
    "exclusiveMaximum": "less_than",
    "exclusiveMinimum": "greater_than",
    "minLength": "string_too_short",
    "maxLength": "string_too_long",
    "minItems": "too_short",
    "maxItems": "too_long",
    "enum": "enum",
    "format": "format",
}


def _problem(error: Any, loc: list[str | int]) -> Problem:
    where = [*loc, *error.absolute_path]
    if error.validator == "required":
        missing = re.match(r"'([^']+)' is a required property", error.message)
        if missing:
            return _missing([*where, missing.group(1)])
    if error.validator in ("anyOf", "oneOf") and error.context:
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _problem(deepest, loc)
    kind = _TYPES.get(error.validator)
    if kind is None and error.validator == "type":
        kind = f"{error.validator_value}_type" if isinstance(error.validator_value, str) else "type"
    return {
        "loc": where,
        "msg": error.message,
        "type": kind or str(error.validator),
        "input": error.instance,
    }
