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


class AccessRuleOutput(Model):
    """A rule granting a permission on a resource to a user or a group. `resource_id` is an
    integer in the reference's responses but a string in its requests: both are accepted.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: UUID,
        resource_type: str,
        permission: str,
        resource_uuid: str | None = None,
        resource_id: int | str | None = None,
        resource_name: str | None = None,
        user_id: int | None = None,
        user_email: str | None = None,
        group_id: UUID | None = None,
        group_name: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["resource_type"] = _to_json(resource_type)
        _sent["permission"] = _to_json(permission)
        if resource_uuid is not None:
            _sent["resource_uuid"] = _to_json(resource_uuid)
        if resource_id is not None:
            _sent["resource_id"] = _to_json(resource_id)
        if resource_name is not None:
            _sent["resource_name"] = _to_json(resource_name)
        if user_id is not None:
            _sent["user_id"] = _to_json(user_id)
        if user_email is not None:
            _sent["user_email"] = _to_json(user_email)
        if group_id is not None:
            _sent["group_id"] = _to_json(group_id)
        if group_name is not None:
            _sent["group_name"] = _to_json(group_name)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("id", "id", _UUID, True, False),
            _Field("resource_type", "resource_type", _STR, True, False),
            _Field("permission", "permission", _STR, True, False),
            _Field("resource_uuid", "resource_uuid", _STR, False, True),
            _Field("resource_id", "resource_id", _Union(_INT, _STR), False, True),
            _Field("resource_name", "resource_name", _STR, False, True),
            _Field("user_id", "user_id", _INT, False, True),
            _Field("user_email", "user_email", _STR, False, True),
            _Field("group_id", "group_id", _UUID, False, True),
            _Field("group_name", "group_name", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def id(self) -> UUID: ...

        @property
        def resource_type(self) -> str:
            """What kind of resource, e.g. `namespace`, `project`, `dataset`."""

        @property
        def permission(self) -> str:
            """e.g. `read`, `write`, `admin`."""

        @property
        def resource_uuid(self) -> str | None: ...

        @property
        def resource_id(self) -> int | str | None: ...

        @property
        def resource_name(self) -> str | None: ...

        @property
        def user_id(self) -> int | None: ...

        @property
        def user_email(self) -> str | None: ...

        @property
        def group_id(self) -> UUID | None: ...

        @property
        def group_name(self) -> str | None: ...

    else:
        id = _Deferred()
        resource_type = _Deferred("What kind of resource, e.g. `namespace`, `project`, `dataset`.")
        permission = _Deferred("e.g. `read`, `write`, `admin`.")
        resource_uuid = _Deferred()
        resource_id = _Deferred()
        resource_name = _Deferred()
        user_id = _Deferred()
        user_email = _Deferred()
        group_id = _Deferred()
        group_name = _Deferred()
