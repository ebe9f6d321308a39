"""A pytest plugin that watches a whole test run for the Studio token leaking.

    DATACHAIN_STUDIO_LOG=debug TOKEN_WATCH_REPORT=/tmp/watch.json \\
        python -m pytest tests/integration -p tests.reliability.token_watch

It records every token a `Studio`/`AsyncStudio` is made with, every log record of every
logger (at DEBUG), and every `StudioError` raised or built (its str, repr and traceback,
including those a test catches with `pytest.raises`), and at the end of the run writes to
`TOKEN_WATCH_REPORT` what it saw and where a token turned up. `test_security.py` runs it
over the integration suite and also checks the process's own output.
"""

from __future__ import annotations

import json
import logging
import os
import traceback
from typing import Any

import pytest

from datachain_studio import _client, _exceptions

MIN_SECRET = 8
"""Shorter tokens ("x", "t") are too common as text to tell a leak."""

_tokens: set[str] = set()
_errors: list[BaseException] = []
_texts: list[str] = []


class _Capture(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            _texts.append(self.format(record))
            _texts.append(repr(record.args))
        except Exception:  # a record that cannot be formatted is a bug elsewhere
            _texts.append(repr(record.__dict__))


_handler = _Capture(logging.DEBUG)
_handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))


def _watch_clients() -> None:
    original = _client._ClientBase.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        token = self._settings.token
        if token and len(token) >= MIN_SECRET:
            _tokens.add(token)

    _client._ClientBase.__init__ = init  # type: ignore[method-assign]


def _watch_errors() -> None:
    def init(self: BaseException, *args: Any) -> None:
        super(_exceptions.StudioError, self).__init__(*args)
        _errors.append(self)

    _exceptions.StudioError.__init__ = init  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    root = logging.getLogger()
    root.addHandler(_handler)
    root.setLevel(logging.DEBUG)
    _watch_clients()
    _watch_errors()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.longrepr is not None:
        _texts.append(str(report.longrepr))
    _texts.extend(text for _, text in report.sections)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    texts = list(_texts)
    for error in _errors:
        texts += [str(error), repr(error), "".join(traceback.format_exception(error))]
    leaks = sorted({text for text in texts for token in _tokens if token in text})
    path = os.environ.get("TOKEN_WATCH_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "tokens": sorted(_tokens),
                    "records": len(_texts),
                    "errors": len(_errors),
                    "leaks": leaks,
                },
                out,
            )
