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


class UpdatePipelineSettingsInput(Model):
    """The `UpdatePipelineSettingsInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        team_name: str,
        pipeline_name: str,
        python_version: str | None = None,
        requirements: str | None = None,
        repository: str | None = None,
        workers: int | None = None,
        priority: int | None = None,
        environment: str | None = None,
        files: list[str] | None = None,
        credentials_names: list[str] | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["team_name"] = _to_json(team_name)
        _sent["pipeline_name"] = _to_json(pipeline_name)
        if python_version is not None:
            _sent["python_version"] = _to_json(python_version)
        if requirements is not None:
            _sent["requirements"] = _to_json(requirements)
        if repository is not None:
            _sent["repository"] = _to_json(repository)
        if workers is not None:
            _sent["workers"] = _to_json(workers)
        if priority is not None:
            _sent["priority"] = _to_json(priority)
        if environment is not None:
            _sent["environment"] = _to_json(environment)
        if files is not None:
            _sent["files"] = _to_json(files)
        if credentials_names is not None:
            _sent["credentials_names"] = _to_json(credentials_names)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("team_name", "team_name", _STR, True, False),
            _Field("pipeline_name", "pipeline_name", _STR, True, False),
            _Field("python_version", "python_version", _STR, False, True),
            _Field("requirements", "requirements", _STR, False, True),
            _Field("repository", "repository", _STR, False, True),
            _Field("workers", "workers", _INT, False, True),
            _Field("priority", "priority", _INT, False, True),
            _Field("environment", "environment", _STR, False, True),
            _Field("files", "files", _List(_STR), False, True),
            _Field("credentials_names", "credentials_names", _List(_STR), False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def team_name(self) -> str: ...

        @property
        def pipeline_name(self) -> str: ...

        @property
        def python_version(self) -> str | None: ...

        @property
        def requirements(self) -> str | None: ...

        @property
        def repository(self) -> str | None: ...

        @property
        def workers(self) -> int | None: ...

        @property
        def priority(self) -> int | None: ...

        @property
        def environment(self) -> str | None:
            """Environment variables, one `NAME=value` per line."""

        @property
        def files(self) -> list[str] | None:
            """Ids of uploaded files, as text, as for `JobInput.files`."""

        @property
        def credentials_names(self) -> list[str] | None: ...

    else:
        team_name = _Deferred()
        pipeline_name = _Deferred()
        python_version = _Deferred()
        requirements = _Deferred()
        repository = _Deferred()
        workers = _Deferred()
        priority = _Deferred()
        environment = _Deferred("Environment variables, one `NAME=value` per line.")
        files = _Deferred("Ids of uploaded files, as text, as for `JobInput.files`.")
        credentials_names = _Deferred()
