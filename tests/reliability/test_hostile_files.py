"""Config files that are not files: a cloned repository may carry a `.datachain/config` that
is a FIFO (reading it waits for a writer that never comes) or a link to `/dev/zero` (it never
ends). The client reads only regular files, at most 1 MiB, and says so with a
`ConfigurationError`; `Studio()`, `login` and `datachain-studio` all go through that reader.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from datachain_studio import ConfigurationError, Studio, login
from datachain_studio._config import MAX_CONFIG_BYTES
from tests.support.config import isolate_config
from tests.support.server import Reply, scripted_server


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder whose `.datachain/` the test fills; every other config folder empty."""
    isolate_config(monkeypatch, tmp_path, project=False)
    root = tmp_path / "clone"
    (root / ".datachain").mkdir(parents=True)
    monkeypatch.setenv("DATACHAIN_ROOT_DIR", str(root))
    return root


def within(seconds: float, action: Callable[[], Any]) -> BaseException | None:
    """What `action` raised (None if nothing), failing the test if it takes longer than
    `seconds` (it is left running in a daemon thread)."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


def make_studio() -> None:
    Studio(token="isat_config_files", url="http://127.0.0.1:9", team="t").close()


def test_a_config_that_is_a_fifo_is_refused_at_once(project: Path) -> None:
    fifo = project / ".datachain" / "config"
    os.mkfifo(fifo)
    try:
        error = within(5, make_studio)
    finally:
        release(fifo)
    assert isinstance(error, ConfigurationError), error
    assert "a FIFO, not a regular file" in str(error)


def release(fifo: Path) -> None:
    """Let go of a reader blocked opening `fifo` (the defect): a writer comes and goes."""
    with contextlib.suppress(OSError):  # ENXIO: nobody has it open for reading
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_config_linked_to_dev_zero_is_refused_without_reading_it(project: Path) -> None:
    (project / ".datachain" / "config").symlink_to("/dev/zero")
    error = within(5, make_studio)
    assert isinstance(error, ConfigurationError), error
    assert "a character device, not a regular file" in str(error)


def test_a_config_larger_than_a_mebibyte_is_refused(project: Path) -> None:
    path = project / ".datachain" / "config"
    path.write_bytes(b"[studio]\n" + b"# padding\n" * (MAX_CONFIG_BYTES // 10))
    with pytest.raises(ConfigurationError, match="larger than 1024 KiB"):
        make_studio()
    path.write_bytes(b'[studio]\nteam = "kept"\n' + b"#" * (MAX_CONFIG_BYTES - 100) + b"\n")
    with Studio(token="isat_config_files", url="http://127.0.0.1:9") as studio:
        assert studio.team == "kept"  # just under the bound: read


def test_a_link_to_a_regular_file_is_still_read(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "shared-config"
    real.write_text('[studio]\nteam = "linked"\n')
    (project / ".datachain" / "config").symlink_to(real)
    with Studio(token="isat_config_files", url="http://127.0.0.1:9") as studio:
        assert studio.team == "linked"


def test_login_refuses_a_fifo_before_anything_is_sent(project: Path, tmp_path: Path) -> None:
    (tmp_path / "global").mkdir()
    os.mkfifo(tmp_path / "global" / "config")
    with scripted_server(lambda request: Reply(500)) as server:
        try:
            error = within(5, lambda: login(server.url, on_code=lambda code: None))
        finally:
            release(tmp_path / "global" / "config")
    assert isinstance(error, ConfigurationError), error
    assert "a FIFO" in str(error)
    assert server.requests == []
