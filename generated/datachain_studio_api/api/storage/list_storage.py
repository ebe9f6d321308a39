from ...models.storage_list_input import StorageListInput
from ...models.storage_listing import StorageListing
from ...types import Request, _to_json


def request(
    *,
    body: StorageListInput,
) -> Request:
    """List a storage path: `POST /api/datachain/ls`.

    The entries directly under a path of a storage connected to Studio (`s3://bucket`,
    `gs://bucket/dir`, ...): its files and folders, one level deep, as Studio has indexed
    them. `data` is null while Studio is still indexing that storage ("Indexing in
    progress").

    The request is JSON, but the answer is **msgpack**, its errors too: a msgpack map
    with `data` (and maybe `message`) on success, a map with `message` on an error.
    Datetimes (`last_modified`) are msgpack extension type 42, see
    `StorageEntry.last_modified`. The official client decodes every answer of this route
    with msgpack whatever its status or content type, so a JSON or HTML error body makes
    it fail with "unpack(b) received extra data"; clients should still cope with one
    from a proxy. The official client does not retry this route; it is a read, and
    harmless to repeat. Tokens with read access only may call it (a POST that only
    reads).

    Requires a token with read access to the DATASETS scope (assumed: storage listing
    is part of the datasets area of Studio).
    """
    return Request(
        method="POST",
        path="/api/datachain/ls",
        json=_to_json(body),
        content_type="application/json",
        result=StorageListing,
        accept="application/msgpack",
    )
