from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.storage_list_input import StorageListInput
from ...models.storage_listing import StorageListing
from ...types import Response, status_code_from_int


def _get_kwargs(
    *,
    body: StorageListInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/datachain/ls",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | StorageListing | None:
    if response.status_code == 200:
        from ...types import msgpack_loads

        response_200 = StorageListing.from_dict(msgpack_loads(response.content))

        return response_200

    if response.status_code == 400:
        from ...types import msgpack_loads

        response_400 = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_400

    if response.status_code == 401:
        from ...types import msgpack_loads

        response_401 = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_401

    if response.status_code == 403:
        from ...types import msgpack_loads

        response_403 = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_403

    if response.status_code == 404:
        from ...types import msgpack_loads

        response_404 = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_404

    if response.status_code == 413:
        from ...types import msgpack_loads

        response_413 = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_413

    if response.status_code == 422:
        from ...types import msgpack_loads

        response_422 = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_422

    if response.status_code == 429:
        from ...types import msgpack_loads

        response_429 = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_429

    if 500 <= response.status_code <= 599:
        from ...types import msgpack_loads

        response_5xx = ErrorResponse.from_dict(msgpack_loads(response.content))

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | StorageListing]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (ValueError, TypeError, KeyError, AttributeError):
        # An error status whose body is not the declared JSON (a proxy's HTML page, an
        # empty body): keep the raw content and leave `parsed` empty.
        if response.is_success:
            raise
        parsed = None
    return Response(
        status_code=status_code_from_int(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: StorageListInput,
) -> Response[ErrorResponse | StorageListing]:
    """List a storage path

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

    Args:
        body (StorageListInput): Which storage path to list, for which team.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StorageListing]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: StorageListInput,
) -> ErrorResponse | StorageListing | None:
    """List a storage path

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

    Args:
        body (StorageListInput): Which storage path to list, for which team.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | StorageListing
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: StorageListInput,
) -> Response[ErrorResponse | StorageListing]:
    """List a storage path

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

    Args:
        body (StorageListInput): Which storage path to list, for which team.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StorageListing]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: StorageListInput,
) -> ErrorResponse | StorageListing | None:
    """List a storage path

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

    Args:
        body (StorageListInput): Which storage path to list, for which team.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | StorageListing
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
