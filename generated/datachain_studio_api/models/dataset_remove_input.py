from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _BOOL,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class DatasetRemoveInput(Model):
    """The `DatasetRemoveInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        namespace: str | None = None,
        project: str | None = None,
        version: str | None = None,
        force: bool | None = None,
        team_name: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["name"] = _to_json(name)
        if namespace is not None:
            _sent["namespace"] = _to_json(namespace)
        if project is not None:
            _sent["project"] = _to_json(project)
        if version is not None:
            _sent["version"] = _to_json(version)
        if force is not None:
            _sent["force"] = _to_json(force)
        if team_name is not None:
            _sent["team_name"] = _to_json(team_name)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("name", "name", _STR, True, False),
            _Field("namespace", "namespace", _STR, False, True),
            _Field("project", "project", _STR, False, True),
            _Field("version", "version", _STR, False, True),
            _Field("force", "force", _BOOL, False, True),
            _Field("team_name", "team_name", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def name(self) -> str: ...

        @property
        def namespace(self) -> str | None: ...

        @property
        def project(self) -> str | None: ...

        @property
        def version(self) -> str | None:
            """One version to remove; null removes the dataset with all its versions (with
            `force`)."""

        @property
        def force(self) -> bool | None:
            """Needed to remove the whole dataset (`version` null); ignored with a version."""

        @property
        def team_name(self) -> str | None:
            """The team; the token's own team when null or absent."""

    else:
        name = _Deferred()
        namespace = _Deferred()
        project = _Deferred()
        version = _Deferred("One version to remove; null removes the dataset with all its versions (with `force`).")
        force = _Deferred("Needed to remove the whole dataset (`version` null); ignored with a version.")
        team_name = _Deferred("The team; the token's own team when null or absent.")
