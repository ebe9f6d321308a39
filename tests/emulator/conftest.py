"""Fixtures for the emulator's tests (the plugin's come from the root conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from datachain_studio.testing import StudioEmulator
from tests.emulator.helpers import Api


@pytest.fixture
def api(studio_emulator: StudioEmulator) -> Iterator[Api]:
    client = Api(studio_emulator)
    yield client
    client.http.close()
