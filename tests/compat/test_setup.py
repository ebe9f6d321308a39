"""The suite finds the official client or fails, saying how to get it (never a skip)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compat.helpers import VENV_VARIABLE, VERSION, official_datachain


def fake_venv(root: Path, version: str) -> Path:
    executable = root / "bin" / "datachain"
    executable.parent.mkdir(parents=True)
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    (root / "lib" / "python3.11" / "site-packages" / f"datachain-{version}.dist-info").mkdir(
        parents=True
    )
    return executable


def test_a_missing_venv_fails_and_says_to_run_make_datachain_venv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(VENV_VARIABLE, str(tmp_path / "nowhere"))
    with pytest.raises(pytest.fail.Exception, match=r"Run `make datachain-venv`"):
        official_datachain()


def test_another_datachain_version_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_venv(tmp_path, "0.61.0")
    monkeypatch.setenv(VENV_VARIABLE, str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match=rf"0\.61\.0, not {VERSION}"):
        official_datachain()


def test_the_venv_of_the_variable_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    executable = fake_venv(tmp_path, VERSION)
    monkeypatch.setenv(VENV_VARIABLE, str(tmp_path))
    assert official_datachain() == executable
