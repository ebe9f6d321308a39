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
    _Union,
)


class JobLogLine(Model):
    """One log line; `id`s increase through a job's log.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: int | str,
        message: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["message"] = _to_json(message)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("id", "id", _Union(_INT, _STR), True, False),
            _Field("message", "message", _STR, True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def id(self) -> int | str: ...

        @property
        def message(self) -> str: ...

    else:
        id = _Deferred()
        message = _Deferred()
