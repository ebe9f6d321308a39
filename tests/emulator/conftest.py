"""Fixtures for the emulator's tests.

The plugin's fixtures are imported here rather than enabled with `pytest_plugins`, which
pytest only allows in the root conftest.py; test_plugin.py checks the documented way.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from datachain_studio.testing import StudioEmulator
from datachain_studio.testing.pytest_plugin import (  # noqa: F401
    async_studio,
    pytest_configure,
    studio,
    studio_emulator,
)
from tests.emulator.helpers import Api


@pytest.fixture
def api(studio_emulator: StudioEmulator) -> Iterator[Api]:  # noqa: F811
    client = Api(studio_emulator)
    yield client
    client.http.close()
