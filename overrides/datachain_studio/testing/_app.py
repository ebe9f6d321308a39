"""What happens to a request between the socket and a handler, and to its answer after.

1. Route: an unknown path is 404, a known path with another method 405 (error bodies carry
   `message` and `detail`: `error_body`).
2. Authenticate: `Authorization: Bearer <token>` or `token <token>`, else 401; a read-only
   token gets 403 on anything but GET (and the POSTs marked
   `x-allowed-for-read-only-tokens`). Operations with `security: []` (the device sign-in)
   skip this and step 4.
3. Check against the contract: path and query parameters (coerced to their types), the JSON
   body or the multipart `file`; problems are answered 422 in Django-Ninja's shape, the
   first one also as `message` (`problems_reply`).
4. Find the team: `team_name` from the query or the body, else the token's own team. An
   unknown team is 404 `Team not found`; a team the token does not belong to is 403.
5. Run the handler, with the state's lock held, after the team's jobs, runs and schedules
   have caught up with the clock.
6. Check the answer against the contract. One that breaks it is recorded as a
   `ContractViolation` and replaced by a 500 that says so. The answers of a msgpack
   operation (the storage listing), errors included, are packed first and checked as a
   client decodes them (`msgpack_reply`).

Paths outside the contract that the local Studio serves for itself, without a token and
unchecked against openapi.yaml, go to `App.local_routes` (registered by `StudioEmulator`):
the device sign-in's approval (`_handlers.signin`), export chunks (`_handlers.datasets`) and
archived-log blobs (`_logstream`).
"""

from __future__ import annotations

import datetime as dt
import struct
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._contract import Contract, Operation, Problem
from ._forms import Form, MultipartError, TooLarge, boundary_of, read_form
from ._handlers import HANDLERS
from ._handlers.base import (
    ApiError,
    Context,
    LocalRoute,
    Reply,
    Request,
    authenticate,
    error_body,
    load_json,
)
from ._state import Credential, State, Team, User

__all__ = ["MSGPACK", "App", "ContractViolation", "msgpack_reply", "pack", "problems_reply"]

_MAX_JSON = 16 * 1024 * 1024
MSGPACK = "application/msgpack"
_DATETIME_EXT = 42

# What a handler of an operation without security (`security: []`, the device sign-in) gets
# as its team and user: it has no token, so neither is known, and it touches neither.
PUBLIC_TEAM = Team("", [])
PUBLIC_USER = User(0, "anonymous")


@dataclass(frozen=True)
class ContractViolation:
    """A response the emulator was about to send that breaks openapi.yaml."""

    operation_id: str
    status: int
    problem: str
    body: Any

    def __str__(self) -> str:
        return f"{self.operation_id} -> {self.status}: {self.problem}"


def problems_reply(problems: list[Problem]) -> Reply:
    """A 422 for problems the contract found: Django-Ninja's list in `detail`, as Studio
    sends it, and the first problem as one line in `message`, e.g. `body.priority: Input
    should be less than or equal to 5`, for the official client, which shows only that."""
    first = problems[0]
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first.get("loc", [])
    ).lstrip(".")
    text = f"{where}: {first.get('msg', 'Invalid value')}" if where else str(first.get("msg"))
    if len(problems) > 1:
        text += f" (and {len(problems) - 1} more)"
    return Reply(422, {"message": text, "detail": problems})


class App:
    """The emulated API, independent of the HTTP server around it."""

    def __init__(
        self,
        contract: Contract,
        state: State,
        *,
        base_url: Callable[[], str],
        on_violation: Callable[[ContractViolation], None],
        on_error: Callable[[str], None],
        max_upload_bytes: int | None = None,
    ) -> None:
        missing = {op.operation_id for op in contract.operations} ^ set(HANDLERS)
        if missing:
            raise RuntimeError(f"operations and handlers do not match: {sorted(missing)}")
        self.contract = contract
        self.state = state
        self.base_url = base_url
        self.on_violation = on_violation
        self.on_error = on_error
        self.max_upload_bytes = max_upload_bytes
        # The local Studio's own routes: a key ending in "/" takes every path under it, any
        # other key its path alone.
        self.local_routes: dict[str, LocalRoute] = {}

    def handle(self, request: Request) -> Reply:
        op, path_params, allowed = self.contract.match(request.method, request.path)
        if op is None:
            route = self._local_route(request.path)
            if route is None:
                return self._unrouted(request, allowed)
            try:
                return route(request)
            except ApiError as exc:
                return exc.reply()
        try:
            reply = self._operation(op, request, path_params)
        except ApiError as exc:
            reply = exc.reply()
        except ConnectionError:
            raise  # the body was cut short or the client left: nobody to answer
        except Exception:
            text = traceback.format_exc()
            self.on_error(f"{op.operation_id}: {text}")
            reply = Reply(
                500, {"message": f"Internal error in the emulator: {text.splitlines()[-1]}"}
            )
            if op.media_type != MSGPACK:
                return reply
        if op.media_type == MSGPACK:  # packed, then checked as a client decodes it
            return msgpack_reply(self.contract, op, reply, self.on_violation)
        problem = self.contract.response_problem(op, reply.status, reply.body)
        if problem is not None:
            violation = ContractViolation(op.operation_id, reply.status, problem, reply.body)
            self.on_violation(violation)
            return Reply(500, {"message": f"Emulator contract violation: {violation}"})
        return reply

    def _operation(self, op: Operation, request: Request, path_params: dict[str, str]) -> Reply:
        credential = (
            self.authenticate(request.headers.get("authorization", "")) if op.secured else None
        )
        if credential is not None and op.is_write and credential.read_only:
            raise ApiError(403, "This token has read access only")
        params, problems = self.contract.check_parameters(op, path_params, request.query)
        body, form = None, None
        if op.body_type in ("json", "optional-json"):
            body, body_problems = self._json(op, request)
            problems += body_problems
        elif op.body_type == "multipart":
            form = self._form(request)
            if "file" not in form.files:
                problems.append(
                    {"loc": ["body", "file"], "msg": "Field required", "type": "missing"}
                )
        try:
            if problems:
                return problems_reply(problems)
            team_name = params.get("team_name") or (
                body.get("team_name") if isinstance(body, dict) else None
            )
            with self.state.lock:
                if credential is None:  # no security: no token, so no team either
                    team, user = PUBLIC_TEAM, PUBLIC_USER
                else:
                    team = self._team(credential, team_name or credential.default_team)
                    self.state.catch_up(team)
                    user = credential.user
                context = Context(
                    self.state, team, user, params, body, form, self.base_url(), credential
                )
                return HANDLERS[op.operation_id](context)
        finally:
            if form is not None:
                form.discard()

    def _local_route(self, path: str) -> LocalRoute | None:
        route = self.local_routes.get(path)
        if route is not None:
            return route
        for key, route in self.local_routes.items():
            if key.endswith("/") and path.startswith(key):
                return route
        return None

    def _unrouted(self, request: Request, allowed: list[str]) -> Reply:
        if allowed:
            text = f"Method {request.method} not allowed on {request.path}"
            return Reply(405, error_body(text), {"Allow": ", ".join(allowed)})
        text = f"Not found: {request.path}"
        other = request.path[:-1] if request.path.endswith("/") else request.path + "/"
        if self.contract.match(request.method, other)[0] is not None:
            text += f" (did you mean {other}?)"
        return Reply(404, error_body(text))

    def authenticate(self, header: str) -> Credential:
        """The credential of an `Authorization: Bearer|token <token>` header; `ApiError`
        401 for any other."""
        return authenticate(self.state, header)

    def _team(self, credential: Credential, name: str) -> Team:
        team = self.state.teams.get(name)
        if team is None:
            raise ApiError(404, "Team not found")
        if name not in credential.teams:
            raise ApiError(403, f"Not authorized for the team {name}")
        return team

    def _json(self, op: Operation, request: Request) -> tuple[Any, list[Problem]]:
        raw = request.body.read_all(_MAX_JSON)
        if not raw.strip():
            if op.body_type == "optional-json":  # e.g. the status filter of GET pipeline/list
                return None, []
            return None, [{"loc": ["body"], "msg": "Field required", "type": "missing"}]
        try:
            body = load_json(raw)
        except ValueError as exc:  # not JSON, NaN or an infinity, nested too deep
            kind = request.headers.get("content-type", "no Content-Type")
            problem = {
                "loc": ["body"],
                "msg": f"Invalid JSON ({kind}): {exc}",
                "type": "json_invalid",
            }
            return None, [problem]
        if body is None:  # a body that is JSON null: present, and of no type the contract takes
            return None, [{"loc": ["body"], "msg": "Input should not be null", "type": "null"}]
        return body, self.contract.check_body(op, body)

    def _form(self, request: Request) -> Form:
        try:
            boundary = boundary_of(request.headers.get("content-type"))
            return read_form(
                request.body.read,
                boundary,
                self.state.upload_dir,
                max_file_bytes=self.max_upload_bytes,
            )
        except TooLarge as exc:
            raise ApiError(413, f"File too large: {exc}") from None
        except MultipartError as exc:
            raise ApiError(400, f"Malformed multipart body: {exc}") from None


# --- msgpack on the wire ----------------------------------------------------------------------
# The storage listing (`_handlers.storage`) answers msgpack, errors too: the official client
# decodes whatever comes back with msgpack (official-client-beyond-reference.md, section 3).


def pack(value: Any) -> bytes:
    """`value` as msgpack, datetimes as extension type 42 in its 12-byte form (`!dl`: POSIX
    seconds, then the UTC offset in seconds, here 0)."""
    import msgpack  # type: ignore[import-untyped, unused-ignore]

    return bytes(msgpack.packb(value, default=_ext, use_bin_type=True))


def _ext(value: Any) -> Any:
    import msgpack  # type: ignore[import-untyped, unused-ignore]

    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        offset = moment.utcoffset() or dt.timedelta(0)
        payload = struct.pack("!dl", moment.timestamp(), int(offset.total_seconds()))
        return msgpack.ExtType(_DATETIME_EXT, payload)
    raise TypeError(f"cannot send a {type(value).__name__} in msgpack")


def msgpack_reply(
    contract: Contract,
    op: Operation,
    reply: Reply,
    on_violation: Callable[[ContractViolation], None],
) -> Reply:
    """`reply` packed as msgpack and checked, decoded again, against the contract.

    An error body gets `message` (the official client shows only that), from `detail` when
    it has only that (a 401). One that breaks the contract is recorded and answered 500.
    """
    from datachain_studio_api.types import msgpack_loads

    body = reply.body
    if reply.status >= 400 and isinstance(body, dict) and "message" not in body:
        detail = body.get("detail")
        body = {"message": detail if isinstance(detail, str) else "Invalid request", **body}
    data = pack(body)
    problem = contract.response_problem(op, reply.status, msgpack_loads(data))
    status = reply.status
    if problem is not None:
        violation = ContractViolation(op.operation_id, reply.status, problem, body)
        on_violation(violation)
        status = 500
        text = f"Emulator contract violation: {violation}"
        data = pack({"message": text, "detail": text})
    headers = {**reply.headers, "Content-Type": MSGPACK}
    return Reply(status, data, headers)
