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


class DatasetJobVersion(Model):
    """The `DatasetJobVersion` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        dataset_name: str,
        version: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["dataset_name"] = _to_json(dataset_name)
        _sent["version"] = _to_json(version)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("dataset_name", "dataset_name", _STR, True, False),
            _Field("version", "version", _STR, True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def dataset_name(self) -> str:
            """The dataset's full name, `<namespace>.<project>.<name>` (the local Studio's form;
            real Studio's is not known). The official client prints `<dataset_name>@v<version>`."""

        @property
        def version(self) -> str: ...

    else:
        dataset_name = _Deferred(
            "The dataset's full name, `<namespace>.<project>.<name>` (the local Studio's form;real Studio's is not known). The official client prints `<dataset_name>@v<version>`."
        )
        version = _Deferred()
