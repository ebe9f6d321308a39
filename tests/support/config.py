"""An empty datachain configuration for a test: no Studio settings in the environment, and
every config folder inside the test's own temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

STUDIO_VARIABLES = ("DATACHAIN_STUDIO_TOKEN", "DATACHAIN_STUDIO_URL", "DATACHAIN_STUDIO_TEAM")


def isolate_config(monkeypatch: pytest.MonkeyPatch, root: Path, *, project: bool = True) -> Path:
    """Clear `DATACHAIN_STUDIO_*` and `DATACHAIN_DIR`, and point the global, system (and,
    with `project`, the project) config folders below `root`. The global folder is returned
    (not made)."""
    for name in (*STUDIO_VARIABLES, "DATACHAIN_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATACHAIN_GLOBAL_CONFIG_DIR", str(root / "global"))
    monkeypatch.setenv("DATACHAIN_SYSTEM_CONFIG_DIR", str(root / "system"))
    if project:
        monkeypatch.setenv("DATACHAIN_ROOT_DIR", str(root / "project"))
    return root / "global"
