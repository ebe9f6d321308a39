"""pytest fixtures for code that talks to Studio: a fresh local Studio for every test.

Enable it in a `conftest.py` at the root of your tests::

    pytest_plugins = ["datachain_studio.testing.pytest_plugin"]

Fixtures:
- `studio_emulator`: a running `StudioEmulator` with fresh state. Its options come from the
  test's `studio_emulator` marker, e.g. `@pytest.mark.studio_emulator(job_step_seconds=None)`.
  After the test it fails if the emulator broke its contract (see `StudioEmulator.check`).
- `studio`: a `Studio` client for it (token, URL and team set).
- `async_studio`: an `AsyncStudio` client for it. It keeps no idle connections, so it can be
  used from any event loop (`asyncio.run` in a plain test, or an async test).

Both clients ignore proxy settings from the environment (`HTTP_PROXY`, ...): the emulator
is on loopback. They share one TLS context, which plain-HTTP calls never use, so that each
test does not pay for loading the CA bundle again.
"""

from __future__ import annotations

import asyncio
import functools
import ssl
from collections.abc import Iterator

import httpx2
import pytest

from .. import AsyncStudio, Studio
from ._emulator import StudioEmulator

__all__ = ["async_studio", "pytest_configure", "studio", "studio_emulator"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "studio_emulator(**options): StudioEmulator keyword arguments for the "
        "studio_emulator fixture",
    )


@pytest.fixture
def studio_emulator(request: pytest.FixtureRequest) -> Iterator[StudioEmulator]:
    """A running local Studio with fresh state, checked for contract violations afterwards."""
    marker = request.node.get_closest_marker("studio_emulator")
    options = dict(marker.kwargs) if marker is not None else {}
    options.setdefault("check_on_exit", True)
    emulator = StudioEmulator(**options)
    with emulator:
        yield emulator


@functools.cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


@pytest.fixture
def studio(studio_emulator: StudioEmulator) -> Iterator[Studio]:
    """A `Studio` client of the emulator."""
    with httpx2.Client(trust_env=False, verify=_tls()) as http:
        yield Studio(
            token=studio_emulator.token,
            url=studio_emulator.url,
            team=studio_emulator.team,
            http_client=http,
        )


@pytest.fixture
def async_studio(studio_emulator: StudioEmulator) -> Iterator[AsyncStudio]:
    """An `AsyncStudio` client of the emulator, usable from any event loop."""
    http = httpx2.AsyncClient(
        limits=httpx2.Limits(max_keepalive_connections=0), trust_env=False, verify=_tls()
    )
    yield AsyncStudio(
        token=studio_emulator.token,
        url=studio_emulator.url,
        team=studio_emulator.team,
        http_client=http,
    )
    asyncio.run(http.aclose())
