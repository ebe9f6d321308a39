"""Where reading every field of 10,000 jobs goes, step by step, in one process, without HTTP.

    python bench/parse_cost.py          # garbage collection off: the work itself
    python bench/parse_cost.py --gc     # with it, as a program runs

The body is `bench/server.py`'s 10,000 canned jobs. Three ways, each step timed on its own
(median of 9 rounds, ms):

- raw: `json.loads`, then every key of every job and step read (`peers.read_every_key`),
  then the result freed;
- the json way, which the client takes when msgspec is missing or declines a model:
  `json.loads`, a view per job (`parse`), every field read (`peers.read_every_field`: the
  first read of each model runs the Python fill), freed;
- the text way, the client's own: `read_text` (msgspec: the JSON checked and split into
  each job's text), every field read (each model filled by its msgspec decoder), freed;
- strict, as `Studio(strict=True)` reads: `read_text(..., strict=True)` (every model filled
  and checked), every field read, freed.

The last line gives each way's total over raw's: what `make bench`'s "every field read" row
measures, without the HTTP both sides share. `bench/run.py` measures the whole calls.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from peers import read_every_field, read_every_key
from server import jobs_body

from datachain_studio._parsing import parse, read_text
from datachain_studio.types import JobOutput

ROUNDS = 9
Step = tuple[str, Callable[[Any], Any]]


def timed(steps: list[Step]) -> list[float]:
    """Each step run on what the step before gave, its seconds."""
    value: Any = None
    times = []
    for _, step in steps:
        start = time.perf_counter()
        value = step(value)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    if "--gc" not in sys.argv[1:]:
        gc.disable()
    text = jobs_body(10_000).decode()
    kind = list[JobOutput]

    def read(reader: Callable[[Any], None]) -> Callable[[Any], Any]:
        def step(value: Any) -> Any:
            reader(value)
            return value

        return step

    ways: dict[str, list[Step]] = {
        "raw": [
            ("json.loads", lambda _: json.loads(text)),
            ("read every key", read(read_every_key)),
            ("free", lambda _: None),
        ],
        "json way": [
            ("json.loads", lambda _: json.loads(text)),
            ("views", lambda data: parse(data, kind, strict=False)),
            ("fill + read every field", read(read_every_field)),
            ("free", lambda _: None),
        ],
        "text way": [
            ("read_text", lambda _: read_text(text, kind)),
            ("fill + read every field", read(read_every_field)),
            ("free", lambda _: None),
        ],
        "strict": [
            ("read_text + fill", lambda _: read_text(text, kind, strict=True)),
            ("read every field", read(read_every_field)),
            ("free", lambda _: None),
        ],
    }
    for steps in ways.values():
        timed(steps)  # warm: compile the fills and decoders
    runs: dict[str, list[list[float]]] = {name: [] for name in ways}
    for _ in range(ROUNDS):
        for name, steps in ways.items():  # interleaved, as make bench does
            runs[name].append(timed(steps))
    totals = {}
    for name, steps in ways.items():
        medians = [statistics.median(times) * 1e3 for times in zip(*runs[name], strict=True)]
        totals[name] = statistics.median(sum(times) for times in runs[name]) * 1e3
        parts = ", ".join(
            f"{label} {ms:.1f}" for (label, _), ms in zip(steps, medians, strict=True)
        )
        print(f"{name:9} {totals[name]:6.1f} ms: {parts}")
    collection = "on" if gc.isenabled() else "off"
    ratios = ", ".join(f"{name} {totals[name] / totals['raw']:.2f}x" for name in ways)
    print(f"over raw (garbage collection {collection}): {ratios}")


if __name__ == "__main__":
    main()
