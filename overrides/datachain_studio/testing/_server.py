"""The local Studio's HTTP server: uvicorn (h11 for HTTP/1.1, wsproto for WebSocket, one
port) serving `StudioASGI`, on an event loop in a thread of its own.

Threads: one event-loop thread per server (`studio-emulator-<port>`) runs uvicorn: it
accepts, parses and frames every request and answer. `App.handle` is synchronous and runs
in a pool of `WORKERS` worker threads (`studio-emulator-worker_*`, started as needed); the
state they share is behind its own lock. An upload's worker pulls the body from the event
loop piece by piece (see `_asgi.StreamBody`).

Lifecycle: `StudioServer(...)` binds and listens at once (backlog `BACKLOG`), so the port is
known (`port=0`: any free one) before serving; `start()` serves and returns once uvicorn has
started; `stop()` stops accepting, closes idle connections, gives requests in flight
`GRACE_SECONDS` to finish, aborts the rest, then joins the loop thread and the workers:
nothing is left running or open.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import uvicorn

from ._app import App
from ._asgi import BODY_TIMEOUT, JSONErrorH11Protocol, StudioASGI

__all__ = ["BACKLOG", "GRACE_SECONDS", "WORKERS", "StudioServer"]

BACKLOG = 2048  # connections the kernel queues before accept (socketserver's default is 5)
WORKERS = 64  # threads for the synchronous App
GRACE_SECONDS = 1.0  # for requests in flight at stop()
# Longer than clients keep idle connections (httpx2: 5 s), so that the server is never the
# one to close a connection the client is about to reuse for a request.
KEEP_ALIVE_SECONDS = 75


class _Uvicorn(uvicorn.Server):
    """uvicorn's server, waking at once when told to stop and quick to shut down."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        await super().startup(sockets=sockets)
        self.ready.set()

    def request_exit(self) -> None:
        """Stop serving (from any thread)."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed already
                loop.call_soon_threadsafe(wake.set)

    async def main_loop(self) -> None:
        # uvicorn's own main loop checks `should_exit` every 0.1 s; this one also wakes up
        # when `request_exit` is called.
        assert self._wake is not None
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        loop = asyncio.get_running_loop()
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()  # idle ones close now; busy ones after their answer
        deadline = loop.time() + GRACE_SECONDS
        while self.server_state.connections and loop.time() < deadline:
            await asyncio.sleep(0.005)
        for connection in list(self.server_state.connections):
            connection.transport.abort()
        tasks = list(self.server_state.tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.sleep(0)  # let the aborted transports call connection_lost
        for server in self.servers:
            await server.wait_closed()


class StudioServer:
    """The App served over HTTP on `host`:`port`, on IPv4 or IPv6."""

    def __init__(
        self,
        host: str,
        port: int,
        app: App,
        *,
        verbose: bool = False,
        workers: int = WORKERS,
        backlog: int = BACKLOG,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP.
        # Without it, Nagle's algorithm holds an answer's body (a second write) until the
        # client's delayed ACK of its headers: 40 ms on every call.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(backlog)
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        self._socket = sock
        self.server_address: tuple[str, int] = sock.getsockname()[:2]
        self._stopping = threading.Event()
        self._executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="studio-emulator-worker"
        )
        self.asgi = StudioASGI(
            app,
            self._executor,
            stopping=self._stopping.is_set,
            verbose=verbose,
            body_timeout=body_timeout,
        )
        config = uvicorn.Config(
            self.asgi,
            http=JSONErrorH11Protocol.with_head_timeout(body_timeout),
            ws="wsproto",
            lifespan="off",
            log_config=None,  # leave the logging of the process that runs the emulator alone
            access_log=False,  # `verbose` logs requests in StudioASGI instead
            server_header=False,
            proxy_headers=False,  # no X-Forwarded-* rewriting: clients are seen as they are
            backlog=backlog,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        self._server = _Uvicorn(config)
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._done = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start(self, timeout: float = 10.0) -> None:
        """Serve in a background thread; return once the server accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the server has been started already")
        self._thread = threading.Thread(
            target=self._run, name=f"studio-emulator-{self.port}", daemon=True
        )
        self._thread.start()
        if not self._server.ready.wait(timeout) or self._failure is not None:
            self.stop()
            raise RuntimeError(f"the emulator's server did not start: {self._failure!r}")

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the server to end; True if it has."""
        return self._done.wait(timeout)

    def stop(self) -> None:
        """Stop serving, close every connection, and end the server's threads."""
        self._stopping.set()
        self._server.request_exit()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=GRACE_SECONDS + 10)
        self._socket.close()  # closed already if uvicorn served it; not if it never ran
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._socket]))
        except BaseException as exc:  # reported by start()
            self._failure = exc
        finally:
            self._server.ready.set()
            self._done.set()
