"""What reading the 10,000-job body costs in process, without HTTP: `json.loads` as 1.00.

    python bench/parse_cost.py

Prints the median (of 9 runs) ratio to `json.loads` of: the loose views (`parse`), the views
with every field of every job and step read once, and strict reading. A context figure for
BENCHMARKS.md; `bench/run.py` measures the whole calls.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from peers import read_every_field
from server import jobs_body

from datachain_studio._parsing import parse
from datachain_studio.types import JobOutput


def median_ms(work: Callable[[], Any], runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    body = jobs_body(10_000)
    base = median_ms(lambda: json.loads(body))
    loose = median_ms(lambda: parse(json.loads(body), list[JobOutput], strict=False))
    read_all = median_ms(
        lambda: read_every_field(parse(json.loads(body), list[JobOutput], strict=False))
    )
    strict = median_ms(lambda: parse(json.loads(body), list[JobOutput], strict=True))
    print(
        f"json.loads {base:.0f} ms; loose {loose / base:.2f}x; "
        f"loose + every field read {read_all / base:.2f}x; strict {strict / base:.2f}x"
    )


if __name__ == "__main__":
    main()
