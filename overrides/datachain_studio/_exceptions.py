"""Errors raised by the DataChain Studio client.

Every error derives from :class:`StudioError`::

    StudioError
    ├── ConfigurationError            no token, malformed config file, bad URL
    ├── InvalidRequestError           bad input, caught before any request (also a ValueError)
    ├── WaitTimeoutError              a wait for a job or run ran out of time (also a TimeoutError)
    ├── LogStreamError                Studio ended a job's log stream (.message .job_id)
    ├── DatasetExportError            an export failed or went away mid-download (.status)
    ├── IndexingInProgressError       a storage listing Studio cannot give yet (.path)
    ├── MissingDependencyError        an optional package is not installed (also an ImportError)
    ├── SignInError                   device sign-in (login / logout) failed
    │   ├── AlreadyLoggedInError      a token is saved for that Studio (also a ConfigurationError)
    │   ├── NotLoggedInError          no token to log out (also a ConfigurationError)
    │   └── AuthorizationExpiredError the sign-in was not approved in time
    ├── ClientClosedError             closed, or its event loop has ended (also a RuntimeError)
    ├── APIConnectionError            could not reach the server (.request)
    │   └── APITimeoutError
    ├── APIResponseValidationError    the body is not what the contract promises (.response .body)
    │   └── ResponseTooLargeError     the body inflates past max_response_size (.limit)
    ├── RequestTooLargeError          Studio would not take a body this large (.size .request)
    │   └── PayloadTooLargeError      413 (also an APIStatusError)
    └── APIStatusError                .status_code .message .body .request_id .response
        ├── BadRequestError           400
        ├── AuthenticationError       401
        ├── PermissionDeniedError     403
        ├── NotFoundError             404
        ├── ConflictError             409
        ├── UnprocessableEntityError  422
        ├── RateLimitError            429
        └── InternalServerError       >= 500

Texts and reprs of these errors name the method and URL (without userinfo) but never
any request header, so the ``Authorization`` token cannot leak into logs or tracebacks.

Every error pickles and deep-copies with its attributes (``status_code``, ``message``,
``body``, ``request_id``, ``last``...), so one raised in a worker process reaches the parent
as the same class. The copy is made safe to ship: every text is masked first (see
:meth:`StudioError.hide`) and the secrets themselves are left behind; ``.request`` becomes
a bare request (method and URL, no headers, no body) and ``.response`` a response with the
same status, reason, headers and body (masked) attached to that bare request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final, Self, TypeVar

import httpx2

from ._secrets import mask_secrets

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "IndexingInProgressError",
    "InternalServerError",
    "InvalidRequestError",
    "LogStreamError",
    "MissingDependencyError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTooLargeError",
    "ResponseTooLargeError",
    "StudioError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "make_status_error",
    "redact_url",
]

_EXCERPT_LIMIT: Final = 200
_MAX_DEPTH: Final = 5
_REQUEST_ID_HEADERS: Final = (
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "cf-ray",
)


_E = TypeVar("_E", bound="StudioError")


class StudioError(Exception):
    """Base class of every error raised by this package."""

    args: tuple[Any, ...]
    _hidden: tuple[str, ...] = ()

    def hide(self, *secrets: str) -> Self:
        """Show ``***`` for each of ``secrets`` wherever this error shows text.

        The client hides its token in every error it raises: a server, or a proxy, that
        echoes the token back must not get it into a log or a traceback.

        Args:
            *secrets: The texts to mask (strings; empty ones are skipped). A later call
                replaces the secrets an earlier one gave.

        Returns:
            This error, so that `raise error.hide(token)` reads as one statement.

        Raises:
            TypeError: A secret is not a string.
        """
        self._hidden = tuple(secret for secret in secrets if secret)
        self.args = tuple(self._redact(a) if isinstance(a, str) else a for a in self.args)
        for name in ("message", "request_id"):
            value = getattr(self, name, None)
            if isinstance(value, str):
                setattr(self, name, self._redact(value))
        return self

    def _redact(self, text: str) -> str:
        """`text` with each hidden secret shown as ``***`` (by the rule of `_secrets`: a
        short secret only where it stands as a whole token)."""
        return mask_secrets(text, self._hidden)

    def __str__(self) -> str:
        return self._redact(super().__str__())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (and deep-copy) as the same class with the same attributes, masked.

        The state is masked with the hidden secrets and leaves them out, so a pickled error
        carries no token; httpx2 requests and responses are reduced (see the module doc).
        """
        state = {key: self._portable(value) for key, value in vars(self).items()}
        state.pop("_hidden", None)
        args = tuple(self._redact(a) if isinstance(a, str) else a for a in self.args)
        return (_restore, (type(self), args, state))

    def _portable(self, value: object) -> object:
        if isinstance(value, httpx2.Response):
            return self._portable_response(value)
        if isinstance(value, httpx2.Request):
            return self._portable_request(value)
        if self._hidden:
            return self._masked(value, 0)
        return value

    def _masked(self, value: object, depth: int) -> object:
        if isinstance(value, str):
            return self._redact(value)
        if depth > _MAX_DEPTH * 4:
            return value
        if isinstance(value, bytes):
            return self._redact(value.decode("utf-8", "surrogateescape")).encode(
                "utf-8", "surrogateescape"
            )
        if isinstance(value, list):
            return [self._masked(item, depth + 1) for item in value]
        if isinstance(value, dict):
            return {
                self._masked(k, depth + 1): self._masked(v, depth + 1) for k, v in value.items()
            }
        return value

    def _portable_request(self, request: httpx2.Request) -> httpx2.Request:
        return httpx2.Request(request.method, self._redact(redact_url(request.url)))

    def _portable_response(self, response: httpx2.Response) -> httpx2.Response:
        request = _request_of(response)
        try:
            content = response.content
        except httpx2.ResponseNotRead:
            content = b""
        masked = self._masked(content, 0) if self._hidden else content
        reason = response.extensions.get("reason_phrase")
        if isinstance(reason, bytes) and self._hidden:
            reason = self._redact(reason.decode("latin-1")).encode("latin-1", "replace")
        portable = httpx2.Response(
            response.status_code,
            headers=[
                (name, self._redact(value) if self._hidden else value)
                for name, value in response.headers.multi_items()
                if name.lower() not in ("content-encoding", "transfer-encoding", "content-length")
            ],
            content=masked if isinstance(masked, bytes) else content,
            request=None if request is None else self._portable_request(request),
            extensions={"reason_phrase": reason} if isinstance(reason, bytes) else {},
        )
        return portable


def _restore(cls: type[_E], args: tuple[Any, ...], state: dict[str, Any]) -> _E:
    """Rebuild an error `StudioError.__reduce__` took apart (without calling `__init__`)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ClientClosedError(StudioError, RuntimeError):
    """The client cannot send any more: it was closed, or (`AsyncStudio`) the event loop
    its connections belong to has ended. The message says what to do instead."""


class ConfigurationError(StudioError):
    """The client is not configured: no token, a malformed config file, a bad URL."""


class InvalidRequestError(StudioError, ValueError):
    """An argument is invalid; raised before any request is sent."""


class WaitTimeoutError(StudioError, TimeoutError):
    """Waiting for something on Studio (a job to finish, say) took longer than allowed.

    ``last`` is the last state seen before giving up, if any.

    Args:
        message: What was waited for, and for how long.
        last: The last state seen before giving up (the job, say), or None.
    """

    last: object
    """The last state seen before giving up (the job, say), or None."""

    def __init__(self, message: str, *, last: object = None) -> None:
        super().__init__(message)
        self.last = last


class LogStreamError(StudioError):
    """Studio ended a job's log stream with an error: the terminal `{"message": ...}` frame
    of asyncapi.yaml (e.g. ``Job <id> not found``), which means the stream will not work
    however often it is tried again. ``message`` is Studio's text.

    Args:
        message: Studio's text.
        job_id: The job whose log was followed.
    """

    message: str
    """Studio's text, as it sent it."""
    job_id: str | None
    """The job whose log was followed."""

    def __init__(self, message: str, *, job_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.job_id = job_id


class APIConnectionError(StudioError):
    """The server could not be reached, or the connection failed before a response.

    Args:
        message: What went wrong (no header of the request belongs here).
        request: The request that could not be sent or answered.
    """

    message: str
    """What went wrong, without the request's headers."""
    request: httpx2.Request
    """The request that could not be sent or answered."""

    def __init__(
        self, message: str = "Could not connect to Studio", *, request: httpx2.Request
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request

    def __str__(self) -> str:
        return self._redact(f"{self.message} ({_describe(self.request)})")

    def __repr__(self) -> str:
        return self._redact(
            f"{type(self).__name__}({self.message!r}, request={_describe(self.request)!r})"
        )


class APITimeoutError(APIConnectionError):
    """The request timed out.

    Args:
        message: What timed out.
        request: The request that timed out.
    """

    def __init__(
        self, message: str = "Request to Studio timed out", *, request: httpx2.Request
    ) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(StudioError):
    """The response body does not match what the API contract promises.

    Args:
        message: What does not match the contract.
        response: The response whose body is wrong.
        body: The body: the decoded JSON, or the raw bytes if it is not JSON.
    """

    message: str
    """What does not match the contract."""
    response: httpx2.Response
    """The response whose body is wrong."""
    body: object
    """The body: the decoded JSON, or the raw bytes if it is not JSON."""
    status_code: int
    """The HTTP status of the response."""

    def __init__(self, message: str, *, response: httpx2.Response, body: object) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.body = body
        self.status_code = response.status_code

    def __str__(self) -> str:
        where = _describe(_request_of(self.response))
        return self._redact(f"{self.message} ({where}, status {self.status_code})")

    def __repr__(self) -> str:
        return self._redact(
            f"{type(self).__name__}({self.message!r}, status_code={self.status_code})"
        )


class APIStatusError(StudioError):
    """Studio answered with an error status; :func:`make_status_error` builds these.

    Args:
        message: The server's own message, or the status line.
        response: The error response, its body read.
        body: The decoded JSON body, its text if it is not JSON, or None if it is empty.
    """

    message: str
    """The server's own message (``detail``, ``message`` or ``error``), or the status line."""
    response: httpx2.Response
    """The error response (its body has been read)."""
    body: object
    """The decoded JSON body, its text if it is not JSON, or None if it is empty."""
    status_code: int
    """The HTTP status, e.g. 404."""
    request_id: str | None
    """The request id a gateway or Studio gave the request (``x-request-id``...), if any."""

    def __init__(self, message: str, *, response: httpx2.Response, body: object) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.body = body
        self.status_code = response.status_code
        self.request_id = _request_id(response)

    def __str__(self) -> str:
        status = _status_line(self.response)
        text = status if self.message == status else f"{status}: {self.message}"
        where = _describe(_request_of(self.response))
        if self.request_id:
            where += f", request id {self.request_id}"
        return self._redact(f"{text} ({where})")

    def __repr__(self) -> str:
        return self._redact(
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )


class BadRequestError(APIStatusError):
    """400: the request was not understood."""


class AuthenticationError(APIStatusError):
    """401: no token, or an invalid or expired one."""


class PermissionDeniedError(APIStatusError):
    """403: the token may not do this."""


class NotFoundError(APIStatusError):
    """404: no such object or team."""


class ConflictError(APIStatusError):
    """409: the object already exists."""


class UnprocessableEntityError(APIStatusError):
    """422: the request breaks a rule of the contract."""


class RateLimitError(APIStatusError):
    """429: too many requests."""


class InternalServerError(APIStatusError):
    """5xx (any status from 500 up): Studio or a gateway in front of it failed."""


class ResponseTooLargeError(APIResponseValidationError):
    """The answer is larger than the client's ``max_response_size`` (256 MiB unless set),
    counted as it is decompressed: a gzip bomb, or a server gone wrong. The body is not kept
    (``body`` is None) and the call is not retried.

    Args:
        message: How large the answer grew, and the limit.
        response: The response whose body was too large.
        body: What was kept of the body (None: nothing is).
        limit: The `max_response_size` the body went past, in bytes.
    """

    limit: int
    """The ``max_response_size`` the body went past, in bytes."""

    def __init__(
        self, message: str, *, response: httpx2.Response, body: object = None, limit: int = 0
    ) -> None:
        super().__init__(message, response=response, body=body)
        self.limit = limit


class RequestTooLargeError(StudioError):
    """Studio would not take a request body this large: it answered 413 (then the error is
    a :class:`PayloadTooLargeError`, also an :class:`APIStatusError`), or it closed the
    connection, without an answer, while the body was still being sent. Sending it again
    would fail the same way, so it is never retried.

    Args:
        message: What happened, with the body's size.
        request: The request whose body was refused.
        size: The size of the request body in bytes, when it is known (else None).
    """

    message: str
    """What happened, with the body's size."""
    request: httpx2.Request
    """The request whose body was refused."""
    size: int | None
    """The size of the request body in bytes, when it is known."""

    def __init__(self, message: str, *, request: httpx2.Request, size: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.size = size

    def __str__(self) -> str:
        return self._redact(f"{self.message} ({_describe(self.request)})")

    def __repr__(self) -> str:
        return self._redact(f"{type(self).__name__}({self.message!r}, size={self.size!r})")


class PayloadTooLargeError(RequestTooLargeError, APIStatusError):
    """413: Studio (or a gateway in front of it) refused the request body as too large.

    Args:
        message: The server's own message, or the status line.
        response: The 413 response, its body read.
        body: The decoded JSON body, its text if it is not JSON, or None if it is empty.
        size: The size of the request body in bytes, when it is known (else None).
    """

    def __init__(
        self, message: str, *, response: httpx2.Response, body: object, size: int | None = None
    ) -> None:
        APIStatusError.__init__(self, message, response=response, body=body)
        request = _request_of(response)
        if request is not None:
            self.request = request
        self.size = size

    __str__ = APIStatusError.__str__
    __repr__ = APIStatusError.__repr__


_STATUS_CLASSES: Final[dict[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(
    response: httpx2.Response, *, decode: Callable[[bytes], object] | None = None
) -> APIStatusError:
    """Return the error for an error ``response``, with the server's own message.

    Works for any status code. The response body must have been read (a streamed
    response that was not read gives an error without body). ``decode`` reads a body
    that is not JSON (msgpack); one it cannot read is taken as JSON or text, as usual.
    """
    code = response.status_code
    cls = InternalServerError if code >= 500 else _STATUS_CLASSES.get(code, APIStatusError)
    body = _parse_body(response, decode)
    message = _message_from_body(body) or _status_line(response)
    return cls(message, response=response, body=body)


def redact_url(url: httpx2.URL | str) -> str:
    """Return ``url`` as text without its userinfo (``user:password@``)."""
    try:
        parsed = httpx2.URL(url)
    except httpx2.InvalidURL:
        return "<invalid URL>"
    return str(parsed.copy_with(userinfo=b"") if parsed.userinfo else parsed)


def _describe(request: httpx2.Request | None) -> str:
    if request is None:
        return "no request"
    return f"{request.method} {redact_url(request.url)}"


def _request_of(response: httpx2.Response) -> httpx2.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response built by hand has no request
        return None


def _status_line(response: httpx2.Response) -> str:
    reason = response.reason_phrase
    return f"{response.status_code} {reason}" if reason else f"HTTP {response.status_code}"


def _request_id(response: httpx2.Response) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        if value := response.headers.get(name):
            return str(value)
    return None


def _parse_body(
    response: httpx2.Response, decode: Callable[[bytes], object] | None = None
) -> object:
    if decode is not None:
        try:
            if response.content:
                return decode(response.content)
        except httpx2.ResponseNotRead:
            return None
        except (ValueError, RecursionError, ImportError):
            pass  # a proxy's page, not the route's own encoding: read it as usual
    try:
        text = response.text
    except httpx2.ResponseNotRead:
        return None
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
        return text


def _message_from_body(body: object, depth: int = 0) -> str | None:
    if body is None:
        return None
    if isinstance(body, str):
        return _text_excerpt(body) or None
    if isinstance(body, dict) and depth < _MAX_DEPTH:
        for key in ("detail", "message", "error"):
            if (found := _message_from_value(body.get(key), depth + 1)) is not None:
                return found
    return _shorten(_json_excerpt(body))


def _message_from_value(value: object, depth: int) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, list) and value:
        return "; ".join(_validation_problem(item) for item in value[:20])
    if isinstance(value, dict) and value:
        return _message_from_body(value, depth)
    return None


def _json_excerpt(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)[: _EXCERPT_LIMIT * 2]
    except (ValueError, RecursionError):
        return type(value).__name__


def _validation_problem(item: object) -> str:
    """Render one ``{"loc": [...], "msg": "..."}`` item as ``body.priority: msg``."""
    if not isinstance(item, dict) or "msg" not in item:
        return item if isinstance(item, str) else _json_excerpt(item)
    loc = item.get("loc")
    path = ""
    if isinstance(loc, list):
        for part in loc:
            path += f"[{part}]" if isinstance(part, int) else f".{part}"
    path = path.lstrip(".")
    return f"{path}: {item['msg']}" if path else str(item["msg"])


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(r"<(script|style|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _text_excerpt(text: str) -> str:
    """A short, single-line, tag-free excerpt of a text or HTML body."""
    title = _TITLE.search(text)
    if title and title.group(1).strip():
        text = title.group(1)
    else:
        text = _TAG.sub(" ", _INVISIBLE.sub(" ", text))
    import html  # only for an error with a text body

    return _shorten(html.unescape(text))


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT_LIMIT else text[: _EXCERPT_LIMIT - 1] + "…"


class MissingDependencyError(StudioError, ImportError):
    """A call needs a package that is not installed (also an `ImportError`).

    `name` is the missing package and `extra` the extra of `datachain-studio-client` that
    brings it: `pip install 'datachain-studio-client[<extra>]'`.

    Args:
        message: What needs the package, and the `pip install` that brings it.
        name: The package that could not be imported, e.g. `msgpack`.
        extra: The extra of `datachain-studio-client` that installs it, e.g. `storage`.
    """

    extra: str
    """The extra that installs the package, e.g. `storage`."""

    def __init__(self, message: str, *, name: str, extra: str) -> None:
        super().__init__(message, name=name)
        self.extra = extra


class IndexingInProgressError(StudioError):
    """Studio is still indexing the storage, so it has no entries to list yet (the official
    CLI prints `Error: Indexing in progress` for such a path). Ask again later.

    `path` is the path that was listed; `message` is Studio's note, or "Indexing in
    progress".

    Args:
        message: Studio's note (its `message`), or "Indexing in progress".
        path: The path that was listed.
    """

    path: str
    """The path that was listed."""
    message: str
    """Studio's note, or "Indexing in progress"."""

    def __init__(self, message: str = "Indexing in progress", *, path: str) -> None:
        super().__init__(f"{message}: {path}")
        self.path = path
        self.message = message
