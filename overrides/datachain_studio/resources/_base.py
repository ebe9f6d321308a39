"""What every resource shares: its client, and the team a call acts for."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from .._exceptions import InvalidRequestError

if TYPE_CHECKING:
    from .._client import AsyncStudio, Studio

Team: TypeAlias = str | None


class Resource:
    """Base of the resource classes: holds the client."""

    def __init__(self, client: Studio | AsyncStudio) -> None:
        self._client = client

    def _team(self, team: Team) -> str:
        """The team for a call that needs one; `ConfigurationError` if there is none."""
        return self._client._team_for(_checked(team))

    def _optional_team(self, team: Team) -> str | None:
        """The team for a call where Studio can infer it from the token (None: not sent)."""
        chosen = _checked(team) or self._client.team
        return chosen if chosen else None


def _checked(team: object) -> str | None:
    if team is not None and not isinstance(team, str):
        raise InvalidRequestError(f"team must be a string, got {team!r}")
    return team


class SyncResource(Resource):
    """A resource of `Studio`."""

    _client: Studio


class AsyncResource(Resource):
    """A resource of `AsyncStudio`."""

    _client: AsyncStudio
