"""Print the figures of the third-party tool tests (schemathesis, Prism) in the summary."""

from __future__ import annotations

import pytest

from tests.tools._summary import LINES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = terminalreporter.config.stash.get(LINES, [])
    if lines:
        terminalreporter.section("contract tools")
        for line in lines:
            terminalreporter.write_line(line)
