#!/usr/bin/env python3
"""Compare openapi.yaml with Studio's own OpenAPI document; every difference must be explained.

    python codegen/contract_diff.py codegen/studio/openapi-2025-09.json
    python codegen/contract_diff.py https://studio.datachain.ai/api/openapi.json
    python codegen/contract_diff.py SPEC --json          # for tools
    python codegen/contract_diff.py SPEC --all           # also list what is explained, and why
    python codegen/contract_diff.py URL --save FILE      # keep the fetched document's bytes

Studio serves its own OpenAPI document at `/api/openapi.json`. Its operation ids are
Django-Ninja's (`dqlapp_views_job_get_jobs`), so operations are matched by method and path
(path parameters matched by position, whatever their names). For each operation on both
sides it compares the parameters (required, type and format, enum, default), the request and
response bodies field by field (fields on one side only, type, format, nullable, required,
enum values), the response codes (a code of Studio's falls in a range such as `5XX` of
ours) and the accepted security schemes; operations on one side only are differences too.
The examples Studio's document carries are validated against openapi.yaml's schema at the
same place, and one that does not fit is a difference.

A difference is explained by an `x-studio-diff` note in openapi.yaml at its place: the
element of openapi.yaml that differs (a property, a parameter, a response, a security
scheme, an operation; at the use or at the definition a `$ref` leads to), or, for what
Studio has and openapi.yaml lacks, the element that would hold it (the object schema for a
field, the operation for a parameter or a response code, the document's root for an
operation), naming it. A note is a list of entries:

    x-studio-diff:
      - diff: field.required        # the kind of difference (KINDS below)
        name: team                  # only where the place holds what is named
        why: what openapi.yaml does instead, and why
        evidence: where that comes from (the published reference, the official client, ...)

Exit status: 0 when every difference is explained and every note explains one; 1 when a
difference is unexplained, a note explains nothing (stale) or is malformed; 2 when a
document cannot be read.

A URL is fetched with the Studio token only when it lies under the Studio URL the client
is configured with (`DATACHAIN_STUDIO_URL`, the datachain config files, else
https://studio.datachain.ai), through the client itself (`datachain_studio.Studio`, which
finds the token as it always does: `DATACHAIN_STUDIO_TOKEN`, then the config files). Any
other URL is fetched without a token, so the token never goes to another host. The token is
never printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import re
import sys
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

import jsonschema
import referencing
import referencing.jsonschema
import yaml

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
OURS_PATH: Final = REPO_ROOT / "openapi.yaml"
NOTE_KEY: Final = "x-studio-diff"
HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OURS_URI: Final = "urn:datachain-studio-client:openapi"

# Every kind of difference, with what it says; a note's `diff` is one of these.
KINDS: Final[Mapping[str, str]] = {
    "operation.only-studio": "an operation in Studio's document, not in openapi.yaml",
    "operation.only-ours": "an operation in openapi.yaml, not in Studio's document",
    "parameter.only-studio": "a parameter in Studio's document, not in openapi.yaml",
    "parameter.only-ours": "a parameter in openapi.yaml, not in Studio's document",
    "parameter.required": "a parameter required on one side only",
    "parameter.type": "a parameter's type or format differs",
    "parameter.enum": "a parameter's allowed values differ",
    "parameter.default": "a parameter's default differs",
    "body.only-studio": "a request body in Studio's document, none in openapi.yaml",
    "body.only-ours": "a request body in openapi.yaml, none in Studio's document",
    "body.required": "a request body required on one side only",
    "media.only-studio": "a media type in Studio's document, not in openapi.yaml",
    "media.only-ours": "a media type in openapi.yaml, not in Studio's document",
    "field.only-studio": "a field in Studio's document, not in openapi.yaml",
    "field.only-ours": "a field in openapi.yaml, not in Studio's document",
    "field.required": "a field required on one side only",
    "field.type": "a field's type differs",
    "field.format": "a field's format differs",
    "field.nullable": "a field may be null on one side only",
    "field.enum": "a field's allowed values differ",
    "response.only-studio": "a response code in Studio's document, not in openapi.yaml",
    "response.only-ours": "a response code in openapi.yaml, not in Studio's document",
    "security.only-studio": "a way to authenticate in Studio's document, not in openapi.yaml",
    "security.only-ours": "a way to authenticate in openapi.yaml, not in Studio's document",
    "example.invalid": "an example of Studio's document that openapi.yaml's schema refuses",
}

# What the `.only-*` kinds are about, by their first word.
NOUNS: Final[Mapping[str, str]] = {
    "operation": "operation",
    "parameter": "parameter",
    "body": "request body",
    "media": "media type",
    "field": "field",
    "response": "response code",
    "security": "way to authenticate",
}

EXIT_CLEAN: Final = 0
EXIT_UNEXPLAINED: Final = 1
EXIT_ERROR: Final = 2

Json = Any


class DiffError(Exception):
    """A document cannot be read or used; printed without a traceback."""


# ------------------------------------------------------------------------ documents


def escape(part: str) -> str:
    """One JSON pointer token."""
    return part.replace("~", "~0").replace("/", "~1")


def join(pointer: str, *parts: str | int) -> str:
    """`pointer` with more tokens."""
    return pointer + "".join("/" + escape(str(part)) for part in parts)


class Document:
    """A parsed OpenAPI document and its local `$ref`s."""

    def __init__(self, root: Json, label: str) -> None:
        if not isinstance(root, dict) or not isinstance(root.get("paths"), dict):
            raise DiffError(f"{label}: not an OpenAPI document (no `paths` object)")
        self.root: dict[str, Json] = root
        self.label = label

    def get(self, pointer: str) -> Json:
        node: Json = self.root
        for raw in pointer.split("/")[1:] if pointer else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                raise DiffError(f"{self.label}: {pointer!r} leads nowhere")
        return node

    def resolve(self, node: Json, pointer: str) -> tuple[Json, str, list[str]]:
        """Follow `$ref`s: the node reached, its pointer, and every pointer on the way."""
        chain = [pointer]
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            if not ref.startswith("#"):
                raise DiffError(f"{self.label}: only local $refs are followed, not {ref!r}")
            pointer = ref[1:]
            if pointer in chain:
                raise DiffError(f"{self.label}: $ref cycle at {ref!r}")
            node = self.get(pointer)
            chain.append(pointer)
        return node, pointer, chain


def load_document(text: str, label: str) -> Document:
    """Parse JSON or YAML text."""
    try:
        root = json.loads(text)
    except ValueError:
        try:
            root = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DiffError(f"{label}: neither JSON nor YAML ({exc})") from None
    return Document(root, label)


# ---------------------------------------------------------------------- schema shapes

ANY: Final = "any"  # a schema that allows every type


@dataclasses.dataclass
class Shape:
    """What a schema allows, whatever the way it is written (`anyOf`, type lists, `$ref`)."""

    types: frozenset[str] = frozenset()
    nullable: bool = False
    formats: frozenset[str] = frozenset()
    enum: frozenset[str] | None = None  # JSON texts of the values; None: any value
    default: Json = None
    has_default: bool = False
    properties: dict[str, tuple[Json, str]] = dataclasses.field(default_factory=dict)
    required: set[str] = dataclasses.field(default_factory=set)
    object_place: str | None = None
    items: list[tuple[Json, str]] = dataclasses.field(default_factory=list)
    values: list[tuple[Json, str]] = dataclasses.field(default_factory=list)

    def type_text(self) -> str:
        text = " | ".join(sorted(self.types)) or "nothing"
        return text + (f" ({', '.join(sorted(self.formats))})" if self.formats else "")


def _leaf_types(node: dict[str, Json]) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(item) for item in declared}
    if "properties" in node or "additionalProperties" in node:
        return {"object"}
    if "items" in node:
        return {"array"}
    values = node["enum"] if isinstance(node.get("enum"), list) else None
    if values is None and "const" in node:
        values = [node["const"]]
    if values is not None:
        return {_json_type(value) for value in values}
    return {ANY}


def _json_type(value: Json) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _integer_range(node: dict[str, Json]) -> list[Json] | None:
    """The values of a small bounded integer range (`minimum: 0, maximum: 5`), as an enum."""
    low, high = node.get("minimum"), node.get("maximum")
    if not isinstance(low, int) or not isinstance(high, int) or bool in (type(low), type(high)):
        return None
    if isinstance(node.get("exclusiveMinimum"), int | float):
        low = max(low, int(node["exclusiveMinimum"]) + 1)
    if isinstance(node.get("exclusiveMaximum"), int | float):
        high = min(high, int(node["exclusiveMaximum"]) - 1)
    return list(range(low, high + 1)) if 0 <= high - low < 256 else None


def shape_of(doc: Document, roots: Sequence[tuple[Json, str]]) -> Shape:
    """The shape of what any of `roots` allows."""
    leaves: list[tuple[dict[str, Json], str]] = []
    shape = Shape()

    def collect(node: Json, pointer: str, depth: int) -> None:
        node, pointer, _ = doc.resolve(node, pointer)
        if not isinstance(node, dict) or depth > 32:
            return
        if not shape.has_default and "default" in node:
            shape.default, shape.has_default = node["default"], True
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                for index, alternative in enumerate(node[key]):
                    collect(alternative, join(pointer, key, index), depth + 1)
                return
        if isinstance(node.get("allOf"), list):
            # The parts all apply: their properties and requireds together. Parts that name no
            # type (a description, a constraint) leave the types to the others; parts naming
            # different types are taken together too (an approximation: none does so).
            start = len(leaves)
            for index, part in enumerate(node["allOf"]):
                collect(part, join(pointer, "allOf", index), depth + 1)
            typed = [leaf for leaf in leaves[start:] if _leaf_types(leaf[0]) != {ANY}]
            if typed:
                leaves[start:] = typed
            return
        leaves.append((node, pointer))

    for node, pointer in roots:
        collect(node, pointer, 0)

    types: set[str] = set()
    formats: set[str] = set()
    enum: set[str] | None = set()
    for node, pointer in leaves:
        leaf_types = _leaf_types(node)
        values = node.get("enum") if isinstance(node.get("enum"), list) else None
        if values is None and "const" in node:
            values = [node["const"]]
        if values is None and leaf_types <= {"integer", "null"}:
            values = _integer_range(node)
        if "null" in leaf_types or (values is not None and None in values):
            shape.nullable = True
        leaf_types.discard("null")
        if not leaf_types:
            continue
        types |= leaf_types
        if isinstance(node.get("format"), str):
            formats.add(node["format"])
        if enum is not None:
            if values is None:
                enum = None
            else:
                enum |= {json.dumps(value, sort_keys=True) for value in values if value is not None}
        if leaf_types & {"object", ANY} and isinstance(node.get("properties"), dict):
            if shape.object_place is None:
                shape.object_place = pointer
            for name, schema in node["properties"].items():
                shape.properties.setdefault(name, (schema, join(pointer, "properties", name)))
            required = node.get("required")
            if isinstance(required, list):
                shape.required |= {str(name) for name in required}
        elif "object" in leaf_types and shape.object_place is None:
            shape.object_place = pointer
        if isinstance(node.get("items"), dict):
            shape.items.append((node["items"], join(pointer, "items")))
        if isinstance(node.get("additionalProperties"), dict):
            shape.values.append(
                (node["additionalProperties"], join(pointer, "additionalProperties"))
            )
    shape.types = frozenset({ANY} if ANY in types else types)
    shape.formats = frozenset(formats)
    shape.enum = None if enum is None or not leaves else frozenset(enum)
    return shape


# ------------------------------------------------------------------ differences, notes


@dataclasses.dataclass
class Note:
    """One entry of an `x-studio-diff` note."""

    place: str
    diff: str
    name: str | None
    why: str
    evidence: str
    used: bool = False

    def as_json(self) -> dict[str, Json]:
        return {
            "place": "#" + self.place,
            "diff": self.diff,
            "name": self.name,
            "why": self.why,
            "evidence": self.evidence,
        }


@dataclasses.dataclass
class Difference:
    """One way openapi.yaml and Studio's document differ.

    `places` are where a note may explain it: the element of openapi.yaml that differs (and
    what its `$ref`s lead to), or, with `name`, the element that would hold what only Studio
    has. `studio` and `ours` say what each side has.
    """

    kind: str
    operation: str
    where: str
    places: tuple[str, ...]
    name: str | None = None
    studio: Json = None
    ours: Json = None
    hint: str | None = None
    note: Note | None = None

    def message(self) -> str:
        studio, ours = self.studio, self.ours
        noun = NOUNS.get(self.kind.split(".")[0], "")
        if self.kind.endswith(".only-studio"):
            text = f"{noun} only in Studio's document" + (f": {studio}" if studio else "")
        elif self.kind.endswith(".only-ours"):
            text = f"{noun} only in openapi.yaml" + (f": {ours}" if ours else "")
        elif self.kind.endswith(".required"):
            text = "required in Studio's document, optional in openapi.yaml"
            if ours and not studio:
                text = "required in openapi.yaml, optional in Studio's document"
        elif self.kind == "field.nullable":
            text = "may be null in Studio's document, not in openapi.yaml"
            if ours and not studio:
                text = "may be null in openapi.yaml, not in Studio's document"
        elif self.kind.endswith(".enum"):
            text = _enum_message(studio, ours)
        elif self.kind == "example.invalid":
            text = f"Studio's example {json.dumps(studio)} does not fit openapi.yaml: {ours}"
        else:
            text = f"Studio's document: {studio}; openapi.yaml: {ours}"
        return text + (f" ({self.hint})" if self.hint else "")

    def as_json(self) -> dict[str, Json]:
        return {
            "kind": self.kind,
            "operation": self.operation,
            "where": self.where,
            "name": self.name,
            "studio": self.studio,
            "ours": self.ours,
            "hint": self.hint,
            "message": self.message(),
            "place": "#" + self.places[0],
            "places": ["#" + place for place in self.places],
            "explained": self.note is not None,
            "note": None if self.note is None else self.note.as_json(),
        }


def _enum_message(studio: Json, ours: Json) -> str:
    if studio is None:
        return f"any value in Studio's document, only {ours} in openapi.yaml"
    if ours is None:
        return f"only {studio} in Studio's document, any value in openapi.yaml"
    parts = []
    if extra := [value for value in studio if value not in ours]:
        parts.append(f"Studio's document adds {extra}")
    if missing := [value for value in ours if value not in studio]:
        parts.append(f"openapi.yaml adds {missing}")
    return "; ".join(parts)


def collect_notes(doc: Document) -> tuple[list[Note], list[str]]:
    """Every `x-studio-diff` entry of `doc`, and what is wrong with the malformed ones."""
    notes: list[Note] = []
    problems: list[str] = []

    def walk(node: Json, pointer: str) -> None:
        if isinstance(node, dict):
            if NOTE_KEY in node:
                _read_note(node[NOTE_KEY], pointer, notes, problems)
            for key, value in node.items():
                if key != NOTE_KEY:
                    walk(value, join(pointer, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, join(pointer, index))

    walk(doc.root, "")
    return notes, problems


def _read_note(value: Json, pointer: str, notes: list[Note], problems: list[str]) -> None:
    where = f"#{pointer}/{NOTE_KEY}"
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: expected a list of entries")
        return
    for index, entry in enumerate(value):
        at = f"{where}/{index}"
        if not isinstance(entry, dict):
            problems.append(f"{at}: expected a mapping with diff, why and evidence")
            continue
        unknown = sorted(set(entry) - {"diff", "name", "why", "evidence"})
        if unknown:
            problems.append(f"{at}: unknown keys {unknown}")
        kind = entry.get("diff")
        if not isinstance(kind, str) or kind not in KINDS:
            problems.append(f"{at}: diff {kind!r} is not one of {sorted(KINDS)}")
            continue
        texts = {key: entry.get(key) for key in ("why", "evidence")}
        empty = [
            key for key, text in texts.items() if not isinstance(text, str) or not text.strip()
        ]
        if empty:
            problems.append(f"{at}: {' and '.join(empty)} must be given (non-empty text)")
            continue
        name = entry.get("name")
        if name is not None and not isinstance(name, str | int):
            problems.append(f"{at}: name must be text")
            continue
        notes.append(
            Note(
                pointer,
                kind,
                None if name is None else str(name),
                str(texts["why"]).strip(),
                str(texts["evidence"]).strip(),
            )
        )


# ------------------------------------------------------------------------ comparison


def _path_key(path: str) -> str:
    """A path with its parameters' names left out: `/jobs/{}/cancel`."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def _operations(doc: Document) -> dict[tuple[str, str], tuple[str, str, dict[str, Json]]]:
    found: dict[tuple[str, str], tuple[str, str, dict[str, Json]]] = {}
    for path, item in doc.root["paths"].items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                found[(method.upper(), _path_key(path))] = (path, method, item[method])
    return found


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value.upper() and moment.tzinfo is not None


def _uuid(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


FORMATS: Final = jsonschema.FormatChecker(formats=())
FORMATS.checks("date-time")(_date_time)
FORMATS.checks("uuid")(_uuid)


class Comparison:
    """The differences between openapi.yaml (`ours`) and Studio's document (`studio`)."""

    def __init__(self, ours: Document, studio: Document) -> None:
        self.ours = ours
        self.studio = studio
        self.differences: list[Difference] = []
        self.both: list[str] = []
        self.examples_checked = 0
        registry: referencing.Registry[Any] = referencing.Registry().with_resource(
            OURS_URI, referencing.jsonschema.DRAFT202012.create_resource(ours.root)
        )
        self._registry = registry

    def add(self, difference: Difference) -> None:
        self.differences.append(difference)

    def run(self) -> None:
        ours_ops = _operations(self.ours)
        studio_ops = _operations(self.studio)
        for key in sorted(set(ours_ops) | set(studio_ops), key=lambda k: (k[1], k[0])):
            method = key[0]
            if key not in ours_ops:
                path = studio_ops[key][0]
                self.add(
                    Difference(
                        "operation.only-studio",
                        f"{method} {path}",
                        "operation",
                        ("",),
                        name=f"{method} {path}",
                        studio=studio_ops[key][2].get("summary"),
                    )
                )
            elif key not in studio_ops:
                path, lower, op = ours_ops[key]
                self.add(
                    Difference(
                        "operation.only-ours",
                        f"{method} {path}",
                        "operation",
                        (join("", "paths", path, lower),),
                        ours=op.get("operationId"),
                    )
                )
            else:
                self.both.append(f"{method} {ours_ops[key][0]}")
                self.operation(ours_ops[key], studio_ops[key])

    # -- one operation on both sides

    def operation(
        self,
        ours: tuple[str, str, dict[str, Json]],
        studio: tuple[str, str, dict[str, Json]],
    ) -> None:
        path, method, op = ours
        spath, smethod, sop = studio
        label = f"{method.upper()} {path}"
        here = join("", "paths", path, method)
        shere = join("", "paths", spath, smethod)
        self.parameters(label, here, shere, path, spath)
        self.request_body(label, here, op, sop, shere)
        self.responses(label, here, op, sop, shere)
        self.security(label, here, op, sop)

    def _params(
        self, doc: Document, path: str, method: str
    ) -> dict[tuple[str, str], tuple[dict[str, Json], list[str]]]:
        item = doc.root["paths"][path]
        found: dict[tuple[str, str], tuple[dict[str, Json], list[str]]] = {}
        owners = ((item, join("", "paths", path)), (item[method], join("", "paths", path, method)))
        for owner, where in owners:  # the operation's own parameters override the path's
            for index, raw in enumerate(owner.get("parameters") or []):
                node, _, chain = doc.resolve(raw, join(where, "parameters", index))
                if isinstance(node, dict) and "name" in node and "in" in node:
                    found[(str(node["in"]), str(node["name"]))] = (node, chain)
        return found

    def parameters(self, label: str, here: str, shere: str, path: str, spath: str) -> None:
        method = here.rsplit("/", 1)[1]
        ours = self._params(self.ours, path, method)
        studio = self._params(self.studio, spath, shere.rsplit("/", 1)[1])
        only_studio = [key for key in studio if key not in ours]
        only_ours = [key for key in ours if key not in studio]
        for key in only_studio:
            node, _ = studio[key]
            shape = shape_of(self.studio, [(node.get("schema", {}), "")])
            self.add(
                Difference(
                    "parameter.only-studio",
                    label,
                    f"parameter {key[0]} {key[1]}",
                    (here,),
                    name=key[1],
                    studio=_param_summary(node, shape),
                    hint=self._renamed(key, shape, only_ours, ours, "renamed from"),
                )
            )
        for key in only_ours:
            node, chain = ours[key]
            shape = shape_of(self.ours, [(node.get("schema", {}), join(chain[-1], "schema"))])
            self.add(
                Difference(
                    "parameter.only-ours",
                    label,
                    f"parameter {key[0]} {key[1]}",
                    tuple(chain),
                    ours=_param_summary(node, shape),
                    hint=self._renamed(key, shape, only_studio, studio, "renamed to", True),
                )
            )
        for key in sorted(set(ours) & set(studio)):
            self.parameter(label, key, ours[key], studio[key][0])

    def _renamed(
        self,
        key: tuple[str, str],
        shape: Shape,
        others: list[tuple[str, str]],
        found: Mapping[tuple[str, str], tuple[dict[str, Json], list[str]]],
        verb: str,
        other_is_studio: bool = False,
    ) -> str | None:
        """A hint when one parameter of the other side, alone, could be this one renamed."""
        doc = self.studio if other_is_studio else self.ours
        alike = [
            other
            for other in others
            if other[0] == key[0]
            and shape_of(doc, [(found[other][0].get("schema", {}), "")]).types == shape.types
        ]
        return f"{verb} {alike[0][1]!r}?" if len(alike) == 1 else None

    def parameter(
        self,
        label: str,
        key: tuple[str, str],
        ours: tuple[dict[str, Json], list[str]],
        studio: dict[str, Json],
    ) -> None:
        node, chain = ours
        where = f"parameter {key[0]} {key[1]}"
        places = tuple(chain)
        ours_required = bool(node.get("required")) or key[0] == "path"
        studio_required = bool(studio.get("required")) or key[0] == "path"
        if ours_required != studio_required:
            self.add(
                Difference(
                    "parameter.required",
                    label,
                    where,
                    places,
                    studio=studio_required,
                    ours=ours_required,
                )
            )
        ours_shape = shape_of(self.ours, [(node.get("schema", {}), join(chain[-1], "schema"))])
        studio_shape = shape_of(self.studio, [(studio.get("schema", {}), "")])
        if (ours_shape.types, ours_shape.formats) != (studio_shape.types, studio_shape.formats):
            self.add(
                Difference(
                    "parameter.type",
                    label,
                    where,
                    places,
                    studio=studio_shape.type_text(),
                    ours=ours_shape.type_text(),
                )
            )
        if ours_shape.enum != studio_shape.enum:
            self.add(
                Difference(
                    "parameter.enum",
                    label,
                    where,
                    places,
                    studio=_values(studio_shape.enum),
                    ours=_values(ours_shape.enum),
                )
            )
        if (ours_shape.has_default, ours_shape.default) != (
            studio_shape.has_default,
            studio_shape.default,
        ):
            self.add(
                Difference(
                    "parameter.default",
                    label,
                    where,
                    places,
                    studio=studio_shape.default if studio_shape.has_default else "none",
                    ours=ours_shape.default if ours_shape.has_default else "none",
                )
            )
        self.examples(label, where, studio.get("schema", {}), studio, places[-1] + "/schema")

    # -- bodies

    def request_body(
        self, label: str, here: str, op: dict[str, Json], sop: dict[str, Json], shere: str
    ) -> None:
        if "requestBody" not in sop and "requestBody" not in op:
            return
        if "requestBody" not in op:
            self.add(
                Difference("body.only-studio", label, "request body", (here,), name="requestBody")
            )
            return
        body, _, chain = self.ours.resolve(op["requestBody"], join(here, "requestBody"))
        if "requestBody" not in sop:
            self.add(Difference("body.only-ours", label, "request body", tuple(chain)))
            return
        sbody, _, _ = self.studio.resolve(sop["requestBody"], join(shere, "requestBody"))
        if bool(body.get("required")) != bool(sbody.get("required")):
            self.add(
                Difference(
                    "body.required",
                    label,
                    "request body",
                    tuple(chain),
                    studio=bool(sbody.get("required")),
                    ours=bool(body.get("required")),
                )
            )
        self.content(label, "request body", body, chain, sbody)

    def content(
        self,
        label: str,
        where: str,
        ours: dict[str, Json],
        chain: list[str],
        studio: dict[str, Json],
    ) -> None:
        ours_content = ours.get("content") or {}
        studio_content = studio.get("content") or {}
        for media in sorted(set(ours_content) | set(studio_content)):
            at = f"{where} {media}"
            if media not in ours_content:
                self.add(Difference("media.only-studio", label, at, tuple(chain), name=media))
            elif media not in studio_content:
                self.add(
                    Difference("media.only-ours", label, at, (join(chain[-1], "content", media),))
                )
            else:
                pointer = join(chain[-1], "content", media, "schema")
                self.examples(
                    label, at, None, _media_examples(self.studio, studio_content[media]), pointer
                )
                self.schema(
                    label,
                    at,
                    "",
                    studio_content[media].get("schema", {}),
                    [(ours_content[media].get("schema", {}), pointer)],
                    set(),
                )

    def schema(
        self,
        label: str,
        where: str,
        field: str,
        studio: Json,
        ours: list[tuple[Json, str]],
        seen: set[tuple[int, str]],
    ) -> None:
        """Compare a Studio schema with ours at the same place, and everything inside."""
        visit = (id(studio), ours[0][1])
        if visit in seen:
            return
        seen = seen | {visit}
        s = shape_of(self.studio, [(studio, "")])
        o = shape_of(self.ours, ours)
        at = f"{where} {field}".rstrip() if field else where
        places = tuple(self._chain(ours))
        if s.types != o.types and ANY not in s.types | o.types:
            self.add(
                Difference(
                    "field.type",
                    label,
                    at,
                    places,
                    studio=" | ".join(sorted(s.types)),
                    ours=" | ".join(sorted(o.types)),
                )
            )
        if s.nullable != o.nullable:
            self.add(
                Difference("field.nullable", label, at, places, studio=s.nullable, ours=o.nullable)
            )
        if s.formats != o.formats:
            self.add(
                Difference(
                    "field.format",
                    label,
                    at,
                    places,
                    studio=", ".join(sorted(s.formats)) or "none",
                    ours=", ".join(sorted(o.formats)) or "none",
                )
            )
        if s.enum != o.enum:
            self.add(
                Difference(
                    "field.enum", label, at, places, studio=_values(s.enum), ours=_values(o.enum)
                )
            )
        studio_node, _, _ = self.studio.resolve(studio, "")
        self.examples(label, at, studio_node, studio, ours[0][1])

        for name in sorted(set(s.properties) | set(o.properties)):
            sub = f"{field}.{name}" if field else name
            sub_at = f"{where} {sub}"
            if name not in o.properties:
                self.add(
                    Difference(
                        "field.only-studio",
                        label,
                        sub_at,
                        (o.object_place or places[-1],),
                        name=name,
                        studio=shape_of(self.studio, [(s.properties[name][0], "")]).type_text()
                        + (" (required)" if name in s.required else ""),
                    )
                )
                continue
            node, pointer = o.properties[name]
            if name not in s.properties:
                self.add(
                    Difference(
                        "field.only-ours",
                        label,
                        sub_at,
                        tuple(self._chain([(node, pointer)])),
                        ours=shape_of(self.ours, [(node, pointer)]).type_text(),
                    )
                )
                continue
            if (name in s.required) != (name in o.required):
                self.add(
                    Difference(
                        "field.required",
                        label,
                        sub_at,
                        tuple(self._chain([(node, pointer)])),
                        studio=name in s.required,
                        ours=name in o.required,
                    )
                )
            self.schema(label, where, sub, s.properties[name][0], [(node, pointer)], seen)
        if s.items and o.items:
            self.schema(label, where, f"{field}[]", _any_of(s.items), o.items, seen)
        if s.values and o.values:
            self.schema(label, where, f"{field}{{}}", _any_of(s.values), o.values, seen)

    def _chain(self, roots: list[tuple[Json, str]]) -> list[str]:
        places: list[str] = []
        for node, pointer in roots:
            places += self.ours.resolve(node, pointer)[2]
        return places

    def examples(self, label: str, where: str, node: Json, owner: Json, ours_pointer: str) -> None:
        """Studio's examples at this place (`example`, `examples`) against our schema."""
        if not isinstance(owner, dict):
            return
        found: list[Json] = []
        if "example" in owner:
            found.append(owner["example"])
        if isinstance(owner.get("examples"), list):
            found += owner["examples"]
        if owner is not node and isinstance(node, dict) and "example" in node:
            found.append(node["example"])
        if not found:
            return
        validator = jsonschema.Draft202012Validator(
            {"$ref": OURS_URI + "#" + ours_pointer},
            registry=self._registry,
            format_checker=FORMATS,
        )
        for example in found:
            self.examples_checked += 1
            error = jsonschema.exceptions.best_match(validator.iter_errors(example))
            if error is not None:
                self.add(
                    Difference(
                        "example.invalid",
                        label,
                        where,
                        (ours_pointer,),
                        studio=example,
                        ours=error.message,
                    )
                )

    # -- responses and security

    def responses(
        self, label: str, here: str, op: dict[str, Json], sop: dict[str, Json], shere: str
    ) -> None:
        ours = {str(code): value for code, value in (op.get("responses") or {}).items()}
        studio = {str(code): value for code, value in (sop.get("responses") or {}).items()}
        matched: set[str] = set()
        for code in sorted(studio):
            mine = code if code in ours else f"{code[0]}XX" if f"{code[0]}XX" in ours else None
            if mine is None:
                self.add(
                    Difference(
                        "response.only-studio",
                        label,
                        f"response {code}",
                        (here,),
                        name=code,
                        studio=_description(self.studio, studio[code]),
                    )
                )
                continue
            matched.add(mine)
            node, _, chain = self.ours.resolve(ours[mine], join(here, "responses", mine))
            snode, _, _ = self.studio.resolve(studio[code], join(shere, "responses", code))
            self.content(label, f"response {code}", node, chain, snode)
        for code in sorted(set(ours) - matched):
            _, _, chain = self.ours.resolve(ours[code], join(here, "responses", code))
            self.add(
                Difference(
                    "response.only-ours",
                    label,
                    f"response {code}",
                    tuple(chain),
                    ours=_description(self.ours, ours[code]),
                )
            )

    def _alternatives(self, doc: Document, op: dict[str, Json]) -> dict[frozenset[str], list[str]]:
        """Each accepted way to authenticate (the schemes used together) -> their pointers."""
        requirements = op.get("security", doc.root.get("security")) or []
        schemes = (doc.root.get("components") or {}).get("securitySchemes") or {}
        found: dict[frozenset[str], list[str]] = {}
        for requirement in requirements:
            names = sorted(requirement or {})
            described = frozenset(_scheme(schemes.get(name) or {}) for name in names)
            found[described] = [join("", "components", "securitySchemes", name) for name in names]
        return found

    def security(self, label: str, here: str, op: dict[str, Json], sop: dict[str, Json]) -> None:
        ours = self._alternatives(self.ours, op)
        studio = self._alternatives(self.studio, sop)
        for way in sorted(set(studio) - set(ours), key=sorted):
            text = " + ".join(sorted(way)) or "no authentication"
            self.add(
                Difference(
                    "security.only-studio", label, "security", (here,), name=text, studio=text
                )
            )
        for way in sorted(set(ours) - set(studio), key=sorted):
            text = " + ".join(sorted(way)) or "no authentication"
            places = tuple(ours[way]) or (here,)
            self.add(Difference("security.only-ours", label, "security", places, ours=text))


def _media_examples(doc: Document, media: Json) -> dict[str, list[Json]]:
    """The examples of a media type object (`example`, `examples.*.value`), as a list."""
    found: list[Json] = []
    if isinstance(media, dict):
        if "example" in media:
            found.append(media["example"])
        examples = media.get("examples")
        for example in examples.values() if isinstance(examples, dict) else []:
            example, _, _ = doc.resolve(example, "")
            if isinstance(example, dict) and "value" in example:
                found.append(example["value"])
    return {"examples": found}


def _any_of(roots: list[tuple[Json, str]]) -> Json:
    return roots[0][0] if len(roots) == 1 else {"anyOf": [node for node, _ in roots]}


def _values(enum: frozenset[str] | None) -> list[Json] | None:
    return None if enum is None else sorted((json.loads(text) for text in enum), key=json.dumps)


def _description(doc: Document, response: Json) -> str | None:
    node, _, _ = doc.resolve(response, "")
    text = node.get("description") if isinstance(node, dict) else None
    return " ".join(text.split()) if isinstance(text, str) else None


def _scheme(scheme: dict[str, Json]) -> str:
    kind = str(scheme.get("type", "?"))
    if kind == "apiKey":
        return f"apiKey in {scheme.get('in')} {scheme.get('name')}"
    if kind == "http":
        return f"http {str(scheme.get('scheme', '?')).lower()}"
    return kind


def _param_summary(node: dict[str, Json], shape: Shape) -> str:
    text = shape.type_text()
    if node.get("required"):
        text += ", required"
    if shape.enum is not None:
        text += f", one of {_values(shape.enum)}"
    if shape.has_default:
        text += f", default {json.dumps(shape.default)}"
    return text


# ------------------------------------------------------------------------- the verdict


@dataclasses.dataclass
class Report:
    """The differences, which note explains each, and the notes that explain nothing."""

    ours: str
    studio: str
    studio_title: str
    operations_in_both: list[str]
    examples_checked: int
    differences: list[Difference]
    stale: list[Note]
    malformed: list[str]

    @property
    def unexplained(self) -> list[Difference]:
        return [difference for difference in self.differences if difference.note is None]

    @property
    def clean(self) -> bool:
        return not self.unexplained and not self.stale and not self.malformed

    def as_json(self) -> dict[str, Json]:
        return {
            "ours": self.ours,
            "studio": self.studio,
            "studio_title": self.studio_title,
            "clean": self.clean,
            "operations_in_both": self.operations_in_both,
            "summary": {
                "differences": len(self.differences),
                "explained": len(self.differences) - len(self.unexplained),
                "unexplained": len(self.unexplained),
                "stale_notes": len(self.stale),
                "malformed_notes": len(self.malformed),
                "examples_checked": self.examples_checked,
            },
            "differences": [difference.as_json() for difference in self.differences],
            "stale_notes": [note.as_json() for note in self.stale],
            "malformed_notes": self.malformed,
        }


def compare(ours: Document, studio: Document, *, ours_label: str, studio_label: str) -> Report:
    """Compare the two documents and match each difference with a note of `ours`."""
    comparison = Comparison(ours, studio)
    comparison.run()
    notes, malformed = collect_notes(ours)
    by_place: dict[tuple[str, str], list[Note]] = {}
    for note in notes:
        by_place.setdefault((note.place, note.diff), []).append(note)
    for difference in comparison.differences:
        for place in difference.places:
            match = next(
                (
                    note
                    for note in by_place.get((place, difference.kind), [])
                    if note.name == difference.name
                ),
                None,
            )
            if match is not None:
                difference.note = match
                match.used = True
                break
    info = studio.root.get("info") or {}
    title = f"{info.get('title', '?')} {info.get('version', '?')}"
    return Report(
        ours_label,
        studio_label,
        title,
        comparison.both,
        comparison.examples_checked,
        comparison.differences,
        [note for note in notes if not note.used],
        malformed,
    )


def render(report: Report, *, show_all: bool) -> Iterator[str]:
    """The report for people."""
    unexplained = report.unexplained
    yield f"{report.ours} against {report.studio} ({report.studio_title})"
    yield (
        f"{len(report.operations_in_both)} operations in both; {len(report.differences)} "
        f"differences, {len(report.differences) - len(unexplained)} explained, "
        f"{len(unexplained)} unexplained; {len(report.stale)} notes explain nothing; "
        f"{len(report.malformed)} malformed notes; {report.examples_checked} examples of "
        "Studio's document checked"
    )
    if unexplained:
        yield ""
        yield (
            f"Unexplained differences: follow Studio in {report.ours}, or explain each with an "
            f"`{NOTE_KEY}` note at one of its places (why, evidence):"
        )
        yield from _lines(unexplained, with_note=False)
    if report.stale:
        yield ""
        yield "Notes that explain no difference (remove them, or fix their place, diff or name):"
        for note in report.stale:
            named = f" name {note.name!r}" if note.name is not None else ""
            yield f"  #{note.place}: {note.diff}{named}"
    if report.malformed:
        yield ""
        yield "Malformed notes:"
        for problem in report.malformed:
            yield f"  {problem}"
    if show_all:
        explained = [difference for difference in report.differences if difference.note]
        if explained:
            yield ""
            yield "Explained differences:"
            yield from _lines(explained, with_note=True)
    if report.clean:
        yield ""
        yield "Clean: every difference is explained."


def _lines(differences: list[Difference], *, with_note: bool) -> Iterator[str]:
    operation = None
    for difference in differences:
        if difference.operation != operation:
            operation = difference.operation
            yield f"  {operation}"
        yield f"    {difference.where}: {difference.message()} [{difference.kind}]"
        if with_note and difference.note is not None:
            yield f"      why: {difference.note.why}"
            yield f"      evidence: {difference.note.evidence}"
        else:
            named = f", name: {difference.name}" if difference.name is not None else ""
            places = " or ".join("#" + (place or " (the root)") for place in difference.places)
            yield f"      note at {places} (diff: {difference.kind}{named})"


# ---------------------------------------------------------------------------- reading


def is_url(source: str) -> bool:
    return re.match(r"(?i)https?://", source) is not None


def read_source(source: str, *, auth_scheme: str = "bearer") -> bytes:
    """The bytes of a file, or of a URL's answer (with the Studio token only for Studio)."""
    if not is_url(source):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise DiffError(f"cannot read {source}: {exc.strerror or exc}") from None
    return fetch(source, auth_scheme=auth_scheme)


def route_under(url: str, base: str) -> str | None:
    """`url`'s path from `base` (same scheme, host and port, below its path), or None."""
    target, root = urlsplit(url), urlsplit(base)
    if (target.scheme.lower(), _netloc(target.scheme, target.netloc)) != (
        root.scheme.lower(),
        _netloc(root.scheme, root.netloc),
    ):
        return None
    prefix = root.path.rstrip("/")
    if not target.path.startswith(prefix + "/"):
        return None
    return target.path[len(prefix) :]


def _netloc(scheme: str, netloc: str) -> str:
    netloc = netloc.lower()
    default = {"http": ":80", "https": ":443"}.get(scheme.lower())
    return netloc[: -len(default)] if default and netloc.endswith(default) else netloc


def fetch(url: str, *, auth_scheme: str = "bearer") -> bytes:
    """GET `url`: through the client, with its token, when `url` is its Studio's."""
    import httpx2

    from datachain_studio import AuthScheme, Studio, StudioError
    from datachain_studio._config import resolve_settings
    from datachain_studio._exceptions import redact_url

    scheme: AuthScheme = "token" if auth_scheme == "token" else "bearer"
    try:
        settings = resolve_settings()
    except StudioError as exc:
        raise DiffError(str(exc)) from None
    route = route_under(url, settings.url)
    if route is not None and settings.token is not None:
        query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        try:
            with Studio(url=settings.url, auth_scheme=scheme) as studio:
                answer: bytes = studio.get(route, cast_to=bytes, params=query or None)
        except StudioError as exc:
            raise DiffError(f"cannot fetch {redact_url(url)}: {exc}") from None
        return answer
    try:
        response = httpx2.get(url, follow_redirects=True, timeout=60.0)
    except httpx2.HTTPError as exc:
        raise DiffError(f"cannot fetch {redact_url(url)}: {type(exc).__name__}") from None
    if response.status_code >= 400:
        hint = ""
        if response.status_code in (401, 403):
            hint = (
                f"; no token was sent: the URL is not under the Studio URL {settings.url} "
                f"(from {settings.sources['url']})"
                if route is None
                else "; no token was sent: none is configured (DATACHAIN_STUDIO_TOKEN)"
            )
        raise DiffError(f"cannot fetch {redact_url(url)}: HTTP {response.status_code}{hint}")
    return response.content


# ------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="Kinds of difference: " + ", ".join(KINDS),
    )
    parser.add_argument("spec", help="Studio's OpenAPI document: a file (JSON or YAML) or a URL")
    parser.add_argument(
        "--ours", type=Path, default=OURS_PATH, help="our contract (default: openapi.yaml)"
    )
    parser.add_argument("--json", action="store_true", help="write the report as JSON")
    parser.add_argument(
        "--all", action="store_true", help="also list the explained differences, and why"
    )
    parser.add_argument(
        "--save", type=Path, help="write the document's bytes (as read or fetched) to this file"
    )
    parser.add_argument(
        "--auth-scheme",
        choices=("bearer", "token"),
        default="bearer",
        help="how the token goes to Studio: `Bearer <token>` (default) or `token <token>`",
    )
    args = parser.parse_args(argv)
    try:
        raw = read_source(args.spec, auth_scheme=args.auth_scheme)
        if args.save is not None:
            args.save.write_bytes(raw)
        studio_label = _label(args.spec)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DiffError(f"{studio_label}: not UTF-8 text") from None
        studio = load_document(text, studio_label)
        ours_label = _label(str(args.ours))
        ours = load_document(args.ours.read_text(encoding="utf-8"), ours_label)
        report = compare(ours, studio, ours_label=ours_label, studio_label=studio_label)
    except (DiffError, OSError) as exc:
        print(f"contract-diff: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(json.dumps(report.as_json(), indent=2, default=str))
    else:
        for line in render(report, show_all=args.all):
            print(line)
    return EXIT_CLEAN if report.clean else EXIT_UNEXPLAINED


def _label(source: str) -> str:
    if is_url(source):
        from datachain_studio._exceptions import redact_url

        return redact_url(source)
    path = Path(source).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
