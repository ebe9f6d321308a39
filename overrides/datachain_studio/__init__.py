"""Python client for the DataChain Studio REST API.

    from datachain_studio import Studio

    studio = Studio()                      # token, URL and team as `datachain` finds them
    upload = studio.jobs.upload("data.csv")
    job = studio.jobs.create("print(open('data.csv').read())", files=[upload])
    for line in studio.jobs.follow(job.id):
        print(line)

Sign in without a token (`login(...)`, as `datachain auth login` does; `logout()`,
`alogin`, `alogout`): see `datachain_studio._signin`.

`AsyncStudio` offers the same resources and methods for asyncio. Every error this package
raises is a `StudioError`; see `datachain_studio._exceptions` for the whole tree. Result
models are the generated attrs classes, importable from `datachain_studio.types`.
"""

from typing import TYPE_CHECKING

from ._base_client import OPERATION_EXTENSION, RawResponse
from ._client import AsyncStudio, AuthScheme, Studio
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    IndexingInProgressError,
    InternalServerError,
    InvalidRequestError,
    LogStreamError,
    MissingDependencyError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    ResponseTooLargeError,
    StudioError,
    UnprocessableEntityError,
    WaitTimeoutError,
)
from ._export import DatasetExportError, DownloadProgress
from ._logstream import FollowEvent, LogLine, Reconnect, StatusChange
from ._version import __version__

__all__ = [
    "OPERATION_EXTENSION",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AlreadyLoggedInError",
    "AsyncStudio",
    "AuthScheme",
    "AuthenticationError",
    "AuthorizationExpiredError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "DatasetExportError",
    "DeviceCode",
    "DownloadProgress",
    "FollowEvent",
    "IndexingInProgressError",
    "InternalServerError",
    "InvalidRequestError",
    "LogLine",
    "LogStreamError",
    "LoginResult",
    "LogoutResult",
    "MissingDependencyError",
    "NotFoundError",
    "NotLoggedInError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "Reconnect",
    "RequestTooLargeError",
    "ResponseTooLargeError",
    "SignInError",
    "StatusChange",
    "Studio",
    "StudioError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "__version__",
    "alogin",
    "alogout",
    "login",
    "logout",
]

# Sign-in is imported when first used: it brings generated models that `import
# datachain_studio` does not otherwise load (the import stays as light as it was).
_SIGN_IN = frozenset(
    {
        "AlreadyLoggedInError",
        "AuthorizationExpiredError",
        "DeviceCode",
        "LoginResult",
        "LogoutResult",
        "NotLoggedInError",
        "SignInError",
        "alogin",
        "alogout",
        "login",
        "logout",
    }
)

if TYPE_CHECKING:
    from ._signin import (
        AlreadyLoggedInError,
        AuthorizationExpiredError,
        DeviceCode,
        LoginResult,
        LogoutResult,
        NotLoggedInError,
        SignInError,
        alogin,
        alogout,
        login,
        logout,
    )


def __getattr__(name: str) -> object:
    if name in _SIGN_IN:
        from . import _signin

        value = getattr(_signin, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SIGN_IN)
