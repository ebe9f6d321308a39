from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class DeviceTokenOutput(Model):
    """The `DeviceTokenOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        access_token: str,
        token_name: str | None = None,
        token_type: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["access_token"] = _to_json(access_token)
        if token_name is not None:
            _sent["token_name"] = _to_json(token_name)
        if token_type is not None:
            _sent["token_type"] = _to_json(token_type)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("access_token", "access_token", _STR, True, False),
            _Field("token_name", "token_name", _STR, False, False),
            _Field("token_type", "token_type", _STR, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def access_token(self) -> str:
            """The new token (test tokens start with `isat_`)."""

        @property
        def token_name(self) -> str | None: ...

        @property
        def token_type(self) -> str | None: ...

    else:
        access_token = _Deferred("The new token (test tokens start with `isat_`).")
        token_name = _Deferred()
        token_type = _Deferred()
