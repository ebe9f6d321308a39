from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
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
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("export_id", "export_id", _INT, True, False),
            _Field("signed_urls", "signed_urls", _List(_STR), True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def export_id(self) -> int: ...

        @property
        def signed_urls(self) -> list[str]:
            """The chunks' URLs, in order; fetch them without the Studio token."""

    else:
        export_id = _Deferred()
        signed_urls = _Deferred("The chunks' URLs, in order; fetch them without the Studio token.")
