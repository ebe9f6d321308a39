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


class AccessGroupUpdateInput(Model):
    """Fields left out keep their value.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str | None = None,
        description: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        if name is not None:
            _sent["name"] = _to_json(name)
        if description is not None:
            _sent["description"] = _to_json(description)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("name", "name", _STR, False, True),
            _Field("description", "description", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def name(self) -> str | None: ...

        @property
        def description(self) -> str | None: ...

    else:
        name = _Deferred()
        description = _Deferred()
