from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ..models.dir_type import DirType
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
    _to_json,
)


class StorageEntry(Model):
    """One file or folder under the listed path, as the official client's fixture shows the
    rows (datachain tests/func/test_ls.py `REMOTE_DATA`). The official client reads
    `name`, `dir_type` and, for `ls -l`, `last_modified`.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        dir_type: DirType | int,
        last_modified: datetime.datetime | None,
        size: int | None = None,
        etag: str | None = None,
        version: str | None = None,
        is_latest: bool | None = None,
        id: int | None = None,
        path_str: str | None = None,
        path: list[str] | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["name"] = _to_json(name)
        _sent["dir_type"] = _to_json(dir_type)
        _sent["last_modified"] = _to_json(last_modified)
        if size is not None:
            _sent["size"] = _to_json(size)
        if etag is not None:
            _sent["etag"] = _to_json(etag)
        if version is not None:
            _sent["version"] = _to_json(version)
        if is_latest is not None:
            _sent["is_latest"] = _to_json(is_latest)
        if id is not None:
            _sent["id"] = _to_json(id)
        if path_str is not None:
            _sent["path_str"] = _to_json(path_str)
        if path is not None:
            _sent["path"] = _to_json(path)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("name", "name", _STR, True, False),
            _Field("dir_type", "dir_type", _Enum(DirType, open=True), True, False),
            _Field("last_modified", "last_modified", _DATETIME, True, True),
            _Field("size", "size", _INT, False, False),
            _Field("etag", "etag", _STR, False, False),
            _Field("version", "version", _STR, False, False),
            _Field("is_latest", "is_latest", _BOOL, False, False),
            _Field("id", "id", _INT, False, True),
            _Field("path_str", "path_str", _STR, False, False),
            _Field("path", "path", _List(_STR), False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def name(self) -> str:
            """The entry's own name (no folder part)."""

        @property
        def dir_type(self) -> DirType:
            """What the entry is (`DirType`: 0 a file, 1 a folder, 5 a tar archive), or another
            integer Studio adds later. Any value but 0 is shown as a folder (trailing `/`)
            by the official CLI."""

        @property
        def last_modified(self) -> datetime.datetime | None:
            """When the entry last changed; null when not known. On the wire this is **not** a
            string: it is msgpack extension type 42, whose payload is either 12 bytes, a
            big-endian IEEE 754 double (POSIX seconds) then a big-endian signed 32-bit UTC
            offset in seconds (struct `!dl`: an aware time at that offset), or 8 bytes, the
            double alone (struct `!d`: a time without a zone, which the official client reads
            in its own local zone). This schema describes the value once decoded, as an
            RFC 3339 date-time."""

        @property
        def size(self) -> int | None:
            """Bytes; 0 for a folder."""

        @property
        def etag(self) -> str | None:
            """The storage's ETag of the object (empty for a folder)."""

        @property
        def version(self) -> str | None:
            """The object version, for a versioned bucket (else empty)."""

        @property
        def is_latest(self) -> bool | None:
            """Whether this is the object's latest version."""

        @property
        def id(self) -> int | None:
            """Studio's id of an indexed folder (null for most entries)."""

        @property
        def path_str(self) -> str | None:
            """The entry's path within the storage, e.g. `dogs/dog1`."""

        @property
        def path(self) -> list[str] | None:
            """`path_str` split at `/`."""

    else:
        name = _Deferred("The entry's own name (no folder part).")
        dir_type = _Deferred(
            "What the entry is (`DirType`: 0 a file, 1 a folder, 5 a tar archive), or anotherinteger Studio adds later. Any value but 0 is shown as a folder (trailing `/`)by the official CLI."
        )
        last_modified = _Deferred(
            "When the entry last changed; null when not known. On the wire this is **not** astring: it is msgpack extension type 42, whose payload is either 12 bytes, abig-endian IEEE 754 double (POSIX seconds) then a big-endian signed 32-bit UTCoffset in seconds (struct `!dl`: an aware time at that offset), or 8 bytes, thedouble alone (struct `!d`: a time without a zone, which the official client readsin its own local zone). This schema describes the value once decoded, as anRFC 3339 date-time."
        )
        size = _Deferred("Bytes; 0 for a folder.")
        etag = _Deferred("The storage's ETag of the object (empty for a folder).")
        version = _Deferred("The object version, for a versioned bucket (else empty).")
        is_latest = _Deferred("Whether this is the object's latest version.")
        id = _Deferred("Studio's id of an indexed folder (null for most entries).")
        path_str = _Deferred("The entry's path within the storage, e.g. `dogs/dog1`.")
        path = _Deferred("`path_str` split at `/`.")
