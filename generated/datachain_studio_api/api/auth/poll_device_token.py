from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.device_token_error import DeviceTokenError
from ...models.device_token_input import DeviceTokenInput
from ...models.device_token_output import DeviceTokenOutput
from ...models.error_response import ErrorResponse
from ...types import Response, status_code_from_int


def _get_kwargs(
    *,
    body: DeviceTokenInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/device-login/token",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeviceTokenError | DeviceTokenOutput | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DeviceTokenOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = DeviceTokenError.from_dict(response.json())

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
) -> Response[DeviceTokenError | DeviceTokenOutput | ErrorResponse]:
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
    body: DeviceTokenInput,
) -> Response[DeviceTokenError | DeviceTokenOutput | ErrorResponse]:
    """Poll for the token of a device sign-in

     Asks whether the person has approved the sign-in `start_device_login` began: 400
    `{"detail": "authorization_pending"}` until they do (ask again a few seconds later;
    the official client waits 5 s), 400 `{"detail": "authorization_expired"}` once the
    codes have expired (start again), 200 with the new `access_token` once approved. A
    device code gives its token once.

    Clients must POST to the `token_uri` that `start_device_login` answered, which is
    absolute and may be anywhere: this path is where it is assumed to point. Assumed
    from the DVC CLI's test fixture for the same Studio flow (iterative/dvc
    tests/unit/command/test_studio.py: `"token_uri": STUDIO_URL +
    "/api/device-login/token"`, `"verification_uri": STUDIO_URL +
    "/auth/device-login"`); the official clients never build this path themselves.

    No token is sent: the device code is the credential.

    Args:
        body (DeviceTokenInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceTokenError | DeviceTokenOutput | ErrorResponse]
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
    body: DeviceTokenInput,
) -> DeviceTokenError | DeviceTokenOutput | ErrorResponse | None:
    """Poll for the token of a device sign-in

     Asks whether the person has approved the sign-in `start_device_login` began: 400
    `{"detail": "authorization_pending"}` until they do (ask again a few seconds later;
    the official client waits 5 s), 400 `{"detail": "authorization_expired"}` once the
    codes have expired (start again), 200 with the new `access_token` once approved. A
    device code gives its token once.

    Clients must POST to the `token_uri` that `start_device_login` answered, which is
    absolute and may be anywhere: this path is where it is assumed to point. Assumed
    from the DVC CLI's test fixture for the same Studio flow (iterative/dvc
    tests/unit/command/test_studio.py: `"token_uri": STUDIO_URL +
    "/api/device-login/token"`, `"verification_uri": STUDIO_URL +
    "/auth/device-login"`); the official clients never build this path themselves.

    No token is sent: the device code is the credential.

    Args:
        body (DeviceTokenInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceTokenError | DeviceTokenOutput | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeviceTokenInput,
) -> Response[DeviceTokenError | DeviceTokenOutput | ErrorResponse]:
    """Poll for the token of a device sign-in

     Asks whether the person has approved the sign-in `start_device_login` began: 400
    `{"detail": "authorization_pending"}` until they do (ask again a few seconds later;
    the official client waits 5 s), 400 `{"detail": "authorization_expired"}` once the
    codes have expired (start again), 200 with the new `access_token` once approved. A
    device code gives its token once.

    Clients must POST to the `token_uri` that `start_device_login` answered, which is
    absolute and may be anywhere: this path is where it is assumed to point. Assumed
    from the DVC CLI's test fixture for the same Studio flow (iterative/dvc
    tests/unit/command/test_studio.py: `"token_uri": STUDIO_URL +
    "/api/device-login/token"`, `"verification_uri": STUDIO_URL +
    "/auth/device-login"`); the official clients never build this path themselves.

    No token is sent: the device code is the credential.

    Args:
        body (DeviceTokenInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceTokenError | DeviceTokenOutput | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DeviceTokenInput,
) -> DeviceTokenError | DeviceTokenOutput | ErrorResponse | None:
    """Poll for the token of a device sign-in

     Asks whether the person has approved the sign-in `start_device_login` began: 400
    `{"detail": "authorization_pending"}` until they do (ask again a few seconds later;
    the official client waits 5 s), 400 `{"detail": "authorization_expired"}` once the
    codes have expired (start again), 200 with the new `access_token` once approved. A
    device code gives its token once.

    Clients must POST to the `token_uri` that `start_device_login` answered, which is
    absolute and may be anywhere: this path is where it is assumed to point. Assumed
    from the DVC CLI's test fixture for the same Studio flow (iterative/dvc
    tests/unit/command/test_studio.py: `"token_uri": STUDIO_URL +
    "/api/device-login/token"`, `"verification_uri": STUDIO_URL +
    "/auth/device-login"`); the official clients never build this path themselves.

    No token is sent: the device code is the credential.

    Args:
        body (DeviceTokenInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceTokenError | DeviceTokenOutput | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
