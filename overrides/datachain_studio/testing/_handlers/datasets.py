"""The dataset operations of the contract, and the export chunks the local Studio serves.

Handlers (`OPERATIONS`; the data is `_dataset_model`):
- `list_datasets`, `get_dataset`: live datasets and versions; with `include_removed` the
  removed ones too (status 8 tombstones). An unknown dataset is 404
  `{"message": "Dataset <ns>.<project>.<name> not found"}`.
- `update_dataset`: rename (`new_name`; 409 when the project holds that name already, a
  removed dataset's included), `description`, `attrs`; a null field is left as it is.
- `delete_dataset`: `version` removes that version; a null `version` removes every version
  and needs `force: true` (else 400), as the official client's own removal does ("Missing
  dataset version from input for dataset <name>" without a version and without force;
  `--force`: "Force delete registered dataset with all of its versions"). Assumed for Studio:
  its meaning of `force` is not known. Removed versions stay as tombstones; their exports
  end (status `removed`, chunks 410).
- Edit and removal name the dataset by `namespace`, `project`, `name`; a null namespace or
  project is the default one a job's short name gets (`@<username>`, `default`: see
  `_dataset_model.default_names`), assumed.
- `list_dataset_job_versions`: the versions a job's `.save(...)` calls created when it
  completed; `dataset_name` is the dataset's full name `<ns>.<project>.<name>` (assumed:
  Studio's own form is not known; the official client prints `    - <dataset_name>@v<version>`).
- `export_dataset`, `get_dataset_export_status`: see below.

Exports. An export cuts the version's rows into chunks of `State.export_chunk_rows` rows and
answers at once with one URL per chunk, `<base>/_exports/<secret>/<index>.parquet.lz4`: outside
the contract (not checked against openapi.yaml, as a signed S3 URL is not), needing no token
(the unguessable `secret` is the signature). Chunks are written as the export goes on: one
every `State.export_delay` seconds of the emulator's clock from the export's start (0, the
default: all at once; None: only when driven, `StudioEmulator.advance_export`). A chunk not
written yet answers 404, as Studio's storage does (the official client waits and retries on
404: official-client-beyond-reference.md, 2.8); a chunk of an export whose version was
removed answers 410; a wrong secret or index 403.

A chunk is what real Studio serves (ibid., 2.8): a Parquet file in an LZ4 frame, DateTime
columns as epoch seconds, with `sys__id` and `sys__rand` (`_export_chunks` says what is known
and what is assumed), `application/octet-stream`; the official client's `dataset pull` reads
it. pyarrow and lz4 (the `testing` extra) are imported when the first export starts; without
them an export is answered 501 with a message naming the extra.
"""

from __future__ import annotations

import re
import secrets
import uuid

from .. import _export_chunks
from .._dataset_model import (
    STATUS_REMOVED,
    BadName,
    Dataset,
    DatasetExport,
    DatasetProject,
    DatasetVersion,
    check_part,
    copy_rows,
    default_names,
    find_dataset,
    full_name,
)
from .._jobs import Job
from .._state import State, Team
from .base import ApiError, Context, Handler, LocalRoute, Reply, Request

__all__ = ["EXPORTS_PREFIX", "OPERATIONS", "export_route"]

EXPORTS_PREFIX = "/_exports/"
_CHUNK_PATH = re.compile(
    r"/_exports/([A-Za-z0-9_-]{16,128})/(0|[1-9][0-9]{0,8})" + re.escape(_export_chunks.SUFFIX)
)


# --- reading -------------------------------------------------------------------------------


def list_datasets(ctx: Context) -> Reply:
    include_removed = bool(ctx.params.get("include_removed", False))
    prefix = ctx.params.get("prefix") or ""
    shown = []
    for dataset in sorted(ctx.team.datasets.values(), key=lambda d: d.id):
        if (dataset.removed and not include_removed) or not dataset.name.startswith(prefix):
            continue
        project = ctx.team.dataset_projects[dataset.project_id]
        shown.append(dataset.list_json(project, include_removed=include_removed))
    return Reply(200, shown)


def get_dataset(ctx: Context) -> Reply:
    include_removed = bool(ctx.params.get("include_removed", False))
    dataset, project = _dataset(
        ctx,
        ctx.params["namespace"],
        ctx.params["project"],
        ctx.params["name"],
        include_removed=include_removed,
    )
    return Reply(200, dataset.info_json(project, include_removed=include_removed))


def list_dataset_job_versions(ctx: Context) -> Reply:
    job = _job(ctx.team, ctx.params["job_id"])
    made = []
    for dataset in ctx.team.datasets.values():
        project = ctx.team.dataset_projects[dataset.project_id]
        name = full_name(project.namespace, project.name, dataset.name)
        made += [(v.id, name, v.version) for v in dataset.versions if v.job_id == job.id]
    return Reply(
        200,
        {"dataset_versions": [{"dataset_name": n, "version": v} for _, n, v in sorted(made)]},
    )


# --- changing ------------------------------------------------------------------------------


def update_dataset(ctx: Context) -> Reply:
    dataset, project = _named(ctx)
    new_name = ctx.field("new_name")
    if new_name is not None and new_name != dataset.name:
        _check(new_name, "dataset")
        if find_dataset(ctx.team, project.namespace, project.name, new_name, include_removed=True):
            taken = full_name(project.namespace, project.name, new_name)
            raise ApiError(409, f"Dataset {taken} already exists")
    attrs = ctx.field("attrs")
    # Checked everything: now change.
    if new_name is not None:
        dataset.name = new_name
    if ctx.field("description") is not None:
        dataset.description = ctx.field("description")
    if attrs is not None:
        dataset.attrs = [str(a) for a in attrs]
    return Reply(200, {"ok": True})


def delete_dataset(ctx: Context) -> Reply:
    dataset, project = _named(ctx)
    version_text = ctx.field("version")
    if version_text is None:
        if not ctx.field("force"):
            raise ApiError(
                400,
                f"Missing dataset version from input for dataset {dataset.name}: name a "
                "version, or set force to remove every version",
            )
        doomed = dataset.live_versions
    else:
        found = dataset.version(str(version_text))
        if found is None or found.removed:
            name = full_name(project.namespace, project.name, dataset.name)
            raise ApiError(404, f"Dataset {name} has no version {version_text}")
        doomed = [found]
    now = ctx.state.now()
    gone = {v.id for v in doomed}
    for version in doomed:
        version.status = STATUS_REMOVED
        version.removed_at = now
    for export in ctx.team.dataset_exports.values():
        if export.version_id in gone:
            export.removed = True
            export.next_at = None
    return Reply(200, {"ok": True})


# --- exports -------------------------------------------------------------------------------


def export_dataset(ctx: Context) -> Reply:
    dataset, project = _dataset(
        ctx, ctx.params["namespace"], ctx.params["project"], ctx.params["name"]
    )
    text = ctx.params["version"]
    version = dataset.version(text)
    name = full_name(project.namespace, project.name, dataset.name)
    if version is None:
        raise ApiError(404, f"Dataset {name} has no version {text}")
    if version.removed:
        raise ApiError(404, f"Dataset {name} version {text} is removed: it cannot be exported")
    try:
        _export_chunks.require()
    except _export_chunks.MissingWriter as exc:
        raise ApiError(501, str(exc)) from None
    chunk_rows = max(1, ctx.state.export_chunk_rows)
    export = DatasetExport(
        id=ctx.state.next_id(),
        secret=secrets.token_urlsafe(24),
        dataset_id=dataset.id,
        version_id=version.id,
        created_at=ctx.state.now(),
        num_files=-(-version.num_objects // chunk_rows),
        chunk_rows=chunk_rows,
        step_seconds=ctx.state.export_delay,
    )
    export.start()
    ctx.team.dataset_exports[export.id] = export
    urls = [
        f"{ctx.base_url}{EXPORTS_PREFIX}{export.secret}/{n}{_export_chunks.SUFFIX}"
        for n in range(export.num_files)
    ]
    return Reply(200, {"export_id": export.id, "signed_urls": urls})


def get_dataset_export_status(ctx: Context) -> Reply:
    export = ctx.team.dataset_exports.get(ctx.params["export_id"])
    if export is None:
        raise ApiError(404, f"Export {ctx.params['export_id']} not found")
    export.catch_up(ctx.state.now())
    return Reply(200, export.status_json())


def export_route(state: State) -> LocalRoute:
    """The route of `/_exports/...` (`App.local_routes`): export chunks, without a token
    (see above)."""

    def serve(request: Request) -> Reply:
        if request.method not in ("GET", "HEAD"):  # uvicorn sends no body to a HEAD
            text = f"Method {request.method} not allowed"
            return Reply(405, {"message": text, "detail": text}, {"Allow": "GET, HEAD"})
        return _chunk(state, request.path)

    return serve


def _chunk(state: State, path: str) -> Reply:
    """The answer to a chunk URL: what to write is read under the state's lock, the bytes are
    made after it (encoding takes a while: other requests go on meanwhile)."""
    match = _CHUNK_PATH.fullmatch(path)
    if match is None:
        raise ApiError(403, "Invalid or expired signature")
    secret, index = match[1], int(match[2])
    with state.lock:
        found = _export_of(state, secret)
        if found is None:
            raise ApiError(403, "Invalid or expired signature")
        team, export = found
        version, start = _chunk_of(state, team, export, index)
        lines = copy_rows(version.rows, start, start + export.chunk_rows)
        schema, version_uuid = version.schema, version.uuid
    try:
        data = _export_chunks.encode_chunk(
            lines.splitlines(), schema, first_id=start + 1, version_uuid=version_uuid
        )
    except _export_chunks.MissingWriter as exc:
        raise ApiError(501, str(exc)) from None
    return Reply(200, data, {"Content-Type": _export_chunks.CONTENT_TYPE})


def _export_of(state: State, secret: str) -> tuple[Team, DatasetExport] | None:
    for team in state.teams.values():
        for export in team.dataset_exports.values():
            if secrets.compare_digest(export.secret, secret):
                return team, export
    return None


def _chunk_of(
    state: State, team: Team, export: DatasetExport, index: int
) -> tuple[DatasetVersion, int]:
    """The version of a chunk that is written, and the chunk's first row (from 0)."""
    if index >= export.num_files:
        raise ApiError(403, "Invalid or expired signature")
    before = export.ready
    export.catch_up(state.now())
    if export.ready != before:
        state.commit(team)
    if export.removed:
        raise ApiError(410, "The export was removed")
    if index >= export.ready:
        raise ApiError(404, "The chunk is not written yet")
    version = _version(team, export)
    if version is None:  # cannot be: versions are never deleted, only marked removed
        raise ApiError(410, "The export was removed")
    return version, index * export.chunk_rows


def _version(team: Team, export: DatasetExport) -> DatasetVersion | None:
    dataset = team.datasets.get(export.dataset_id)
    if dataset is None:
        return None
    return next((v for v in dataset.versions if v.id == export.version_id), None)


# --- helpers -------------------------------------------------------------------------------


def _check(text: str, what: str) -> None:
    try:
        check_part(text, what)
    except BadName as exc:
        raise ApiError(400, str(exc)) from None


def _dataset(
    ctx: Context, namespace: str, project: str, name: str, *, include_removed: bool = False
) -> tuple[Dataset, DatasetProject]:
    dataset = find_dataset(ctx.team, namespace, project, name, include_removed=include_removed)
    if dataset is None:
        raise ApiError(404, f"Dataset {full_name(namespace, project, name)} not found")
    return dataset, ctx.team.dataset_projects[dataset.project_id]


def _named(ctx: Context) -> tuple[Dataset, DatasetProject]:
    """The live dataset an edit or removal body names (null namespace or project: the
    defaults of a job's short name, for the caller)."""
    namespace, project = ctx.field("namespace"), ctx.field("project")
    if namespace is None or project is None:
        default_namespace, default_project = default_names(ctx.user.username)
        namespace = default_namespace if namespace is None else namespace
        project = default_project if project is None else project
    return _dataset(ctx, str(namespace), str(project), str(ctx.body["name"]))


def _job(team: Team, job_id: str) -> Job:
    # Any text is taken (the official client's tests send `job_id=1`); only a job's id finds
    # it (ids are UUIDs, compared in their canonical form).
    try:
        wanted = str(uuid.UUID(job_id.strip()))
    except ValueError:
        raise ApiError(404, f"Job {job_id} not found") from None
    job = team.jobs.get(wanted)
    if job is None:
        raise ApiError(404, f"Job {job_id} not found")
    return job


OPERATIONS: dict[str, Handler] = {
    "list_datasets": list_datasets,
    "get_dataset": get_dataset,
    "list_dataset_job_versions": list_dataset_job_versions,
    "update_dataset": update_dataset,
    "delete_dataset": delete_dataset,
    "export_dataset": export_dataset,
    "get_dataset_export_status": get_dataset_export_status,
}
