"""What every resource shares: the request pipeline, the team a call acts for, and the
parameters every method takes.

A resource holds the client's request pipeline (`SyncAPIClient` or `AsyncAPIClient`) and
its default team, never the client itself. Every public method takes `team=`, `timeout=`
and `max_retries=`; they are explained here once (`shared_args`), and each method's
docstring gets them appended, so `help()` and docs/api.md show them for every method.
Every public method of a resource is a named call (`_base_client.operations`): its requests
carry `<area>.<method>` (`jobs.get`), the area being the resource's module, as the client's
attribute is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, TypeVar

from .._base_client import AsyncAPIClient, SyncAPIClient, operations
from .._config import auth_command
from .._exceptions import ConfigurationError, InvalidRequestError

Team: TypeAlias = str | None
Headers: TypeAlias = Mapping[str, str] | None
Query: TypeAlias = Mapping[str, Any] | None
Body: TypeAlias = Mapping[str, Any] | None

F = TypeVar("F", bound=Callable[..., Any])


class Resource:
    """Base of the resource classes: the request pipeline, and the client's team."""

    _api: SyncAPIClient | AsyncAPIClient

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Name the public methods of a resource class `<area>.<method>` (see `operations`):
        `resources/_async/jobs.py` defines the calls `jobs.*`."""
        super().__init_subclass__(**kwargs)
        operations(cls.__module__.rpartition(".")[2])(cls)

    def __init__(self, api: SyncAPIClient | AsyncAPIClient, team: str | None) -> None:
        self._api = api
        self._default_team = team

    def _team(self, team: Team) -> str:
        """The team for a call that needs one; `ConfigurationError` if there is none."""
        chosen = _checked(team) or self._default_team
        if chosen:
            return chosen
        raise ConfigurationError(
            "This operation needs a team and none is set: pass team=..., set "
            f"DATACHAIN_STUDIO_TEAM, or run {auth_command('team <name>')}."
        )

    def _optional_team(self, team: Team) -> str | None:
        """The team for a call where Studio can infer it from the token (None: not sent)."""
        chosen = _checked(team) or self._default_team
        return chosen if chosen else None


class SyncResource(Resource):
    """A resource of `Studio`."""

    _api: SyncAPIClient


class AsyncResource(Resource):
    """A resource of `AsyncStudio`."""

    _api: AsyncAPIClient


def _checked(team: object) -> str | None:
    if team is not None and not isinstance(team, str):
        raise InvalidRequestError(f"team must be a string, got {team!r}")
    return team


# --- the parameters every method shares, explained once ---------------------------------------

TEAM = "The team to act for; by default the client's `team`."
TEAM_OR_TOKEN = "The team to act for; by default the client's `team`, else the team of the token."
TIMEOUT = (
    "Seconds one attempt may take (a positive number, or an `httpx2.Timeout` with every part "
    "set); by default the client's."
)
RETRIES = (
    "How many times a transient failure (a connection failure, a timeout, 408, 429 or any "
    "5xx) is retried (a whole number from 0 up); by default the client's."
)
RETRIES_ONCE = (
    "How many times a failure is retried (a whole number from 0 up); by default the "
    "client's. Only failures where Studio cannot have acted on the request are retried (no "
    "connection was made, or it answered 429 or 503), so it is never done twice."
)
EACH_TIMEOUT = (
    "Seconds each request may take (a positive number, or an `httpx2.Timeout` with every part "
    "set); by default the client's. No request outlasts `wait_timeout`."
)
EACH_RETRIES = (
    "How many times a transient failure of a request is retried; by default the client's. "
    "No retry starts once `wait_timeout` has passed."
)

EXTRA_HEADERS = (
    "Headers to add to the request (a mapping of names to printable ASCII text), for what "
    "this method does not model; they win over the client's `default_headers`. They add, "
    "never replace: `Authorization`, `Cookie`, `User-Agent`, `Accept`, `Content-Type` and the "
    "like stay the client's, and naming one raises `InvalidRequestError`."
)
EXTRA_QUERY = (
    "Query parameters to add (a mapping of names to values, sent as the method's own are). "
    "A parameter the method sends, or the team, cannot be replaced: `InvalidRequestError`."
)
EXTRA_BODY = (
    "Fields to add to the JSON object the method sends. A field it sends, or the team, "
    "cannot be replaced, and a call without a JSON body refuses it: `InvalidRequestError`."
)

_WIDTH = 92
_SECTION = re.compile(r"^(\s*)(Args|Returns|Yields|Raises):\s*$")


def shared_args(
    *,
    team: str = TEAM,
    timeout: str = TIMEOUT,
    max_retries: str = RETRIES,
    extras: bool = True,
) -> Callable[[F], F]:
    """Append `team`, `timeout` and `max_retries` (and, with `extras`, `extra_headers`,
    `extra_query` and `extra_body`) to the `Args:` of the method's docstring.

    The texts default to the common ones above; a method passes its own variant where it
    differs (a team Studio can infer from the token, a call that is never sent twice).
    `extras=False` for a method of many requests (waiting, following, downloading).
    """

    def document(method: F) -> F:
        entries = {"team": team, "timeout": timeout, "max_retries": max_retries}
        if extras:
            entries |= {
                "extra_headers": EXTRA_HEADERS,
                "extra_query": EXTRA_QUERY,
                "extra_body": EXTRA_BODY,
            }
        method.__doc__ = _with_args(method.__doc__ or "", entries)
        return method

    return document


def _with_args(doc: str, entries: dict[str, str]) -> str:
    lines = doc.split("\n")
    sections = [(i, m) for i, line in enumerate(lines) if (m := _SECTION.match(line))]
    if not sections:
        raise ValueError("a documented method needs a Returns: or Raises: section")
    indent = sections[0][1].group(1)
    found = [i for i, m in sections if m.group(2) == "Args"]
    if found:
        start = found[0]
        later = [i for i, _ in sections if i > start]
        end = later[0] if later else len(lines)
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        block: list[str] = []
    else:
        end = sections[0][0]
        block = [f"{indent}Args:"]
    for name, text in entries.items():
        block += _wrapped(f"{name}: {text}", indent + "    ")
    if not found:
        block.append("")
    return "\n".join(lines[:end] + block + lines[end:])


def _wrapped(text: str, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(
        text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent + "    "
    )
