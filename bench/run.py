"""The benchmark suite: our client against raw httpx2 doing the same work, in the same run.

    python bench/run.py                      # the full suite (a few minutes)
    python bench/run.py --quick              # a smoke run: few rounds, a 64 MiB upload
    python bench/run.py --write BENCHMARKS.md
    python bench/run.py --only sync,large    # some rows only (the names are in ROWS)
    python bench/run.py --profile read       # profile our side of one row (pyinstrument)

A canned server (`bench/server.py`) runs in a separate process on loopback, so what is
measured is the client. Every row runs its sides in rounds, back to back, rotating which goes
first; a row's ratio is the median of the per-round ratios against raw httpx2 + `json.loads`
(each round's sides ran under the same machine load), and the absolute figures are medians
over rounds. Lower is better for every ratio.

Peers run in the same rounds as our client, on the same server: pydantic v2 and msgspec on
raw httpx2, and openai-python 3.x's generic `client.get(path, cast_to=...)` (a whole client on
httpx2, as ours is) (`bench/peers.py`; `bench/requirements.txt`, which `make bench`
installs), and the official `datachain` client in a child process of its own venv
(`make datachain-venv`, or the venv `DATACHAIN_COMPAT_VENV` names; `bench/datachain_child.py`).
A peer that is not installed gets a "not installed" row.

Not part of the test suite: it asserts nothing, it reports. The exit status is 0 even when
a target is missed (pass --strict to exit 1 then).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOKEN = "bench-token"
TEAM = "bench"
JOBS = "/api/datachain/jobs/"
UPLOAD = "/api/datachain/jobs/files"
GiB = 1 << 30
MiB = 1 << 20

ROWS = (
    "sync",
    "retries",
    "async",
    "large",
    "read",
    "strict",
    "rss",
    "pydantic",
    "msgspec",
    "openai",
    "datachain",
    "import",
    "upload",
    "emulator",
    "live-logs",
)
PEER_ROWS = ("pydantic", "msgspec", "openai", "datachain")
ONE_JOB_ROWS = {"sync", "retries", *PEER_ROWS}  # the rows that share the one-job rounds
LIST_ROWS = {"large", "read", "strict", *PEER_ROWS}  # the rows that share the 10,000-job rounds
# The official client's venv: `make datachain-venv`'s, or the one the compat tests are given.
DATACHAIN_VENV = Path(os.environ.get("DATACHAIN_COMPAT_VENV") or ROOT / ".venv-datachain")
DATACHAIN_PYTHON = DATACHAIN_VENV / "bin" / "python"
NOTES_MARKER = "<!-- Everything below is kept as it is by `bench/run.py --write`. -->"


# ---------------------------------------------------------------------------- plumbing


@dataclass
class Settings:
    sync_rounds: int = 60
    sync_calls: int = 50
    async_rounds: int = 5
    async_calls: int = 2000
    concurrency: int = 64
    large_rounds: int = 7
    large_jobs: int = 10_000
    rss_rounds: int = 5
    import_rounds: int = 40
    upload_rounds: int = 3
    upload_size: int = GiB
    emulator_rounds: int = 3
    emulator_calls: int = 3000
    emulator_concurrency: int = 32
    live_sizes: tuple[int, ...] = (5_000, 20_000, 50_000)
    live_rate: int = 10_000  # lines per second the job writes

    @classmethod
    def quick(cls) -> Settings:
        return cls(
            sync_rounds=8,
            sync_calls=30,
            async_rounds=2,
            async_calls=500,
            large_rounds=2,
            rss_rounds=2,
            import_rounds=5,
            upload_rounds=1,
            upload_size=64 * MiB,
            emulator_rounds=1,
            emulator_calls=500,
            live_sizes=(2_000, 5_000, 10_000),
        )


@dataclass
class Row:
    """One line of the table."""

    what: str
    ours: str
    base: str
    ratio: float | None
    target: str
    ok: bool | None
    detail: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "**MISS**", None: "info"}[self.ok]


class Server:
    """`bench/server.py` in a child process."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "server.py")],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.proc.kill()
            raise RuntimeError(f"bench/server.py did not start (printed {line!r})")
        self.port = int(line)
        self.base = f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (utime + stime, from /proc)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    """min..max, to show how noisy a figure was."""
    return f"{min(values):.4g}..{max(values):.4g}"


def orders(names: Sequence[str], rounds: int) -> list[list[str]]:
    """Round r runs the sides rotated by r: A B, B A, A B, ... (or A B C, B C A, ...)."""
    n = len(names)
    return [[names[(r + i) % n] for i in range(n)] for r in range(rounds)]


@dataclass
class Timed:
    """A side's run as measured where it ran (a child process): wall and CPU seconds."""

    wall: float
    cpu: float


def interleave(
    sides: dict[str, Callable[[], Any]], rounds: int, *, collect: bool = False
) -> dict[str, list[tuple[float, float]]]:
    """Run each side once per round, rotating the order; (wall, cpu) seconds per run.

    A side that returns a `Timed` ran elsewhere: its own figures are used, not this process's.
    `collect`: a full garbage collection before each run, so that one side does not pay
    for the garbage the other left (for the rows that make much of it)."""
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for order in orders(list(sides), rounds):
        for name in order:
            if collect:
                gc.collect()
            wall0, cpu0 = time.perf_counter(), time.process_time()
            result = sides[name]()
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            out[name].append(
                (result.wall, result.cpu) if isinstance(result, Timed) else (wall, cpu)
            )
    return out


def ratios(ours: Sequence[float], base: Sequence[float]) -> list[float]:
    return [a / b for a, b in zip(ours, base, strict=True)]


def paired_ratio(ours: Sequence[float], base: Sequence[float]) -> float:
    """The median of the per-round ratios: each round's two sides ran under the same load."""
    return median(ratios(ours, base))


def iqr(ours: Sequence[float], base: Sequence[float]) -> str:
    """The middle half of the per-round ratios, to show how far one ratio can be trusted."""
    values = ratios(ours, base)
    if len(values) < 4:
        return f"per-round ratios {spread(values)}"
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"per-round ratios: middle half {q1:.3f}..{q3:.3f}"


def studio_headers() -> dict[str, str]:
    """The headers our client sends, so the raw side does the same work."""
    from datachain_studio._base_client import user_agent

    return {
        "Authorization": f"Bearer {TOKEN}",
        "Accept": "application/json",
        "User-Agent": user_agent(),
    }


# ---------------------------------------------------------------------------- peers

PEER_HOW = {
    "pydantic": "`TypeAdapter(list[Job]).validate_json(response.content)` on httpx2",
    "msgspec": "`msgspec.json.Decoder(list[Job]).decode(response.content)` on httpx2",
    "openai": "`OpenAI(base_url=...).get('jobs/', cast_to=list[Job], options={'params': ...})`",
    "datachain": "`StudioClient().get_jobs(limit=N)` (requests + json.loads), in a child process",
}


class DatachainChild:
    """The official datachain client in a child process of `.venv-datachain`.

    It runs `bench/datachain_child.py`, which makes one warm-up call and then, for each
    `run(limit, calls)`, makes the calls and reports its own wall and CPU time. The child
    finds the canned server as datachain finds Studio: `DATACHAIN_STUDIO_URL`, `_TOKEN` and
    `_TEAM`; its working directory and config directories are a temporary directory, so it
    reads no user config and leaves no `.datachain/` behind."""

    def __init__(self, base: str, workdir: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DATACHAIN_")}
        env |= {
            "DATACHAIN_STUDIO_URL": base,
            "DATACHAIN_STUDIO_TOKEN": TOKEN,
            "DATACHAIN_STUDIO_TEAM": TEAM,
            "DATACHAIN_GLOBAL_CONFIG_DIR": workdir,
            "DATACHAIN_SYSTEM_CONFIG_DIR": workdir,
            "DATACHAIN_NO_ANALYTICS": "1",
            "DO_NOT_TRACK": "1",
        }
        self.proc = subprocess.Popen(
            [str(DATACHAIN_PYTHON), str(HERE / "datachain_child.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=workdir,
            env=env,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if line[:1] != ["ready"]:
            self.close()
            raise RuntimeError(f"bench/datachain_child.py did not start (exit {self.proc.poll()})")
        self.version = line[1]

    def run(self, limit: int, calls: int, read: bool = False) -> Timed:
        """`calls` calls of `get_jobs(limit=limit)` in the child, timed there (`read`: each
        followed by reading every key of every job and step object)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{limit} {calls} {int(read)}\n")
        self.proc.stdin.flush()
        out = json.loads(self.proc.stdout.readline())
        assert out["jobs"] == limit, out
        return Timed(out["wall"], out["cpu"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def openai_client(base: str, asynchronous: bool = False) -> Any:
    """An `openai.OpenAI` (or `AsyncOpenAI`) made as a user of it would for another API: the
    token as `api_key` (sent as `Authorization: Bearer`), Studio's API root as `base_url`,
    everything else its defaults (2 retries, its own httpx2 client and pool)."""
    import openai

    make = openai.AsyncOpenAI if asynchronous else openai.OpenAI
    return make(api_key=TOKEN, base_url=base + "/api/datachain/")


@dataclass
class Peers:
    """The peers selected for a run: decoders of the installed in-process ones, the openai
    client and the datachain child when they run, a label for each that runs ("pydantic
    2.14.4") and, for each one that does not, why ("not installed")."""

    decoders: dict[str, Callable[[bytes], list[Any]]] = field(default_factory=dict)
    openai: Any = None  # an `openai.OpenAI`
    openai_cast: Any = None  # `list[Job]`, an `openai.BaseModel`
    datachain: DatachainChild | None = None
    labels: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def peers_for(base: str, only: set[str]) -> Iterator[Peers]:
    """The peers in `only`, ready to run; the datachain child is stopped on the way out."""
    from peers import PEERS, openai_job_list, peer_version

    found = Peers()
    for name in ("pydantic", "msgspec", "openai"):
        if name not in only:
            continue
        version = peer_version(name)
        if version is None:
            found.missing[name] = "not installed (`pip install -r bench/requirements.txt`)"
            continue
        if name == "openai":
            found.openai = openai_client(base)
            found.openai_cast = openai_job_list()
        else:
            found.decoders[name] = PEERS[name][1]()
        found.labels[name] = f"{name} {version}"
    with tempfile.TemporaryDirectory(prefix="studio-bench-datachain-") as workdir:
        if "datachain" in only:
            if not DATACHAIN_PYTHON.exists():
                found.missing["datachain"] = "not installed (`make datachain-venv`)"
            else:
                try:
                    found.datachain = DatachainChild(base, workdir)
                    found.labels["datachain"] = f"datachain {found.datachain.version}"
                except (OSError, RuntimeError) as exc:
                    found.missing["datachain"] = f"did not start: {exc}"
        try:
            yield found
        finally:
            if found.datachain is not None:
                found.datachain.close()
            if found.openai is not None:
                found.openai.close()


def add_peer_sides(
    sides: dict[str, Callable[[], Any]],
    peers: Peers,
    fetch: Callable[[], bytes],
    limit: int,
    calls: int,
    read: bool = False,
) -> None:
    """Add a side per running peer: `calls` times, fetch the body with raw httpx2 and decode
    it (for openai, `calls` calls of its `get`, also with `cast_to=object` as "openai_json";
    for datachain, `calls` calls of `get_jobs(limit=limit)` in its child). `read`: also a
    side per peer (named `<peer>_read`) that reads every field of every job and step of each
    result, as `bench/peers.py`'s `read_every_field` does (`read_every_key` for the results
    that are the decoded JSON: openai's `cast_to=object`, datachain's)."""
    from peers import read_every_field, read_every_key

    def decoding(decode: Callable[[bytes], list[Any]], reader: Any = None) -> Callable[[], None]:
        assert len(decode(fetch())) == limit

        def side() -> None:
            for _ in range(calls):
                result = decode(fetch())
                if reader is not None:
                    reader(result)

        return side

    for name, decode in peers.decoders.items():
        sides[name] = decoding(decode)
        if read:
            sides[f"{name}_read"] = decoding(decode, read_every_field)
    if (openai := peers.openai) is not None:
        options = {"params": {"team_name": TEAM, "limit": limit}}

        def calling(cast_to: Any, reader: Any = None) -> Callable[[], None]:
            assert len(openai.get("jobs/", cast_to=cast_to, options=options)) == limit

            def side() -> None:
                for _ in range(calls):
                    result = openai.get("jobs/", cast_to=cast_to, options=options)
                    if reader is not None:
                        reader(result)

            return side

        sides["openai"] = calling(peers.openai_cast)
        sides["openai_json"] = calling(object)
        if read:
            sides["openai_read"] = calling(peers.openai_cast, read_every_field)
            sides["openai_json_read"] = calling(object, read_every_key)
    if (child := peers.datachain) is not None:
        child.run(limit, 1)  # warm up at this size
        sides["datachain"] = lambda: child.run(limit, calls)
        if read:
            sides["datachain_read"] = lambda: child.run(limit, calls, read=True)


def peer_rows(
    workload: str, figures: dict[str, list[float]], unit: str, peers: Peers, only: set[str]
) -> list[Row]:
    """One row per selected peer: its figure vs raw httpx2 in the same rounds (or why it did
    not run), with ours / the peer in the details when our client ran too."""
    rows = []
    for name in PEER_ROWS:
        if name not in only:
            continue
        if name not in figures:
            what = f"peer, {workload}: {name}, {PEER_HOW[name]}"
            rows.append(Row(what, peers.missing.get(name, "not run"), "", None, "report", None))
            continue
        values, raw = figures[name], figures["raw"]
        detail = [f"{name} {spread(values)} {unit}", iqr(values, raw)]
        if "ours" in figures:
            detail.append(
                f"ours / {name} in the same rounds: {paired_ratio(figures['ours'], values):.3f}"
            )
        if name == "openai" and "openai_json" in figures:
            plain = figures["openai_json"]
            detail.append(
                f"context: the same with `cast_to=object` (the decoded JSON, no model): "
                f"{median(plain):.0f} {unit}, ratio {paired_ratio(plain, raw):.3f}"
            )
        rows.append(
            Row(
                f"peer, {workload}: {peers.labels[name]}, {PEER_HOW[name]}",
                f"{median(values):.0f} {unit}",
                f"{median(raw):.0f} {unit}",
                paired_ratio(values, raw),
                "report",
                None,
                detail,
            )
        )
    return rows


# ---------------------------------------------------------------------------- one-job rows


def one_job_rows(base: str, cfg: Settings, only: set[str]) -> list[Row]:
    """`sync` (wall and CPU), `retries` and the peers' one-job rows, all in the same rounds."""
    import httpx2

    from datachain_studio import Studio
    from datachain_studio.types import JobOutput

    raw = httpx2.Client()
    url = base + JOBS
    params = {"team_name": TEAM, "limit": 1}
    headers = studio_headers()
    n = cfg.sync_calls

    def fetch() -> bytes:
        return raw.get(url, params=params, headers=headers).content

    def raw_side() -> None:
        for _ in range(n):
            json.loads(fetch())

    assert len(json.loads(fetch())) == 1
    sides: dict[str, Callable[[], Any]] = {"raw": raw_side}
    studios: list[Studio] = []
    if only & {"sync", "retries"}:
        studio = Studio(token=TOKEN, url=base, team=TEAM)  # max_retries=2, the default
        studios.append(studio)
        jobs = studio.jobs.list(limit=1)
        assert len(jobs) == 1 and isinstance(jobs[0], JobOutput), jobs

        def ours() -> None:
            for _ in range(n):
                studio.jobs.list(limit=1)

        sides["ours"] = ours
    if "retries" in only:
        no_retries = Studio(token=TOKEN, url=base, team=TEAM, max_retries=0)
        studios.append(no_retries)

        def ours_no_retries() -> None:
            for _ in range(n):
                no_retries.jobs.list(limit=1)

        sides["no_retries"] = ours_no_retries
    with peers_for(base, only) as peers:
        add_peer_sides(sides, peers, fetch, 1, n)
        interleave(sides, 2)  # warm up: connections, caches, converters
        runs = interleave(sides, cfg.sync_rounds)
    raw.close()
    for client in studios:
        client.close()

    def per_call(name: str, index: int) -> list[float]:
        return [run[index] / n * 1e6 for run in runs[name]]

    rows = []
    shape = f"{cfg.sync_rounds} rounds x {n} calls, us/call"
    if "sync" in only:
        wall = paired_ratio(per_call("ours", 0), per_call("raw", 0))
        cpu = paired_ratio(per_call("ours", 1), per_call("raw", 1))
        rows.append(
            Row(
                "one-job call, sync: `studio.jobs.list(limit=1)` (wall)",
                f"{median(per_call('ours', 0)):.0f} us",
                f"{median(per_call('raw', 0)):.0f} us",
                wall,
                "<= 1.05",
                wall <= 1.05,
                [
                    f"ours wall {spread(per_call('ours', 0))} us/call ({shape})",
                    f"raw  wall {spread(per_call('raw', 0))} us/call",
                    iqr(per_call("ours", 0), per_call("raw", 0)),
                ],
            )
        )
        rows.append(
            Row(
                "one-job call, sync (CPU of the client process)",
                f"{median(per_call('ours', 1)):.0f} us",
                f"{median(per_call('raw', 1)):.0f} us",
                cpu,
                "report",
                None,
                [
                    f"ours cpu {spread(per_call('ours', 1))} us/call",
                    f"raw  cpu {spread(per_call('raw', 1))} us/call",
                    iqr(per_call("ours", 1), per_call("raw", 1)),
                ],
            )
        )
    if "retries" in only:
        ratio = paired_ratio(per_call("ours", 0), per_call("no_retries", 0))
        rows.append(
            Row(
                "retries cost nothing when unused: `max_retries=2` vs `max_retries=0` (wall)",
                f"{median(per_call('ours', 0)):.0f} us",
                f"{median(per_call('no_retries', 0)):.0f} us (max_retries=0)",
                ratio,
                "<= 1.02",
                ratio <= 1.02,
                [
                    iqr(per_call("ours", 0), per_call("no_retries", 0)),
                    f"max_retries=0 vs raw httpx2: "
                    f"{paired_ratio(per_call('no_retries', 0), per_call('raw', 0)):.3f}",
                    f"cpu ratio max_retries=2 / max_retries=0: "
                    f"{paired_ratio(per_call('ours', 1), per_call('no_retries', 1)):.3f}",
                ],
            )
        )
    figures = {name: per_call(name, 0) for name in runs}
    return rows + peer_rows("one-job call (wall)", figures, "us", peers, only)


# ---------------------------------------------------------------------------- async row


def async_rows(base: str, cfg: Settings, only: set[str]) -> list[Row]:
    """`async` and, when it is selected and installed, openai's `AsyncOpenAI` in the same
    rounds."""
    return asyncio.run(_async_rows(base, cfg, only))


async def _batch(call: Callable[[], Awaitable[Any]], total: int, concurrency: int) -> None:
    left = total

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await call()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _async_rows(base: str, cfg: Settings, only: set[str]) -> list[Row]:
    import httpx2
    from peers import openai_job_list, peer_version

    from datachain_studio import AsyncStudio

    studio = AsyncStudio(token=TOKEN, url=base, team=TEAM)
    raw = httpx2.AsyncClient()
    url = base + JOBS
    params = {"team_name": TEAM, "limit": 1}
    headers = studio_headers()

    async def ours() -> None:
        await studio.jobs.list(limit=1)

    async def raw_call() -> None:
        json.loads((await raw.get(url, params=params, headers=headers)).content)

    sides: dict[str, Callable[[], Awaitable[Any]]] = {"raw": raw_call, "ours": ours}
    openai_version = peer_version("openai") if "openai" in only else None
    if openai_version is not None:
        openai = openai_client(base, asynchronous=True)
        cast_to = openai_job_list()
        options = {"params": params}

        async def openai_call() -> None:
            await openai.get("jobs/", cast_to=cast_to, options=options)

        sides["openai"] = openai_call
    times: dict[str, list[float]] = {name: [] for name in sides}
    for call in sides.values():  # warm up: connections, caches, converters
        await _batch(call, min(200, cfg.async_calls), cfg.concurrency)
    for order in orders(list(sides), cfg.async_rounds):
        for name in order:
            gc.collect()
            start = time.perf_counter()
            await _batch(sides[name], cfg.async_calls, cfg.concurrency)
            times[name].append(time.perf_counter() - start)
    await raw.aclose()
    await studio.close()
    if openai_version is not None:
        await openai.close()
    rps = {name: cfg.async_calls / median(ts) for name, ts in times.items()}
    ratio = paired_ratio(times["ours"], times["raw"])
    calls = f"{cfg.async_calls:,} calls at concurrency {cfg.concurrency}"
    rows = [
        Row(
            f"async: {calls}: `AsyncStudio.jobs.list(limit=1)`, time",
            f"{median(times['ours']):.2f} s",
            f"{median(times['raw']):.2f} s",
            ratio,
            "<= 1.10",
            ratio <= 1.10,
            [
                f"ours {spread(times['ours'])} s, {rps['ours']:,.0f} req/s "
                f"({cfg.async_rounds} rounds)",
                f"raw  {spread(times['raw'])} s, {rps['raw']:,.0f} req/s",
                iqr(times["ours"], times["raw"]),
            ],
        )
    ]
    if "openai" in only:
        what = f"peer, async, {calls}: openai"
        if openai_version is None:
            rows.append(Row(what, "not installed", "", None, "report", None))
        else:
            rows.append(
                Row(
                    f"peer, async, {calls}: openai {openai_version}, `AsyncOpenAI` "
                    "`get('jobs/', cast_to=list[Job], ...)`",
                    f"{median(times['openai']):.2f} s",
                    f"{median(times['raw']):.2f} s",
                    paired_ratio(times["openai"], times["raw"]),
                    "report",
                    None,
                    [
                        f"openai {spread(times['openai'])} s, {rps['openai']:,.0f} req/s",
                        iqr(times["openai"], times["raw"]),
                        f"ours / openai in the same rounds: "
                        f"{paired_ratio(times['ours'], times['openai']):.3f}",
                    ],
                )
            )
    return rows


# ---------------------------------------------------------------------------- list rows


def generated_parser() -> Callable[[list[Any]], Any] | None:
    """The generated models' own `JobOutput.from_dict`, for context; None if it is gone."""
    try:
        from datachain_studio_api.models import JobOutput
    except ImportError:
        return None
    from_dict = getattr(JobOutput, "from_dict", None)
    if from_dict is None:
        return None
    return lambda data: [from_dict(job) for job in data]


def list_rows(base: str, cfg: Settings, only: set[str]) -> list[Row]:
    """`large`, `read`, `strict` and the peers' rows on the 10,000-job list, all in the same
    rounds: each whole call, and with `read`, each whole call followed by reading every field
    of every job and step (against raw httpx2 + `json.loads` + reading every key)."""
    import httpx2
    from peers import read_every_field, read_every_key

    from datachain_studio import Studio

    raw = httpx2.Client()
    url = base + JOBS
    limit = cfg.large_jobs
    params = {"team_name": TEAM, "limit": limit}
    headers = studio_headers()
    reading = "read" in only

    def fetch() -> bytes:
        return raw.get(url, params=params, headers=headers).content

    def raw_side() -> None:
        json.loads(fetch())

    def raw_read_side() -> None:
        read_every_key(json.loads(fetch()))

    body_size = len(fetch())
    sides: dict[str, Callable[[], Any]] = {"raw": raw_side}
    if reading:
        sides["raw_read"] = raw_read_side
    studios: list[Studio] = []
    if only & {"large", "read"}:
        studio = Studio(token=TOKEN, url=base, team=TEAM)
        studios.append(studio)
        assert len(studio.jobs.list(limit=limit)) == limit
        sides["ours"] = lambda: studio.jobs.list(limit=limit)
        if reading:
            sides["ours_read"] = lambda: read_every_field(studio.jobs.list(limit=limit))
        if (parse := generated_parser()) is not None and "large" in only:
            sides["generated"] = lambda: parse(json.loads(fetch()))
    if "strict" in only:
        strict = Studio(token=TOKEN, url=base, team=TEAM, strict=True)
        studios.append(strict)
        assert len(strict.jobs.list(limit=limit)) == limit
        sides["strict"] = lambda: strict.jobs.list(limit=limit)
        if reading:
            sides["strict_read"] = lambda: read_every_field(strict.jobs.list(limit=limit))
    with peers_for(base, only) as peers:
        add_peer_sides(sides, peers, fetch, limit, 1, read=reading)
        runs = interleave(sides, cfg.large_rounds, collect=True)
    raw.close()
    for client in studios:
        client.close()
    ms = {name: [wall * 1e3 for wall, _ in r] for name, r in runs.items()}
    cpu_ms = {name: median([c for _, c in r]) * 1e3 for name, r in runs.items()}
    size = f"{limit:,}-job list ({body_size / 1e6:.1f} MB)"
    rows = []
    if "large" in only:
        ratio = paired_ratio(ms["ours"], ms["raw"])
        detail = [
            f"ours {spread(ms['ours'])} ms ({cfg.large_rounds} rounds)",
            f"raw  {spread(ms['raw'])} ms (GET + json.loads)",
            iqr(ms["ours"], ms["raw"]),
            f"CPU of the client process: ours {cpu_ms['ours']:.0f} ms, raw {cpu_ms['raw']:.0f} ms",
        ]
        if "generated" in ms:
            detail.append(
                f"context: raw GET + json.loads + the generated `JobOutput.from_dict` per job: "
                f"{median(ms['generated']):.0f} ms, "
                f"ratio {paired_ratio(ms['generated'], ms['raw']):.2f}"
            )
        rows.append(
            Row(
                f"{size}, whole call: `studio.jobs.list(limit={limit})`",
                f"{median(ms['ours']):.0f} ms",
                f"{median(ms['raw']):.0f} ms",
                ratio,
                "<= 1.1",
                ratio <= 1.1,
                detail,
            )
        )
    if reading:
        ratio = paired_ratio(ms["ours_read"], ms["raw_read"])
        detail = [
            f"ours {spread(ms['ours_read'])} ms ({cfg.large_rounds} rounds)",
            f"raw  {spread(ms['raw_read'])} ms (GET + json.loads + every key of every job "
            f"and step object read: `read_every_key`)",
            iqr(ms["ours_read"], ms["raw_read"]),
            f"CPU of the client process: ours {cpu_ms['ours_read']:.0f} ms, "
            f"raw {cpu_ms['raw_read']:.0f} ms",
            f"the reading alone (the median whole call taken off): ours "
            f"{median(ms['ours_read']) - median(ms['ours']):.0f} ms, "
            f"raw {median(ms['raw_read']) - median(ms['raw']):.0f} ms",
        ]
        for name in ("pydantic", "msgspec"):
            if f"{name}_read" in ms:
                detail.append(
                    f"ours / {name} in the same rounds: "
                    f"{paired_ratio(ms['ours_read'], ms[f'{name}_read']):.3f}"
                )
        if "strict_read" in ms:
            detail.append(
                f"context: strict mode (every field converted and checked in the call), then "
                f"every field read: {median(ms['strict_read']):.0f} ms, "
                f"ratio {paired_ratio(ms['strict_read'], ms['raw_read']):.2f}"
            )
        rows.append(
            Row(
                f"{size}, every field read: `read_every_field(studio.jobs.list(limit={limit}))`",
                f"{median(ms['ours_read']):.0f} ms",
                f"{median(ms['raw_read']):.0f} ms",
                ratio,
                "<= 1.6",
                ratio <= 1.6,
                detail,
            )
        )
    if "strict" in only:
        detail = [
            f"strict {spread(ms['strict'])} ms",
            iqr(ms["strict"], ms["raw"]),
            f"CPU of the client process: strict {cpu_ms['strict']:.0f} ms",
        ]
        if "ours" in ms:
            detail.append(
                f"strict / default in the same rounds: {paired_ratio(ms['strict'], ms['ours']):.3f}"
            )
        rows.append(
            Row(
                f"strict mode cost: `Studio(strict=True).jobs.list(limit={limit})`",
                f"{median(ms['strict']):.0f} ms",
                f"{median(ms['raw']):.0f} ms",
                paired_ratio(ms["strict"], ms["raw"]),
                "report",
                None,
                detail,
            )
        )
    whole = peer_rows(f"{limit:,}-job list", ms, "ms", peers, only)
    if not reading:
        return rows + whole
    read_figures = {
        name.removesuffix("_read"): values for name, values in ms.items() if name.endswith("_read")
    }
    read = peer_rows(f"{limit:,}-job list, every field read", read_figures, "ms", peers, only)
    return rows + [row for pair in zip(whole, read, strict=True) for row in pair]


# ---------------------------------------------------------------------------- RSS row

RSS_SIDES = ("raw", "ours", "raw_read", "ours_read", "pydantic", "msgspec", "openai")
RSS_PEERS = RSS_SIDES[4:]


def rss_child(side: str, base: str, limit: int) -> None:
    """Runs in a fresh child process: one call for `limit` jobs, held, then a JSON line with how
    far the resident set rose during the call (peak) and what is left after it (held)."""
    import httpx2

    headers = studio_headers()
    client = httpx2.Client()

    def fetch(count: int) -> bytes:
        params = {"team_name": TEAM, "limit": count}
        return client.get(base + JOBS, params=params, headers=headers).content

    if side in ("ours", "ours_read"):
        from peers import read_every_field

        from datachain_studio import Studio

        studio = Studio(token=TOKEN, url=base, team=TEAM)

        def call(count: int) -> list[Any]:
            jobs = studio.jobs.list(limit=count)
            if side == "ours_read":
                read_every_field(jobs)
            return jobs
    elif side in ("raw", "raw_read"):
        from peers import read_every_key

        def call(count: int) -> list[Any]:
            jobs: list[Any] = json.loads(fetch(count))
            if side == "raw_read":
                read_every_key(jobs)
            return jobs
    elif side == "openai":
        from peers import openai_job_list

        openai = openai_client(base)
        cast_to = openai_job_list()

        def call(count: int) -> list[Any]:
            options = {"params": {"team_name": TEAM, "limit": count}}
            return openai.get("jobs/", cast_to=cast_to, options=options)  # type: ignore[no-any-return]
    else:
        from peers import PEERS

        decode = PEERS[side][1]()

        def call(count: int) -> list[Any]:
            return decode(fetch(count))

    call(1)  # warm up: imports, the connection, caches, converters
    gc.collect()
    peak = PeakRSS()
    start = time.perf_counter()
    result = call(limit)
    wall = time.perf_counter() - start
    growth = peak.growth_kib()
    held = peak.current_kib() - peak.start
    assert len(result) == limit
    print(json.dumps({"peak_kib": growth, "held_kib": held, "wall": wall, "how": peak.how}))


def rss_rows(base: str, cfg: Settings, only: set[str]) -> list[Row]:
    """Peak RSS growth of the 10,000-job call, ours vs raw, and of the same call followed by
    reading every field (vs raw + reading every key), each call in a fresh child; the
    in-process peers that are selected and installed run in the same rounds, for context."""
    from peers import peer_version

    peers = [name for name in RSS_PEERS if name in only and peer_version(name) is not None]
    sides = [*RSS_SIDES[:4], *peers]
    results: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    for order in orders(sides, cfg.rss_rounds):
        for side in order:
            out = subprocess.run(
                [sys.executable, __file__, "--rss-child", side, base, str(cfg.large_jobs)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[side].append(json.loads(out.strip().splitlines()[-1]))
    peak = {side: [r["peak_kib"] / 1024 for r in rs] for side, rs in results.items()}
    held = {side: median([r["held_kib"] / 1024 for r in rs]) for side, rs in results.items()}
    rows = []
    for ours, raw, what in (
        ("ours", "raw", "the call"),
        ("ours_read", "raw_read", "the call and the reading of every field"),
    ):
        ratio = paired_ratio(peak[ours], peak[raw])
        detail = [
            f"ours {spread(peak[ours])} MiB, raw {spread(peak[raw])} MiB "
            f"({cfg.rss_rounds} rounds, one child per call; {results[ours][0]['how']}: peak "
            f"during {what} minus RSS before it)",
            iqr(peak[ours], peak[raw]),
            f"left after it, result held: ours {held[ours]:.1f} MiB, raw {held[raw]:.1f} MiB",
        ]
        detail += [
            f"peer {name}: peak {median(peak[name]):.1f} MiB "
            f"(ratio {paired_ratio(peak[name], peak[raw]):.3f}), held {held[name]:.1f} MiB"
            for name in peers
        ]
        whole = ours == "ours"
        rows.append(
            Row(
                f"peak RSS growth of the {cfg.large_jobs:,}-job call"
                + ("" if whole else ", every field read")
                + " (fresh process)",
                f"{median(peak[ours]):.1f} MiB",
                f"{median(peak[raw]):.1f} MiB",
                ratio,
                "<= 1.25" if whole else "report",
                ratio <= 1.25 if whole else None,
                detail,
            )
        )
    return rows


# ---------------------------------------------------------------------------- import row

IMPORT_OURS = "import datachain_studio; datachain_studio.Studio(token='x')"
IMPORT_RAW = "import httpx2"
IMPORT_OPENAI = "import openai; openai.OpenAI(api_key='x', base_url='http://127.0.0.1/')"


def import_row(cfg: Settings, only: set[str]) -> Row:
    from peers import peer_version

    # Bytecode is written (the warm-up rounds write it, as installing a package does): with
    # PYTHONDONTWRITEBYTECODE set, a package run from a source tree, as here, would be
    # compiled in every round, and httpx2 (installed, compiled) would not.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATACHAIN_", "OPENAI_")) and k != "PYTHONDONTWRITEBYTECODE"
    }

    def runner(code: str) -> Callable[[], None]:
        def run() -> None:
            subprocess.run([sys.executable, "-c", code], env=env, check=True)

        return run

    sides = {"raw": runner(IMPORT_RAW), "ours": runner(IMPORT_OURS)}
    openai_version = peer_version("openai") if "openai" in only else None
    if openai_version is not None:
        sides["openai"] = runner(IMPORT_OPENAI)
    interleave(sides, 2)
    runs = interleave(sides, cfg.import_rounds)
    ms = {name: [wall * 1e3 for wall, _ in r] for name, r in runs.items()}
    ratio = paired_ratio(ms["ours"], ms["raw"])
    detail = [
        f"ours {spread(ms['ours'])} ms ({cfg.import_rounds} rounds, interpreter start-up included)",
        f"raw  {spread(ms['raw'])} ms",
        iqr(ms["ours"], ms["raw"]),
    ]
    if openai_version is not None:
        detail.append(
            f"peer openai {openai_version}, `{IMPORT_OPENAI}`: {median(ms['openai']):.0f} ms, "
            f"ratio {paired_ratio(ms['openai'], ms['raw']):.3f} (same rounds)"
        )
    return Row(
        "import: `import datachain_studio; Studio(token='x')` vs `import httpx2`, fresh process",
        f"{median(ms['ours']):.0f} ms",
        f"{median(ms['raw']):.0f} ms",
        ratio,
        "<= 1.25",
        ratio <= 1.25,
        detail,
    )


# ---------------------------------------------------------------------------- emulator row


def emulator_row(cfg: Settings) -> Row:
    """The local Studio (`python -m datachain_studio.testing`, a process of its own) under
    `emulator_concurrency` raw httpx2 requests at once: requests per second and latency."""
    import re

    import httpx2

    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "datachain_studio.testing", "--port", "0"),
            *("--token", TOKEN, "--team", TEAM, "--job-step-seconds", "1000"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        banner = ""
        while "Press Ctrl-C" not in banner and proc.poll() is None:
            banner += proc.stdout.readline()
        found = re.search(r"listening on (http://\S+)", banner)
        if found is None:
            return Row("emulator", "did not start", "", None, "report", None, [banner])
        base = found.group(1)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        params = {"team_name": TEAM, "limit": "1"}

        async def round_() -> tuple[float, list[float]]:
            limits = httpx2.Limits(max_connections=cfg.emulator_concurrency)
            async with httpx2.AsyncClient(base_url=base, headers=headers, limits=limits) as http:
                job = {"query": "x", "query_type": "PYTHON", "team_name": TEAM}
                (await http.post(JOBS, json=job)).raise_for_status()
                left = cfg.emulator_calls
                latencies: list[float] = []

                async def worker() -> None:
                    nonlocal left
                    while left > 0:
                        left -= 1
                        began = time.perf_counter()
                        (await http.get(JOBS, params=params)).raise_for_status()
                        latencies.append(time.perf_counter() - began)

                began = time.perf_counter()
                await asyncio.gather(*(worker() for _ in range(cfg.emulator_concurrency)))
                return time.perf_counter() - began, latencies

        rps: list[float] = []
        p50: list[float] = []
        p99: list[float] = []
        for _ in range(cfg.emulator_rounds):
            wall, latencies = asyncio.run(round_())
            latencies.sort()
            rps.append(len(latencies) / wall)
            p50.append(latencies[len(latencies) // 2] * 1e3)
            p99.append(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1e3)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return Row(
        f"emulator: `jobs.list(limit=1)` over raw httpx2, concurrency {cfg.emulator_concurrency}",
        f"{median(rps):.0f} req/s, p99 {median(p99):.1f} ms",
        "",
        None,
        "report",
        None,
        [
            f"requests/s {spread(rps)} ({cfg.emulator_rounds} rounds of "
            f"{cfg.emulator_calls} calls; the emulator in a process of its own)",
            f"latency p50 {spread(p50)} ms, p99 {spread(p99)} ms",
        ],
    )


# ---------------------------------------------------------------------------- live logs


def live_line(stamp: int, number: int, rng: Any) -> str:
    """A log line of about 90 characters that compresses about as well as a real one (its
    first word the time it was written)."""
    return (
        f"{stamp} {number:06d} epoch {number // 1000} batch {number % 1000} "
        f"loss {rng.random():.6f} {rng.getrandbits(96):024x}"
    )


class ByteRelay:
    """A TCP relay on loopback that counts the bytes going each way: what is on the wire
    between the client and the local Studio, whatever the protocol compresses."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        import socket
        import threading

        self._socket = socket
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.up = 0  # client -> Studio
        self.down = 0  # Studio -> client
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        socket = self._socket
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: Any, target: Any, up: bool) -> None:
        try:
            while data := source.recv(256 * 1024):
                target.sendall(data)
                with self._lock:
                    if up:
                        self.up += len(data)
                    else:
                        self.down += len(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(self._socket.SHUT_RDWR)

    def total(self) -> int:
        with self._lock:
            return self.up + self.down

    def close(self) -> None:
        self.listener.close()


def live_logs_child() -> None:
    """Runs in a child process: a local Studio whose jobs write lines on command.

    stdin/stdout carry one JSON object a line. Commands: `job` (create a job: its id),
    `write` (write `lines` lines at `rate` a second, each starting with the
    `time.monotonic_ns()` of its writing, then end the job COMPLETE), `stats` (the payload
    bytes of the log stream's frames since `write`)."""
    import threading

    import httpx2

    from datachain_studio.testing import StudioEmulator

    def say(**data: Any) -> None:
        print(json.dumps(data), flush=True)

    with StudioEmulator(
        token=TOKEN, team=TEAM, job_step_seconds=None, log_ping_seconds=3600
    ) as emu:
        streams = emu._logs
        say(url=emu.url)
        mark = 0
        for raw in sys.stdin:
            command = json.loads(raw)
            if command["cmd"] == "job":
                answer = httpx2.post(
                    emu.url + JOBS,
                    json={"query": "x", "query_type": "PYTHON", "team_name": TEAM},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                )
                say(job=answer.json()["id"])
            elif command["cmd"] == "write":
                job, total, rate = command["job"], command["lines"], command["rate"]
                if command["stream"]:  # start once the follower is on the stream
                    deadline = time.monotonic() + 10
                    while emu.log_streams_open < 1 and time.monotonic() < deadline:
                        time.sleep(0.001)
                else:
                    time.sleep(0.3)  # the follower's first poll
                mark = streams.bytes_sent

                def writer(job: str = job, total: int = total, rate: int = rate) -> None:
                    import random

                    rng = random.Random(total)
                    batch = max(1, rate // 200) if rate else 1  # every 5 ms; or one by one
                    started = time.monotonic()
                    done = 0
                    while done < total:
                        count = min(batch, total - done)
                        stamp = time.monotonic_ns()
                        lines = (live_line(stamp, done + i, rng) for i in range(count))
                        emu.write_log(job, "\n".join(lines))
                        done += count
                        pause = started + done / rate - time.monotonic() if rate else 0
                        if pause > 0:
                            time.sleep(pause)
                    emu.finish_job(job)

                threading.Thread(target=writer, daemon=True).start()
                say(started=True)
            elif command["cmd"] == "stats":
                say(frames=streams.bytes_sent - mark)
            else:
                return


def live_logs_row(cfg: Settings) -> list[Row]:
    """`studio.jobs.follow()` of a job writing `live_sizes` lines at `live_rate` a second:
    bytes on the wire against the log's length, and the latency from a line's writing at
    the local Studio (a child process) to `follow()` yielding it; then the same by REST
    polling (`stream=False`, the default 1 s poll interval), for comparison."""
    import threading

    import httpx2

    from datachain_studio import Studio

    proc = subprocess.Popen(
        [sys.executable, __file__, "--live-logs-child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdin is not None and proc.stdout is not None
    pipe_in, pipe_out = proc.stdin, proc.stdout

    def ask(**command: Any) -> dict[str, Any]:
        pipe_in.write(json.dumps(command) + "\n")
        pipe_in.flush()
        answer: dict[str, Any] = json.loads(pipe_out.readline())
        return answer

    def one(
        studio: Studio, relay: ByteRelay, lines: int, stream: bool, rate: int = cfg.live_rate
    ) -> dict[str, float]:
        job = ask(cmd="job")["job"]
        latencies: list[int] = []
        length = 0
        failure: list[BaseException] = []

        def follow() -> None:
            nonlocal length
            try:
                for line in studio.jobs.follow(job, stream=stream, poll_interval=1.0):
                    now = time.monotonic_ns()
                    stamp = line.split(" ", 1)[0]
                    if stamp.isdigit():
                        latencies.append(now - int(stamp))
                        length += len(line) + 1
            except BaseException as exc:
                failure.append(exc)

        began = time.perf_counter()
        thread = threading.Thread(target=follow)
        thread.start()
        wire = relay.total()
        ask(cmd="write", job=job, lines=lines, rate=rate, stream=stream)
        thread.join()
        wire = relay.total() - wire
        wall = time.perf_counter() - began
        if failure:
            raise failure[0]
        stats = ask(cmd="stats")
        if len(latencies) != lines:
            raise RuntimeError(f"follow yielded {len(latencies)} of {lines} lines")
        latencies.sort()
        return {
            "lines": lines,
            "log": length,
            "wire": wire,
            "frames": stats["frames"],
            "p50": latencies[len(latencies) // 2] / 1e6,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] / 1e6,
            "wall": wall,
        }

    try:
        port = int(json.loads(pipe_out.readline())["url"].rsplit(":", 1)[1])
        relay = ByteRelay(("127.0.0.1", port))
        with httpx2.Client(trust_env=False) as http:
            url = f"http://127.0.0.1:{relay.port}"
            studio = Studio(token=TOKEN, url=url, team=TEAM, http_client=http)
            live = [one(studio, relay, n, True) for n in cfg.live_sizes]
            burst = one(studio, relay, cfg.live_sizes[-1], True, rate=0)
            polled = [one(studio, relay, n, False) for n in cfg.live_sizes]
        relay.close()
        pipe_in.write(json.dumps({"cmd": "quit"}) + "\n")
        pipe_in.flush()
    finally:
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()

    def growth(runs: list[dict[str, float]], key: str) -> str:
        return ", ".join(
            f"{r['lines'] / 1000:g}k lines: {r[key] / MiB:.2f} MiB "
            f"({r[key] / r['log']:.2f} x the log's {r['log'] / MiB:.2f} MiB)"
            for r in runs
        )

    def per_line(runs: list[dict[str, float]], key: str) -> list[float]:
        return [r[key] / r["lines"] for r in runs]

    biggest, polled_biggest = live[-1], polled[-1]
    ok = biggest["p50"] <= 100
    wire_per_line = per_line(live, "wire")
    linear = max(wire_per_line) / min(wire_per_line)
    rate = f"{cfg.live_rate:,} lines/s"
    return [
        Row(
            f"live logs: `jobs.follow()` of a job writing {biggest['lines']:,.0f} lines "
            f"({rate}), line written -> yielded",
            f"median {biggest['p50']:.1f} ms, p99 {biggest['p99']:.1f} ms",
            f"REST polling: median {polled_biggest['p50']:.0f} ms",
            None,
            "median <= 100 ms",
            ok,
            [
                "stream, bytes on the wire (both ways, counted by a TCP relay between client "
                f"and Studio; permessage-deflate on): {growth(live, 'wire')}; per log line "
                f"{spread(wire_per_line)} bytes (largest / smallest {linear:.2f}: linear)",
                f"stream, frame payloads (before compression): {growth(live, 'frames')}",
                "stream latency by size: "
                + ", ".join(
                    f"{r['lines'] / 1000:g}k: median {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms"
                    for r in live
                ),
                f"stream, {burst['lines']:,.0f} lines written one by one as fast as the local "
                f"Studio takes them ({burst['lines'] / burst['wall']:,.0f} lines/s end to "
                f"end): median {burst['p50']:.1f} ms, p99 {burst['p99']:.1f} ms",
                "REST polling (`stream=False`, poll every 1 s), bytes on the wire: "
                f"{growth(polled, 'wire')}; per log line "
                f"{spread(per_line(polled, 'wire'))} bytes (grows with the log: each poll "
                "reads it all)",
                "REST polling latency by size: "
                + ", ".join(
                    f"{r['lines'] / 1000:g}k: median {r['p50']:.0f} ms, p99 {r['p99']:.0f} ms"
                    for r in polled
                ),
                "the local Studio runs in a process of its own (`--live-logs-child`), the "
                "client and the relay in this one; each line carries the "
                "`time.monotonic_ns()` of its writing (one clock for both processes on Linux)",
            ],
        )
    ]


# ---------------------------------------------------------------------------- upload rows


def upload_child(side: str, path: str, base: str) -> None:
    """Runs in a child process: one upload, then a JSON line with its wall time and RSS."""
    import httpx2

    headers = studio_headers()
    size = os.path.getsize(path)
    if side == "ours":
        from datachain_studio import Studio

        studio = Studio(token=TOKEN, url=base, team=TEAM, timeout=600)
        studio.jobs.list(limit=1)  # warm up: the lazy httpx2 client, the connection

        def upload() -> int:
            return studio.jobs.upload(path).size
    else:
        client = httpx2.Client(timeout=600)
        client.get(base + JOBS, params={"team_name": TEAM, "limit": 1}, headers=headers)

        def upload() -> int:
            with open(path, "rb") as file:
                response = client.post(
                    base + UPLOAD,
                    params={"team_name": TEAM},
                    headers=headers,
                    files={"file": (os.path.basename(path), file, "application/octet-stream")},
                )
            response.raise_for_status()
            return int(json.loads(response.content)["size"])

    gc.collect()
    peak = PeakRSS()
    start, cpu = time.perf_counter(), time.process_time()
    received = upload()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    growth = peak.growth_kib()
    # The server counts the whole multipart body: the file plus a few hundred bytes.
    assert size <= received < size + 4096, (size, received)
    print(json.dumps({"wall": wall, "cpu": cpu, "rss_growth_kib": growth, "how": peak.how}))


class PeakRSS:
    """How far the resident set rose above its level at creation, at its highest.

    On Linux the kernel's high-water mark (VmHWM) is reset to the current RSS first
    (`/proc/self/clear_refs`), so the growth is exact; elsewhere it is ru_maxrss after minus
    before, which misses growth that stays below an earlier peak."""

    def __init__(self) -> None:
        self.how = "ru_maxrss"
        self.start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.start = self._status("VmRSS")
            self.how = "VmHWM"
        except (OSError, ValueError):
            pass

    @staticmethod
    def _status(key: str) -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise ValueError(key)

    def growth_kib(self) -> int:
        if self.how == "VmHWM":
            return self._status("VmHWM") - self.start
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - self.start

    def current_kib(self) -> int:
        """The resident set now (VmRSS; where there is no /proc, the peak so far)."""
        try:
            return self._status("VmRSS")
        except (OSError, ValueError):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def upload_rows(base: str, cfg: Settings) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as tmp:
        path = os.path.join(tmp, "bench-upload.bin")
        with open(path, "wb") as file:
            file.truncate(cfg.upload_size)  # sparse: no disk, reads come from zero pages
        results: dict[str, list[dict[str, Any]]] = {"raw": [], "ours": []}
        for order in orders(["raw", "ours"], cfg.upload_rounds):
            for side in order:
                out = subprocess.run(
                    [sys.executable, __file__, "--upload-child", side, path, base],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[side].append(json.loads(out.strip().splitlines()[-1]))
    wall = {side: [r["wall"] for r in rs] for side, rs in results.items()}
    cpu = {side: [r["cpu"] for r in rs] for side, rs in results.items()}
    rss = {side: [r["rss_growth_kib"] / 1024 for r in rs] for side, rs in results.items()}
    ratio = paired_ratio(wall["ours"], wall["raw"])
    size = (
        f"{cfg.upload_size / GiB:g} GiB"
        if cfg.upload_size >= GiB
        else f"{cfg.upload_size // MiB} MiB"
    )
    mbps = {side: cfg.upload_size / MiB / median(w) for side, w in wall.items()}
    growth = max(rss["ours"])
    return [
        Row(
            f"upload: a {size} file from a path vs raw httpx2 `files=` (streaming multipart), wall",
            f"{median(wall['ours']):.2f} s",
            f"{median(wall['raw']):.2f} s",
            ratio,
            "<= 1.10",
            ratio <= 1.10,
            [
                f"ours {spread(wall['ours'])} s, {mbps['ours']:.0f} MiB/s, "
                f"cpu {median(cpu['ours']):.2f} s ({cfg.upload_rounds} rounds, one child each)",
                f"raw  {spread(wall['raw'])} s, {mbps['raw']:.0f} MiB/s, "
                f"cpu {median(cpu['raw']):.2f} s",
            ],
        ),
        Row(
            f"upload: peak RSS growth during the {size} upload (worst round)",
            f"{growth:.1f} MiB",
            f"{max(rss['raw']):.1f} MiB",
            None,
            "<= 64 MiB",
            growth <= 64,
            [
                f"ours {spread(rss['ours'])} MiB, raw {spread(rss['raw'])} MiB; measured in the "
                f"child with {results['ours'][0]['how']} (peak during the upload minus RSS before)"
            ],
        ),
    ]


# ---------------------------------------------------------------------------- profiling


def profile(row: str, base: str, cfg: Settings) -> None:
    """Profile our side of one row and print the call tree (pyinstrument, else cProfile),
    then the garbage collections during it (which the tree spreads over whatever allocated
    when one started)."""
    from datachain_studio import AsyncStudio, Studio

    if row in ("sync", "retries", "large", "read", "strict"):
        studio = Studio(token=TOKEN, url=base, team=TEAM, strict=row == "strict")
        limit, calls = (1, 3000) if row in ("sync", "retries") else (cfg.large_jobs, 3)
        from peers import read_every_field

        def call() -> None:
            jobs = studio.jobs.list(limit=limit)
            if row == "read":
                read_every_field(jobs)

        call()

        def work() -> None:
            for _ in range(calls):
                call()
    elif row == "async":

        def work() -> None:
            async def main() -> None:
                studio = AsyncStudio(token=TOKEN, url=base, team=TEAM)
                for _ in range(3):
                    await _batch(lambda: studio.jobs.list(limit=1), cfg.async_calls, 64)
                await studio.close()

            asyncio.run(main())
    else:
        raise SystemExit(
            f"--profile takes sync, retries, async, large, read or strict, not {row!r}"
        )
    collections = GCTime()
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        with collections:
            prof.runcall(work)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    else:
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        with collections:
            work()
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    print(collections.summary())


class GCTime:
    """The garbage collections while it is entered: how many of each generation, how long."""

    def __init__(self) -> None:
        self.count = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self.wall = 0.0
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count[info["generation"]] += 1
            self.seconds[info["generation"]] += time.perf_counter() - self._started

    def __enter__(self) -> GCTime:
        gc.collect()
        gc.callbacks.append(self._callback)
        self.wall = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        gc.callbacks.remove(self._callback)

    def summary(self) -> str:
        parts = ", ".join(
            f"generation {gen}: {count} ({seconds * 1e3:.0f} ms)"
            for gen, (count, seconds) in enumerate(zip(self.count, self.seconds, strict=True))
        )
        share = sum(self.seconds) / self.wall if self.wall else 0.0
        return (
            f"garbage collections during it: {parts}; {sum(self.seconds) * 1e3:.0f} ms of "
            f"{self.wall * 1e3:.0f} ms ({share:.0%})"
        )


# ---------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import httpx2

    import datachain_studio

    return {
        "code": code_version(),
        "package": str(Path(datachain_studio.__file__).parent),
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version() + f" ({platform.python_implementation()})",
        "os": f"{platform.system()} {platform.release()}",
        "httpx2": httpx2.__version__,
        "peers": peer_versions(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def peer_versions() -> str:
    """The peers' versions as found, e.g. "pydantic 2.14.4, msgspec 0.23.0, datachain (not
    installed)"; datachain's is read from its venv's metadata."""
    from peers import peer_version

    found = []
    for name in ("pydantic", "msgspec", "openai"):
        found.append(f"{name} {peer_version(name) or '(not installed)'}")
    infos = sorted(
        DATACHAIN_PYTHON.parent.parent.glob("lib/python*/site-packages/datachain-*.dist-info")
    )
    version = infos[-1].name.removeprefix("datachain-").removesuffix(".dist-info") if infos else ""
    where = _shown(DATACHAIN_VENV)
    found.append(f"datachain {version} (`{where}`)" if version else "datachain (not installed)")
    return ", ".join(found)


def _shown(path: Path) -> str:
    """`path` relative to the repository when it is inside it, else as it is."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def code_version() -> str:
    """The commit measured, and whether the client's code differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", "overrides", "generated")
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")


def table(rows: list[Row]) -> str:
    lines = [
        "| what | ours (or the peer) | raw httpx2 (baseline) | ratio | target | result |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.3f}"
        lines.append(
            f"| {row.what} | {row.ours} | {row.base} | {ratio} | {row.target} | {row.verdict} |"
        )
    return "\n".join(lines)


def details(rows: list[Row]) -> str:
    out = []
    for row in rows:
        out.append(f"- {row.what}")
        out.extend(f"  - {line}" for line in row.detail)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--only", default=",".join(ROWS), help=f"rows to run: {','.join(ROWS)}")
    parser.add_argument("--write", metavar="FILE", help="also write the results as Markdown")
    parser.add_argument("--profile", metavar="ROW", help="profile our side of a row, no table")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--upload-child", nargs=3, metavar=("SIDE", "PATH", "BASE"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--rss-child", nargs=3, metavar=("SIDE", "BASE", "LIMIT"), help=argparse.SUPPRESS
    )
    parser.add_argument("--live-logs-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.live_logs_child:
        live_logs_child()
        return 0
    if args.upload_child:
        upload_child(*args.upload_child)
        return 0
    if args.rss_child:
        side, base, limit = args.rss_child
        rss_child(side, base, int(limit))
        return 0
    cfg = Settings.quick() if args.quick else Settings()
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    if unknown := only - set(ROWS):
        parser.error(f"unknown rows: {', '.join(sorted(unknown))}")

    import datachain_studio

    started = time.perf_counter()
    server = Server()
    try:
        if args.profile:
            profile(args.profile, server.base, cfg)
            return 0
        rows: list[Row] = []
        cpu0 = server.cpu_seconds()
        # Rows that share rounds run as one group: the one-job call, the 10,000-job list.
        groups: list[tuple[set[str], Callable[[set[str]], list[Row]]]] = [
            (ONE_JOB_ROWS, lambda names: one_job_rows(server.base, cfg, names)),
            ({"async"}, lambda names: async_rows(server.base, cfg, only)),
            (LIST_ROWS, lambda names: list_rows(server.base, cfg, names)),
            ({"rss"}, lambda names: rss_rows(server.base, cfg, only)),
            ({"import"}, lambda names: [import_row(cfg, only)]),
            ({"upload"}, lambda names: upload_rows(server.base, cfg)),
            ({"emulator"}, lambda names: [emulator_row(cfg)]),
            ({"live-logs"}, lambda names: live_logs_row(cfg)),
        ]
        for names, run in groups:
            if selected := names & only:
                print(f"running {', '.join(sorted(selected))} ...", file=sys.stderr, flush=True)
                rows += run(selected)
        server_cpu = server.cpu_seconds() - cpu0
    finally:
        server.stop()
    elapsed = time.perf_counter() - started

    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["python bench/run.py", *([shlex.join(given)] if given else [])])
    info = machine()
    header = (
        f"datachain_studio {datachain_studio.__version__} from "
        f"{Path(datachain_studio.__file__).parent}; "
        f"{info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"httpx2 {info['httpx2']}, "
        f"peers: {info['peers']}, "
        f"{info['os']}; {info['date']}; {elapsed:.0f} s, server CPU {server_cpu:.1f} s"
    )
    print()
    print(header)
    print()
    print(table(rows))
    print()
    print(details(rows))
    if args.write:
        write_markdown(Path(args.write), rows, info, command, elapsed, cfg)
        print(f"\nwrote {args.write}", file=sys.stderr)
    missed = [row for row in rows if row.ok is False]
    return 1 if (missed and args.strict) else 0


def write_markdown(
    path: Path, rows: list[Row], info: dict[str, str], command: str, elapsed: float, cfg: Settings
) -> None:
    text = f"""# Benchmarks

`make bench` runs the suite in `bench/` (`python bench/run.py`; `--quick` for a smoke run,
`--write BENCHMARKS.md` to rewrite the results below). It is not part of the test suite.
A canned server (`bench/server.py`: asyncio, HTTP/1.1 keep-alive, precomputed answers) runs in
a separate process on loopback; every row runs our client (or a peer) and raw httpx2 +
`json.loads` (the floor: the transport our client sends over, with nothing on top) doing the
same work in the same run, in rounds, rotating which side goes first. A row's ratio is the
median of its per-round ratios against raw httpx2 (raw = 1.00; lower is better everywhere);
the absolute figures are medians over the rounds.

## Last run

- command: `{command}`
- code: {info["code"]}, `datachain_studio` from `{info["package"]}`
- machine: {info["cpus"]} CPUs (`nproc`), {info["cpu"]}; {info["os"]}
- Python {info["python"]}; httpx2 {info["httpx2"]} (the raw floor, our client and openai)
- peers: {info["peers"]}
- date: {info["date"]}; the run took {elapsed:.0f} s

{table(rows)}

Absolute figures (min..max over the rounds):

{details(rows)}

## What each row does

- **one-job call, sync**: `Studio.jobs.list(limit=1)` (one job, into `JobOutput`) vs
  `httpx2.Client.get` on the same URL with the same query and headers, then `json.loads`, on a
  pooled client; {cfg.sync_rounds} rounds x {cfg.sync_calls} calls per side. The CPU line is
  `time.process_time()` of the client process over the same calls.
- **retries cost nothing when unused**: the same calls with `max_retries=2` (the default) vs
  `max_retries=0`, in the same rounds as the rows above.
- **async**: {cfg.async_calls:,} calls per round from {cfg.concurrency} tasks sharing one
  `AsyncStudio` vs one `httpx2.AsyncClient` (both with httpx2's default pool limits: 100
  connections, 20 kept alive); the ratio is of the times a round took. The openai peer runs
  in the same rounds: {cfg.concurrency} tasks sharing one `AsyncOpenAI` (its own pool: 1,000
  connections, 100 kept alive), `get('jobs/', cast_to=list[Job], ...)`.
- **{cfg.large_jobs:,}-job list, whole call**: `studio.jobs.list(limit={cfg.large_jobs})`
  (about 10 MB of JSON) vs raw httpx2 GET + `json.loads` of the same body, {cfg.large_rounds}
  rounds, a full garbage collection before each side.
- **{cfg.large_jobs:,}-job list, every field read**: the same call followed by reading every
  field of every job and step once (`bench/peers.py`'s `read_every_field`: `getattr` of each
  field the contract declares), which is what a model that converts fields when first read
  defers, vs raw httpx2 GET + `json.loads` + every key of every job and step object read
  once (`read_every_key`: `job[key]` for each key it has), in the same rounds. Each peer gets
  the same row beside its whole-call row: its result read by `read_every_field` (openai's
  `cast_to=object` and the datachain client's dicts by `read_every_key`). A context line
  gives strict mode, whose call converts every field. `--profile read` profiles our side and
  says how much of it went to garbage collection.
- **strict mode cost**: the same list through `Studio(strict=True)`, in the same rounds.
- **peak RSS growth**: the {cfg.large_jobs:,}-job call once in a fresh child process
  (`--rss-child`) per side and round, after a one-job warm-up call; the child reports how far
  its resident set rose during the call (VmHWM reset through `/proc/self/clear_refs`, else
  `ru_maxrss`) and what is left after it with the result held. {cfg.rss_rounds} rounds; the
  second row does the same with every field read after the call (vs raw + every key read);
  the in-process peers are context lines, from the same rounds.
- **peers** (`bench/peers.py`, the `JobOutput` shape of openapi.yaml: `UUID` ids, aware
  datetimes, enums for the known statuses and query types with any other string kept, the
  nested steps, every optional field), on the one-job call and the {cfg.large_jobs:,}-job
  list, in the same rounds as our client: **pydantic** v2,
  `TypeAdapter(list[Job]).validate_json(response.content)` on the raw httpx2 response;
  **msgspec** Structs, `msgspec.json.Decoder(list[Job]).decode(response.content)`;
  **openai**-python 3.x, a whole client on httpx2 as ours is, calling the Studio route
  generically: `OpenAI(api_key=token, base_url=<server>/api/datachain/)` (everything else
  its defaults: 2 retries, its own httpx2 client), then
  `client.get("jobs/", cast_to=list[Job], options={{"params": {{"team_name": ..., "limit":
  N}}}})` with `Job` an `openai.BaseModel` of the same shape; openai builds it without
  validation, as it does its own API's answers (`construct`: datetimes and the optional
  `UUID`s converted, the statuses and the required `id` left as the JSON's strings), and a
  context line gives the same call with `cast_to=object` (the decoded JSON, no model); and the
  official **datachain** client, `datachain.remote.studio.StudioClient().get_jobs(limit=N)`
  (`requests.request`, so a new connection per call, then `json.loads`; the jobs stay plain
  dicts), run by `bench/datachain_child.py` in a child process of `.venv-datachain`
  (`make datachain-venv`; or of the venv `DATACHAIN_COMPAT_VENV` names) that times its own
  calls (and, for the reading row, its `read_every_key` of each result) when the parent
  asks, between the parent's raw rounds. pydantic, msgspec and openai
  come from `bench/requirements.txt`, which `make bench` installs into `.venv`; pydantic and
  openai are not dependencies of the package, msgspec is (our models read their fields with
  it: the msgspec peer row is msgspec's own Structs, decoded at the call).
- **import**: `python -c "{IMPORT_OURS}"` vs `python -c "{IMPORT_RAW}"`, each a fresh
  process, {cfg.import_rounds} rounds each; interpreter start-up is in both figures. The
  openai peer's `python -c "{IMPORT_OPENAI}"` runs in the same rounds.
- **upload**: a sparse file (`truncate`) sent by `studio.jobs.upload(path)` vs raw httpx2
  `post(files={{"file": open(path, "rb")}})`, which also streams (64 KiB reads). Each upload
  runs in a fresh child process after one warm-up call; the child reports its wall time and
  how far its resident set rose over the upload (VmHWM reset through
  `/proc/self/clear_refs`, else `ru_maxrss`).
- **live logs**: the local Studio in a child process (`--live-logs-child`) runs jobs that
  write {", ".join(f"{n:,}" for n in cfg.live_sizes)} lines at {cfg.live_rate:,} lines/s
  (batches every 5 ms, each line starting with the `time.monotonic_ns()` of its writing);
  `studio.jobs.follow()` yields them in this process, which takes the latency of every line.
  Bytes on the wire are counted by a TCP relay between the two (both ways, after
  permessage-deflate); frame payloads by the local Studio. A context line writes the largest
  log one line at a time as fast as it can; the REST rows follow the same jobs with
  `stream=False` (`GET jobs/{{id}}/logs` every second, each answer the whole log so far).
"""
    notes = f"\n{NOTES_MARKER}\n"
    if path.exists() and NOTES_MARKER in (old := path.read_text()):
        notes = "\n" + old[old.index(NOTES_MARKER) :]
    path.write_text(text + notes)


if __name__ == "__main__":
    sys.exit(main())
