"""Storage listing: the files and folders under a path of a storage connected to Studio.

    for entry in studio.storage.ls("s3://bucket/dogs/"):
        print(entry.name + ("/" if entry.dir_type else ""), entry.size, entry.last_modified)

`dir_type` is a `DirType` (`FILE` is 0, so a folder is any other value, as the official CLI
shows it).

Studio answers this route in msgpack, not JSON (`POST datachain/ls`, beyond the published
reference; openapi.yaml gives the evidence), so it needs the `storage` extra (`msgpack`,
imported only when a listing is asked for): `pip install 'datachain-studio-client[storage]'`.
Without it, `ls` raises `MissingDependencyError` (an `ImportError`) before sending anything.

Datetimes come as msgpack extension type 42 and are read as aware datetimes: the 12-byte
form at the UTC offset it carries, the 8-byte form (no offset) in this machine's local time
zone, as the official client reads it, made aware (`last_modified.tzinfo` is then the local
zone). Error answers are msgpack too; they raise the usual `APIStatusError` subclasses with
Studio's `message`.

A listing's body is bounded by `max_response_size` as every answer is, and what it decodes
to by four times that (`ResponseTooLargeError`, checked before decoding: a byte of msgpack
can be an empty map, 64 bytes in Python); one that nests more than 32 levels is refused
(`APIResponseValidationError`).

While Studio is still indexing a storage, it has no entries to give (`data` is null): `ls`
raises `IndexingInProgressError` rather than return an empty list, which would read as an
empty folder. Ask again later.

Retry policy: a listing is a read (a POST only because its arguments are a JSON body), so it
is retried on any transient failure (the official client does not retry it).
"""

from __future__ import annotations

import functools
from typing import Any

from datachain_studio_api.api.storage import list_storage
from datachain_studio_api.models import StorageEntry, StorageListing, StorageListInput

from .._base_client import APICall
from .._exceptions import (
    IndexingInProgressError,
    InvalidRequestError,
    MissingDependencyError,
)
from ._base import Resource, Team

__all__ = ["IndexingInProgressError", "MissingDependencyError", "StorageEntry"]

STORAGE_EXTRA = "datachain-studio-client[storage]"


def require_msgpack() -> None:
    """Raise `MissingDependencyError` unless msgpack can be imported."""
    try:
        import msgpack  # type: ignore[import-untyped, unused-ignore]  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            f"Listing storage needs msgpack (Studio answers it in msgpack): pip install "
            f"'{STORAGE_EXTRA}'",
            name="msgpack",
            extra="storage",
        ) from None


MAX_DEPTH = 32
"""The most levels a listing may nest (a listing has three, an entry's values a few more)."""
DECODED_FACTOR = 4
"""A listing may take at most this many times `max_response_size` once decoded."""


def decode_listing(content: bytes, *, budget: int) -> Any:
    """A msgpack answer of `list_storage` as JSON-like data (datetimes as ISO 8601 text).

    Before it is decoded, the body must be one that takes at most `budget` bytes once
    decoded (`DecodedTooLarge`) and nests at most `MAX_DEPTH` levels. Besides being msgpack
    at all, a listing's `data` must be null or a list of maps: the models would otherwise
    hand entries that are not objects to the caller. Error answers (maps without `data`)
    pass as they are. ValueError for anything else.
    """
    from datachain_studio_api.types import msgpack_loads

    from .._msgpack_bounds import check_msgpack

    check_msgpack(content, budget=budget, max_depth=MAX_DEPTH)
    value = msgpack_loads(content)
    if isinstance(value, dict) and "data" in value:
        data = value["data"]
        if data is not None and not isinstance(data, list):
            raise ValueError(f"`data` is a {type(data).__name__}, not a list of entries")
        if data is not None:
            for index, entry in enumerate(data):
                if not isinstance(entry, dict):
                    raise ValueError(f"data[{index}] is a {type(entry).__name__}, not a map")
    return value


def _checked_path(path: object) -> str:
    if not isinstance(path, str) or not path.strip():
        raise InvalidRequestError(
            f"path must be a storage URI such as 's3://bucket/dir/', got {path!r}"
        )
    return path


class _StorageCalls(Resource):
    def _ls(self, path: object, team: Team) -> tuple[str, APICall[StorageListing]]:
        source = _checked_path(path)
        body = StorageListInput(source=source, team_name=self._team(team))
        require_msgpack()
        request = list_storage.request(body=body)
        budget = DECODED_FACTOR * self._api.max_response_size
        decode = functools.partial(decode_listing, budget=budget)
        return source, APICall.of(request, idempotent=True, decode=decode)

    @staticmethod
    def _entries(source: str, listing: StorageListing) -> list[StorageEntry]:
        entries = listing.data
        if entries is None:
            note = listing.message
            raise IndexingInProgressError(
                note if isinstance(note, str) and note else "Indexing in progress", path=source
            )
        return list(entries)
