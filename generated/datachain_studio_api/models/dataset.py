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
        self._data = _sent
        self._cache = None

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

    @property
    def name(self) -> str:
        return self._data.get("name")

    @property
    def project(self) -> DatasetProject:
        """The project a dataset belongs to, in its namespace."""
        return self._get("project")

    @property
    def versions(self) -> list[DatasetVersion]:
        return self._get("versions")

    @property
    def id(self) -> int | None:
        return self._get("id")

    @property
    def uuid(self) -> str | None:
        return self._data.get("uuid")

    @property
    def description(self) -> str | None:
        return self._data.get("description")

    @property
    def attrs(self) -> list[str] | None:
        """Free-form labels (`["dogs", "size=large"]`)."""
        return self._get("attrs")

    @property
    def status(self) -> DatasetVersionStatus | None:
        """The dataset's status, in the numbers of a version's (`DatasetVersionStatus`), or another
        integer Studio adds later."""
        return self._get("status")

    @property
    def created_at(self) -> datetime.datetime | None:
        return self._get("created_at")

    @property
    def finished_at(self) -> datetime.datetime | None:
        return self._get("finished_at")

    @property
    def error_message(self) -> str | None:
        return self._data.get("error_message")

    @property
    def error_stack(self) -> str | None:
        return self._data.get("error_stack")

    @property
    def query_script(self) -> str | None:
        return self._data.get("query_script")

    @property
    def script_output(self) -> str | None:
        return self._data.get("script_output")

    @property
    def sources(self) -> str | None:
        return self._data.get("sources")

    @property
    def job_id(self) -> str | None:
        return self._data.get("job_id")

    @property
    def team_id(self) -> int | None:
        return self._get("team_id")

    @property
    def warehouse_id(self) -> int | None:
        return self._get("warehouse_id")

    @property
    def created_by_id(self) -> int | None:
        return self._get("created_by_id")

    @property
    def schema(self) -> dict[str, dict[str, Any]] | None:
        return self._get("schema")

    @property
    def feature_schema(self) -> dict[str, Any] | None:
        return self._get("feature_schema")

    @property
    def field_versions_loaded(self) -> bool | None:
        return self._data.get("_versions_loaded")

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
