"""The API reference: every public parameter documented, and docs/api.md built from it.

`docs/build_api.py` walks the public surface (`datachain_studio.__all__`, the resources of
`Studio` and `AsyncStudio`, `datachain_studio.webhooks.__all__`) and checks its Google-style
docstrings. One test per documented item, so that a failure names exactly what is missing.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from datachain_studio import AsyncStudio, Studio

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "docs" / "build_api.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_api", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build = _load()


@functools.cache
def _checked() -> tuple[dict[str, list[str]], dict[str, Any]]:
    problems, counts = build.check()
    return problems, counts


SURFACE = [item.qualname for item in build.surface()]


@pytest.mark.parametrize("qualname", SURFACE)
def test_every_public_item_is_documented(qualname: str) -> None:
    problems, _ = _checked()
    found = problems[qualname]
    assert not found, "\n".join(["", *found, "(see docs/build_api.py for the rules)"])


def test_api_md_is_what_the_docstrings_give() -> None:
    expected = build.render()
    current = build.OUTPUT.read_text(encoding="utf-8") if build.OUTPUT.exists() else ""
    assert current == expected, (
        "docs/api.md is out of date: run `.venv/bin/python docs/build_api.py` and commit it"
    )


def test_the_surface_holds_every_resource_of_both_clients() -> None:
    items = {item.qualname: item for item in build.surface()}
    for client in (Studio, AsyncStudio):
        resources = [
            name
            for name, value in vars(client).items()
            if isinstance(value, functools.cached_property) and not name.startswith("_")
        ]
        assert {"jobs", "pipelines", "access_rules"} <= set(resources)
        found = dict(build.resource_classes(client))
        assert set(found) == set(resources), "a resource's class was not found"
        for name, cls in found.items():
            assert items[cls.__name__].attribute.endswith(f".{name}")
    assert {"Studio", "AsyncStudio", "StudioError", "webhooks.verify"} <= set(items)


def test_counts_cover_team_timeout_and_max_retries() -> None:
    _, counts = _checked()
    assert counts["Pipelines"].total >= 9 * 3  # nine methods, each with the three
    total = sum(count.total for count in counts.values())
    assert total > 400


# --- the checker itself ---------------------------------------------------------------------


def _problems(func: Any) -> list[str]:
    counts = build.Counts()
    problems: list[str] = build.check_callable(
        "f", func, build.parse(func.__doc__), counts, constructor=False
    )
    return problems


def test_checker_accepts_a_complete_docstring() -> None:
    def f(name: str, *secrets: str, limit: int = 1) -> int:
        """Do it.

        Args:
            name: A name.
            *secrets: Texts to hide, continued
                on a second line.
            limit: From 1 up.

        Returns:
            How many.

        Raises:
            InvalidRequestError: A bad name.
            ValueError: A bad limit.
        """
        return limit

    assert _problems(f) == []
    counts = build.Counts()
    build.check_callable("f", f, build.parse(f.__doc__), counts, constructor=False)
    assert (counts.documented, counts.total) == (3, 3)


def test_checker_finds_undocumented_and_unknown_parameters() -> None:
    def f(name: str, limit: int = 1) -> None:
        """Do it.

        Args:
            name: A name.
            lmit: A typo.

        Raises:
            InvalidRequestError: A bad name.
        """

    problems = _problems(f)
    assert "f: parameter `limit` undocumented (no `Args:` entry)" in problems
    assert "f: `Args:` names `lmit`, which is not a parameter" in problems
    assert len(problems) == 2


def test_checker_wants_returns_raises_and_real_exceptions() -> None:
    def f(name: str) -> str:
        """Do it.

        Args:
            name: A name.
        """
        return name

    def g(name: str) -> str:
        """Do it.

        Args:
            name: A name.

        Returns:
            The name.

        Raises:
            NoSuchError: Never.
        """
        return name

    def h() -> str:
        return ""

    assert _problems(f) == [
        "f: returns a value but has no `Returns:` section",
        "f: takes arguments but has no `Raises:` section",
    ]
    assert _problems(g) == ["f: `Raises:` names `NoSuchError`, not an exception class"]
    assert _problems(h) == ["f: no docstring"]


def test_checker_finds_an_undocumented_dataclass_field_and_member() -> None:
    import dataclasses

    @dataclasses.dataclass
    class Thing:
        """A thing.

        Attributes:
            a: Documented.
            c: Not a field.
        """

        a: int
        b: int

        def size(self, factor: int) -> int:
            """How big.

            Returns:
                The size.
            """
            return self.a * factor

    Thing.__module__ = "datachain_studio.fake"
    item = build.Item("Thing", Thing, "datachain_studio.fake", "Other exports")
    problems, counts = build.check([item])
    assert problems["Thing"] == [
        "Thing: field `b` undocumented (no `Attributes:` entry, no docstring after it)",
        "Thing: `Attributes:` names `c`, which is not a field",
        "Thing.size: parameter `factor` undocumented (no `Args:` entry)",
        "Thing.size: takes arguments but has no `Raises:` section",
    ]
    assert (counts["Thing"].documented, counts["Thing"].total) == (0, 1)


def test_attribute_docstrings_count_as_documentation() -> None:
    from datachain_studio import APIStatusError, WaitTimeoutError

    documented = build._class_attribute_docs(APIStatusError)
    assert {"message", "status_code", "request_id"} <= set(documented)
    assert "last" in build._class_attribute_docs(WaitTimeoutError)


def test_parse_splits_summary_prose_and_sections() -> None:
    doc = build.parse(
        """Summary line
        that goes on.

        Prose.

        Args:
            x (int): The x,
                continued.

        Returns:
            Something.
        """
    )
    assert doc.summary == "Summary line that goes on."
    assert doc.body == "Prose."
    [entry] = doc.entries("Args")
    assert (entry.name, entry.text) == ("x", "The x, continued.")
    assert doc.entries("Returns")[0].text == "Something."
