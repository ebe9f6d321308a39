from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.job_logs_output import JobLogsOutput
from ...types import UNSET, Response, Unset, status_code_from_int


def _get_kwargs(
    job_id: UUID,
    *,
    team_name: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["team_name"] = team_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/datachain/jobs/{job_id}/logs".format(
            job_id=quote(str(job_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | JobLogsOutput | None:
    if response.status_code == 200:
        response_200 = JobLogsOutput.from_dict(response.json())

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
) -> Response[ErrorResponse | JobLogsOutput]:
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
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    team_name: str | Unset = UNSET,
) -> Response[ErrorResponse | JobLogsOutput]:
    """Get a job's logs

     The log lines a job has written so far, oldest first, with the job's current status.

    The reference leaves this body undeclared. This contract fixes it as JSON
    (`JobLogsOutput`) in the shape Studio already uses for the same data on its log-follow
    WebSocket (`{"logs": [{"id", "message"}]}` and `{"job": {"status"}}` frames): a list of
    lines with stable, increasing ids, so that a client polling this endpoint can print
    only the lines it has not seen, and the job's status, so that it knows when to stop.

    Requires a token with read access to the JOB scope.

    Args:
        job_id (UUID):
        team_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | JobLogsOutput]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        team_name=team_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    team_name: str | Unset = UNSET,
) -> ErrorResponse | JobLogsOutput | None:
    """Get a job's logs

     The log lines a job has written so far, oldest first, with the job's current status.

    The reference leaves this body undeclared. This contract fixes it as JSON
    (`JobLogsOutput`) in the shape Studio already uses for the same data on its log-follow
    WebSocket (`{"logs": [{"id", "message"}]}` and `{"job": {"status"}}` frames): a list of
    lines with stable, increasing ids, so that a client polling this endpoint can print
    only the lines it has not seen, and the job's status, so that it knows when to stop.

    Requires a token with read access to the JOB scope.

    Args:
        job_id (UUID):
        team_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | JobLogsOutput
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        team_name=team_name,
    ).parsed


async def asyncio_detailed(
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    team_name: str | Unset = UNSET,
) -> Response[ErrorResponse | JobLogsOutput]:
    """Get a job's logs

     The log lines a job has written so far, oldest first, with the job's current status.

    The reference leaves this body undeclared. This contract fixes it as JSON
    (`JobLogsOutput`) in the shape Studio already uses for the same data on its log-follow
    WebSocket (`{"logs": [{"id", "message"}]}` and `{"job": {"status"}}` frames): a list of
    lines with stable, increasing ids, so that a client polling this endpoint can print
    only the lines it has not seen, and the job's status, so that it knows when to stop.

    Requires a token with read access to the JOB scope.

    Args:
        job_id (UUID):
        team_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | JobLogsOutput]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        team_name=team_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    team_name: str | Unset = UNSET,
) -> ErrorResponse | JobLogsOutput | None:
    """Get a job's logs

     The log lines a job has written so far, oldest first, with the job's current status.

    The reference leaves this body undeclared. This contract fixes it as JSON
    (`JobLogsOutput`) in the shape Studio already uses for the same data on its log-follow
    WebSocket (`{"logs": [{"id", "message"}]}` and `{"job": {"status"}}` frames): a list of
    lines with stable, increasing ids, so that a client polling this endpoint can print
    only the lines it has not seen, and the job's status, so that it knows when to stop.

    Requires a token with read access to the JOB scope.

    Args:
        job_id (UUID):
        team_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | JobLogsOutput
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
            team_name=team_name,
        )
    ).parsed
