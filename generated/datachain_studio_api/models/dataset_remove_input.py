from __future__ import annotations

from typing import Any

from ..types import (
    _BOOL,
    _STR,
    Model,
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
        self._data = _sent
        self._cache = None

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

    @property
    def name(self) -> str:
        return self._data.get("name")

    @property
    def namespace(self) -> str | None:
        return self._data.get("namespace")

    @property
    def project(self) -> str | None:
        return self._data.get("project")

    @property
    def version(self) -> str | None:
        """One version to remove; null removes the dataset with all its versions (with `force`)."""
        return self._data.get("version")

    @property
    def force(self) -> bool | None:
        """Needed to remove the whole dataset (`version` null); ignored with a version."""
        return self._data.get("force")

    @property
    def team_name(self) -> str | None:
        """The team; the token's own team when null or absent."""
        return self._data.get("team_name")
