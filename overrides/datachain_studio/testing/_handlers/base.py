"""What every handler works with: the request and its answer (`Request`, `Reply`, `ApiError`),
the `Context` of an operation, the transaction around a handler, authentication, and the
lookups and checks more than one API area shares.

Nothing here knows an operation: the areas (`jobs`, `pipelines`, ...) do, and the package
(`_handlers`) lists them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import _when
from .._forms import Form
from .._pipelines import Pipeline
from .._state import Credential, State, Team, Upload, User

__all__ = [
    "MAX_JSON_DEPTH",
    "ApiError",
    "Body",
    "Context",
    "Handler",
    "Invalid",
    "LocalRoute",
    "Reply",
    "Request",
    "authenticate",
    "canonical",
    "check_cron",
    "dump_json",
    "environment",
    "error_body",
    "find_pipeline",
    "load_json",
    "time_field",
    "transaction",
    "uploads",
]

_UPLOAD_ID = re.compile(r"[0-9]{1,18}", re.ASCII)
# How deep a request's JSON may nest (`[[...]]` counts 2). No body of the contract nests
# past a handful of levels; the bound keeps the parser, the contract's checks and the store
# (all recursive) far from Python's recursion limit. Assumed: Studio's own limit is not known.
MAX_JSON_DEPTH = 100


class Body(Protocol):
    def read(self, size: int) -> bytes: ...

    def read_all(self, limit: int) -> bytes: ...


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # keys in lower case
    body: Body


@dataclass
class Reply:
    """An answer: a status and a JSON-able body (None: no body), or bytes already encoded
    (msgpack, export chunks, log blobs), whose `Content-Type` is then in `headers`."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


# A route outside the contract: called in a worker thread, without the state's lock (it
# takes it itself), for any method; an `ApiError` it raises is answered as for an operation.
LocalRoute = Callable[[Request], Reply]


def error_body(text: str) -> dict[str, str]:
    """An error sentence as the emulator sends it: `message`, the only field the official
    client reads on a 4xx (it shows `Error: <message>`; official-client-beyond-reference.md,
    1.6), and `detail` with the same text, for clients that read Django-Ninja's shape.
    (401 keeps Studio's `{"detail": "Invalid token"}`: see `ApiError`.)"""
    return {"message": text, "detail": text}


def load_json(data: bytes | str) -> Any:
    """`data` decoded as strict JSON (RFC 8259). `ValueError`, saying why without repeating
    the input: not JSON, `NaN`/`Infinity`/`-Infinity` (not JSON numbers), or nested deeper
    than `MAX_JSON_DEPTH`."""
    try:
        value = json.loads(data, parse_constant=_not_a_number)
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    if _nesting(value) > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def dump_json(value: Any) -> bytes:
    """`value` as strict JSON (RFC 8259), UTF-8; `ValueError` for a NaN or an infinity."""
    return json.dumps(value, allow_nan=False).encode("utf-8")


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (RFC 8259)")


def _nesting(value: Any) -> int:
    """How deep arrays and objects nest in `value` (0 for a scalar), counted without
    recursion and no further than one level past `MAX_JSON_DEPTH`."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest


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


# The handler of one operation.
Handler = Callable[[Context], Reply]


def transaction(function: Handler) -> Handler:
    """`function` ending with the state's `commit`; when it crashes, rolled back instead.

    An `ApiError` commits too: catching up with the clock may have changed the team before
    the handler refused."""

    @functools.wraps(function)
    def run(ctx: Context) -> Reply:
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

    return run


def authenticate(state: State, header: str) -> Credential:
    """The credential of an `Authorization: Bearer|token <token>` header; `ApiError` 401 for
    any other."""
    scheme, _, token = header.strip().partition(" ")
    credential = None
    if scheme.lower() in ("bearer", "token"):
        credential = state.credentials.get(token.strip())
    if credential is None:
        raise ApiError(401, "Invalid token")
    return credential


# --- lookups and checks of more than one area ----------------------------------------------


def canonical(value: str, what: str) -> str:
    """`value` as a canonical UUID; 404 `<what> <value> not found` when it is none."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ApiError(404, f"{what} {value} not found") from None


def uploads(team: Team, files: list[Any] | None) -> list[Upload]:
    """The team's uploads a body's `files` names (by id); 400 for any other."""
    found = []
    for item in files or []:
        text = str(item).strip()
        upload = team.uploads.get(int(text)) if _UPLOAD_ID.fullmatch(text) else None
        if upload is None:
            raise ApiError(
                400,
                f"File {_short(item)} is not an upload of team {team.name}: upload it first",
            )
        found.append(upload)
    return found


def environment(text: str | None) -> dict[str, str]:
    """`NAME=value` lines as variables (blank lines and `#` comments skipped); 400 for a
    line of another form."""
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


def time_field(ctx: Context, name: str) -> dt.datetime | None:
    """A datetime field of the body, in UTC; 422 when it cannot be one."""
    text = ctx.field(name)
    if text is None:
        return None
    try:
        return _when.parse_time(text)
    except _when.TimeError as exc:
        raise Invalid(["body", name], str(exc), "datetime_from_date_parsing", text) from None


def check_cron(expression: str) -> None:
    """400 unless `expression` is a cron expression the emulator can schedule."""
    try:
        _when.check_cron(expression)
    except _when.TimeError as exc:
        raise ApiError(400, f"Invalid cron expression: {exc}") from None


def find_pipeline(team: Team, name: str | None, pipeline_id: str | None) -> Pipeline:
    """The team's pipeline named by `name` or `pipeline_id` (both: they must agree)."""
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
