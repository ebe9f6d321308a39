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


class UserOutput(Model):
    """The `UserOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        username: str,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["username"] = _to_json(username)
        if first_name is not None:
            _sent["first_name"] = _to_json(first_name)
        if last_name is not None:
            _sent["last_name"] = _to_json(last_name)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("username", "username", _STR, True, False),
            _Field("first_name", "first_name", _STR, False, True),
            _Field("last_name", "last_name", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def username(self) -> str: ...

        @property
        def first_name(self) -> str | None: ...

        @property
        def last_name(self) -> str | None: ...

    else:
        username = _Deferred()
        first_name = _Deferred()
        last_name = _Deferred()
