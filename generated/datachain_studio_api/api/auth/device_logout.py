from ...models.device_logout_output import DeviceLogoutOutput
from ...types import Request


def request() -> Request:
    """Revoke the token that calls it: `POST /api/device-logout`.

    Revokes the token in the `Authorization` header: every later call with it is 401.
    No body (the official client sends neither a body nor a Content-Type), no team.
    A token that is already revoked or invalid gets 401 `{"detail": "Invalid token"}`;
    the official client then forgets it all the same. Tokens with read access only may
    revoke themselves.
    """
    return Request(
        method="POST",
        path="/api/device-logout",
        result=DeviceLogoutOutput,
    )
