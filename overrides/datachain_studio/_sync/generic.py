# Generated from _async/generic.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""`get`, `post`, `put`, `patch` and `delete` of a client: routes it does not model yet.

Written once, async; the sync twin (`_sync/generic.py`) is generated. They go through the
same pipeline as every method (the token, retries, deadlines, size bounds, typed errors,
redaction); `generic_call` checks that the route is one of this client's Studio, so the token
never leaves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from .._base_client import APICall, SyncAPIClient, Timeout, generic_call, operations

T = TypeVar("T")

_GENERIC_ARGS = """
        Args:
            path: The route, from Studio's root: text starting with `/`, e.g.
                `"/api/datachain/jobs/"`. Not a full URL (the token only goes to this
                client's Studio), and without a query (use `params`).
            cast_to: What to read the answer as: a model of `datachain_studio.types` (or
                `list[Model]`), `dict` or `list` (the JSON as it came, which must be an
                object or an array; `dict[str, Any]` and the like too, their arguments only
                for the type checker), or `bytes` (the raw body, empty for a 204).
            params: Query parameters (a mapping; None values are not sent, booleans are
                sent as `true`/`false`, a list repeats its key).{body}
            extra_headers: Headers to add, as for every method: the token, `User-Agent`,
                `Accept`, `Content-Type` and the like stay the client's.
            timeout: Seconds one attempt may take; by default the client's.
            max_retries: How many times a transient failure is retried; by default the
                client's.{retried}

        Returns:
            The answer, read as `cast_to` says.

        Raises:
            InvalidRequestError: `path` is a full URL or not a route, `cast_to` is not one of
                the above, or another argument is invalid (nothing was sent).
            APIResponseValidationError: The answer cannot be read as `cast_to`.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
_BODY_ARG = """
            body: The JSON body: what `json.dumps` can write (None: no body)."""
_RETRIED_ONCE = """ Only failures where Studio cannot have
                acted on the request are retried (a POST may create something)."""


def _generic_doc(summary: str, body: bool, once: bool = False) -> str:
    return (
        summary
        + "\n"
        + _GENERIC_ARGS.format(
            body=_BODY_ARG if body else "", retried=_RETRIED_ONCE if once else ""
        )
    )


_GET_DOC = _generic_doc(
    "GET a route this client does not model yet, through the same pipeline as every method\n"
    "        (the token, retries, timeouts, size bounds, typed errors).",
    body=False,
)
_POST_DOC = _generic_doc(
    "POST to a route this client does not model yet (see `get`); never sent twice where\n"
    "        Studio may have acted on it.",
    body=True,
    once=True,
)
_PUT_DOC = _generic_doc("PUT to a route this client does not model yet (see `get`).", body=True)
_PATCH_DOC = _generic_doc("PATCH a route this client does not model yet (see `get`).", body=True)
_DELETE_DOC = _generic_doc(
    "DELETE at a route this client does not model yet (see `get`).", body=True
)


@operations()
class GenericCalls:
    """The generic calls of `Studio` (a mixin over its request pipeline); their
    requests are named `get`, `post`, ... (`OPERATION_EXTENSION`)."""

    _api: SyncAPIClient

    def get(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> T:
        call: APICall[T] = generic_call(
            self._api.base_url, "GET", path, cast_to, params, None, False
        )
        return self._api.execute(
            call, timeout=timeout, max_retries=max_retries, extra_headers=extra_headers
        )

    get.__doc__ = _GET_DOC

    def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> T:
        call: APICall[T] = generic_call(
            self._api.base_url, "POST", path, cast_to, params, body, True
        )
        return self._api.execute(
            call, timeout=timeout, max_retries=max_retries, extra_headers=extra_headers
        )

    post.__doc__ = _POST_DOC

    def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> T:
        call: APICall[T] = generic_call(
            self._api.base_url, "PUT", path, cast_to, params, body, True
        )
        return self._api.execute(
            call, timeout=timeout, max_retries=max_retries, extra_headers=extra_headers
        )

    put.__doc__ = _PUT_DOC

    def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> T:
        call: APICall[T] = generic_call(
            self._api.base_url, "PATCH", path, cast_to, params, body, True
        )
        return self._api.execute(
            call, timeout=timeout, max_retries=max_retries, extra_headers=extra_headers
        )

    patch.__doc__ = _PATCH_DOC

    def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> T:
        call: APICall[T] = generic_call(
            self._api.base_url, "DELETE", path, cast_to, params, body, True
        )
        return self._api.execute(
            call, timeout=timeout, max_retries=max_retries, extra_headers=extra_headers
        )

    delete.__doc__ = _DELETE_DOC
