from ...models.device_token_input import DeviceTokenInput
from ...models.device_token_output import DeviceTokenOutput
from ...types import Request, _to_json


def request(
    *,
    body: DeviceTokenInput,
) -> Request:
    """Poll for the token of a device sign-in: `POST /api/device-login/token`.

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
    """
    return Request(
        method="POST",
        path="/api/device-login/token",
        json=_to_json(body),
        content_type="application/json",
        result=DeviceTokenOutput,
    )
