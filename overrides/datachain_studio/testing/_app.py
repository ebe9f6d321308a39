"""What happens to a request between the socket and a handler, and to its answer after.

1. Route: an unknown path is 404, a known path with another method 405.
2. Authenticate: `Authorization: Bearer <token>` or `token <token>`, else 401; a read-only
   token gets 403 on anything but GET.
3. Check against the contract: path and query parameters (coerced to their types), the JSON
   body or the multipart `file`; problems are answered 422 in Django-Ninja's shape.
4. Find the team: `team_name` from the query or the body, else the token's own team. An
   unknown team is 404 `Team not found`; a team the token does not belong to is 403.
5. Run the handler, with the state's lock held, after the team's jobs, runs and schedules
   have caught up with the clock.
6. Check the answer against the contract. One that breaks it is recorded as a
   `ContractViolation` and replaced by a 500 that says so.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ._contract import Contract, Operation, Problem
from ._forms import Form, MultipartError, TooLarge, boundary_of, read_form
from ._handlers import HANDLERS, ApiError, Context, Reply
from ._state import Credential, State, Team

__all__ = ["App", "ContractViolation", "Request"]

_MAX_JSON = 16 * 1024 * 1024


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


@dataclass(frozen=True)
class ContractViolation:
    """A response the emulator was about to send that breaks openapi.yaml."""

    operation_id: str
    status: int
    problem: str
    body: Any

    def __str__(self) -> str:
        return f"{self.operation_id} -> {self.status}: {self.problem}"


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

    def handle(self, request: Request) -> Reply:
        op, path_params, allowed = self.contract.match(request.method, request.path)
        if op is None:
            return self._unrouted(request, allowed)
        try:
            reply = self._operation(op, request, path_params)
        except ApiError as exc:
            reply = exc.reply()
        except ConnectionError:
            raise  # the body was cut short or the client left: nobody to answer
        except Exception:
            text = traceback.format_exc()
            self.on_error(f"{op.operation_id}: {text}")
            return Reply(
                500, {"message": f"Internal error in the emulator: {text.splitlines()[-1]}"}
            )
        problem = self.contract.response_problem(op, reply.status, reply.body)
        if problem is not None:
            violation = ContractViolation(op.operation_id, reply.status, problem, reply.body)
            self.on_violation(violation)
            return Reply(500, {"message": f"Emulator contract violation: {violation}"})
        return reply

    def _operation(self, op: Operation, request: Request, path_params: dict[str, str]) -> Reply:
        credential = self._authenticate(request.headers.get("authorization", ""))
        if op.is_write and credential.read_only:
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
                return Reply(422, {"detail": problems})
            team_name = params.get("team_name") or (
                body.get("team_name") if isinstance(body, dict) else None
            )
            with self.state.lock:
                team = self._team(credential, team_name or credential.default_team)
                self.state.catch_up(team)
                context = Context(
                    self.state, team, credential.user, params, body, form, self.base_url()
                )
                return HANDLERS[op.operation_id](context)
        finally:
            if form is not None:
                form.discard()

    def _unrouted(self, request: Request, allowed: list[str]) -> Reply:
        if allowed:
            detail = f"Method {request.method} not allowed on {request.path}"
            return Reply(405, {"detail": detail}, {"Allow": ", ".join(allowed)})
        detail = f"Not found: {request.path}"
        other = request.path[:-1] if request.path.endswith("/") else request.path + "/"
        if self.contract.match(request.method, other)[0] is not None:
            detail += f" (did you mean {other}?)"
        return Reply(404, {"detail": detail})

    def _authenticate(self, header: str) -> Credential:
        scheme, _, token = header.strip().partition(" ")
        credential = None
        if scheme.lower() in ("bearer", "token"):
            credential = self.state.credentials.get(token.strip())
        if credential is None:
            raise ApiError(401, "Invalid token")
        return credential

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
            body = json.loads(raw)
        except ValueError as exc:
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
