"""Datasets in the local Studio: namespaces and projects, datasets, their versions and rows,
exports, and the versions a job saves when it completes.

This module holds the data and the rules; `_handlers.datasets` answers the API with it.

Names. A dataset is `<namespace>.<project>.<name>`. Names, projects and namespaces hold no
`.` and no `@` (the official client's rule, `datachain/dataset.py`
`DATASET_NAME_RESERVED_CHARS`), except that a namespace may start with one `@`: Studio's
namespace of a user is `@<username>` ("Studio: Namespace: @<username> ... Project: default",
docs.datachain.ai/guide/namespaces).

Versions are semantic versions, `MAJOR.MINOR.PATCH`, oldest first. A removed version stays as
a tombstone (status 8 REMOVED, `removed_at` set), hidden unless `include_removed`, and keeps
its number: a new version bumps past the highest ever used, as the official client does
("Bumps past the highest semver ever used, including REMOVED ones, so deleted semvers are
never reclaimed", `datachain/dataset.py` `next_version_patch`). A dataset whose versions
are all removed is itself removed (hidden the same way); a job that saves it again brings it
back with a new version.

Rows are kept as JSON Lines text (one JSON object per line): cheap to store and to slice
into export chunks. The preview is the first `PREVIEW_ROWS` rows.

Jobs: when a job COMPLETES, every `.save(...)` call its query makes creates a version (see
`parse_saves` and `record_job_saves`). The emulator runs nothing: the query is read, not run.

What the functions here need of the emulator's state and of a team is said by two protocols,
`Ids` and `Catalog` (`_state.State` and `_state.Team` are them), so this module sits below
`_state`, which holds the datasets.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ._jobs import Job
from ._when import add

__all__ = [
    "DEFAULT_PROJECT",
    "DEMO_DATASETS",
    "MAX_JOB_ROWS",
    "PREVIEW_ROWS",
    "ROWS_MARKER",
    "STATUS_COMPLETE",
    "STATUS_REMOVED",
    "BadName",
    "Catalog",
    "Dataset",
    "DatasetExport",
    "DatasetProject",
    "DatasetVersion",
    "Ids",
    "Save",
    "bump",
    "check_part",
    "copy_rows",
    "default_names",
    "encode_rows",
    "find_dataset",
    "full_name",
    "new_version",
    "parse_name",
    "parse_saves",
    "project_for",
    "record_job_saves",
    "semver",
    "ts",
]

STATUS_COMPLETE = 4  # the official client's DatasetStatus.COMPLETE
STATUS_REMOVED = 8  # DatasetStatus.REMOVED; 7 REMOVING is never used here
PREVIEW_ROWS = 20  # assumed: Studio's preview length is not known
DEFAULT_PROJECT = "default"  # Studio's default project (docs.datachain.ai/guide/namespaces)
ROWS_MARKER = "# emulator: rows"  # a query line `# emulator: rows 5`: its saves get 5 rows
MAX_JOB_ROWS = 10_000  # the most rows a job's saved version gets (queries are hostile input)

# What `--demo-datasets` seeds (`python -m datachain_studio.testing`, `datachain-studio
# emulator`): entries as `StudioEmulator.seed_datasets` takes them.
DEMO_DATASETS: list[dict[str, Any]] = [
    {
        "name": "dev.animals.dogs",
        "description": "Dog pictures",
        "attrs": ["dogs", "dataset"],
        "versions": {
            "1.0.0": [
                {"file__path": f"dogs/{n}.jpg", "file__size": 1000 + n, "breed": breed}
                for n, breed in enumerate(["beagle", "collie", "husky"], 1)
            ],
            "1.0.1": [
                {"file__path": f"dogs/{n}.jpg", "file__size": 1000 + n, "breed": breed}
                for n, breed in enumerate(["beagle", "collie", "husky", "poodle", "pug"], 1)
            ],
        },
    },
    {
        "name": "dev.animals.cats",
        "description": "Cat pictures",
        "attrs": ["cats"],
        "versions": ["1.0.0"],
        "rows": [{"file__path": "cats/1.jpg", "file__size": 2001, "breed": "siamese"}],
    },
]

_SEMVER = re.compile(r"(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})", re.ASCII)
_PART = re.compile(r"[^.@\s]+")
_NAMESPACE = re.compile(r"@?[^.@\s]+")
# Used only when the query is not valid Python (so `ast` cannot read it): `.save("name")` or
# `.save(name="name")` with a plain string literal.
_SAVE_TEXT = re.compile(r"""\.save\(\s*(?:name\s*=\s*)?(['"])([^'"\\\n]+)\1""")


class BadName(ValueError):
    """A dataset, project or namespace name that breaks the naming rules."""


def ts(moment: dt.datetime | None) -> str | None:
    """A dataset time as Studio writes it: ISO 8601 in UTC with microseconds and an offset,
    `2024-02-23T10:42:31.842944+00:00` (official-client-beyond-reference.md, 11)."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def semver(text: str) -> tuple[int, int, int] | None:
    """`1.2.3` as (1, 2, 3); None when it is not `MAJOR.MINOR.PATCH`."""
    match = _SEMVER.fullmatch(text)
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def bump(used: Iterable[str], part: str = "patch") -> str:
    """The next version after the highest in `used` (removed ones count): `1.0.0` when there
    is none. `part` is `major`, `minor` or `patch` (the official client's `update_version`)."""
    numbers = [v for v in (semver(text) for text in used) if v is not None]
    if not numbers:
        return "1.0.0"
    major, minor, patch = max(numbers)
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def parse_name(
    text: str, *, namespace: str | None = None, project: str | None = None
) -> tuple[str, str, str]:
    """(namespace, project, name) from `ns.project.name`, `project.name` or `name`, the
    missing parts from `namespace`/`project`; `BadName` if a part is missing or bad."""
    parts = text.split(".")
    if len(parts) > 3:
        raise BadName(f"Invalid dataset name {text}: at most namespace.project.name")
    name = parts[-1]
    project = parts[-2] if len(parts) > 1 else project
    namespace = parts[-3] if len(parts) > 2 else namespace
    if namespace is None or project is None:
        raise BadName(f"Dataset name {text} needs a namespace and a project")
    check_part(namespace, "namespace")
    check_part(project, "project")
    check_part(name, "dataset")
    return namespace, project, name


def check_part(text: str, what: str) -> None:
    """`BadName` unless `text` is a valid name of a `what` (namespace, project, dataset)."""
    pattern = _NAMESPACE if what == "namespace" else _PART
    if not pattern.fullmatch(text):
        raise BadName(
            f"Invalid {what} name {text!r}: it must not be empty nor hold '.', '@' or spaces"
        )


def full_name(namespace: str, project: str, name: str) -> str:
    return f"{namespace}.{project}.{name}"


# --- the data ------------------------------------------------------------------------------


@dataclass
class DatasetProject:
    """A project with its namespace (kept together: the namespace's fields are copied into
    every project of it, so they stay the same across projects)."""

    id: int
    uuid: str
    name: str
    created_at: dt.datetime
    namespace_id: int
    namespace_uuid: str
    namespace: str
    namespace_created_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "name": self.name,
            "descr": None,
            "created_at": ts(self.created_at),
            "namespace": {
                "id": self.namespace_id,
                "uuid": self.namespace_uuid,
                "name": self.namespace,
                "descr": None,
                "created_at": ts(self.namespace_created_at),
            },
        }


@dataclass
class DatasetVersion:
    id: int
    uuid: str
    dataset_id: int
    version: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    num_objects: int
    size: int
    schema: dict[str, dict[str, Any]]
    feature_schema: dict[str, Any]
    rows: str = ""  # JSON Lines: one JSON object per line
    status: int = STATUS_COMPLETE
    job_id: str | None = None
    query_script: str = ""
    created_by_id: int | None = None
    removed_at: dt.datetime | None = None

    @property
    def removed(self) -> bool:
        return self.status in (7, STATUS_REMOVED)

    def row_lines(self) -> list[str]:
        return self.rows.splitlines()

    def preview(self) -> list[dict[str, Any]]:
        lines = self.rows.split("\n", PREVIEW_ROWS)[:PREVIEW_ROWS]
        return [json.loads(line) for line in lines if line]

    def list_json(self) -> dict[str, Any]:
        """The version as `list_datasets` shows it: every field the official client's
        `DatasetListVersion` needs (official-client-beyond-reference.md, 2.1), and
        `removed_at`, which tells a removed version (with `include_removed`) when it went
        (the official client ignores keys it does not know)."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "dataset_id": self.dataset_id,
            "version": self.version,
            "status": self.status,
            "created_at": ts(self.created_at),
            "finished_at": ts(self.finished_at),
            "error_message": "",
            "error_stack": "",
            "num_objects": self.num_objects,
            "size": self.size,
            "query_script": self.query_script,
            "job_id": self.job_id,
            "removed_at": ts(self.removed_at),
        }

    def info_json(self) -> dict[str, Any]:
        """The version as `get_dataset` shows it: the keys the official 0.62 client's
        `DatasetVersion.from_dict` needs, `_preview_loaded` and `preview` among them
        (official-client-beyond-reference.md, 2.2)."""
        return {
            **self.list_json(),
            "feature_schema": self.feature_schema,
            "schema": self.schema,
            "script_output": "",
            "sources": "",
            "content_hash": None,
            "created_by_id": self.created_by_id,
            "removed_at": ts(self.removed_at),
            "pending_metadata_drop": False,
            "preview": self.preview(),
            "_preview_loaded": True,
        }


@dataclass
class Dataset:
    id: int
    uuid: str
    name: str
    project_id: int
    created_at: dt.datetime
    description: str | None = None
    attrs: list[str] = field(default_factory=list)
    versions: list[DatasetVersion] = field(default_factory=list)  # oldest first
    created_by_id: int | None = None

    @property
    def live_versions(self) -> list[DatasetVersion]:
        return [v for v in self.versions if not v.removed]

    @property
    def removed(self) -> bool:
        """Every version is removed (a dataset always has at least one version)."""
        return not self.live_versions

    def version(self, text: str) -> DatasetVersion | None:
        return next((v for v in self.versions if v.version == text), None)

    def shown_versions(self, include_removed: bool) -> list[DatasetVersion]:
        return list(self.versions) if include_removed else self.live_versions

    def list_json(self, project: DatasetProject, *, include_removed: bool) -> dict[str, Any]:
        """The dataset as `list_datasets` shows it (a dataset-level `uuid` is mandatory for
        the official 0.62 client: official-client-beyond-reference.md, 2.1)."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "name": self.name,
            "description": self.description,
            "attrs": list(self.attrs),
            "created_at": ts(self.created_at),
            "project": project.to_json(),
            "versions": [v.list_json() for v in self.shown_versions(include_removed)],
        }

    def info_json(self, project: DatasetProject, *, include_removed: bool) -> dict[str, Any]:
        """The dataset as `get_dataset` shows it, with `_versions_loaded` (official 0.62
        client: official-client-beyond-reference.md, 2.2)."""
        shown = self.shown_versions(include_removed)
        latest = (self.live_versions or self.versions)[-1]
        return {
            "id": self.id,
            "uuid": self.uuid,
            "name": self.name,
            "description": self.description,
            "attrs": list(self.attrs),
            "project": project.to_json(),
            "schema": latest.schema,
            "feature_schema": latest.feature_schema,
            "status": STATUS_REMOVED if self.removed else STATUS_COMPLETE,
            "created_at": ts(self.created_at),
            "finished_at": ts(latest.finished_at),
            "error_message": "",
            "error_stack": "",
            "script_output": "",
            "sources": "",
            "query_script": latest.query_script,
            "job_id": latest.job_id,
            "created_by_id": self.created_by_id,
            "versions": [v.info_json() for v in shown],
            "_versions_loaded": True,
        }


@dataclass
class DatasetExport:
    """An export of one version: its rows cut into `num_files` chunks of `chunk_rows` rows,
    served at `/_exports/<secret>/<index>.parquet.lz4` (see `_handlers.datasets`). `ready`
    chunks are written; the next one is written at `next_at` (None: only when driven), one
    every `step_seconds`."""

    id: int
    secret: str
    dataset_id: int
    version_id: int
    created_at: dt.datetime
    num_files: int
    chunk_rows: int
    step_seconds: float | None
    ready: int = 0
    next_at: dt.datetime | None = None
    removed: bool = False

    def start(self) -> None:
        """Plan the chunks' writing from `created_at`."""
        if self.step_seconds == 0:
            self.ready = self.num_files
        elif self.step_seconds is not None and self.ready < self.num_files:
            self.next_at = add(self.created_at, dt.timedelta(seconds=self.step_seconds))

    def catch_up(self, now: dt.datetime) -> None:
        """Write every chunk that is due by `now`."""
        step = self.step_seconds
        while (
            self.next_at is not None
            and step is not None
            and self.next_at <= now
            and self.ready < self.num_files
        ):
            self.ready += 1
            self.next_at = add(self.next_at, dt.timedelta(seconds=step))
        if self.ready >= self.num_files or self.removed:
            self.next_at = None

    def advance(self, chunks: int = 1) -> None:
        """Write the next `chunks` chunks now."""
        if not self.removed:
            self.ready = min(self.num_files, self.ready + chunks)
        if self.ready >= self.num_files:
            self.next_at = None

    @property
    def status(self) -> str:
        # `pending` and `running` are assumed names (the contract's DatasetExportState).
        if self.removed:
            return "removed"
        if self.ready >= self.num_files:
            return "completed"
        return "running" if self.ready else "pending"

    def status_json(self) -> dict[str, Any]:
        return {"status": self.status, "files_done": self.ready, "num_files": self.num_files}


# --- finding and making --------------------------------------------------------------------


class Ids(Protocol):
    """What making datasets needs of the emulator's state: ids unique across teams, and the
    time."""

    def next_id(self) -> int: ...

    def now(self) -> dt.datetime: ...


class Catalog(Protocol):
    """What finding and making datasets needs of a team: its datasets and its projects (with
    their namespaces), by id."""

    @property
    def datasets(self) -> dict[int, Dataset]: ...

    @property
    def dataset_projects(self) -> dict[int, DatasetProject]: ...


def find_dataset(
    team: Catalog, namespace: str, project: str, name: str, *, include_removed: bool = False
) -> Dataset | None:
    """The team's dataset `namespace.project.name` (None: there is none, or it is removed
    and `include_removed` is false)."""
    for dataset in team.datasets.values():
        if dataset.name != name:
            continue
        found = team.dataset_projects[dataset.project_id]
        if found.name == project and found.namespace == namespace:
            return dataset if include_removed or not dataset.removed else None
    return None


def project_for(
    state: Ids, team: Catalog, namespace: str, project: str, at: dt.datetime | None = None
) -> DatasetProject:
    """The team's project `namespace.project`, made (with its namespace) if there is none."""
    same_namespace = None
    for found in team.dataset_projects.values():
        if found.namespace == namespace:
            if found.name == project:
                return found
            same_namespace = found
    now = at or state.now()
    made = DatasetProject(
        id=state.next_id(),
        uuid=str(uuid.uuid4()),
        name=project,
        created_at=now,
        namespace_id=same_namespace.namespace_id if same_namespace else state.next_id(),
        namespace_uuid=same_namespace.namespace_uuid if same_namespace else str(uuid.uuid4()),
        namespace=namespace,
        namespace_created_at=same_namespace.namespace_created_at if same_namespace else now,
    )
    team.dataset_projects[made.id] = made
    return made


def encode_rows(
    rows: Iterable[Mapping[str, Any]],
) -> tuple[str, dict[str, dict[str, Any]], dict[str, Any], int, int]:
    """Rows as (JSON Lines, schema, feature_schema, count, size).

    The schema is worked out from the values (the first non-null one of each column):
    bool Boolean, int Int64, float Float64, str String, datetime DateTime (sent as ISO text),
    dict/list JSON, only nulls String. `size` is the sum of a `file__size` column (the size of
    the files the rows refer to), 0 without one. `ValueError` for a row that is not a mapping
    with text keys, or a value JSON cannot hold.
    """
    lines: list[str] = []
    types: dict[str, tuple[str, str]] = {}
    size = 0
    for number, row in enumerate(rows):
        if not isinstance(row, Mapping) or not all(isinstance(k, str) for k in row):
            raise ValueError(f"row {number} is not a mapping with text keys: {row!r}"[:200])
        plain: dict[str, Any] = {}
        for key, value in row.items():
            if value is not None and not types.get(key, ("", ""))[0]:
                types[key] = _column_type(value)
            else:
                types.setdefault(key, ("", ""))
            plain[key] = value.isoformat() if isinstance(value, dt.datetime) else value
        try:
            lines.append(json.dumps(plain, ensure_ascii=False, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"row {number} cannot be sent as JSON: {exc}") from None
        file_size = plain.get("file__size")
        if isinstance(file_size, int) and not isinstance(file_size, bool):
            size += file_size
    schema = {k: {"type": t or "String"} for k, (t, _) in types.items()}
    feature_schema: dict[str, Any] = {k: p or "str" for k, (_, p) in types.items()}
    text = "\n".join(lines) + ("\n" if lines else "")
    return text, schema, feature_schema, len(lines), size


def _column_type(value: Any) -> tuple[str, str]:
    """(the schema's type name, the feature schema's Python type) of a value."""
    if isinstance(value, bool):
        return "Boolean", "bool"
    if isinstance(value, int):
        return "Int64", "int"
    if isinstance(value, float):
        return "Float64", "float"
    if isinstance(value, dt.datetime):
        return "DateTime", "datetime"
    if isinstance(value, dict | list):
        return "JSON", "dict" if isinstance(value, dict) else "list"
    return "String", "str"


def new_version(
    state: Ids,
    team: Catalog,
    namespace: str,
    project: str,
    name: str,
    *,
    version: str | None = None,
    part: str = "patch",
    rows: Iterable[Mapping[str, Any]] = (),
    description: str | None = None,
    attrs: Sequence[str] | None = None,
    job: Job | None = None,
    created_by_id: int | None = None,
    at: dt.datetime | None = None,
) -> tuple[Dataset, DatasetVersion]:
    """Add a version to the dataset (made, with its project, if there is none): `version`,
    else the next one (`bump` by `part`). `ValueError` if `version` is not `MAJOR.MINOR.PATCH`
    or is taken (removed versions count), or the rows are bad; nothing changes then.
    `description` and `attrs`, when given, replace the dataset's."""
    check_part(namespace, "namespace")
    check_part(project, "project")
    check_part(name, "dataset")
    dataset = find_dataset(team, namespace, project, name, include_removed=True)
    used = [v.version for v in dataset.versions] if dataset else []
    if version is None:
        version = bump(used, part)
    elif semver(version) is None:
        raise ValueError(f"Invalid version {version!r}: it must be MAJOR.MINOR.PATCH")
    elif version in used:
        raise ValueError(f"Dataset {full_name(namespace, project, name)} has version {version}")
    text, schema, feature_schema, count, size = encode_rows(rows)
    now = at or state.now()
    if dataset is None:
        home = project_for(state, team, namespace, project, now)
        dataset = Dataset(
            id=state.next_id(),
            uuid=str(uuid.uuid4()),
            name=name,
            project_id=home.id,
            created_at=now,
            created_by_id=created_by_id,
        )
        team.datasets[dataset.id] = dataset
    made = DatasetVersion(
        id=state.next_id(),
        uuid=str(uuid.uuid4()),
        dataset_id=dataset.id,
        version=version,
        created_at=(job.started_at or job.created_at) if job else now,
        finished_at=now,
        num_objects=count,
        size=size,
        schema=schema,
        feature_schema=feature_schema,
        rows=text,
        job_id=job.id if job else None,
        query_script=job.query if job else "",
        created_by_id=created_by_id,
    )
    dataset.versions.append(made)
    dataset.versions.sort(key=lambda v: semver(v.version) or (0, 0, 0))
    if description is not None:
        dataset.description = description
    if attrs is not None:
        dataset.attrs = list(attrs)
    return dataset, made


# --- jobs that save datasets ---------------------------------------------------------------


@dataclass(frozen=True)
class Save:
    """One `.save(...)` call found in a query: the literal arguments it was given."""

    name: str
    version: str | None = None
    update_version: str = "patch"
    description: str | None = None
    attrs: tuple[str, ...] | None = None


def parse_saves(query: str) -> list[Save]:
    """The `.save(...)` calls of a query, in the order they appear.

    How: the query is parsed with `ast` (the emulator never runs it); every call of a method
    named `save` whose name (first argument, or `name=`) is a string literal counts, with
    `version=`, `update_version=`, `description=` and `attrs=` when they are literals too.
    A name built at run time (a variable, an f-string) cannot be known and is skipped. A
    query that is not valid Python falls back to a regular expression for `.save("name")`
    and `.save(name="name")`. Any `.save` counts, not only DataChain's (an image's
    `img.save("out.png")` reads as project `out`, dataset `png`): the emulator cannot tell.
    """
    try:
        tree = ast.parse(query)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # ValueError: a NUL byte
        return [Save(match[2]) for match in _SAVE_TEXT.finditer(query)]
    saves = []
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "save"
    ]
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        name = _literal(call.args[0] if call.args else keywords.get("name"))
        if not isinstance(name, str) or not name:
            continue
        version = _literal(keywords.get("version"))
        part = _literal(keywords.get("update_version"))
        description = _literal(keywords.get("description"))
        attrs = _literal(keywords.get("attrs"))
        saves.append(
            Save(
                name,
                version if isinstance(version, str) else None,
                part if part in ("major", "minor", "patch") else "patch",
                description if isinstance(description, str) else None,
                tuple(attrs)
                if isinstance(attrs, list | tuple) and all(isinstance(a, str) for a in attrs)
                else None,
            )
        )
    return saves


def _literal(node: ast.expr | None) -> Any:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _job_rows(query: str) -> list[dict[str, Any]]:
    """The rows a job's saved versions get: `# emulator: rows N` gives N rows `{"id": n}`
    (at most `MAX_JOB_ROWS`); without the line, none."""
    for line in query.splitlines():
        text = line.strip()
        if text.startswith(ROWS_MARKER):
            count = text[len(ROWS_MARKER) :].strip()
            if count.isascii() and count.isdigit():
                return [{"id": n} for n in range(1, min(int(count), MAX_JOB_ROWS) + 1)]
    return []


def default_names(username: str, environment: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The namespace and project a short name in a job's `.save` gets (the job's creator,
    its environment variables).

    As the official client resolves them (`Catalog.get_full_dataset_name`): the job's
    environment variables `DATACHAIN_NAMESPACE` and `DATACHAIN_PROJECT` (the latter may be
    `namespace.project`), else Studio's defaults: the namespace of the user who created the
    job, `@<username>`, and the project `default` (docs.datachain.ai/guide/namespaces:
    "`.save("metrics")` # Saved as @jondoe.default.metrics"). `dc.settings(namespace=...,
    project=...)` in the query is not read (assumed rare in emulator tests).
    """
    environment = environment or {}
    namespace = environment.get("DATACHAIN_NAMESPACE") or f"@{username}"
    project = environment.get("DATACHAIN_PROJECT") or DEFAULT_PROJECT
    if project.count(".") == 1:
        namespace, project = project.split(".")
    return namespace, project


def record_job_saves(state: Ids, team: Catalog, job: Job, *, created_by_id: int | None) -> None:
    """Create the dataset versions a COMPLETE job's query saves (`parse_saves`), made by the
    user `created_by_id` (None: not known).

    Each save makes the next version of its dataset (`1.0.0` for a new one; else the patch,
    minor or major bump its `update_version` asks, past every version used before), or the
    literal `version=` it gives. Saves that cannot be made are skipped: a name that breaks
    the rules, or a `version=` that is taken or not `MAJOR.MINOR.PATCH` (assumed: Studio
    would fail the job, but the emulator reads the query only once the job has completed).
    The versions are dated by the job (created when it started, finished when it ended).
    """
    saves = parse_saves(job.query)
    if not saves:
        return
    namespace, project = default_names(job.created_by, job.environment)
    rows = _job_rows(job.query)
    for save in saves:
        try:
            parts = parse_name(save.name, namespace=namespace, project=project)
            new_version(
                state,
                team,
                *parts,
                version=save.version,
                part=save.update_version,
                rows=rows,
                description=save.description,
                attrs=save.attrs,
                job=job,
                created_by_id=created_by_id,
                at=job.finished_at,
            )
        except ValueError:
            continue


def copy_rows(rows: str, start: int, stop: int) -> str:
    """Lines `start` to `stop` of JSON Lines text."""
    return "".join(line + "\n" for line in rows.splitlines()[start:stop])
