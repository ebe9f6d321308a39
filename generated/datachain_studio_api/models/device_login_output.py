from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class DeviceLoginOutput(Model):
    """The `DeviceLoginOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        device_code: str,
        user_code: str,
        verification_uri: str,
        token_uri: str,
        token_name: str | None = None,
        expires_in: int | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["device_code"] = _to_json(device_code)
        _sent["user_code"] = _to_json(user_code)
        _sent["verification_uri"] = _to_json(verification_uri)
        _sent["token_uri"] = _to_json(token_uri)
        if token_name is not None:
            _sent["token_name"] = _to_json(token_name)
        if expires_in is not None:
            _sent["expires_in"] = _to_json(expires_in)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("device_code", "device_code", _STR, True, False),
            _Field("user_code", "user_code", _STR, True, False),
            _Field("verification_uri", "verification_uri", _STR, True, False),
            _Field("token_uri", "token_uri", _STR, True, False),
            _Field("token_name", "token_name", _STR, False, False),
            _Field("expires_in", "expires_in", _INT, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def device_code(self) -> str:
            """The client's secret for polling `token_uri`; never shown to people."""

        @property
        def user_code(self) -> str:
            """The code the person confirms in the browser."""

        @property
        def verification_uri(self) -> str:
            """Where the person goes; the official CLI opens `<verification_uri>?code=<user_code>`."""

        @property
        def token_uri(self) -> str:
            """The absolute URL to poll (`poll_device_token`); use it as given."""

        @property
        def token_name(self) -> str | None:
            """The name the token will have."""

        @property
        def expires_in(self) -> int | None:
            """Seconds until the codes expire."""

    else:
        device_code = _Deferred("The client's secret for polling `token_uri`; never shown to people.")
        user_code = _Deferred("The code the person confirms in the browser.")
        verification_uri = _Deferred(
            "Where the person goes; the official CLI opens `<verification_uri>?code=<user_code>`."
        )
        token_uri = _Deferred("The absolute URL to poll (`poll_device_token`); use it as given.")
        token_name = _Deferred("The name the token will have.")
        expires_in = _Deferred("Seconds until the codes expire.")
