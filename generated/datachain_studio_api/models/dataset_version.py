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
    _to_json,
)

if TYPE_CHECKING:
    pass


class DatasetVersion(Model):
    """One version of a dataset. The official client needs `id`, `uuid`, `dataset_id`,
    `version`, `status`, `created_at`, `finished_at`, `error_message`, `error_stack`,
    `num_objects` and `size` in list answers, and `_preview_loaded` and `preview` in
    `get_dataset` answers.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        version: str,
        id: int | None = None,
        uuid: str | None = None,
        dataset_id: int | None = None,
        status: DatasetVersionStatus | int | None = None,
        created_at: datetime.datetime | None = None,
        finished_at: datetime.datetime | None = None,
        removed_at: datetime.datetime | None = None,
        error_message: str | None = None,
        error_stack: str | None = None,
        num_objects: int | None = None,
        size: int | None = None,
        job_id: str | None = None,
        query_script: str | None = None,
        script_output: str | None = None,
        sources: str | None = None,
        content_hash: str | None = None,
        created_by_id: int | None = None,
        schema: Mapping[str, Mapping[str, Any]] | None = None,
        feature_schema: Mapping[str, Any] | None = None,
        preview: list[Mapping[str, Any]] | None = None,
        field_preview_loaded: bool | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["version"] = _to_json(version)
        if id is not None:
            _sent["id"] = _to_json(id)
        if uuid is not None:
            _sent["uuid"] = _to_json(uuid)
        if dataset_id is not None:
            _sent["dataset_id"] = _to_json(dataset_id)
        if status is not None:
            _sent["status"] = _to_json(status)
        if created_at is not None:
            _sent["created_at"] = _to_json(created_at)
        if finished_at is not None:
            _sent["finished_at"] = _to_json(finished_at)
        if removed_at is not None:
            _sent["removed_at"] = _to_json(removed_at)
        if error_message is not None:
            _sent["error_message"] = _to_json(error_message)
        if error_stack is not None:
            _sent["error_stack"] = _to_json(error_stack)
        if num_objects is not None:
            _sent["num_objects"] = _to_json(num_objects)
        if size is not None:
            _sent["size"] = _to_json(size)
        if job_id is not None:
            _sent["job_id"] = _to_json(job_id)
        if query_script is not None:
            _sent["query_script"] = _to_json(query_script)
        if script_output is not None:
            _sent["script_output"] = _to_json(script_output)
        if sources is not None:
            _sent["sources"] = _to_json(sources)
        if content_hash is not None:
            _sent["content_hash"] = _to_json(content_hash)
        if created_by_id is not None:
            _sent["created_by_id"] = _to_json(created_by_id)
        if schema is not None:
            _sent["schema"] = _to_json(schema)
        if feature_schema is not None:
            _sent["feature_schema"] = _to_json(feature_schema)
        if preview is not None:
            _sent["preview"] = _to_json(preview)
        if field_preview_loaded is not None:
            _sent["_preview_loaded"] = _to_json(field_preview_loaded)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("version", "version", _STR, True, False),
            _Field("id", "id", _INT, False, False),
            _Field("uuid", "uuid", _STR, False, False),
            _Field("dataset_id", "dataset_id", _INT, False, False),
            _Field("status", "status", _Enum(DatasetVersionStatus, open=True), False, False),
            _Field("created_at", "created_at", _DATETIME, False, True),
            _Field("finished_at", "finished_at", _DATETIME, False, True),
            _Field("removed_at", "removed_at", _DATETIME, False, True),
            _Field("error_message", "error_message", _STR, False, True),
            _Field("error_stack", "error_stack", _STR, False, True),
            _Field("num_objects", "num_objects", _INT, False, True),
            _Field("size", "size", _INT, False, True),
            _Field("job_id", "job_id", _STR, False, True),
            _Field("query_script", "query_script", _STR, False, True),
            _Field("script_output", "script_output", _STR, False, True),
            _Field("sources", "sources", _STR, False, True),
            _Field("content_hash", "content_hash", _STR, False, True),
            _Field("created_by_id", "created_by_id", _INT, False, True),
            _Field("schema", "schema", _Mapping(_Mapping(None)), False, True),
            _Field("feature_schema", "feature_schema", _Mapping(None), False, True),
            _Field("preview", "preview", _List(_Mapping(None)), False, True),
            _Field("_preview_loaded", "field_preview_loaded", _BOOL, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def version(self) -> str:
            """A semantic version, `MAJOR.MINOR.PATCH`."""

        @property
        def id(self) -> int | None: ...

        @property
        def uuid(self) -> str | None: ...

        @property
        def dataset_id(self) -> int | None: ...

        @property
        def status(self) -> DatasetVersionStatus | None:
            """The version's status (`DatasetVersionStatus`: `COMPLETE`; `REMOVING` and `REMOVED`
            mark a removed version), or another integer Studio adds later."""

        @property
        def created_at(self) -> datetime.datetime | None: ...

        @property
        def finished_at(self) -> datetime.datetime | None: ...

        @property
        def removed_at(self) -> datetime.datetime | None: ...

        @property
        def error_message(self) -> str | None: ...

        @property
        def error_stack(self) -> str | None: ...

        @property
        def num_objects(self) -> int | None:
            """Number of rows."""

        @property
        def size(self) -> int | None:
            """Size of the files the rows refer to, in bytes."""

        @property
        def job_id(self) -> str | None:
            """The job that created the version."""

        @property
        def query_script(self) -> str | None: ...

        @property
        def script_output(self) -> str | None: ...

        @property
        def sources(self) -> str | None: ...

        @property
        def content_hash(self) -> str | None: ...

        @property
        def created_by_id(self) -> int | None: ...

        @property
        def schema(self) -> dict[str, dict[str, Any]] | None:
            """Column name to `{"type": <type name>}` (String, Int64, DateTime, ...)."""

        @property
        def feature_schema(self) -> dict[str, Any] | None: ...

        @property
        def preview(self) -> list[dict[str, Any]] | None:
            """The first rows, when Studio sends them."""

        @property
        def field_preview_loaded(self) -> bool | None: ...

    else:
        version = _Deferred("A semantic version, `MAJOR.MINOR.PATCH`.")
        id = _Deferred()
        uuid = _Deferred()
        dataset_id = _Deferred()
        status = _Deferred(
            "The version's status (`DatasetVersionStatus`: `COMPLETE`; `REMOVING` and `REMOVED` mark a removed version), or another integer Studio adds later."
        )
        created_at = _Deferred()
        finished_at = _Deferred()
        removed_at = _Deferred()
        error_message = _Deferred()
        error_stack = _Deferred()
        num_objects = _Deferred("Number of rows.")
        size = _Deferred("Size of the files the rows refer to, in bytes.")
        job_id = _Deferred("The job that created the version.")
        query_script = _Deferred()
        script_output = _Deferred()
        sources = _Deferred()
        content_hash = _Deferred()
        created_by_id = _Deferred()
        schema = _Deferred('Column name to `{"type": <type name>}` (String, Int64, DateTime, ...).')
        feature_schema = _Deferred()
        preview = _Deferred("The first rows, when Studio sends them.")
        field_preview_loaded = _Deferred()
