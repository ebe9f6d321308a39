"""Figures the third-party tool tests report at the end of the pytest run.

A test calls `report(config, line)`: the line is printed at once (seen with `pytest -s`) and
again in the terminal summary (see conftest.py), so a plain `pytest` run shows it too.
"""

from __future__ import annotations

import pytest

LINES = pytest.StashKey[list[str]]()


def report(config: pytest.Config, line: str) -> None:
    print(line)
    config.stash.setdefault(LINES, []).append(line)
