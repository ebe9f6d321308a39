"""Durable state for the emulator: SQLite (the standard library's `sqlite3`) in a directory.

`DIR/studio.sqlite3` holds one row per object a team owns (job, upload, pipeline, schedule,
access group, access rule), as tagged JSON, and a few counters; `DIR/uploads/` holds the
bytes of uploaded files. The database is in WAL mode with `synchronous=FULL`: a transaction
is on disk once `write` returns, so an answer sent after it survives `kill -9` (and a power
cut). Callers hold the state's lock; the connection is shared by the server's threads.

One local Studio at a time: the store holds an exclusive OS lock on `DIR/studio.lock`
(`flock`; on Windows `msvcrt.locking`) from its start until `close` or the end of the
process, however it ends (the OS drops the lock of a process killed with `kill -9`). A
second store on the same directory, in this process or another, is refused with
`DataDirError`, as is a directory that cannot be written (a read-only disk included): the
store writes once when it opens, so it fails at the start rather than on the first request.

The JSON keeps what plain JSON would lose: datetimes (`{"$dt": iso}`), tuples, paths,
dicts with keys that are not text (`{"$map": [[k, v], ...]}`) and the emulator's own
dataclasses (`{"$type": "Job", "fields": {...}}`; fields added to a class later are filled
with their defaults when an older file is read).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["DataDirError", "SqliteStore", "decode", "encode"]

_SCHEMA = 1
Row = tuple[str, str, str, str]  # team, kind, key, data


class DataDirError(RuntimeError):
    """The data directory cannot be used: another local Studio is using it, it cannot be
    made or written, or it was written by another version of the emulator."""


class SqliteStore:
    """The objects of every team, in `directory/studio.sqlite3`, and uploads beside it.

    `DataDirError` when the directory cannot be used (see the module's docstring).
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory).resolve()
        self.files_dir = self.directory / "uploads"
        self.path = self.directory / "studio.sqlite3"
        self._lock: int | None = None
        self._db: sqlite3.Connection | None = None
        try:
            self._open()
        except BaseException as exc:
            self.close()
            if isinstance(exc, OSError | sqlite3.Error):
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                raise DataDirError(f"cannot keep state in {self.directory}: {reason}") from None
            raise

    def _open(self) -> None:
        if self.directory.exists() and not self.directory.is_dir():
            raise DataDirError(f"cannot keep state in {self.directory}: it is not a directory")
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = _hold(self.directory / "studio.lock", self.directory)
        self.files_dir.mkdir(exist_ok=True)
        db = self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS objects (team TEXT NOT NULL, kind TEXT NOT NULL, "
            "key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (team, kind, key))"
        )
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        found = self.meta().get("schema")
        if found is not None and found != str(_SCHEMA):
            raise DataDirError(
                f"{self.path} was written by another version of the emulator (schema {found}, "
                f"this one reads {_SCHEMA}): use another --data-dir"
            )
        # Written every time: a directory that can be read but not written fails here.
        self.write([], [], {"schema": str(_SCHEMA)})

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError(f"the store in {self.directory} is closed")
        return self._db

    def rows(self, team: str | None = None) -> list[Row]:
        """Every stored object (of one team), oldest key first."""
        if team is None:
            cursor = self.db.execute("SELECT team, kind, key, data FROM objects ORDER BY rowid")
        else:
            cursor = self.db.execute(
                "SELECT team, kind, key, data FROM objects WHERE team = ? ORDER BY rowid", (team,)
            )
        return [(str(a), str(b), str(c), str(d)) for a, b, c, d in cursor.fetchall()]

    def meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.db.execute("SELECT key, value FROM meta")}

    def write(
        self,
        upserts: Iterable[Row],
        deletes: Iterable[tuple[str, str, str]],
        meta: Mapping[str, str],
    ) -> None:
        """Apply the changes in one transaction, durable when this returns."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT INTO objects (team, kind, key, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (team, kind, key) DO UPDATE SET data = excluded.data",
                list(upserts),
            )
            db.executemany(
                "DELETE FROM objects WHERE team = ? AND kind = ? AND key = ?", list(deletes)
            )
            db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                list(meta.items()),
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close the database and let go of the directory (again: nothing)."""
        db, self._db = self._db, None
        if db is not None:
            db.close()
        lock, self._lock = self._lock, None
        if lock is not None:
            os.close(lock)  # the OS lock goes with the file's last descriptor


def _hold(path: Path, directory: Path) -> int:
    """An open descriptor of `path` holding an exclusive lock on it, the process's id
    written in it; `DataDirError` when another holds the lock."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            _lock_file(fd)
        except OSError:  # held: by whom, if it said
            try:
                holder = os.read(fd, 32).decode("ascii", "replace").strip()
            except OSError:
                holder = ""
            who = f" (process {holder})" if holder.isdigit() else ""
            raise DataDirError(
                f"another local Studio{who} is using {directory}: stop it, or use another "
                "--data-dir"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    except BaseException:
        os.close(fd)
        raise
    return fd


if sys.platform == "win32":
    import msvcrt

    def _lock_file(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock_file(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def encode(value: Any) -> str:
    """`value` as tagged JSON text (stable: the same value gives the same text)."""
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))


def decode(text: str, types: Mapping[str, type]) -> Any:
    """The value `encode` wrote; dataclasses are looked up by name in `types`."""
    return _decode(json.loads(text), types)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": type(value).__name__, "fields": fields}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"$map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"the store cannot keep a {type(value).__name__}")


def _decode(value: Any, types: Mapping[str, type]) -> Any:
    if isinstance(value, list):
        return [_decode(v, types) for v in value]
    if not isinstance(value, dict):
        return value
    if "$dt" in value:
        return dt.datetime.fromisoformat(value["$dt"])
    if "$path" in value:
        return Path(value["$path"])
    if "$tuple" in value:
        return tuple(_decode(v, types) for v in value["$tuple"])
    if "$map" in value:
        return {_decode(k, types): _decode(v, types) for k, v in value["$map"]}
    if "$type" in value:
        return _instance(types[value["$type"]], value["fields"], types)
    return {k: _decode(v, types) for k, v in value.items()}


def _instance(cls: type, data: Mapping[str, Any], types: Mapping[str, type]) -> Any:
    """An instance made from its fields, without running `__init__`/`__post_init__` (they
    would act as if the object were new, e.g. log its creation again)."""
    obj: Any = object.__new__(cls)
    for f in dataclasses.fields(cls):
        if f.name in data:
            value = _decode(data[f.name], types)
        elif f.default is not dataclasses.MISSING:
            value = f.default
        elif f.default_factory is not dataclasses.MISSING:
            value = f.default_factory()
        else:
            raise ValueError(f"a stored {cls.__name__} has no {f.name}")
        object.__setattr__(obj, f.name, value)
    return obj
