from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.job_output import JobOutput
from ...models.job_status import JobStatus
from ...models.job_status_group import JobStatusGroup
from ...types import UNSET, Response, Unset, status_code_from_int


def _get_kwargs(
    *,
    team_name: str,
    status: JobStatus | JobStatusGroup | str | Unset = UNSET,
    limit: int | Unset = 20,
    job_id: UUID | Unset = UNSET,
    include_steps: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["team_name"] = team_name

    json_status: str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, JobStatus):
        json_status = status.value
    elif isinstance(status, JobStatusGroup):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    json_job_id: str | Unset = UNSET
    if not isinstance(job_id, Unset):
        json_job_id = str(job_id)
    params["job_id"] = json_job_id

    params["include_steps"] = include_steps

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/datachain/jobs/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | list[JobOutput] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = JobOutput.from_dict(response_200_item_data)

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
) -> Response[ErrorResponse | list[JobOutput]]:
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
    team_name: str,
    status: JobStatus | JobStatusGroup | str | Unset = UNSET,
    limit: int | Unset = 20,
    job_id: UUID | Unset = UNSET,
    include_steps: bool | Unset = False,
) -> Response[ErrorResponse | list[JobOutput]]:
    """List jobs

     Jobs of the team, newest first, with optional filtering by status. With `job_id`, just
    that job: this is how a single job is read (there is no GET-by-id route).

    Requires a token with read access to the JOB scope.

    Args:
        team_name (str):
        status (JobStatus | JobStatusGroup | str | Unset):
        limit (int | Unset):  Default: 20.
        job_id (UUID | Unset):
        include_steps (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[JobOutput]]
    """

    kwargs = _get_kwargs(
        team_name=team_name,
        status=status,
        limit=limit,
        job_id=job_id,
        include_steps=include_steps,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    team_name: str,
    status: JobStatus | JobStatusGroup | str | Unset = UNSET,
    limit: int | Unset = 20,
    job_id: UUID | Unset = UNSET,
    include_steps: bool | Unset = False,
) -> ErrorResponse | list[JobOutput] | None:
    """List jobs

     Jobs of the team, newest first, with optional filtering by status. With `job_id`, just
    that job: this is how a single job is read (there is no GET-by-id route).

    Requires a token with read access to the JOB scope.

    Args:
        team_name (str):
        status (JobStatus | JobStatusGroup | str | Unset):
        limit (int | Unset):  Default: 20.
        job_id (UUID | Unset):
        include_steps (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[JobOutput]
    """

    return sync_detailed(
        client=client,
        team_name=team_name,
        status=status,
        limit=limit,
        job_id=job_id,
        include_steps=include_steps,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    team_name: str,
    status: JobStatus | JobStatusGroup | str | Unset = UNSET,
    limit: int | Unset = 20,
    job_id: UUID | Unset = UNSET,
    include_steps: bool | Unset = False,
) -> Response[ErrorResponse | list[JobOutput]]:
    """List jobs

     Jobs of the team, newest first, with optional filtering by status. With `job_id`, just
    that job: this is how a single job is read (there is no GET-by-id route).

    Requires a token with read access to the JOB scope.

    Args:
        team_name (str):
        status (JobStatus | JobStatusGroup | str | Unset):
        limit (int | Unset):  Default: 20.
        job_id (UUID | Unset):
        include_steps (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[JobOutput]]
    """

    kwargs = _get_kwargs(
        team_name=team_name,
        status=status,
        limit=limit,
        job_id=job_id,
        include_steps=include_steps,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    team_name: str,
    status: JobStatus | JobStatusGroup | str | Unset = UNSET,
    limit: int | Unset = 20,
    job_id: UUID | Unset = UNSET,
    include_steps: bool | Unset = False,
) -> ErrorResponse | list[JobOutput] | None:
    """List jobs

     Jobs of the team, newest first, with optional filtering by status. With `job_id`, just
    that job: this is how a single job is read (there is no GET-by-id route).

    Requires a token with read access to the JOB scope.

    Args:
        team_name (str):
        status (JobStatus | JobStatusGroup | str | Unset):
        limit (int | Unset):  Default: 20.
        job_id (UUID | Unset):
        include_steps (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[JobOutput]
    """

    return (
        await asyncio_detailed(
            client=client,
            team_name=team_name,
            status=status,
            limit=limit,
            job_id=job_id,
            include_steps=include_steps,
        )
    ).parsed
