from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.device_login_input import DeviceLoginInput
from ...models.device_login_output import DeviceLoginOutput
from ...models.error_response import ErrorResponse
from ...types import Response, status_code_from_int


def _get_kwargs(
    *,
    body: DeviceLoginInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/device-login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeviceLoginOutput | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DeviceLoginOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

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
) -> Response[DeviceLoginOutput | ErrorResponse]:
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
    client: AuthenticatedClient | Client,
    body: DeviceLoginInput,
) -> Response[DeviceLoginOutput | ErrorResponse]:
    """Start a device sign-in

     Starts the sign-in of a command-line client (OAuth 2.0 device flow, RFC 8628 in
    spirit): Studio answers a `device_code` for the client, a `user_code` for the person,
    and where each goes. The person opens `<verification_uri>?code=<user_code>` in a
    browser, signs in and approves; meanwhile the client polls `token_uri` with the
    `device_code` (`poll_device_token`) until it gets its token.

    No token is needed, nor sent (the client has none yet). The path is outside
    `/api/datachain/`, and carries no team: `team_names` asks for a token limited to
    those teams (none: every team of the person).

    Args:
        body (DeviceLoginInput): What the client asks for. The official client leaves out
            `token_name`, `scopes` and
            `team_names` when they are not given, and always sends `expires_in_days` (its CLI
            default is 365).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceLoginOutput | ErrorResponse]
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
    client: AuthenticatedClient | Client,
    body: DeviceLoginInput,
) -> DeviceLoginOutput | ErrorResponse | None:
    """Start a device sign-in

     Starts the sign-in of a command-line client (OAuth 2.0 device flow, RFC 8628 in
    spirit): Studio answers a `device_code` for the client, a `user_code` for the person,
    and where each goes. The person opens `<verification_uri>?code=<user_code>` in a
    browser, signs in and approves; meanwhile the client polls `token_uri` with the
    `device_code` (`poll_device_token`) until it gets its token.

    No token is needed, nor sent (the client has none yet). The path is outside
    `/api/datachain/`, and carries no team: `team_names` asks for a token limited to
    those teams (none: every team of the person).

    Args:
        body (DeviceLoginInput): What the client asks for. The official client leaves out
            `token_name`, `scopes` and
            `team_names` when they are not given, and always sends `expires_in_days` (its CLI
            default is 365).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceLoginOutput | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeviceLoginInput,
) -> Response[DeviceLoginOutput | ErrorResponse]:
    """Start a device sign-in

     Starts the sign-in of a command-line client (OAuth 2.0 device flow, RFC 8628 in
    spirit): Studio answers a `device_code` for the client, a `user_code` for the person,
    and where each goes. The person opens `<verification_uri>?code=<user_code>` in a
    browser, signs in and approves; meanwhile the client polls `token_uri` with the
    `device_code` (`poll_device_token`) until it gets its token.

    No token is needed, nor sent (the client has none yet). The path is outside
    `/api/datachain/`, and carries no team: `team_names` asks for a token limited to
    those teams (none: every team of the person).

    Args:
        body (DeviceLoginInput): What the client asks for. The official client leaves out
            `token_name`, `scopes` and
            `team_names` when they are not given, and always sends `expires_in_days` (its CLI
            default is 365).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceLoginOutput | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DeviceLoginInput,
) -> DeviceLoginOutput | ErrorResponse | None:
    """Start a device sign-in

     Starts the sign-in of a command-line client (OAuth 2.0 device flow, RFC 8628 in
    spirit): Studio answers a `device_code` for the client, a `user_code` for the person,
    and where each goes. The person opens `<verification_uri>?code=<user_code>` in a
    browser, signs in and approves; meanwhile the client polls `token_uri` with the
    `device_code` (`poll_device_token`) until it gets its token.

    No token is needed, nor sent (the client has none yet). The path is outside
    `/api/datachain/`, and carries no team: `team_names` asks for a token limited to
    those teams (none: every team of the person).

    Args:
        body (DeviceLoginInput): What the client asks for. The official client leaves out
            `token_name`, `scopes` and
            `team_names` when they are not given, and always sends `expires_in_days` (its CLI
            default is 365).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceLoginOutput | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
