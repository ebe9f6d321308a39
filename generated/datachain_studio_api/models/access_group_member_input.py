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


class AccessGroupMemberInput(Model):
    """The `AccessGroupMemberInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        user_id: int,
        role: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["user_id"] = _to_json(user_id)
        _sent["role"] = _to_json(role)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("user_id", "user_id", _INT, True, False),
            _Field("role", "role", _STR, True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def user_id(self) -> int: ...

        @property
        def role(self) -> str:
            """The role to give, e.g. `read`, `write`, `admin`."""

    else:
        user_id = _Deferred()
        role = _Deferred("The role to give, e.g. `read`, `write`, `admin`.")
