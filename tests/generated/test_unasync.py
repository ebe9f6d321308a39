"""codegen/unasync.py: the sync twin of each async module, and the check that fails on drift.

(Here, not in tests/unit: it runs the pinned ruff, which only the main venv has.)
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unasync", ROOT / "codegen" / "unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


unasync = _load()


def test_the_substitutions_turn_async_code_into_its_sync_twin() -> None:
    source = (
        "from .._async.follow import AsyncFollow\n"
        "async def list(self) -> AsyncIterator[Job]:\n"
        "    async with await _async_open_file(path) as file:\n"
        "        async for piece in response.aiter_bytes():\n"
        "            await file.write(piece)\n"
        "    await _base_client._async_sleep(1)\n"
        "    http: httpx2.AsyncClient = self._api.http.get()  # AsyncAPIClient, asyncio\n"
        "    await response.aclose()\n"
    )
    assert unasync.translate(source) == (
        "from .._sync.follow import SyncFollow\n"
        "def list(self) -> Iterator[Job]:\n"
        "    with _open_file(path) as file:\n"
        "        for piece in response.iter_bytes():\n"
        "            file.write(piece)\n"
        "    _base_client._sleep(1)\n"
        "    http: httpx2.Client = self._api.http.get()  # SyncAPIClient, asyncio\n"
        "    response.close()\n"
    )


def test_every_async_module_has_its_committed_sync_twin() -> None:
    sources = unasync.sources()
    assert {s.parent.relative_to(unasync.PACKAGE).as_posix() for s in sources} == {
        "_async",
        "resources/_async",
    }
    assert unasync.main(["--check"]) == 0


def test_the_check_fails_when_a_sync_module_was_edited_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "datachain_studio"
    shutil.copytree(unasync.PACKAGE, package)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)  # the ruff settings the twins are formatted with
    edited = package / "resources" / "_sync" / "clusters.py"
    edited.write_text(edited.read_text().replace("def list(", "def list_all("))
    monkeypatch.setattr(unasync, "PACKAGE", package)
    monkeypatch.setattr(unasync, "ROOT", tmp_path)
    assert unasync.main(["--check"]) == 1
    assert "resources/_sync/clusters.py" in capsys.readouterr().err
    assert unasync.main([]) == 0  # rewritten from its source
    assert unasync.main(["--check"]) == 0
    assert "def list(" in edited.read_text()
