from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models.device_token_error_detail_type_0 import DeviceTokenErrorDetailType0
from ..types import (
    _STR,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _to_json,
)


class DeviceTokenError(Model):
    """Why there is no token yet: `detail` is `authorization_pending` (ask again later) or
    `authorization_expired` (start again); other texts may come for other problems.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        detail: DeviceTokenErrorDetailType0 | str,
        message: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["detail"] = _to_json(detail)
        if message is not None:
            _sent["message"] = _to_json(message)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("detail", "detail", _Enum(DeviceTokenErrorDetailType0, open=True), True, False),
            _Field("message", "message", _STR, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def detail(self) -> DeviceTokenErrorDetailType0: ...

        @property
        def message(self) -> str | None: ...

    else:
        detail = _Deferred()
        message = _Deferred()
