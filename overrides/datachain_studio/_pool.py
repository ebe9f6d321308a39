"""Keeping httpcore 1.0's async connection pool whole when requests are cancelled.

httpcore 1.0.9 does not survive a request cancelled at some points (encode/httpcore#1093): a
connection stays assigned to a request nobody waits for, and once the pool is full of those
every call times out. Two layers keep that from happening here:

- `_uncancelled`: under asyncio an attempt runs as a shielded task of its own, so a caller's
  cancellation never reaches httpcore2 (only the attempt's own timeout does);
- `_async_release` / `_reclaim_orphans`: after a send or a close that failed or was cut short,
  connections that no live request owns are closed and taken out of the pool (the rule of
  the unmerged upstream fixes, encode/httpcore#1094 and #1099).

Both read httpcore2's private pool attributes, and do nothing when those are not there.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx2

T = TypeVar("T")


def _pooled_connections(http: httpx2.AsyncClient) -> int:
    """How many connections the client's pool holds (-1: cannot tell, an unknown transport)."""
    pool = _pool_of(http)
    return -1 if pool is None else len(pool.connections)


_ABANDONED: set[Any] = set()
"""Attempts whose caller was cancelled, left to end on their own (see `_uncancelled`)."""


async def _uncancelled(attempt: Coroutine[Any, Any, T]) -> T:
    """Await `attempt` so that cancelling the caller does not cancel it (under asyncio).

    httpcore 1.0's connection pool does not survive a request cancelled at some points
    (encode/httpcore#1093): a connection stays assigned to a request nobody waits for, and
    once the pool is full of those every call times out. So under asyncio an attempt runs as
    a task of its own, shielded: a cancelled caller gets its `CancelledError` at once, and
    the attempt goes on to its end (at most the attempt's timeout), releasing its connection
    as a finished request does. Only the attempt's own timeout cancels it. Under trio (no
    such leak seen there, and no task without a nursery) the attempt is awaited directly.
    """
    import sniffio

    if sniffio.current_async_library() != "asyncio":
        return await attempt
    import asyncio

    task = asyncio.ensure_future(attempt)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        if not task.done():
            _ABANDONED.add(task)
            task.add_done_callback(_forget)
        raise


def _forget(task: Any) -> None:
    _ABANDONED.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: the caller is gone, nobody else wants it


_CLOSE_GRACE = 1.0
"""Seconds a reclaimed connection may take to close (a TLS goodbye to a silent peer)."""


def _pool_of(http: httpx2.AsyncClient) -> Any:
    """The httpcore 1.0 connection pool under `http`, or None if it is not one this knows."""
    import httpcore2

    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    if not isinstance(pool, httpcore2.AsyncConnectionPool):
        return None
    known = ("_connections", "_requests", "_assign_requests_to_connections")
    if not all(hasattr(pool, name) for name in known):
        return None
    return pool


async def _close_all(pool: Any, connections: list[Any]) -> None:
    """Close `connections`, and those the pool lets go once told that slots came free."""
    closing = [*connections, *pool._assign_requests_to_connections()]
    import anyio

    with anyio.move_on_after(_CLOSE_GRACE, shield=True):
        for connection in closing:
            await connection.aclose()


async def _async_release(http: httpx2.AsyncClient, request: httpx2.Request) -> None:
    """Free the pool slots a failed, timed-out or cancelled `request` may have left held.

    Called once the request is over (its send raised, or closing its response did), so no
    code of httpcore2's will touch its pool entry again. httpcore2 closes a response under an
    anyio shield, which holds against anyio's and trio's cancellation but not against
    asyncio's own (`Task.cancel`, as `asyncio.wait_for` and task groups do): cancelled there,
    the close stops half-way, marked done, with the request still listed by the pool and its
    connection busy for good. Such entries are found by the request's `extensions`, which
    httpx2 hands to httpcore2 as the same dict, and let go; then `_reclaim_orphans`.
    """
    pool = _pool_of(http)
    if pool is None:
        return
    left = [r for r in pool._requests if getattr(r, "request", None) is not None]
    stuck = [r for r in left if r.request.extensions is request.extensions]
    connections = []
    for pool_request in stuck:
        pool._requests.remove(pool_request)
        connection = getattr(pool_request, "connection", None)
        busy = connection is not None and not (connection.is_idle() or connection.is_closed())
        if busy and connection in pool._connections:
            pool._connections.remove(connection)
            connections.append(connection)
    if connections:
        await _close_all(pool, connections)
    await _reclaim_orphans(http)


def _release(http: httpx2.Client, request: httpx2.Request) -> None:
    """The sync twin of `_async_release`, for code written once for both (codegen/unasync.py):
    nothing to free, as a sync request cannot be cancelled half-way."""


async def _reclaim_orphans(http: httpx2.AsyncClient) -> None:
    """Close and drop the pool connections that no request owns.

    httpcore 1.0 (encode/httpcore#1093) leaves a connection behind when a request is
    cancelled after the pool gave it a new connection and before the request started on it
    (waiting for its turn in a full pool, or for the connection's lock). That connection is
    neither idle, closed nor expired, so the pool never reaps it, and never reuses it: it holds
    its slot (and, when it had connected, its socket) for good, and once every slot is held so
    every call waits for the pool until it times out. A request that the pool still lists
    owns its connection until its response is closed, so a connection no listed request
    owns that is not idle or closed is one of these, and nothing else. This runs after every
    send that fails or is cancelled, which is when they are made. Then the pool is told that
    slots came free, so the requests queued for one get it.
    """
    pool = _pool_of(http)
    if pool is None:
        return
    owned = {id(getattr(request, "connection", None)) for request in pool._requests}
    orphans = [
        connection
        for connection in pool._connections
        if id(connection) not in owned and not (connection.is_idle() or connection.is_closed())
    ]
    if not orphans:
        return
    for connection in orphans:
        pool._connections.remove(connection)
    await _close_all(pool, orphans)
