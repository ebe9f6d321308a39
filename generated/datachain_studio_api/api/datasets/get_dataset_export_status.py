from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dataset_export_status import DatasetExportStatus
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset, status_code_from_int


def _get_kwargs(
    *,
    team_name: str | Unset = UNSET,
    export_id: int,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["team_name"] = team_name

    params["export_id"] = export_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/datachain/datasets/export-status",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DatasetExportStatus | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DatasetExportStatus.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if 500 <= response.status_code <= 599:
        response_5xx = ErrorResponse.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DatasetExportStatus | ErrorResponse]:
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
    team_name: str | Unset = UNSET,
    export_id: int,
) -> Response[DatasetExportStatus | ErrorResponse]:
    """Get an export's progress

     How far an export has got: `status` (`completed` when every chunk is written;
    `failed` and `removed` end it) and, when Studio knows them, `files_done` of
    `num_files`.

    Requires a token with read access to the DATASETS scope.

    Args:
        team_name (str | Unset):
        export_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatasetExportStatus | ErrorResponse]
    """

    kwargs = _get_kwargs(
        team_name=team_name,
        export_id=export_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    team_name: str | Unset = UNSET,
    export_id: int,
) -> DatasetExportStatus | ErrorResponse | None:
    """Get an export's progress

     How far an export has got: `status` (`completed` when every chunk is written;
    `failed` and `removed` end it) and, when Studio knows them, `files_done` of
    `num_files`.

    Requires a token with read access to the DATASETS scope.

    Args:
        team_name (str | Unset):
        export_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatasetExportStatus | ErrorResponse
    """

    return sync_detailed(
        client=client,
        team_name=team_name,
        export_id=export_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    team_name: str | Unset = UNSET,
    export_id: int,
) -> Response[DatasetExportStatus | ErrorResponse]:
    """Get an export's progress

     How far an export has got: `status` (`completed` when every chunk is written;
    `failed` and `removed` end it) and, when Studio knows them, `files_done` of
    `num_files`.

    Requires a token with read access to the DATASETS scope.

    Args:
        team_name (str | Unset):
        export_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatasetExportStatus | ErrorResponse]
    """

    kwargs = _get_kwargs(
        team_name=team_name,
        export_id=export_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    team_name: str | Unset = UNSET,
    export_id: int,
) -> DatasetExportStatus | ErrorResponse | None:
    """Get an export's progress

     How far an export has got: `status` (`completed` when every chunk is written;
    `failed` and `removed` end it) and, when Studio knows them, `files_done` of
    `num_files`.

    Requires a token with read access to the DATASETS scope.

    Args:
        team_name (str | Unset):
        export_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatasetExportStatus | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            team_name=team_name,
            export_id=export_id,
        )
    ).parsed
