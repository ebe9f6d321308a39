from __future__ import annotations

from typing import Any

from ..types import (
    _INT,
    _STR,
    Model,
    _Field,
    _List,
    _to_json,
)


class DatasetExportOutput(Model):
    """The `DatasetExportOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        export_id: int,
        signed_urls: list[str],
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["export_id"] = _to_json(export_id)
        _sent["signed_urls"] = _to_json(signed_urls)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("export_id", "export_id", _INT, True, False),
            _Field("signed_urls", "signed_urls", _List(_STR), True, False),
        )

    @property
    def export_id(self) -> int:
        return self._get("export_id")

    @property
    def signed_urls(self) -> list[str]:
        """The chunks' URLs, in order; fetch them without the Studio token."""
        return self._get("signed_urls")
