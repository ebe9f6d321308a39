from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.job_pipeline_output import JobPipelineOutput
from ...models.pipeline_status import PipelineStatus
from ...types import UNSET, Response, Unset, status_code_from_int


def _get_kwargs(
    *,
    body: list[PipelineStatus | str] | Unset = UNSET,
    team_name: str,
    status: list[PipelineStatus | str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    search: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["team_name"] = team_name

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item: str
            if isinstance(status_item_data, PipelineStatus):
                status_item = status_item_data.value
            else:
                status_item = status_item_data
            json_status.append(status_item)

    params["status"] = json_status

    params["limit"] = limit

    params["search"] = search

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/datachain/pipeline/list",
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = []
        for componentsschemas_pipeline_status_filter_item_data in body:
            componentsschemas_pipeline_status_filter_item: str
            if isinstance(componentsschemas_pipeline_status_filter_item_data, PipelineStatus):
                componentsschemas_pipeline_status_filter_item = componentsschemas_pipeline_status_filter_item_data.value
            else:
                componentsschemas_pipeline_status_filter_item = componentsschemas_pipeline_status_filter_item_data
            _kwargs["json"].append(componentsschemas_pipeline_status_filter_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | list[JobPipelineOutput] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = JobPipelineOutput.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

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
) -> Response[ErrorResponse | list[JobPipelineOutput]]:
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
    body: list[PipelineStatus | str] | Unset = UNSET,
    team_name: str,
    status: list[PipelineStatus | str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    search: str | Unset = UNSET,
) -> Response[ErrorResponse | list[JobPipelineOutput]]:
    """List pipelines

     The team's pipelines, newest first.

    The `status` filter comes in either of two forms, or both (then a pipeline in any of
    the statuses named in either matches); statuses match without regard to case:
    - as a repeated query parameter (`?status=RUNNING&status=PAUSED`): what the official
      client sends, and what clients should send;
    - as a JSON array body (`["RUNNING", "PAUSED"]`): how the published reference renders
      it on this GET. The body is optional; a body on a GET is dropped by many proxies and
      HTTP libraries, so it is declared for completeness and fidelity only.

    Args:
        team_name (str):
        status (list[PipelineStatus | str] | Unset):
        limit (int | Unset):
        search (str | Unset):
        body (list[PipelineStatus | str] | Unset): Pipeline statuses to filter by, as the
            reference's body on the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[JobPipelineOutput]]
    """

    kwargs = _get_kwargs(
        body=body,
        team_name=team_name,
        status=status,
        limit=limit,
        search=search,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: list[PipelineStatus | str] | Unset = UNSET,
    team_name: str,
    status: list[PipelineStatus | str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    search: str | Unset = UNSET,
) -> ErrorResponse | list[JobPipelineOutput] | None:
    """List pipelines

     The team's pipelines, newest first.

    The `status` filter comes in either of two forms, or both (then a pipeline in any of
    the statuses named in either matches); statuses match without regard to case:
    - as a repeated query parameter (`?status=RUNNING&status=PAUSED`): what the official
      client sends, and what clients should send;
    - as a JSON array body (`["RUNNING", "PAUSED"]`): how the published reference renders
      it on this GET. The body is optional; a body on a GET is dropped by many proxies and
      HTTP libraries, so it is declared for completeness and fidelity only.

    Args:
        team_name (str):
        status (list[PipelineStatus | str] | Unset):
        limit (int | Unset):
        search (str | Unset):
        body (list[PipelineStatus | str] | Unset): Pipeline statuses to filter by, as the
            reference's body on the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[JobPipelineOutput]
    """

    return sync_detailed(
        client=client,
        body=body,
        team_name=team_name,
        status=status,
        limit=limit,
        search=search,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[PipelineStatus | str] | Unset = UNSET,
    team_name: str,
    status: list[PipelineStatus | str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    search: str | Unset = UNSET,
) -> Response[ErrorResponse | list[JobPipelineOutput]]:
    """List pipelines

     The team's pipelines, newest first.

    The `status` filter comes in either of two forms, or both (then a pipeline in any of
    the statuses named in either matches); statuses match without regard to case:
    - as a repeated query parameter (`?status=RUNNING&status=PAUSED`): what the official
      client sends, and what clients should send;
    - as a JSON array body (`["RUNNING", "PAUSED"]`): how the published reference renders
      it on this GET. The body is optional; a body on a GET is dropped by many proxies and
      HTTP libraries, so it is declared for completeness and fidelity only.

    Args:
        team_name (str):
        status (list[PipelineStatus | str] | Unset):
        limit (int | Unset):
        search (str | Unset):
        body (list[PipelineStatus | str] | Unset): Pipeline statuses to filter by, as the
            reference's body on the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[JobPipelineOutput]]
    """

    kwargs = _get_kwargs(
        body=body,
        team_name=team_name,
        status=status,
        limit=limit,
        search=search,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[PipelineStatus | str] | Unset = UNSET,
    team_name: str,
    status: list[PipelineStatus | str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    search: str | Unset = UNSET,
) -> ErrorResponse | list[JobPipelineOutput] | None:
    """List pipelines

     The team's pipelines, newest first.

    The `status` filter comes in either of two forms, or both (then a pipeline in any of
    the statuses named in either matches); statuses match without regard to case:
    - as a repeated query parameter (`?status=RUNNING&status=PAUSED`): what the official
      client sends, and what clients should send;
    - as a JSON array body (`["RUNNING", "PAUSED"]`): how the published reference renders
      it on this GET. The body is optional; a body on a GET is dropped by many proxies and
      HTTP libraries, so it is declared for completeness and fidelity only.

    Args:
        team_name (str):
        status (list[PipelineStatus | str] | Unset):
        limit (int | Unset):
        search (str | Unset):
        body (list[PipelineStatus | str] | Unset): Pipeline statuses to filter by, as the
            reference's body on the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[JobPipelineOutput]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            team_name=team_name,
            status=status,
            limit=limit,
            search=search,
        )
    ).parsed
