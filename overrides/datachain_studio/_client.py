"""`Studio` and `AsyncStudio`: the clients users create.

Both find their token, URL and team the way the `datachain` CLI does (`_config`), refuse to
send the token where it could be read on the wire, and reach every operation of the API
through one resource per area (`studio.jobs`, `studio.pipelines`, ...), created on first use.
"""

from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypedDict, TypeVar

import httpx2

from . import _validation as check
from ._async.generic import AsyncGenericCalls
from ._base_client import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncAPIClient,
    LazyHTTP,
    RawResponse,
    SyncAPIClient,
    Timeout,
    check_headers,
    check_max_response_size,
    check_retries,
    check_timeout,
    deadline_client,
    user_agent,
)
from ._config import Settings, is_insecure, resolve_settings
from ._exceptions import ConfigurationError, InvalidRequestError
from ._logging import configure_from_env
from ._sync.generic import GenericCalls

if TYPE_CHECKING:
    from .resources._async.access_groups import AsyncAccessGroups
    from .resources._async.access_rules import AsyncAccessRules
    from .resources._async.clusters import AsyncClusters
    from .resources._async.datasets import AsyncDatasets
    from .resources._async.jobs import AsyncJobs
    from .resources._async.pipelines import AsyncPipelines
    from .resources._async.schedules import AsyncSchedules
    from .resources._async.storage import AsyncStorage
    from .resources._sync.access_groups import AccessGroups
    from .resources._sync.access_rules import AccessRules
    from .resources._sync.clusters import Clusters
    from .resources._sync.datasets import Datasets
    from .resources._sync.jobs import Jobs
    from .resources._sync.pipelines import Pipelines
    from .resources._sync.schedules import Schedules
    from .resources._sync.storage import Storage

T = TypeVar("T")

AuthScheme = Literal["bearer", "token"]
"""How the token is sent: `"bearer"` (`Authorization: Bearer <token>`, as the API reference
documents) or `"token"` (`Authorization: token <token>`, as the official datachain client
does). Studio takes both."""
_SCHEMES: dict[str, str] = {"bearer": "Bearer", "token": "token"}
_RESOURCES = (
    "jobs",
    "clusters",
    "pipelines",
    "schedules",
    "access_groups",
    "access_rules",
    "datasets",
    "storage",
)


_API = TypeVar("_API", SyncAPIClient, AsyncAPIClient)

_MANY_REQUESTS = {
    "wait": "it polls until the job has finished",
    "follow": "it streams the log",
    "follow_events": "it streams the log",
    "download": "it fetches an export's chunks into files",
}
"""The methods `with_raw_response` refuses: many requests each, no one answer to show."""


class _RawResource:
    """A resource whose methods answer a `RawResponse` (see `with_raw_response`)."""

    __slots__ = ("_name", "_resource")

    def __init__(self, resource: object, name: str) -> None:
        self._resource = resource
        self._name = name

    def __getattr__(self, method: str) -> Any:
        why = _MANY_REQUESTS.get(method)
        if why is not None:
            raise InvalidRequestError(
                f"with_raw_response covers the methods that send one request; "
                f"{self._name}.{method} sends many ({why}): call it on the client itself"
            )
        if method.startswith("_"):
            raise AttributeError(method)
        return getattr(self._resource, method)

    def __repr__(self) -> str:
        return f"<with_raw_response.{self._name}>"


class RawResource(_RawResource):
    """`Studio.with_raw_response.<resource>`: its methods answer a `RawResponse`."""

    if TYPE_CHECKING:

        def __getattr__(self, method: str) -> Callable[..., RawResponse[Any]]: ...


class AsyncRawResource(_RawResource):
    """`AsyncStudio.with_raw_response.<resource>`: its methods answer a `RawResponse`."""

    if TYPE_CHECKING:

        def __getattr__(self, method: str) -> Callable[..., Awaitable[RawResponse[Any]]]: ...


_R = TypeVar("_R", RawResource, AsyncRawResource)


class WithRawResponse(Generic[_R]):
    """The resources of a client (`studio.with_raw_response.jobs`, ...), each method answering
    a `RawResponse`: the status, headers and request of the answer, and `parse()` for what the
    method returns otherwise."""

    __slots__ = ("_client", "_wrap")

    def __init__(self, client: object, wrap: type[_R]) -> None:
        """Over `client` (whose calls answer a `RawResponse`), resources wrapped in `wrap`."""
        self._client = client
        self._wrap: type[_R] = wrap

    def __getattr__(self, name: str) -> _R:
        if name not in _RESOURCES:
            raise AttributeError(name)
        resource: object = getattr(self._client, name)
        return self._wrap(resource, name)


class _APIArgs(TypedDict):
    """What `_ClientBase` has checked and hands to the `SyncAPIClient`/`AsyncAPIClient` maker."""

    base_url: str
    auth_header: str
    timeout: Timeout
    max_retries: int
    strict: bool
    user_agent: str
    max_response_size: int
    default_headers: dict[str, str]


class _ClientBase(Generic[_API]):
    """What `Studio` and `AsyncStudio` share: configuration, checks, `with_options`."""

    _settings: Settings
    _api: _API
    _http_kind: type[httpx2.Client | httpx2.AsyncClient]
    """The kind of httpx2 client this client sends with (`http_client=` is checked against it)."""

    def __init__(
        self,
        *,
        token: str | None,
        url: str | None,
        team: str | None,
        auth_scheme: AuthScheme,
        allow_insecure: bool,
        timeout: Timeout,
        max_retries: int,
        strict: bool,
        api: Callable[[_APIArgs], _API],
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        configure_from_env()
        for name, value in (("token", token), ("url", url), ("team", team)):
            if value is not None and not isinstance(value, str):
                raise InvalidRequestError(
                    f"{name} must be a string (or None, to find it as the datachain CLI "
                    f"does), got {type(value).__name__}"
                    + ("" if name == "token" else f" {value!r}")
                )
        if not isinstance(auth_scheme, str):
            raise InvalidRequestError(
                f"auth_scheme must be 'bearer' or 'token', got {type(auth_scheme).__name__}"
            )
        check.flag(allow_insecure, "allow_insecure")
        check.flag(strict, "strict")
        check_timeout(timeout)
        check_retries(max_retries)
        self._settings = resolve_settings(token=token, url=url, team=team)
        secret = self._settings.require_token()
        if not all("!" <= char <= "~" for char in secret):
            raise ConfigurationError(
                "The Studio token has spaces, line breaks or non-ASCII characters, so it cannot "
                "be sent in a header: check DATACHAIN_STUDIO_TOKEN or the config file."
            )
        if auth_scheme not in _SCHEMES:
            raise ConfigurationError(
                f"auth_scheme must be 'bearer' or 'token', not {auth_scheme!r}"
            )
        if is_insecure(self._settings.url) and not allow_insecure:
            raise ConfigurationError(
                f"Refusing to send the Studio token over plain HTTP to {self._settings.url}: "
                "use https://, or pass allow_insecure=True if this network is trusted."
            )
        check_max_response_size(max_response_size)
        headers = check_headers(default_headers, "default_headers")
        self._api = api(
            _APIArgs(
                base_url=self.url,
                auth_header=f"{_SCHEMES[auth_scheme]} {secret}",
                timeout=timeout,
                max_retries=max_retries,
                strict=strict,
                user_agent=user_agent(),
                max_response_size=max_response_size,
                default_headers=headers,
            )
        )
        self._owns_http: bool = True
        """False for the clients `with_options` makes: they share this one's connections."""

    @property
    def url(self) -> str:
        """The Studio server, e.g. `https://studio.datachain.ai`."""
        return self._settings.url

    @property
    def team(self) -> str | None:
        """The team calls act for unless they name another."""
        return self._settings.team

    def with_options(
        self,
        *,
        team: str | None = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        strict: bool | None = None,
        max_response_size: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx2.Client | httpx2.AsyncClient | None = None,
    ) -> Self:
        """A client like this one, sharing its connections, with some options changed.

        The new client shares the connections of this one (closing it does not close
        them) and gets its own resources; given an `http_client`, it sends with that one
        instead, and closing it marks it closed but leaves that httpx2 client open (as for
        `Studio(http_client=...)`). This client is left as it is.

        Args:
            team: The team calls act for unless they name another; None keeps this
                client's.
            timeout: Seconds one attempt may take (a positive number, or an `httpx2.Timeout`
                with every part set); None keeps this client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); None keeps this client's.
            strict: True raises `APIResponseValidationError` on an answer that breaks the
                contract, False keeps what can be read; None keeps this client's.
            max_response_size: The most bytes one answer may inflate to (a whole number
                from 1 up); None keeps this client's.
            default_headers: Headers to add to every call, over this client's (a name given
                again gets the new value); None keeps this client's. As for `Studio`, the
                headers the client sets itself cannot be named.
            http_client: An httpx2 client for the new client to send with: an
                `httpx2.Client` for a `Studio`, an `httpx2.AsyncClient` for an `AsyncStudio`;
                None shares this client's connections.

        Returns:
            A client of the same class (`Studio` or `AsyncStudio`).

        Raises:
            InvalidRequestError: An option has the wrong type or is out of range.
        """
        if max_response_size is not None:
            check_max_response_size(max_response_size)
        if team is not None and not isinstance(team, str):
            raise InvalidRequestError(f"team must be a string, got {team!r}")
        if timeout is not None:
            check_timeout(timeout)
        if max_retries is not None:
            check_retries(max_retries)
        if strict is not None:
            check.flag(strict, "strict")
        headers = check_headers(default_headers, "default_headers")
        _check_http_client(http_client, self._http_kind)
        clone = copy.copy(self)
        for name in _RESOURCES:
            clone.__dict__.pop(name, None)
        if team is not None:
            clone._settings = Settings(
                token=self._settings.token,
                url=self._settings.url,
                team=team,
                sources={**self._settings.sources, "team": "with_options"},
                config_files=self._settings.config_files,
            )
        clone._owns_http = False
        clone._api = copy.copy(self._api)
        for name, value in (
            ("timeout", timeout),
            ("max_retries", max_retries),
            ("strict", strict),
            ("max_response_size", max_response_size),
        ):
            if value is not None:
                setattr(clone._api, name, value)
        if headers:
            clone._api.default_headers = {**self._api.default_headers, **headers}
        if http_client is not None:
            clone._api.http = LazyHTTP(self._api.http._factory, http_client)  # type: ignore[arg-type]
            clone._owns_http = True  # its own LazyHTTP: `close` marks it closed, not the httpx one
        return clone

    def _raw_client(self) -> Self:
        """A client like this one (its connections, its options) whose calls answer a
        `RawResponse`."""
        clone = self.with_options()
        clone._api.raw = True
        return clone

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r}, team={self.team!r})"


def _check_http_client(value: object, kind: type[httpx2.Client | httpx2.AsyncClient]) -> None:
    """Refuse anything but an httpx2 client of `kind`, a legacy httpx one included: its
    errors, timeouts and streams are other classes than those the pipeline handles."""
    if value is not None and not isinstance(value, kind):
        hint = ""
        if isinstance(value, httpx2.Client | httpx2.AsyncClient):
            hint = " (Studio takes an httpx2.Client, AsyncStudio an httpx2.AsyncClient)"
        elif type(value).__module__.partition(".")[0] in ("httpx", "httpcore"):
            hint = (
                f" (the legacy httpx package is not supported: pass an httpx2.{kind.__name__}"
                ", made with the same arguments)"
            )
        raise InvalidRequestError(
            f"http_client must be an httpx2.{kind.__name__} or None, "
            f"got {type(value).__name__}{hint}"
        )


async def _end(stream: Any) -> None:
    """Close an async stream: a WebSocket (`close()`) or an httpx2 response (`aclose()`)."""
    closing = getattr(stream, "aclose", None) or stream.close
    await closing()


class Studio(_ClientBase[SyncAPIClient], GenericCalls):
    """A client of the DataChain Studio REST API.

    Arguments left out are found as the `datachain` CLI finds them: the environment
    (`DATACHAIN_STUDIO_TOKEN`, `DATACHAIN_STUDIO_URL`, `DATACHAIN_STUDIO_TEAM`), then the
    datachain config files. Nothing is sent until the first call; use it as a context
    manager, or call `close()`, to close its connections.
    Args:
        token: The Studio token. None (the default): `DATACHAIN_STUDIO_TOKEN`, else
            `studio.token` in the datachain config files. Printable ASCII without spaces;
            never shown in a repr, an error or a log line.
        url: The Studio server, e.g. `https://studio.datachain.ai` (a trailing `/` or `/api`
            is dropped). None: `DATACHAIN_STUDIO_URL`, else `studio.url` in the config
            files, else `https://studio.datachain.ai`. Plain `http://` is refused, except
            to a loopback address, unless `allow_insecure` is True.
        team: The team calls act for unless they name another. None:
            `DATACHAIN_STUDIO_TEAM`, else `studio.team` in the config files, else none
            (methods that need a team then raise `ConfigurationError` unless given
            `team=`).
        timeout: Seconds one attempt of a call may take, from connecting to the last byte
            of the answer: a positive, finite number (60 by default; connecting gets at
            most 10 of them), or an `httpx2.Timeout` with every part set.
        max_retries: How many times a failed call is tried again: a whole number from 0
            up (2 by default). Connection failures, timeouts and the statuses 408, 429
            and 500-599 are retried; a call that creates something only when Studio
            cannot have acted on it (no connection was made, or it answered 429 or 503;
            the README's table has every case). Waits double from about 0.5 up to 8
            seconds (with jitter), or follow `retry-after-ms` or `Retry-After` (up to 60
            seconds; a longer one raises at once).
        strict: True raises `APIResponseValidationError` on an answer that breaks the
            contract; False (the default) keeps what it can read.
        auth_scheme: How the token is sent: `"bearer"` (the default,
            `Authorization: Bearer <token>`) or `"token"` (`Authorization: token <token>`,
            as the official datachain client sends it).
        allow_insecure: True lets the token go to a plain `http://` URL that is not a
            loopback address (a trusted network only). False by default.
        http_client: Your own `httpx2.Client` to send with (its proxies, certificates,
            transport); `close()` leaves it open. None: the client makes its own. A client
            of the legacy `httpx` package is refused (`InvalidRequestError`): make an
            `httpx2.Client` with the same arguments.
        max_response_size: The most bytes one answer may inflate to, as it is
            decompressed: a whole number from 1 up (256 MiB by default). A larger answer
            raises `ResponseTooLargeError` as soon as it grows past it.
        default_headers: Headers every call adds (a mapping of names to printable ASCII
            text), e.g. for a proxy in front of Studio; a call's `extra_headers` win over
            them. They add, never replace: `Authorization`, `Cookie`, `User-Agent`,
            `Accept`, `Content-Type` and the like stay the client's, and naming one raises
            `InvalidRequestError`. Never sent to a pre-signed URL (an export's chunk).

    Raises:
        InvalidRequestError: An argument has the wrong type or is out of range (a timeout
            of 0, a negative `max_retries`, an `http_client` of the wrong kind,
            a legacy `httpx` client among them).
        ConfigurationError: No token was found, or it holds spaces, line breaks or
            non-ASCII characters; `auth_scheme` is neither `"bearer"` nor `"token"`; the URL
            is invalid, or plain `http://` without `allow_insecure`; a config file is not
            valid TOML.
    """

    _http_kind = httpx2.Client

    def __init__(
        self,
        *,
        token: str | None = None,
        url: str | None = None,
        team: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        strict: bool = False,
        auth_scheme: AuthScheme = "bearer",
        allow_insecure: bool = False,
        http_client: httpx2.Client | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        _check_http_client(http_client, httpx2.Client)
        super().__init__(
            token=token,
            url=url,
            team=team,
            auth_scheme=auth_scheme,
            allow_insecure=allow_insecure,
            timeout=timeout,
            max_retries=max_retries,
            strict=strict,
            max_response_size=max_response_size,
            default_headers=default_headers,
            api=lambda args: SyncAPIClient(**args, http=LazyHTTP(deadline_client, http_client)),
        )

    def close(self) -> None:
        """Close the connections (unless the `httpx2.Client` was passed in).

        A closed client stays closed: a later call raises `ClientClosedError`, so make a new
        `Studio`. Clients made by `with_options` share the connections: closing one of them
        does nothing, closing the client they came from closes them all.
        """
        if self._owns_http:
            lazy = self._api.http
            made = lazy.close()
            for stream in lazy.take_streams():  # log streams, chunk downloads: end them now
                with contextlib.suppress(Exception):
                    stream.close()
            if made is not None:
                made.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def with_raw_response(self) -> WithRawResponse[RawResource]:
        """The resources again, each method answering a `RawResponse`: the answer's
        `status_code`, `headers`, `request_id` and `http_request`, and `parse()` for what the
        method returns otherwise (`studio.with_raw_response.jobs.get(job_id).parse()`).

        Methods that send many requests (`jobs.wait`, `follow`, `follow_events`,
        `datasets.download`) raise `InvalidRequestError` there.
        """
        return WithRawResponse(self._raw_client(), RawResource)

    @functools.cached_property
    def jobs(self) -> Jobs:
        """Jobs: create, list, cancel, upload files, wait, follow logs."""
        from .resources._sync.jobs import Jobs

        return Jobs(self._api, self.team)

    @functools.cached_property
    def clusters(self) -> Clusters:
        """Compute clusters."""
        from .resources._sync.clusters import Clusters

        return Clusters(self._api, self.team)

    @functools.cached_property
    def pipelines(self) -> Pipelines:
        """Pipelines: definitions, runs and settings."""
        from .resources._sync.pipelines import Pipelines

        return Pipelines(self._api, self.team)

    @functools.cached_property
    def schedules(self) -> Schedules:
        """Pipeline schedules."""
        from .resources._sync.schedules import Schedules

        return Schedules(self._api, self.team)

    @functools.cached_property
    def access_groups(self) -> AccessGroups:
        """RBAC groups and their members."""
        from .resources._sync.access_groups import AccessGroups

        return AccessGroups(self._api, self.team)

    @functools.cached_property
    def access_rules(self) -> AccessRules:
        """RBAC rules."""
        from .resources._sync.access_rules import AccessRules

        return AccessRules(self._api, self.team)

    @functools.cached_property
    def datasets(self) -> Datasets:
        """Datasets: list, inspect, edit, remove, export and download them."""
        from .resources._sync.datasets import Datasets

        return Datasets(self._api, self.team)

    @functools.cached_property
    def storage(self) -> Storage:
        """Storage listing: the files and folders of the storages connected to Studio."""
        from .resources._sync.storage import Storage

        return Storage(self._api, self.team)


class AsyncStudio(_ClientBase[AsyncAPIClient], AsyncGenericCalls):
    """The asyncio twin of `Studio`: the same arguments, resources and methods, awaited.

    It runs under asyncio and trio alike (anyio). Nothing is sent until the first call; use
    it as an async context manager, or await `close()`, to close its connections.
    Args:
        token: The Studio token. None (the default): `DATACHAIN_STUDIO_TOKEN`, else
            `studio.token` in the datachain config files. Printable ASCII without spaces;
            never shown in a repr, an error or a log line.
        url: The Studio server, e.g. `https://studio.datachain.ai` (a trailing `/` or `/api`
            is dropped). None: `DATACHAIN_STUDIO_URL`, else `studio.url` in the config
            files, else `https://studio.datachain.ai`. Plain `http://` is refused, except
            to a loopback address, unless `allow_insecure` is True.
        team: The team calls act for unless they name another. None:
            `DATACHAIN_STUDIO_TEAM`, else `studio.team` in the config files, else none
            (methods that need a team then raise `ConfigurationError` unless given
            `team=`).
        timeout: Seconds one attempt of a call may take, from connecting to the last byte
            of the answer: a positive, finite number (60 by default; connecting gets at
            most 10 of them), or an `httpx2.Timeout` with every part set.
        max_retries: How many times a failed call is tried again: a whole number from 0
            up (2 by default). Connection failures, timeouts and the statuses 408, 429
            and 500-599 are retried; a call that creates something only when Studio
            cannot have acted on it (no connection was made, or it answered 429 or 503;
            the README's table has every case). Waits double from about 0.5 up to 8
            seconds (with jitter), or follow `retry-after-ms` or `Retry-After` (up to 60
            seconds; a longer one raises at once).
        strict: True raises `APIResponseValidationError` on an answer that breaks the
            contract; False (the default) keeps what it can read.
        auth_scheme: How the token is sent: `"bearer"` (the default,
            `Authorization: Bearer <token>`) or `"token"` (`Authorization: token <token>`,
            as the official datachain client sends it).
        allow_insecure: True lets the token go to a plain `http://` URL that is not a
            loopback address (a trusted network only). False by default.
        http_client: Your own `httpx2.AsyncClient` to send with (its proxies,
            certificates, transport); `close()` leaves it open. None: the client makes
            its own. A client of the legacy `httpx` package is refused
            (`InvalidRequestError`): make an `httpx2.AsyncClient` with the same arguments.
        max_response_size: The most bytes one answer may inflate to, as it is
            decompressed: a whole number from 1 up (256 MiB by default). A larger answer
            raises `ResponseTooLargeError` as soon as it grows past it.
        default_headers: Headers every call adds (a mapping of names to printable ASCII
            text), e.g. for a proxy in front of Studio; a call's `extra_headers` win over
            them. They add, never replace: `Authorization`, `Cookie`, `User-Agent`,
            `Accept`, `Content-Type` and the like stay the client's, and naming one raises
            `InvalidRequestError`. Never sent to a pre-signed URL (an export's chunk).

    Raises:
        InvalidRequestError: An argument has the wrong type or is out of range (a timeout
            of 0, a negative `max_retries`, an `http_client` of the wrong kind,
            a legacy `httpx` client among them).
        ConfigurationError: No token was found, or it holds spaces, line breaks or
            non-ASCII characters; `auth_scheme` is neither `"bearer"` nor `"token"`; the URL
            is invalid, or plain `http://` without `allow_insecure`; a config file is not
            valid TOML.
    """

    _http_kind = httpx2.AsyncClient

    def __init__(
        self,
        *,
        token: str | None = None,
        url: str | None = None,
        team: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        strict: bool = False,
        auth_scheme: AuthScheme = "bearer",
        allow_insecure: bool = False,
        http_client: httpx2.AsyncClient | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        _check_http_client(http_client, httpx2.AsyncClient)
        super().__init__(
            token=token,
            url=url,
            team=team,
            auth_scheme=auth_scheme,
            allow_insecure=allow_insecure,
            timeout=timeout,
            max_retries=max_retries,
            strict=strict,
            max_response_size=max_response_size,
            default_headers=default_headers,
            api=lambda args: AsyncAPIClient(**args, http=LazyHTTP(httpx2.AsyncClient, http_client)),
        )

    async def close(self) -> None:
        """Close the connections (unless the `httpx2.AsyncClient` was passed in).

        A closed client stays closed: a later call raises `ClientClosedError`. Used again in
        a second event loop (a second `asyncio.run`) after the first has ended, an
        `AsyncStudio` makes itself a new `httpx2.AsyncClient` (the old connections ended with
        their loop); with an `http_client` of yours it raises `ClientClosedError` instead.
        """
        if self._owns_http:
            lazy = self._api.http
            made = lazy.close()
            for stream in lazy.take_streams():  # log streams, chunk downloads: end them now
                with contextlib.suppress(Exception):
                    await _end(stream)
            if made is not None:
                await made.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def with_raw_response(self) -> WithRawResponse[AsyncRawResource]:
        """The resources again, each method answering a `RawResponse`: the answer's
        `status_code`, `headers`, `request_id` and `http_request`, and `parse()` for what the
        method returns otherwise (`(await studio.with_raw_response.jobs.get(job_id)).parse()`).

        Methods that send many requests (`jobs.wait`, `follow`, `follow_events`,
        `datasets.download`) raise `InvalidRequestError` there.
        """
        return WithRawResponse(self._raw_client(), AsyncRawResource)

    @functools.cached_property
    def jobs(self) -> AsyncJobs:
        """Jobs: create, list, cancel, upload files, wait, follow logs."""
        from .resources._async.jobs import AsyncJobs

        return AsyncJobs(self._api, self.team)

    @functools.cached_property
    def clusters(self) -> AsyncClusters:
        """Compute clusters."""
        from .resources._async.clusters import AsyncClusters

        return AsyncClusters(self._api, self.team)

    @functools.cached_property
    def pipelines(self) -> AsyncPipelines:
        """Pipelines: definitions, runs and settings."""
        from .resources._async.pipelines import AsyncPipelines

        return AsyncPipelines(self._api, self.team)

    @functools.cached_property
    def schedules(self) -> AsyncSchedules:
        """Pipeline schedules."""
        from .resources._async.schedules import AsyncSchedules

        return AsyncSchedules(self._api, self.team)

    @functools.cached_property
    def access_groups(self) -> AsyncAccessGroups:
        """RBAC groups and their members."""
        from .resources._async.access_groups import AsyncAccessGroups

        return AsyncAccessGroups(self._api, self.team)

    @functools.cached_property
    def access_rules(self) -> AsyncAccessRules:
        """RBAC rules."""
        from .resources._async.access_rules import AsyncAccessRules

        return AsyncAccessRules(self._api, self.team)

    @functools.cached_property
    def datasets(self) -> AsyncDatasets:
        """Datasets: list, inspect, edit, remove, export and download them."""
        from .resources._async.datasets import AsyncDatasets

        return AsyncDatasets(self._api, self.team)

    @functools.cached_property
    def storage(self) -> AsyncStorage:
        """Storage listing: the files and folders of the storages connected to Studio."""
        from .resources._async.storage import AsyncStorage

        return AsyncStorage(self._api, self.team)
