"""Run the fault matrix and print it as the Markdown table of RELIABILITY.md.

    .venv/bin/python -m tests.reliability.report > /tmp/table.md

One row per fault and operation; the sync and async clients are run separately and their
outcomes shown side by side. "Result" is `pass` when the cell kept every promise of
`matrix.problems`, `known bug` when it broke one that an `xfail` names, `FAIL` otherwise.
"""

from __future__ import annotations

import sys
import time

from tests.reliability.matrix import (
    FAULTS,
    MODES,
    OPS,
    RELAXED,
    TIMEOUT,
    CaseResult,
    problems,
    run_case,
)

_OPERATION = {"read": "`jobs.list`", "create": "`jobs.create`"}


def _note(result: CaseResult) -> str:
    found = "; ".join(problems(result))
    bug = result.fault.bug(result.op, result.mode)
    if found and bug:
        return f"known bug {bug.split(':')[0].removeprefix('BUG ')}: {found}"
    if found:
        return f"**FAIL**: {found}"
    if bug:
        return "**fixed?** remove the xfail"
    return "pass"


def _result(results: list[CaseResult]) -> str:
    notes = [_note(result) for result in results]
    if len(set(notes)) == 1:
        return notes[0]
    return "<br>".join(f"{r.mode}: {note}" for r, note in zip(results, notes, strict=True))


def _same(values: list[str]) -> str:
    return values[0] if len(set(values)) == 1 else " / ".join(values)


def row(results: list[CaseResult]) -> str:
    first = results[0]
    outcome = _same([r.outcome_text() for r in results])
    requests = _same([str(len(r.requests)) for r in results])
    attempts = _same([str(r.attempts) for r in results])
    seconds = _same([f"{r.elapsed:.1f}" for r in results])
    return (
        f"| {first.fault.title} | {_OPERATION[first.op]} | {outcome} | {requests} | {attempts} "
        f"| {seconds} | {first.fault.expect(first.op).lost} | {_result(results)} |"
    )


def main() -> int:
    started = time.monotonic()
    print(
        f"Default policy (2 retries); client timeout {TIMEOUT} s per attempt for the faults "
        f"about time, {RELAXED} s for the others unless the fault says; waits between attempts "
        "recorded, not slept. Where sync and async differ: sync / async.\n"
    )
    print(
        "| Fault | Operation | Outcome | Requests seen | Attempts | Seconds | What was lost "
        "| Result |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    failed = 0
    for fault in FAULTS:
        for op in OPS:
            results = [run_case(fault, op, mode) for mode in MODES]
            failed += sum(1 for r in results if problems(r) and not fault.bug(r.op, r.mode))
            print(row(results), flush=True)
    print(f"\n{len(FAULTS) * len(OPS) * len(MODES)} cells in {time.monotonic() - started:.0f} s.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
