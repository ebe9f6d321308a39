"""Python client for the DataChain Studio REST API.

    from datachain_studio import Studio

    studio = Studio()                      # token, URL and team as `datachain` finds them
    upload = studio.jobs.upload("data.csv")
    job = studio.jobs.create("print(open('data.csv').read())", files=[upload])
    for line in studio.jobs.follow(job.id):
        print(line)

`AsyncStudio` offers the same resources and methods for asyncio. Every error this package
raises is a `StudioError`; see `datachain_studio._exceptions` for the whole tree. Result
models are the generated attrs classes, importable from `datachain_studio.types`.
"""

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
    InternalServerError,
    InvalidRequestError,
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
from ._version import __version__

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncStudio",
    "AuthScheme",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTooLargeError",
    "ResponseTooLargeError",
    "Studio",
    "StudioError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "__version__",
]
