from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_rule_input import AccessRuleInput
from ...models.access_rule_output import AccessRuleOutput
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset, status_code_from_int


def _get_kwargs(
    *,
    body: AccessRuleInput,
    team_name: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["team_name"] = team_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/datachain/rbac/access-rules/",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccessRuleOutput | ErrorResponse | None:
    if response.status_code == 201:
        response_201 = AccessRuleOutput.from_dict(response.json())

        return response_201

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

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
) -> Response[AccessRuleOutput | ErrorResponse]:
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
    body: AccessRuleInput,
    team_name: str | Unset = UNSET,
) -> Response[AccessRuleOutput | ErrorResponse]:
    """Create an access rule

     Grants a user (`user_id`) or a group (`group_id`) a permission on a resource.

    Args:
        team_name (str | Unset):
        body (AccessRuleInput): Give either `user_id` or `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessRuleOutput | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        team_name=team_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AccessRuleInput,
    team_name: str | Unset = UNSET,
) -> AccessRuleOutput | ErrorResponse | None:
    """Create an access rule

     Grants a user (`user_id`) or a group (`group_id`) a permission on a resource.

    Args:
        team_name (str | Unset):
        body (AccessRuleInput): Give either `user_id` or `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessRuleOutput | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        team_name=team_name,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AccessRuleInput,
    team_name: str | Unset = UNSET,
) -> Response[AccessRuleOutput | ErrorResponse]:
    """Create an access rule

     Grants a user (`user_id`) or a group (`group_id`) a permission on a resource.

    Args:
        team_name (str | Unset):
        body (AccessRuleInput): Give either `user_id` or `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessRuleOutput | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        team_name=team_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AccessRuleInput,
    team_name: str | Unset = UNSET,
) -> AccessRuleOutput | ErrorResponse | None:
    """Create an access rule

     Grants a user (`user_id`) or a group (`group_id`) a permission on a resource.

    Args:
        team_name (str | Unset):
        body (AccessRuleInput): Give either `user_id` or `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessRuleOutput | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            team_name=team_name,
        )
    ).parsed
