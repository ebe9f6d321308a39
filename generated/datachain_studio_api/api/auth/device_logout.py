from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.device_logout_output import DeviceLogoutOutput
from ...models.error_response import ErrorResponse
from ...types import Response, status_code_from_int


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/device-logout",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeviceLogoutOutput | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DeviceLogoutOutput.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[DeviceLogoutOutput | ErrorResponse]:
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
) -> Response[DeviceLogoutOutput | ErrorResponse]:
    """Revoke the token that calls it

     Revokes the token in the `Authorization` header: every later call with it is 401.
    No body (the official client sends neither a body nor a Content-Type), no team.
    A token that is already revoked or invalid gets 401 `{"detail": "Invalid token"}`;
    the official client then forgets it all the same. Tokens with read access only may
    revoke themselves.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceLogoutOutput | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> DeviceLogoutOutput | ErrorResponse | None:
    """Revoke the token that calls it

     Revokes the token in the `Authorization` header: every later call with it is 401.
    No body (the official client sends neither a body nor a Content-Type), no team.
    A token that is already revoked or invalid gets 401 `{"detail": "Invalid token"}`;
    the official client then forgets it all the same. Tokens with read access only may
    revoke themselves.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceLogoutOutput | ErrorResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[DeviceLogoutOutput | ErrorResponse]:
    """Revoke the token that calls it

     Revokes the token in the `Authorization` header: every later call with it is 401.
    No body (the official client sends neither a body nor a Content-Type), no team.
    A token that is already revoked or invalid gets 401 `{"detail": "Invalid token"}`;
    the official client then forgets it all the same. Tokens with read access only may
    revoke themselves.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceLogoutOutput | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> DeviceLogoutOutput | ErrorResponse | None:
    """Revoke the token that calls it

     Revokes the token in the `Authorization` header: every later call with it is 401.
    No body (the official client sends neither a body nor a Content-Type), no team.
    A token that is already revoked or invalid gets 401 `{"detail": "Invalid token"}`;
    the official client then forgets it all the same. Tokens with read access only may
    revoke themselves.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceLogoutOutput | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
