"""Device sign-in: `start_device_login`, `poll_device_token`, `device_logout`, and approval.

The flow (official-client-beyond-reference.md, section 4): a client POSTs `/api/device-login`
without a token and gets a `device_code`, a `user_code`, a `verification_uri` and an
absolute `token_uri` (this emulator's own `/api/device-login/token`); it polls `token_uri`
with `{"code": <device_code>}` and gets 400 `{"detail": "authorization_pending"}` until a
person approves, then 200 with a new token, once; 400 `{"detail": "authorization_expired"}`
once the codes have expired (`StudioEmulator(device_login_seconds=...)`, 15 minutes by
default, on the emulator's clock) or for a code it does not know (assumed: the real server's
answer to an unknown code is not known).

Approval is the local Studio's own API, as a person approving in the browser would be:
- in Python, `StudioEmulator.approve_device(user_code, token=..., teams=...)`;
- over HTTP, `POST /_local/device/approve` with `Authorization: token <a valid token>` and a
  JSON body `{"user_code": "...", "teams": [...]?}` (not part of the contract: it is how a
  test or a person drives the emulator). `GET <verification_uri>` (`/auth/device-login`)
  answers a JSON note saying so.

The new token belongs to the approving token's user, for the teams asked for at the start
(`team_names`), else those given at approval, else all the approver's teams; asking for a
team the approver is not in is refused. It works on every route, like the tokens the
emulator was made with, and lasts until `device_logout` revokes it (`expires_in_days` is
recorded, not enforced). With a `data_dir`, tokens made and revoked this way survive a
restart; sign-ins still waiting for approval do not.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from .._state import Credential, DeviceLogin, State
from .base import (
    ApiError,
    Context,
    Handler,
    LocalRoute,
    Reply,
    Request,
    authenticate,
    load_json,
)

__all__ = [
    "APPROVE_PATH",
    "OPERATIONS",
    "TOKEN_PATH",
    "VERIFICATION_PATH",
    "approve",
    "local_routes",
]

TOKEN_PATH = "/api/device-login/token"
# Where the official CLI sends the person (`<verification_uri>?code=<user_code>`); the path
# is Studio's as the DVC CLI's fixture shows it (`STUDIO_URL + "/auth/device-login"`).
VERIFICATION_PATH = "/auth/device-login"
APPROVE_PATH = "/_local/device/approve"
SCOPES = frozenset({"EXPERIMENTS", "DATASETS", "MODELS"})
_USER_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: read aloud, typed by hand
_MAX_LOCAL_BODY = 64 * 1024


def start_device_login(ctx: Context) -> Reply:
    state = ctx.state
    scopes = tuple(str(s) for s in ctx.field("scopes") or ())
    unknown = [s for s in scopes if s.upper() not in SCOPES]
    if unknown:
        raise ApiError(400, f"Following scopes are not valid: {', '.join(unknown)}")
    team_names = tuple(str(t) for t in ctx.field("team_names") or ())
    missing = [t for t in team_names if t not in state.teams]
    if missing:
        raise ApiError(400, f"Team not found: {', '.join(missing)}")
    client_name = str(ctx.body["client_name"])
    token_name = ctx.field("token_name") or f"{client_name.lower()}-{secrets.token_hex(3)}"
    now = state.now()
    _forget_expired(state)
    login = DeviceLogin(
        device_code=secrets.token_urlsafe(32),
        user_code="".join(secrets.choice(_USER_CODE_LETTERS) for _ in range(8)),
        client_name=client_name,
        token_name=str(token_name),
        scopes=scopes,
        team_names=team_names,
        expires_at=now + state.device_login_ttl,
    )
    state.device_logins[login.device_code] = login
    return Reply(
        200,
        {
            "device_code": login.device_code,
            "user_code": login.user_code,
            "verification_uri": ctx.base_url + VERIFICATION_PATH,
            "token_uri": ctx.base_url + TOKEN_PATH,
            "token_name": login.token_name,
            "expires_in": int(state.device_login_ttl.total_seconds()),
        },
    )


def poll_device_token(ctx: Context) -> Reply:
    state = ctx.state
    login = state.device_logins.get(str(ctx.body["code"]))
    if login is None or login.expires_at <= state.now():
        state.device_logins.pop(str(ctx.body["code"]), None)
        raise ApiError(400, "authorization_expired")
    if login.approved is None:
        raise ApiError(400, "authorization_pending")
    del state.device_logins[login.device_code]  # a device code gives its token once
    state.issue(login.approved)
    return Reply(200, {"access_token": login.approved.token, "token_name": login.token_name})


def device_logout(ctx: Context) -> Reply:
    assert ctx.credential is not None  # a secured operation: the app authenticated it
    ctx.state.revoke(ctx.credential.token)
    return Reply(200, {"detail": "Token revoked successfully"})


OPERATIONS: dict[str, Handler] = {
    "start_device_login": start_device_login,
    "poll_device_token": poll_device_token,
    "device_logout": device_logout,
}


def approve(
    state: State, user_code: str, approver: Credential, teams: Sequence[str] | None = None
) -> Credential:
    """Approve the waiting sign-in with `user_code` as `approver`'s user; the token it will
    hand out. `KeyError`: no such sign-in (or it expired); `ValueError`: a team the approver
    is not in, or one approved already. Call with the state's lock held."""
    _forget_expired(state)
    wanted = user_code.strip().upper().replace("-", "")
    login = next((d for d in state.device_logins.values() if d.user_code == wanted), None)
    if login is None:
        raise KeyError(f"no device sign-in waits for the code {user_code!r} (or it expired)")
    if login.approved is not None:
        raise ValueError(f"the sign-in with the code {login.user_code} is approved already")
    chosen = tuple(login.team_names or teams or approver.teams)
    outside = [t for t in chosen if t not in approver.teams]
    if not chosen or outside:
        raise ValueError(f"the approving user is not in the team(s) {', '.join(outside)}")
    login.approved = Credential("isat_" + secrets.token_urlsafe(24), approver.user, chosen)
    return login.approved


def _forget_expired(state: State) -> None:
    now = state.now()
    for code in [c for c, d in state.device_logins.items() if d.expires_at <= now]:
        del state.device_logins[code]


# --- the local Studio's own routes (not in the contract) -------------------------------------


def local_routes(state: State) -> dict[str, LocalRoute]:
    """The routes of `App.local_routes` for approval: the verification page and the
    approval itself (by a token of `state`, as the API authenticates)."""

    def verification_page(request: Request) -> Reply:
        if request.method != "GET":
            raise ApiError(404, f"Not found: {request.path}")
        code = (request.query.get("code") or [""])[-1]
        return Reply(
            200,
            {
                "message": "This is the local Studio: approve the sign-in with "
                f'POST {APPROVE_PATH} and a JSON body {{"user_code": "{code or "..."}"}} '
                "(with a token of the approving user), or StudioEmulator.approve_device.",
                "user_code": code,
            },
        )

    def approval(request: Request) -> Reply:
        if request.method != "POST":
            text = f"Method {request.method} not allowed on {request.path}"
            return Reply(405, {"message": text, "detail": text}, {"Allow": "POST"})
        approver = authenticate(state, request.headers.get("authorization", ""))
        body = _json_object(request)
        wanted = body.get("user_code") if body else None
        teams = body.get("teams") if body else None
        if not isinstance(wanted, str) or not (
            teams is None or (isinstance(teams, list) and all(isinstance(t, str) for t in teams))
        ):
            raise ApiError(
                422, 'Expected a JSON object {"user_code": "<code>", "teams": ["<team>", ...]?}'
            )
        with state.lock:
            try:
                credential = approve(state, wanted, approver, teams)
            except KeyError as exc:
                raise ApiError(404, exc.args[0]) from None
            except ValueError as exc:
                raise ApiError(400, str(exc)) from None
        return Reply(200, {"message": "Approved", "teams": list(credential.teams)})

    return {VERIFICATION_PATH: verification_page, APPROVE_PATH: approval}


def _json_object(request: Request) -> dict[str, Any] | None:
    try:
        value = load_json(request.body.read_all(_MAX_LOCAL_BODY) or b"null")
    except (ValueError, ConnectionError):
        return None
    return value if isinstance(value, dict) else None
