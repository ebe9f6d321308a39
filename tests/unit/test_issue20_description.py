"""The package's description and the PyPI page name every area the client covers (issue 20:
they left out datasets, storage listing, sign-in and webhooks)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AREAS = ["jobs", "logs", "clusters", "pipelines", "schedules", "access control", "datasets"]
AREAS += ["storage listing", "sign-in", "webhooks"]


def _description() -> str:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(project["description"])


def _first_paragraph(name: str) -> str:
    text = (REPO / name).read_text(encoding="utf-8")
    start = text.index("The Python client for")
    return " ".join(text[start : text.index("\n\n", start)].split())


@pytest.mark.parametrize("where", ["pyproject description", "README.pypi.md", "README.md"], ids=str)
def test_the_description_names_every_area(where: str) -> None:
    text = _description() if where == "pyproject description" else _first_paragraph(where)
    missing = [area for area in AREAS if area not in text]
    assert not missing, f"{where} leaves out {missing}"
