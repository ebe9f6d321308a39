# Generated from resources/_async/storage.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""`studio.storage`: the storages connected to Studio (S3, GCS, Azure, ...)."""

from __future__ import annotations

from datachain_studio_api.models import StorageEntry

from ..._base_client import Timeout
from .._base import Body, Headers, Query, SyncResource, Team, shared_args
from ..storage import _StorageCalls


class Storage(_StorageCalls, SyncResource):
    """`Studio.storage`: the storages connected to Studio (S3, GCS, Azure, ...)."""

    @shared_args()
    def ls(
        self,
        path: str,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> list[StorageEntry]:
        """The files and folders directly under `path`, as Studio has indexed them.

        Args:
            path: A storage URI, as `datachain ls --studio` takes it: `s3://bucket`,
                `gs://bucket/dir/`, or a file's URI (then that file alone).

        Returns:
            The entries, in Studio's order: `name`, `dir_type` (a `DirType`: `FILE`,
            `DIR` a folder, `TAR_ARCHIVE`), `size`, `last_modified` (an aware datetime, or
            None), `etag`, `path_str`...

        Raises:
            IndexingInProgressError: Studio has not finished indexing that storage.
            MissingDependencyError: msgpack is not installed (the `storage` extra).
            NotFoundError: No such storage or path (404).
            InvalidRequestError: `path` is not a non-empty string; raised before sending.
            ConfigurationError: No team is given or configured.
            APIStatusError: Studio refused the request (its `message` is the text).
            ResponseTooLargeError: The answer is larger than `max_response_size`, or would
                take more than four times that in memory once decoded (msgpack is dense:
                one byte can be an empty map); it is refused before it is decoded.
            APIResponseValidationError: The answer is not a msgpack listing, or nests more
                than 32 levels deep.
        """
        source, call = self._ls(path, team)
        return self._api.execute(
            call.then(lambda listing: self._entries(source, listing)),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
