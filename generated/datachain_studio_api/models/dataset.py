from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..models.dataset_version_status import DatasetVersionStatus
from ..types import (
    _BOOL,
    _DATETIME,
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _List,
    _Mapping,
    _Model,
    _to_json,
)

if TYPE_CHECKING:
    from ..models.dataset_project import DatasetProject
    from ..models.dataset_version import DatasetVersion


class Dataset(Model):
    """A dataset, with its project and namespace (its full name is
    `<namespace>.<project>.<name>`) and its versions. `list_datasets` sends fewer fields
    than `get_dataset`; the official client needs a `uuid` in list answers and
    `_versions_loaded` in `get_dataset` answers.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        project: DatasetProject,
        versions: list[DatasetVersion],
        id: int | None = None,
        uuid: str | None = None,
        description: str | None = None,
        attrs: list[str] | None = None,
        status: DatasetVersionStatus | int | None = None,
        created_at: datetime.datetime | None = None,
        finished_at: datetime.datetime | None = None,
        error_message: str | None = None,
        error_stack: str | None = None,
        query_script: str | None = None,
        script_output: str | None = None,
        sources: str | None = None,
        job_id: str | None = None,
        team_id: int | None = None,
        warehouse_id: int | None = None,
        created_by_id: int | None = None,
        schema: Mapping[str, Mapping[str, Any]] | None = None,
        feature_schema: Mapping[str, Any] | None = None,
        field_versions_loaded: bool | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["name"] = _to_json(name)
        _sent["project"] = _to_json(project)
        _sent["versions"] = _to_json(versions)
        if id is not None:
            _sent["id"] = _to_json(id)
        if uuid is not None:
            _sent["uuid"] = _to_json(uuid)
        if description is not None:
            _sent["description"] = _to_json(description)
        if attrs is not None:
            _sent["attrs"] = _to_json(attrs)
        if status is not None:
            _sent["status"] = _to_json(status)
        if created_at is not None:
            _sent["created_at"] = _to_json(created_at)
        if finished_at is not None:
            _sent["finished_at"] = _to_json(finished_at)
        if error_message is not None:
            _sent["error_message"] = _to_json(error_message)
        if error_stack is not None:
            _sent["error_stack"] = _to_json(error_stack)
        if query_script is not None:
            _sent["query_script"] = _to_json(query_script)
        if script_output is not None:
            _sent["script_output"] = _to_json(script_output)
        if sources is not None:
            _sent["sources"] = _to_json(sources)
        if job_id is not None:
            _sent["job_id"] = _to_json(job_id)
        if team_id is not None:
            _sent["team_id"] = _to_json(team_id)
        if warehouse_id is not None:
            _sent["warehouse_id"] = _to_json(warehouse_id)
        if created_by_id is not None:
            _sent["created_by_id"] = _to_json(created_by_id)
        if schema is not None:
            _sent["schema"] = _to_json(schema)
        if feature_schema is not None:
            _sent["feature_schema"] = _to_json(feature_schema)
        if field_versions_loaded is not None:
            _sent["_versions_loaded"] = _to_json(field_versions_loaded)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.dataset_project import DatasetProject  # noqa: PLC0415
        from ..models.dataset_version import DatasetVersion  # noqa: PLC0415

        return (
            _Field("name", "name", _STR, True, False),
            _Field("project", "project", _Model(DatasetProject), True, False),
            _Field("versions", "versions", _List(_Model(DatasetVersion)), True, False),
            _Field("id", "id", _INT, False, False),
            _Field("uuid", "uuid", _STR, False, False),
            _Field("description", "description", _STR, False, True),
            _Field("attrs", "attrs", _List(_STR), False, True),
            _Field("status", "status", _Enum(DatasetVersionStatus, open=True), False, False),
            _Field("created_at", "created_at", _DATETIME, False, True),
            _Field("finished_at", "finished_at", _DATETIME, False, True),
            _Field("error_message", "error_message", _STR, False, True),
            _Field("error_stack", "error_stack", _STR, False, True),
            _Field("query_script", "query_script", _STR, False, True),
            _Field("script_output", "script_output", _STR, False, True),
            _Field("sources", "sources", _STR, False, True),
            _Field("job_id", "job_id", _STR, False, True),
            _Field("team_id", "team_id", _INT, False, True),
            _Field("warehouse_id", "warehouse_id", _INT, False, True),
            _Field("created_by_id", "created_by_id", _INT, False, True),
            _Field("schema", "schema", _Mapping(_Mapping(None)), False, True),
            _Field("feature_schema", "feature_schema", _Mapping(None), False, True),
            _Field("_versions_loaded", "field_versions_loaded", _BOOL, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def name(self) -> str: ...

        @property
        def project(self) -> DatasetProject:
            """The project a dataset belongs to, in its namespace."""

        @property
        def versions(self) -> list[DatasetVersion]: ...

        @property
        def id(self) -> int | None: ...

        @property
        def uuid(self) -> str | None: ...

        @property
        def description(self) -> str | None: ...

        @property
        def attrs(self) -> list[str] | None:
            """Free-form labels (`["dogs", "size=large"]`)."""

        @property
        def status(self) -> DatasetVersionStatus | None:
            """The dataset's status, in the numbers of a version's (`DatasetVersionStatus`), or
            another integer Studio adds later."""

        @property
        def created_at(self) -> datetime.datetime | None: ...

        @property
        def finished_at(self) -> datetime.datetime | None: ...

        @property
        def error_message(self) -> str | None: ...

        @property
        def error_stack(self) -> str | None: ...

        @property
        def query_script(self) -> str | None: ...

        @property
        def script_output(self) -> str | None: ...

        @property
        def sources(self) -> str | None: ...

        @property
        def job_id(self) -> str | None: ...

        @property
        def team_id(self) -> int | None: ...

        @property
        def warehouse_id(self) -> int | None: ...

        @property
        def created_by_id(self) -> int | None: ...

        @property
        def schema(self) -> dict[str, dict[str, Any]] | None: ...

        @property
        def feature_schema(self) -> dict[str, Any] | None: ...

        @property
        def field_versions_loaded(self) -> bool | None: ...

    else:
        name = _Deferred()
        project = _Deferred("The project a dataset belongs to, in its namespace.")
        versions = _Deferred()
        id = _Deferred()
        uuid = _Deferred()
        description = _Deferred()
        attrs = _Deferred('Free-form labels (`["dogs", "size=large"]`).')
        status = _Deferred(
            "The dataset's status, in the numbers of a version's (`DatasetVersionStatus`), or another integer Studio adds later."
        )
        created_at = _Deferred()
        finished_at = _Deferred()
        error_message = _Deferred()
        error_stack = _Deferred()
        query_script = _Deferred()
        script_output = _Deferred()
        sources = _Deferred()
        job_id = _Deferred()
        team_id = _Deferred()
        warehouse_id = _Deferred()
        created_by_id = _Deferred()
        schema = _Deferred()
        feature_schema = _Deferred()
        field_versions_loaded = _Deferred()

    @property
    def full_name(self) -> str:
        """The dataset's full name, `<namespace>.<project>.<name>` (`dev.animals.dogs`), as tables
        show it and every method of `studio.datasets` takes it (the official client's
        `full_name`). Derived from `project.namespace.name`, `project.name` and `name`; Studio
        does not send it."""
        return self._joined(
            ".",
            ("project", "namespace", "name"),
            ("project", "name"),
            ("name",),
        )
