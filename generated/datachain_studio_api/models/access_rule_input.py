from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..types import (
    _INT,
    _STR,
    _UUID,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
    _Union,
)


class AccessRuleInput(Model):
    """Give either `user_id` or `group_id`.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        resource_type: str,
        resource_id: str | int,
        permission: str,
        user_id: int | None = None,
        group_id: UUID | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["resource_type"] = _to_json(resource_type)
        _sent["resource_id"] = _to_json(resource_id)
        _sent["permission"] = _to_json(permission)
        if user_id is not None:
            _sent["user_id"] = _to_json(user_id)
        if group_id is not None:
            _sent["group_id"] = _to_json(group_id)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("resource_type", "resource_type", _STR, True, False),
            _Field("resource_id", "resource_id", _Union(_STR, _INT), True, False),
            _Field("permission", "permission", _STR, True, False),
            _Field("user_id", "user_id", _INT, False, True),
            _Field("group_id", "group_id", _UUID, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def resource_type(self) -> str: ...

        @property
        def resource_id(self) -> str | int:
            """A string in the reference's requests, an integer in its responses; both are
            accepted."""

        @property
        def permission(self) -> str: ...

        @property
        def user_id(self) -> int | None: ...

        @property
        def group_id(self) -> UUID | None: ...

    else:
        resource_type = _Deferred()
        resource_id = _Deferred("A string in the reference's requests, an integer in its responses; both are accepted.")
        permission = _Deferred()
        user_id = _Deferred()
        group_id = _Deferred()
