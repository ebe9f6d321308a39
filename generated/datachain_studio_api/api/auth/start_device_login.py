from ...models.device_login_input import DeviceLoginInput
from ...models.device_login_output import DeviceLoginOutput
from ...types import Request, _to_json


def request(
    *,
    body: DeviceLoginInput,
) -> Request:
    """Start a device sign-in: `POST /api/device-login`.

    Starts the sign-in of a command-line client (OAuth 2.0 device flow, RFC 8628 in
    spirit): Studio answers a `device_code` for the client, a `user_code` for the person,
    and where each goes. The person opens `<verification_uri>?code=<user_code>` in a
    browser, signs in and approves; meanwhile the client polls `token_uri` with the
    `device_code` (`poll_device_token`) until it gets its token.

    No token is needed, nor sent (the client has none yet). The path is outside
    `/api/datachain/`, and carries no team: `team_names` asks for a token limited to
    those teams (none: every team of the person).
    """
    return Request(
        method="POST",
        path="/api/device-login",
        json=_to_json(body),
        content_type="application/json",
        result=DeviceLoginOutput,
    )
