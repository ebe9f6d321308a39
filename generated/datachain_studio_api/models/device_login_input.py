from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _BOOL,
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _List,
    _to_json,
)


class DeviceLoginInput(Model):
    """What the client asks for. The official client leaves out `token_name`, `scopes` and
    `team_names` when they are not given, and always sends `expires_in_days` (its CLI
    default is 365).

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        client_name: str,
        token_name: str | None = None,
        scopes: list[str] | None = None,
        team_names: list[str] | None = None,
        all_teams: bool | None = None,
        expires_in_days: int | None = None,
        never_expires: bool | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["client_name"] = _to_json(client_name)
        if token_name is not None:
            _sent["token_name"] = _to_json(token_name)
        if scopes is not None:
            _sent["scopes"] = _to_json(scopes)
        if team_names is not None:
            _sent["team_names"] = _to_json(team_names)
        if all_teams is not None:
            _sent["all_teams"] = _to_json(all_teams)
        if expires_in_days is not None:
            _sent["expires_in_days"] = _to_json(expires_in_days)
        if never_expires is not None:
            _sent["never_expires"] = _to_json(never_expires)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("client_name", "client_name", _STR, True, False),
            _Field("token_name", "token_name", _STR, False, True),
            _Field("scopes", "scopes", _List(_STR), False, True),
            _Field("team_names", "team_names", _List(_STR), False, True),
            _Field("all_teams", "all_teams", _BOOL, False, True),
            _Field("expires_in_days", "expires_in_days", _INT, False, True),
            _Field("never_expires", "never_expires", _BOOL, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def client_name(self) -> str:
            """Who asks, shown to the person approving (`DataChain` for the official CLI)."""

        @property
        def token_name(self) -> str | None:
            """A name for the token (Studio makes one up when none is given)."""

        @property
        def scopes(self) -> list[str] | None:
            """What the token may do: `EXPERIMENTS`, `DATASETS`, `MODELS`, in any case (the
            official client checks them without regard to case and sends them as typed)."""

        @property
        def team_names(self) -> list[str] | None:
            """The teams the token is for (none given: every team of the person)."""

        @property
        def all_teams(self) -> bool | None:
            """Ask for every team explicitly (dvc_studio_client sends it when set; datachain 0.62
            never does)."""

        @property
        def expires_in_days(self) -> int | None:
            """The token's lifetime in days."""

        @property
        def never_expires(self) -> bool | None:
            """Ask for a token that never expires (dvc_studio_client sends it when set; datachain
            0.62 never does)."""

    else:
        client_name = _Deferred("Who asks, shown to the person approving (`DataChain` for the official CLI).")
        token_name = _Deferred("A name for the token (Studio makes one up when none is given).")
        scopes = _Deferred(
            "What the token may do: `EXPERIMENTS`, `DATASETS`, `MODELS`, in any case (theofficial client checks them without regard to case and sends them as typed)."
        )
        team_names = _Deferred("The teams the token is for (none given: every team of the person).")
        all_teams = _Deferred(
            "Ask for every team explicitly (dvc_studio_client sends it when set; datachain 0.62 never does)."
        )
        expires_in_days = _Deferred("The token's lifetime in days.")
        never_expires = _Deferred(
            "Ask for a token that never expires (dvc_studio_client sends it when set; datachain 0.62 never does)."
        )
