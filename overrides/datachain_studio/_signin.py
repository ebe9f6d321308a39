"""Sign in to Studio and out again, writing the config file `datachain auth login` writes.

    import datachain_studio

    result = datachain_studio.login(teams=["my-team"])   # prints a URL and a code to stderr
    studio = datachain_studio.Studio()                    # finds the token just saved
    ...
    datachain_studio.logout()                             # revokes it, and forgets it

`login` runs Studio's device flow (beyond the published reference; openapi.yaml gives the
evidence): `POST /api/device-login` without a token gives a code that a person approves in a
browser, at `<verification_uri>?code=<user_code>` (shown, and opened, only if it is an https
URL, or http where the client allows it); meanwhile `login` polls the `token_uri`
Studio gave (always that one) until the token comes. No token is sent to either. It then
saves the token in the datachain config file as datachain 0.62 does
(official-client-beyond-reference.md, 10.9; `datachain/studio.py` `login`, `save_config`):

- the file: `<global config dir>/config` (`$DATACHAIN_GLOBAL_CONFIG_DIR`, else the user
  config directory of datachain), or with `level="local"` `.datachain/config` (under
  `$DATACHAIN_ROOT_DIR` or the working directory, or `$DATACHAIN_DIR/config`): the paths
  `Studio()` reads (`_config.config_files`);
- TOML, table `[studio]`: `url` and `token` set; with exactly one team asked for, `team` set
  to it (the default team), otherwise `team` removed. Everything else in the file, comments
  included, is kept (`tomlkit`). The file is replaced atomically (where it is a symbolic
  link, the file it links to); a new one is made readable by its owner only (datachain
  leaves the umask's mode: stricter, as it holds a token). That it can be written is
  checked before anything is sent: a token Studio issues and that cannot be saved is live
  but lost;
- refused before anything is sent (`AlreadyLoggedInError`) when the config files, merged,
  already hold a token whose `url` is the one signing in to (or that has no `url`).

`logout` revokes the token of one level with `POST /api/device-logout` (`Authorization:
token <token>`, no body), at `$DATACHAIN_STUDIO_URL`, else that level's `url`, else the
default URL, then removes `token` and `team` from that level's file (`url` stays, as datachain
leaves it). If Studio answers 401 (revoked already, or invalid) the token is removed all the
same, with a warning; any other failure keeps it and raises.

`alogin` and `alogout` are the same for asyncio (the config file is written synchronously:
it is a few hundred bytes).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar
from urllib.parse import urljoin

import httpx2

from datachain_studio_api.api.auth import device_logout, poll_device_token, start_device_login
from datachain_studio_api.models import (
    DeviceLoginInput,
    DeviceLoginOutput,
    DeviceTokenInput,
    DeviceTokenOutput,
)
from datachain_studio_api.types import Request

from . import _validation as check
from ._async.signin import async_run
from ._base_client import (
    DEFAULT_MAX_RETRIES,
    APICall,
    AsyncAPIClient,
    SyncAPIClient,
    Timeout,
    check_retries,
    check_timeout,
    operation,
    user_agent,
)
from ._config import (
    DEFAULT_URL,
    auth_command,
    config_files,
    is_insecure,
    normalize_url,
    read_config_text,
)
from ._deadline import Deadline
from ._exceptions import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    InvalidRequestError,
    StudioError,
    WaitTimeoutError,
)
from ._logging import logger
from ._sync.signin import run

if TYPE_CHECKING:
    import tomlkit.toml_document

__all__ = [
    "AlreadyLoggedInError",
    "AuthorizationExpiredError",
    "DeviceCode",
    "Level",
    "LoginResult",
    "LogoutResult",
    "NotLoggedInError",
    "SignInError",
    "alogin",
    "alogout",
    "login",
    "logout",
]

Level: TypeAlias = Literal["global", "local"]
"""Which config file: the user's (`global`) or the project's (`local`, `.datachain/config`)."""

SCOPES: Final = ("EXPERIMENTS", "DATASETS", "MODELS")
"""The scopes a token may be limited to (any case), as dvc_studio_client checks them."""
CLIENT_NAME: Final = "datachain-studio-client"
DEFAULT_EXPIRES_IN_DAYS: Final = 365
"""The token lifetime `datachain auth login` asks for unless told otherwise."""
DEFAULT_POLL_INTERVAL: Final = 5.0
"""Seconds between two polls for the token, as the official client waits."""
SIGN_IN_TIMEOUT: Final = 30.0
"""Seconds one request of the sign-in may take (the official client allows 5, then 10)."""
_EXPIRY_GRACE: Final = 30.0
MAX_EXPIRES_IN: Final = 24 * 60 * 60
"""The longest a sign-in waits for its codes to expire (a day): a longer `expires_in` from
Studio is taken as this (device codes live minutes)."""


class SignInError(StudioError):
    """Signing in or out did not happen: the base of the errors of `login` and `logout`."""


class AlreadyLoggedInError(SignInError, ConfigurationError):
    """The config files already hold a token for this Studio (`datachain auth login` says
    "Token already exists"): log out first. Raised before anything is sent."""


class NotLoggedInError(SignInError, ConfigurationError):
    """`logout` found no token to revoke in that level's config file."""


class AuthorizationExpiredError(SignInError):
    """The sign-in codes expired before the person approved them: start again."""


@dataclass(frozen=True)
class DeviceCode:
    """What the person signing in needs: open `url` (it carries the code) and check that
    the code shown there is `user_code`."""

    user_code: str
    """The code the person confirms in the browser."""
    verification_uri: str
    """Where the person goes (`url` is this with the code)."""
    url: str
    """`<verification_uri>?code=<user_code>`: open this."""
    expires_in: int | None
    """Seconds until the codes expire, as Studio said, at most a day (None: it did not say,
    or said something that is not a number of seconds)."""
    token_name: str | None
    """The name the token will have."""


@dataclass(frozen=True)
class LoginResult:
    """A completed sign-in. `token` is the new token (never in the repr); the rest says what
    was saved where."""

    url: str
    """The Studio signed in to."""
    token: str = field(repr=False)
    """The new token, as saved (the repr leaves it out)."""
    token_name: str | None
    """The token's name on Studio."""
    config_file: Path
    """The config file the token was saved in."""
    level: Level
    """Which config file that is."""
    teams: tuple[str, ...]
    """The teams the token was asked for (empty: all of the user's)."""
    team: str | None
    """The default team saved with it (when exactly one team was asked for), else None."""
    expires_in_days: int | None
    """The lifetime asked for, in days."""


@dataclass(frozen=True)
class LogoutResult:
    """A completed sign-out: the token is gone from `config_file`."""

    url: str
    """The Studio the token was revoked on."""
    config_file: Path
    """The config file the token (and default team) were removed from."""
    level: Level
    """Which config file that is."""
    revoked: bool
    """True: Studio revoked it now. False: Studio answered 401, the token was revoked
    already or invalid (it was removed from the file all the same)."""


OnCode: TypeAlias = Callable[[DeviceCode], object]


def print_code(code: DeviceCode) -> None:
    """The default `on_code`: say on stderr where to go to approve the sign-in."""
    print(
        f"To sign in to Studio, open {code.url}\nand check that it shows the code "
        f"{code.user_code}. Waiting for approval...",
        file=sys.stderr,
        flush=True,
    )


# --- the flows, without I/O ---------------------------------------------------------------------
#
# Each flow is a generator that yields what it needs done: ("call", (APICall, Deadline or
# None)) answered with the parsed result (or a StudioError thrown in), ("sleep", seconds),
# ("show", DeviceCode).
# `_async/signin.py` (and its generated sync twin) does those things, so `login` and
# `alogin` share every decision.

_Step: TypeAlias = tuple[str, Any]


@dataclass(frozen=True)
class _LoginPlan:
    url: str
    path: Path
    level: Level
    body: DeviceLoginInput
    teams: tuple[str, ...]
    expires_in_days: int | None
    poll_interval: float
    wait_timeout: float | None
    allow_insecure: bool


def _login_flow(plan: _LoginPlan) -> Generator[_Step, Any, LoginResult]:
    shown: list[str] = []  # the user code, once there is one

    def timed_out() -> WaitTimeoutError:
        code = f" (code {shown[0]})" if shown else ""
        return WaitTimeoutError(f"The sign-in was not approved within {bound:g} s{code}")

    bound = plan.wait_timeout
    deadline = Deadline(bound, timed_out)  # the whole sign-in, first request included
    request = start_device_login.request(body=plan.body)
    started: DeviceLoginOutput = yield ("call", (_call(plan.url, request, False), deadline))
    device_code = _text(started.device_code, "device_code")
    user_code = _text(started.user_code, "user_code")
    verification = _page(_text(started.verification_uri, "verification_uri"), plan)
    if not all("!" <= char <= "~" for char in user_code):
        raise SignInError("Studio gave a user_code that is not printable text")
    token_uri = _absolute(plan.url, _text(started.token_uri, "token_uri"), plan.allow_insecure)
    expires_in = _expires_in(started.expires_in)
    token_name = started.token_name if isinstance(started.token_name, str) else None
    separator = "&" if "?" in verification else "?"
    code = DeviceCode(
        user_code,
        verification,
        f"{verification}{separator}code={user_code}",
        expires_in,
        token_name,
    )
    shown.append(user_code)
    yield ("show", code)
    if bound is None and expires_in is not None:
        bound = expires_in + _EXPIRY_GRACE  # Studio should have said "expired" by then
        deadline = Deadline(bound, timed_out)
    poll = poll_device_token.request(body=DeviceTokenInput(code=device_code))
    poll = dataclasses.replace(poll, path=token_uri)  # the token_uri Studio gave, whatever it is
    while True:
        try:
            # Not idempotent: a device code gives its token once, so a poll is sent again
            # only when Studio cannot have seen it.
            answer: DeviceTokenOutput = yield ("call", (_call("", poll, False), deadline))
        except BadRequestError as exc:
            detail = exc.body.get("detail") if isinstance(exc.body, dict) else None
            if detail == "authorization_expired":
                raise AuthorizationExpiredError(
                    "The sign-in codes expired before they were approved: sign in again."
                ) from None
            if detail != "authorization_pending":
                raise
        else:
            token = answer.access_token
            if not isinstance(token, str) or not token or not all("!" <= c <= "~" for c in token):
                # Not something that can go in an Authorization header: refuse to save it.
                raise SignInError("Studio approved the sign-in but sent no usable access_token")
            break
        left = deadline.remaining()
        if left is not None and plan.poll_interval >= left:
            raise deadline.error()
        yield ("sleep", plan.poll_interval)
    team = plan.teams[0] if len(plan.teams) == 1 else None
    _save_login(plan.path, plan.url, token, team)
    return LoginResult(
        url=plan.url,
        token=token,
        token_name=token_name,
        config_file=plan.path,
        level=plan.level,
        teams=plan.teams,
        team=team,
        expires_in_days=plan.expires_in_days,
    )


@dataclass(frozen=True)
class _LogoutPlan:
    url: str
    path: Path
    level: Level
    token: str


def _logout_flow(plan: _LogoutPlan) -> Generator[_Step, Any, LogoutResult]:
    call = _call(plan.url, device_logout.request(), True)
    revoked = True
    try:
        yield ("call", (call, None))
    except AuthenticationError:
        revoked = False
        logger.warning(
            "Studio says the token was already revoked or is invalid; removing it from %s",
            plan.path,
        )
    _forget_token(plan.path)
    return LogoutResult(url=plan.url, config_file=plan.path, level=plan.level, revoked=revoked)


def _call(base: str, request: Request, idempotent: bool) -> APICall[Any]:
    call = APICall.of(request, idempotent=idempotent)
    return dataclasses.replace(call, path=base + call.path)


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SignInError(f"Studio's answer to the sign-in has no {name}")
    return value.strip()


def _expires_in(value: object) -> int | None:
    """Studio's `expires_in` as seconds from 1 to a day; None when it is not a number
    of seconds from 1 up."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None
    return min(value, MAX_EXPIRES_IN)


def _page(uri: str, plan: _LoginPlan) -> str:
    """The `verification_uri` shown to the person (and opened in their browser): only an
    https URL, or an http one where the client allows it (loopback, or `allow_insecure`).
    Any other (`file:`, `javascript:`, `smb:`, text with spaces or control characters) is
    refused before it is shown."""
    if not all("!" <= char <= "~" for char in uri):
        raise SignInError("Studio gave a verification_uri that is not printable text")
    try:
        parsed = httpx2.URL(uri)
    except httpx2.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise SignInError(
            f"Studio gave a verification_uri that is not an http(s) URL: {uri[:100]!r} (it is "
            "neither shown nor opened)"
        )
    if is_insecure(uri) and not plan.allow_insecure:
        raise ConfigurationError(
            f"Refusing to show {uri}, where Studio sends you to approve the sign-in over plain "
            "HTTP: pass allow_insecure=True if this network is trusted."
        )
    return uri


def _absolute(base: str, uri: str, allow_insecure: bool) -> str:
    """The `token_uri` to poll: as given (a relative one is taken from the Studio URL)."""
    target = urljoin(base + "/", uri)
    if not target.lower().startswith(("https://", "http://")):
        raise SignInError(f"Studio gave a token_uri that is not an http(s) URL: {uri!r}")
    if is_insecure(target) and not allow_insecure:
        raise ConfigurationError(
            f"Refusing to poll {target} for a token over plain HTTP: pass allow_insecure=True "
            "if this network is trusted."
        )
    return target


# --- the arguments ------------------------------------------------------------------------------


def _level(level: object) -> Level:
    if level == "global" or level == "local":
        return level
    raise InvalidRequestError(f"level must be 'global' or 'local', got {level!r}")


def _level_file(level: Level) -> Path:
    _system, user, local = config_files()
    return user if level == "global" else local


def _wait_timeout(value: object, name: str = "wait_timeout") -> float | None:
    # Not `check.wait_limit`, which takes 0 (look once): sign-in has always refused 0.
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidRequestError(f"{name} must be a positive number of seconds, got {value!r}")
    if value == float("inf"):
        raise InvalidRequestError(f"{name} must be finite (use None for no bound)")
    return float(value)


def _scopes(scopes: object) -> list[str] | None:
    if scopes is None:
        return None
    if not isinstance(scopes, Iterable):
        raise InvalidRequestError(f"scopes must be a list of scopes, got {scopes!r}")
    items = scopes.split(",") if isinstance(scopes, str) else list(scopes)
    found = [s.strip() for s in items if isinstance(s, str)]
    if len(found) != len(items) or not all(found):
        raise InvalidRequestError(f"scopes must be non-empty strings, got {scopes!r}")
    wrong = [s for s in found if s.upper() not in SCOPES]
    if wrong:
        raise InvalidRequestError(
            f"unknown scope(s) {', '.join(wrong)}: use {', '.join(SCOPES)} (any case)"
        )
    return found or None


def _teams(teams: object) -> tuple[str, ...]:
    if teams is None:
        return ()
    items = [teams] if isinstance(teams, str) else teams
    if not isinstance(items, Iterable):
        raise InvalidRequestError(f"teams must be a list of team names, got {teams!r}")
    names = list(items)
    if not all(isinstance(t, str) and t.strip() for t in names):
        raise InvalidRequestError(f"teams must be non-empty team names, got {teams!r}")
    return tuple(dict.fromkeys(t.strip() for t in names))


def _login_plan(
    url: str | None,
    scopes: object,
    token_name: object,
    teams: object,
    expires_in_days: object,
    level: object,
    poll_interval: object,
    wait_timeout: object,
    allow_insecure: object,
    client_name: object,
    env: Mapping[str, str],
) -> _LoginPlan:
    chosen_level = _level(level)
    if token_name is not None and (not isinstance(token_name, str) or not token_name.strip()):
        raise InvalidRequestError(f"token_name must be a non-empty string, got {token_name!r}")
    if not isinstance(client_name, str) or not client_name.strip():
        raise InvalidRequestError(f"client_name must be a non-empty string, got {client_name!r}")
    if expires_in_days is not None and (
        isinstance(expires_in_days, bool) or not isinstance(expires_in_days, int)
    ):
        raise InvalidRequestError(
            f"expires_in_days must be a whole number, got {expires_in_days!r}"
        )
    if isinstance(expires_in_days, int) and expires_in_days < 1:
        raise InvalidRequestError(f"expires_in_days must be 1 or more, got {expires_in_days!r}")
    insecure = check.flag(allow_insecure, "allow_insecure")
    interval = check.poll_interval(poll_interval)
    bound = _wait_timeout(wait_timeout)
    chosen_scopes = _scopes(scopes)
    chosen_teams = _teams(teams)
    if url is not None and not isinstance(url, str):
        raise InvalidRequestError(f"url must be a string, got {type(url).__name__}")
    merged = _merged_studio_table()
    target = normalize_url(
        url or env.get("DATACHAIN_STUDIO_URL") or merged.get("url") or DEFAULT_URL
    )
    if "token" in merged and _same_url(merged.get("url"), target):
        raise AlreadyLoggedInError(
            f"Token already exists for {target} in the datachain config. To sign in with a "
            f"different token, log out first ({auth_command('logout')})."
        )
    if is_insecure(target) and not insecure:
        raise ConfigurationError(
            f"Refusing to sign in to {target} over plain HTTP (the token would cross the "
            "network unencrypted): use https://, or pass allow_insecure=True if this network "
            "is trusted."
        )
    # As dvc_studio_client sends it: the optional keys only when given (not as null).
    body = DeviceLoginInput(
        client_name=client_name.strip(),
        token_name=token_name.strip() if isinstance(token_name, str) else None,
        scopes=chosen_scopes or None,
        team_names=list(chosen_teams) or None,
        expires_in_days=expires_in_days if isinstance(expires_in_days, int) else None,
    )
    path = _level_file(chosen_level)
    _check_writable(path)
    return _LoginPlan(
        url=target,
        path=path,
        level=chosen_level,
        body=body,
        teams=chosen_teams,
        expires_in_days=expires_in_days if isinstance(expires_in_days, int) else None,
        poll_interval=interval,
        wait_timeout=bound,
        allow_insecure=insecure,
    )


def _same_url(stored: str | None, target: str) -> bool:
    """Whether a stored `url` names `target` (datachain: a token without `url` matches too)."""
    if stored is None:
        return True
    try:
        return normalize_url(stored) == target
    except ConfigurationError:
        return False


def _logout_plan(
    level: object, url: str | None, allow_insecure: object, env: Mapping[str, str]
) -> _LogoutPlan:
    chosen_level = _level(level)
    if url is not None and not isinstance(url, str):
        raise InvalidRequestError(f"url must be a string, got {type(url).__name__}")
    insecure = check.flag(allow_insecure, "allow_insecure")
    path = _level_file(chosen_level)
    table = _studio_table(_read_document(path), path)
    token = table.get("token")
    if not isinstance(token, str) or not token.strip():
        raise NotLoggedInError(f"Not logged in to Studio: no token in {path}.")
    token = token.strip()
    if not all("!" <= char <= "~" for char in token):
        raise ConfigurationError(
            f"The token in {path} has spaces, line breaks or non-ASCII characters: it cannot "
            "be sent to Studio to revoke it."
        )
    stored = table.get("url")
    target = normalize_url(
        url
        or env.get("DATACHAIN_STUDIO_URL")
        or (stored if isinstance(stored, str) else None)
        or DEFAULT_URL
    )
    if is_insecure(target) and not insecure:
        raise ConfigurationError(
            f"Refusing to send the token over plain HTTP to {target}: pass allow_insecure=True "
            "if this network is trusted."
        )
    return _LogoutPlan(url=target, path=path, level=chosen_level, token=token)


# --- the config files ---------------------------------------------------------------------------


def _read_document(path: Path) -> tomlkit.toml_document.TOMLDocument:
    import tomlkit
    import tomlkit.exceptions

    text = read_config_text(path)
    if text is None:
        return tomlkit.document()
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigurationError(f"Config file {path} is not valid TOML: {exc}") from None


def _studio_table(document: Mapping[str, Any], path: Path) -> dict[str, Any]:
    table = document.get("studio", {})
    if not isinstance(table, dict):
        raise ConfigurationError(f"Config file {path}: `studio` must be a table")
    return table


def _merged_studio_table() -> dict[str, str]:
    """The `[studio]` tables of the system, global and local files merged (later wins),
    as datachain reads them (the environment is not consulted)."""
    merged: dict[str, str] = {}
    for path in config_files():
        for key, value in _studio_table(_read_document(path), path).items():
            if key in ("url", "token", "team") and isinstance(value, str):
                merged[key] = value
    return merged


def _write_document(path: Path, document: tomlkit.toml_document.TOMLDocument) -> None:
    """Replace `path` with `document` atomically; a new file is private to its owner."""
    import tempfile

    import tomlkit

    text = tomlkit.dumps(document)
    target = _real_file(path)  # a link's file is replaced, never the link itself
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o600
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot write config file {path}: {exc.strerror or type(exc).__name__}"
        ) from None


def _real_file(path: Path) -> Path:
    """The file `path` names once every symbolic link on the way is followed."""
    return Path(os.path.realpath(path))


def _check_writable(path: Path) -> None:
    """`ConfigurationError` unless the config file `path` could be written: checked before
    a sign-in starts, since a token Studio issues and that cannot be saved is live but lost.
    The file's folder (or the nearest one that exists, where the rest would be made) must
    be a folder that takes a new file (tried, in a folder that exists)."""
    import tempfile

    target = _real_file(path)
    folder = target.parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    problem = None
    if not folder.is_dir():
        problem = f"{folder} is not a folder"
    elif folder == target.parent:
        try:
            fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = f"{folder} cannot be written to"
    if problem is not None:
        raise ConfigurationError(
            f"Cannot write config file {path}: {problem}. Nothing was sent to Studio: fix "
            "that first, or sign in at the other level."
        )


def _edit_studio_table(path: Path, change: Callable[[Any], None]) -> None:
    import tomlkit

    document = _read_document(path)
    table = document.get("studio")
    if table is None:
        table = tomlkit.table()
    elif not isinstance(table, dict):
        raise ConfigurationError(f"Config file {path}: `studio` must be a table")
    change(table)
    document["studio"] = table
    _write_document(path, document)


def _save_login(path: Path, url: str, token: str, team: str | None) -> None:
    def change(table: Any) -> None:
        table["url"] = url
        table["token"] = token
        if team is not None:
            table["team"] = team
        elif "team" in table:
            del table["team"]

    _edit_studio_table(path, change)


def _forget_token(path: Path) -> None:
    def change(table: Any) -> None:
        for key in ("token", "team"):
            if key in table:
                del table[key]

    _edit_studio_table(path, change)


def set_default_team(team: str, *, level: Level = "global") -> Path:
    """Save `team` as `studio.team` in that level's config file (`datachain auth team`).

    Args:
        team: The team calls act for when they name none.
        level: `global` (the user's file) or `local` (the project's).

    Returns:
        The config file written.

    Raises:
        InvalidRequestError: `team` is not a non-empty string, or `level` is unknown.
        ConfigurationError: The file cannot be read or written, or is not valid TOML.
    """
    if not isinstance(team, str) or not team.strip():
        raise InvalidRequestError(f"team must be a non-empty team name, got {team!r}")
    path = _level_file(_level(level))

    def change(table: Any) -> None:
        table["team"] = team.strip()

    _edit_studio_table(path, change)
    return path


def configured(name: Literal["token", "team", "url"]) -> str | None:
    """`studio.<name>` from the config files, merged as datachain merges them (the
    environment is not consulted, as `datachain auth token` and `auth team` do not)."""
    value = _merged_studio_table().get(name)
    return value if value else None


# --- running the flows --------------------------------------------------------------------------


_API = TypeVar("_API", SyncAPIClient, AsyncAPIClient)


def _api(kind: type[_API], timeout: Timeout, max_retries: int, token: str | None) -> _API:
    """A client for the sign-in calls (their paths are whole URLs), sending `token` if any."""
    return kind(
        base_url="",
        auth_header="" if token is None else f"token {token}",
        timeout=timeout,
        max_retries=max_retries,
        user_agent=user_agent(),
    )


def _show(code: DeviceCode, on_code: OnCode | None, open_browser: bool) -> None:
    (on_code or print_code)(code)
    if open_browser:
        import webbrowser

        try:
            webbrowser.open(code.url)
        except Exception:  # no browser here: the URL was shown, the person can open it
            logger.info("could not open a web browser for %s", code.url)


def _limits(timeout: Timeout, max_retries: int) -> tuple[Timeout, int]:
    check_timeout(timeout)
    return timeout, check_retries(max_retries)


# --- the public functions -----------------------------------------------------------------------


@operation("login")
def login(
    url: str | None = None,
    *,
    teams: Iterable[str] | None = None,
    scopes: str | Iterable[str] | None = None,
    token_name: str | None = None,
    expires_in_days: int | None = DEFAULT_EXPIRES_IN_DAYS,
    level: Level = "global",
    on_code: OnCode | None = None,
    open_browser: bool = False,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    wait_timeout: float | None = None,
    client_name: str = CLIENT_NAME,
    allow_insecure: bool = False,
    timeout: Timeout = SIGN_IN_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
) -> LoginResult:
    """Sign in to Studio with the device flow and save the token as `datachain auth login`.

    Args:
        url: The Studio to sign in to (default: `DATACHAIN_STUDIO_URL`, the config's
            `studio.url`, else https://studio.datachain.ai).
        teams: The teams the token is for (default: all of the user's). With exactly one,
            it is also saved as the default team; otherwise a saved default team is removed.
        scopes: What the token may do: `EXPERIMENTS`, `DATASETS`, `MODELS` (any case), as a
            list or a comma-separated string (default: Studio's default).
        token_name: A name for the token (default: Studio makes one up).
        expires_in_days: The token's lifetime in days (datachain's default: 365; None
            leaves it to Studio).
        level: Save in the user's config file (`global`) or the project's (`local`).
        on_code: Called once with the `DeviceCode` to show the person (default: print the
            URL and the code on stderr).
        open_browser: Also open the URL in a web browser.
        poll_interval: Seconds between two polls for the token.
        wait_timeout: Seconds to wait for the approval in all (default: until the codes
            expire, as Studio says).
        client_name: Who asks, as Studio shows it to the person approving.
        allow_insecure: Allow a plain http:// Studio that is not this machine.
        timeout: Seconds one request may take.
        max_retries: How often a transient failure of one request is retried.

    Returns:
        The `LoginResult`: the token (left out of its repr), its config file and team.

    Raises:
        AlreadyLoggedInError: The config files hold a token for this Studio already.
        AuthorizationExpiredError: The codes expired before they were approved.
        WaitTimeoutError: `wait_timeout` passed first.
        InvalidRequestError: An argument is invalid (an unknown scope, say); nothing is sent.
        ConfigurationError: A plain http:// URL (Studio's, or one Studio gave) without
            `allow_insecure`, or a config file that cannot be read or written (checked
            before anything is sent).
        SignInError: Studio's answer cannot be used: a `verification_uri` that is not an
            http(s) URL (it is neither shown nor opened), no usable token.
        APIStatusError: Studio refused to start the sign-in.
        APIConnectionError: Studio could not be reached.
    """
    plan = _login_plan(
        url, scopes, token_name, teams, expires_in_days, level, poll_interval, wait_timeout,
        allow_insecure, client_name, os.environ,
    )  # fmt: skip
    check.flag(open_browser, "open_browser")
    limits = _limits(timeout, max_retries)
    show = functools.partial(_show, on_code=on_code, open_browser=open_browser)
    result: LoginResult = run(_login_flow(plan), _api(SyncAPIClient, *limits, None), show)
    return result


@operation("login")
async def alogin(
    url: str | None = None,
    *,
    teams: Iterable[str] | None = None,
    scopes: str | Iterable[str] | None = None,
    token_name: str | None = None,
    expires_in_days: int | None = DEFAULT_EXPIRES_IN_DAYS,
    level: Level = "global",
    on_code: OnCode | None = None,
    open_browser: bool = False,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    wait_timeout: float | None = None,
    client_name: str = CLIENT_NAME,
    allow_insecure: bool = False,
    timeout: Timeout = SIGN_IN_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
) -> LoginResult:
    """`login` for asyncio: the same arguments, result and errors (see `login`).

    Args:
        url: The Studio to sign in to (default: as `Studio` finds it).
        teams: The teams the token is for; exactly one is also saved as the default team.
        scopes: `EXPERIMENTS`, `DATASETS`, `MODELS` (any case), a list or "a,b".
        token_name: A name for the token.
        expires_in_days: The token's lifetime in days (default 365).
        level: `global` or `local` config file.
        on_code: Called with the `DeviceCode` to show (default: print it on stderr).
        open_browser: Also open the URL in a web browser.
        poll_interval: Seconds between two polls.
        wait_timeout: Seconds to wait for approval in all (default: until the codes expire).
        client_name: Who asks, as Studio shows it.
        allow_insecure: Allow a plain http:// Studio that is not this machine.
        timeout: Seconds one request may take.
        max_retries: How often a transient failure of one request is retried.

    Returns:
        The `LoginResult`.

    Raises:
        AlreadyLoggedInError: The config files hold a token for this Studio already.
        AuthorizationExpiredError: The codes expired before they were approved.
        WaitTimeoutError: `wait_timeout` passed first.
        InvalidRequestError: An argument is invalid; nothing is sent.
        ConfigurationError: A plain http:// URL (Studio's, or one Studio gave) without
            `allow_insecure`, or a config file that cannot be read or written (checked
            before anything is sent).
        SignInError: Studio's answer cannot be used: a `verification_uri` that is not an
            http(s) URL (it is neither shown nor opened), no usable token.
        APIStatusError: Studio refused to start the sign-in.
        APIConnectionError: Studio could not be reached.
    """
    plan = _login_plan(
        url, scopes, token_name, teams, expires_in_days, level, poll_interval, wait_timeout,
        allow_insecure, client_name, os.environ,
    )  # fmt: skip
    check.flag(open_browser, "open_browser")
    limits = _limits(timeout, max_retries)
    api = _api(AsyncAPIClient, *limits, None)
    show = functools.partial(_show, on_code=on_code, open_browser=open_browser)
    result: LoginResult = await async_run(_login_flow(plan), api, show)
    return result


@operation("logout")
def logout(
    *,
    level: Level = "global",
    url: str | None = None,
    allow_insecure: bool = False,
    timeout: Timeout = SIGN_IN_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
) -> LogoutResult:
    """Revoke the token saved at `level` on Studio, then remove it (and the default team)
    from that config file, as `datachain auth logout` does.

    Args:
        level: The config file whose token to revoke: `global` or `local`.
        url: The Studio to revoke it on (default: `DATACHAIN_STUDIO_URL`, that file's
            `studio.url`, else https://studio.datachain.ai).
        allow_insecure: Allow a plain http:// Studio that is not this machine.
        timeout: Seconds the request may take.
        max_retries: How often a transient failure is retried.

    Returns:
        The `LogoutResult`; `revoked` is False when Studio answered 401 (the token was
        revoked already or is invalid: it is removed all the same, with a warning logged).

    Raises:
        NotLoggedInError: That config file holds no token.
        APIStatusError: Studio failed to revoke it (a 5xx, say): the token is kept.
        APIConnectionError: Studio could not be reached: the token is kept.
        ConfigurationError: A plain http:// URL without `allow_insecure`, or a config file
            that cannot be read or written.
        InvalidRequestError: An argument is invalid.
    """
    plan = _logout_plan(level, url, allow_insecure, os.environ)
    limits = _limits(timeout, max_retries)
    show = functools.partial(_show, on_code=None, open_browser=False)
    result: LogoutResult = run(_logout_flow(plan), _api(SyncAPIClient, *limits, plan.token), show)
    return result


@operation("logout")
async def alogout(
    *,
    level: Level = "global",
    url: str | None = None,
    allow_insecure: bool = False,
    timeout: Timeout = SIGN_IN_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
) -> LogoutResult:
    """`logout` for asyncio: the same arguments, result and errors (see `logout`).

    Args:
        level: The config file whose token to revoke: `global` or `local`.
        url: The Studio to revoke it on (default: as `logout` finds it).
        allow_insecure: Allow a plain http:// Studio that is not this machine.
        timeout: Seconds the request may take.
        max_retries: How often a transient failure is retried.

    Returns:
        The `LogoutResult`.

    Raises:
        NotLoggedInError: That config file holds no token.
        APIStatusError: Studio failed to revoke it: the token is kept.
        APIConnectionError: Studio could not be reached: the token is kept.
        ConfigurationError: A plain http:// URL without `allow_insecure`, or a config file
            that cannot be read or written.
        InvalidRequestError: An argument is invalid.
    """
    plan = _logout_plan(level, url, allow_insecure, os.environ)
    limits = _limits(timeout, max_retries)
    api = _api(AsyncAPIClient, *limits, plan.token)
    show = functools.partial(_show, on_code=None, open_browser=False)
    result: LogoutResult = await async_run(_logout_flow(plan), api, show)
    return result
