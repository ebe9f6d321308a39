"""Every fault of the matrix against a read and a create, sync and async.

Each cell must end as the documented policy says (the exception class or success, the
requests the server saw, the attempts the client made), within its deadline, with no
connection left open, no create sent twice after the server may have acted, and the token
only where it belongs. `matrix.py` holds the table; a known bug is an `xfail(strict=True)`
naming it, so the suite stays green and the bug stays visible until it is fixed.
"""

from __future__ import annotations

import pytest

from tests.reliability.matrix import Fault, cases, problems, run_case


def _param(fault: Fault, op: str, mode: str) -> object:
    bug = fault.bug(op, mode)
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(fault, op, mode, marks=marks, id=f"{fault.key}-{op}-{mode}")


@pytest.mark.parametrize(("fault", "op", "mode"), [_param(*case) for case in cases()])
def test_fault(fault: Fault, op: str, mode: str) -> None:
    result = run_case(fault, op, mode)
    assert problems(result) == []


def test_the_matrix_covers_every_fault_of_the_issue() -> None:
    keys = {fault.key for fault, _, _ in cases()}
    for wanted in [
        "refused",
        "reset-before-always",
        "reset-mid-body-always",
        "silent-always",
        "trickle-body",
        "500-short",
        "500-long",
        "502-short",
        "502-long",
        "503-short",
        "503-long",
        "504-short",
        "504-long",
        "429-seconds",
        "429-date",
        "429-too-large",
        "429-garbage",
        "200-truncated-json",
        "200-html",
        "200-wrong-content-type",
        "200-empty",
        "200-10mb",
        "502-html",
        "503-empty",
        "499",
        "520",
        "599",
        "redirect-other-host",
        "redirect-loop",
    ]:
        assert wanted in keys
