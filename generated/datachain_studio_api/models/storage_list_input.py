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


class StorageListInput(Model):
    """Which storage path to list, for which team.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        source: str,
        team_name: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["source"] = _to_json(source)
        _sent["team_name"] = _to_json(team_name)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("source", "source", _STR, True, False),
            _Field("team_name", "team_name", _STR, True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def source(self) -> str:
            """The path as the user typed it: a storage URI such as `s3://bucket`,
            `s3://bucket/dir/` or `gs://bucket/dir/file.csv`."""

        @property
        def team_name(self) -> str: ...

    else:
        source = _Deferred(
            "The path as the user typed it: a storage URI such as `s3://bucket`,`s3://bucket/dir/` or `gs://bucket/dir/file.csv`."
        )
        team_name = _Deferred()
