"""What the async client's connection pool holds.

httpcore2 2.17 keeps its pool whole when requests are cancelled (the leak of httpcore 1.0,
encode/httpcore#1093, that this module once repaired: tests/client/test_cancellation.py and
test_trio.py guard it), so nothing here touches the pool; it only counts its connections.
"""

from __future__ import annotations

import httpx2


def _pooled_connections(http: httpx2.AsyncClient) -> int:
    """How many connections the client's pool holds (-1: cannot tell, an unknown transport).

    httpx2 gives no public way to the pool of a client's transport: this reads the
    transport's `_pool` (CONTRIBUTING, "Upgrading httpx2")."""
    import httpcore2

    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    if not isinstance(pool, httpcore2.AsyncConnectionPool):
        return -1
    return len(pool.connections)
