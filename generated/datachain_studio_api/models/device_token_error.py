from __future__ import annotations

from typing import Any

from ..models.device_token_error_detail_type_0 import DeviceTokenErrorDetailType0
from ..types import (
    _STR,
    Model,
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
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("detail", "detail", _Enum(DeviceTokenErrorDetailType0, open=True), True, False),
            _Field("message", "message", _STR, False, False),
        )

    @property
    def detail(self) -> DeviceTokenErrorDetailType0:
        return self._get("detail")

    @property
    def message(self) -> str | None:
        return self._data.get("message")
