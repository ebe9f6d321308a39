"""Storage listing (`POST datachain/ls`) over local folders, answered in msgpack.

`StudioEmulator(storage={"s3://bucket": Path("data")})` (or `add_storage`) serves the folder
as the storage `s3://bucket`: listing `s3://bucket/dogs` gives the entries directly under
`data/dogs`, one level deep, as the official client's fixture shows the rows
(official-client-beyond-reference.md, section 3: `name`, `dir_type` 0 file / 1 folder,
`last_modified` as msgpack extension type 42, `size`, `etag`, `version`, `is_latest`, `id`,
`path_str`, `path`). A path naming a file lists that file alone. Paths never leave the
folder (`..` and symbolic links out of it are "not found").

Every answer of this route is msgpack, errors too (`{"message", "detail"}` maps), because
the official client decodes whatever comes back with msgpack (ibid.: "Error bodies on this
route must therefore be msgpack too"). The handler answers plain data (datetimes as
`datetime`); `_app` packs it (`_app.msgpack_reply` says how) and checks what goes on the
wire.

Assumed, as nothing shows the real server's texts: an unknown storage is 404 `Storage
s3://x is not connected to Studio`, a missing path 404 `Path not found: <source>`, a
source that is not a storage URI 400. Every team sees every storage given to the emulator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from .._state import Storage
from .base import ApiError, Context, Handler, Reply

__all__ = ["OPERATIONS", "list_storage", "normalize_uri", "storage_for"]


def normalize_uri(uri: str) -> str:
    """A storage prefix as the emulator keys it: `scheme://bucket[/path]`, the scheme in
    lower case, no trailing `/`. `ValueError` for anything else."""
    scheme, sep, rest = uri.strip().partition("://")
    rest = rest.strip("/")
    if not sep or not scheme.isalnum() or not rest or "\x00" in rest:
        raise ValueError(f"a storage must be a URI such as s3://bucket, got {uri!r}")
    return f"{scheme.lower()}://{rest}"


def storage_for(uri: str, root: str | os.PathLike[str], *, indexing: bool = False) -> Storage:
    """A `Storage` for `uri`, served from the folder `root` (which must exist)."""
    folder = Path(root).resolve()
    if not folder.is_dir():
        raise ValueError(f"the folder for {uri} does not exist: {folder}")
    return Storage(normalize_uri(uri), folder, indexing)


def list_storage(ctx: Context) -> Reply:
    source = str(ctx.body["source"])
    try:
        wanted = normalize_uri(source)
    except ValueError:
        raise ApiError(400, f"Not a storage URI (such as s3://bucket/path): {source}") from None
    storage = _find(ctx.state.storage, wanted)
    if storage is None:
        bucket = "/".join(wanted.split("/")[:3])
        raise ApiError(404, f"Storage {bucket} is not connected to Studio")
    if storage.indexing:
        return Reply(200, {"data": None})
    relative = wanted[len(storage.uri) :].strip("/")
    target = _inside(storage.root, relative)
    if target is None:
        raise ApiError(404, f"Path not found: {source}")
    if target.is_dir():
        children = sorted(target.iterdir(), key=lambda p: p.name)
        rows = [_row(storage.root, child) for child in children if _is_entry(storage.root, child)]
    else:
        rows = [_row(storage.root, target)]
    return Reply(200, {"data": rows})


def _find(storages: dict[str, Storage], uri: str) -> Storage | None:
    """The storage whose prefix is the longest one `uri` starts with (at a `/`)."""
    best = None
    for prefix, storage in storages.items():
        if (uri == prefix or uri.startswith(prefix + "/")) and (
            best is None or len(prefix) > len(best.uri)
        ):
            best = storage
    return best


def _inside(root: Path, relative: str) -> Path | None:
    """`root/relative` if it exists and, symbolic links resolved, is inside `root`."""
    if any(part in ("..", ".") for part in relative.split("/")):
        return None
    try:
        candidate = (root / relative).resolve() if relative else root
        if not candidate.exists() or not candidate.is_relative_to(root):
            return None
    except (OSError, RuntimeError):  # unreadable, or a loop of symbolic links
        return None
    return candidate


def _is_entry(root: Path, path: Path) -> bool:
    """A file or folder that stays inside the storage (a link out of it is left out)."""
    try:
        return path.resolve().is_relative_to(root) and (path.is_file() or path.is_dir())
    except (OSError, RuntimeError):  # unreadable, or a loop of symbolic links
        return False


def _row(root: Path, path: Path) -> dict[str, Any]:
    info = path.stat()
    is_dir = path.is_dir()
    relative = (path.parent.resolve() / path.name).relative_to(root).as_posix()
    # A stand-in for the object store's ETag: it changes when the file does (size or
    # modification time); real stores send an MD5 or a multipart hash.
    etag = "" if is_dir else hashlib.md5(f"{info.st_size}:{info.st_mtime_ns}".encode()).hexdigest()
    return {
        "id": None,
        "dir_type": 1 if is_dir else 0,
        "name": path.name,
        "etag": etag,
        "version": "",
        "is_latest": True,
        "last_modified": dt.datetime.fromtimestamp(info.st_mtime, dt.UTC),
        "size": 0 if is_dir else info.st_size,
        "path_str": relative,
        "path": relative.split("/"),
    }


OPERATIONS: dict[str, Handler] = {"list_storage": list_storage}
