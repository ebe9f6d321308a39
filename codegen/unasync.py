"""Write the sync twin of each hand-written async module, or check that it is up to date.

    python codegen/unasync.py           # rewrite every `_sync/` module from its `_async/` source
    python codegen/unasync.py --check   # write nothing; exit 1 (with a diff) if one is stale

The async code is the source: it does more than the sync code (anyio file I/O, the event
loop's checks), so the sync code is what is left once `async`/`await` are taken out. Every
`.py` file in a folder named `_async` (below `overrides/datachain_studio`) has a twin of the
same name in the sibling folder `_sync`, made by the substitutions in `RULES`
(whole words only), then formatted by the pinned ruff. Where the two flavours really differ,
the async source calls a function or class whose name carries `async` (`_async_sleep`,
`AsyncFollow`, `httpx2.AsyncClient`) and the sync twin gets the same name without it
(`_sleep`, `SyncFollow`, `httpx2.Client`), each written by hand in a module that is not
translated.

A `_sync` module is never edited by hand; `make lint` runs `--check`.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "overrides" / "datachain_studio"
RUFF = Path(sys.executable).parent / "ruff"

HEADER = (
    "# Generated from {source} by codegen/unasync.py: do not edit.\n"
    "# Change the async source and run `python codegen/unasync.py`.\n"
)

# Names whose sync twin is not simply the name without `Async`.
RENAMED = {
    "AsyncAPIClient": "SyncAPIClient",
    "AsyncByteStream": "SyncByteStream",
    "AsyncFollow": "SyncFollow",
    "AsyncReads": "SyncReads",
    "AsyncResource": "SyncResource",
    "AsyncGenerator": "Generator",
    "AsyncIterator": "Iterator",
    "AsyncIterable": "Iterable",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "aclose": "close",
    "aclosing": "closing",
    "aiter_bytes": "iter_bytes",
    "aiter_raw": "iter_raw",
    "aiter_text": "iter_text",
    "anext": "next",
    "aread": "read",
}


def _rename(match: re.Match[str]) -> str:
    return RENAMED[match.group(1)]


RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\basync (def|for|with)\b"), r"\1"),
    (re.compile(r"\bawait "), ""),
    (re.compile(r"\b(" + "|".join(map(re.escape, RENAMED)) + r")\b"), _rename),
    (re.compile(r"\bAsync([A-Z]\w*)"), r"\1"),  # AsyncJobs -> Jobs, httpx2.AsyncClient -> Client
    (re.compile(r"\b(_?)async_(\w+)"), r"\1\2"),  # _async_sleep -> _sleep
    (re.compile(r"\b_async\b"), "_sync"),  # from ._async.jobs -> from ._sync.jobs
]


def translate(text: str) -> str:
    """The sync code of the async source `text` (before formatting)."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def sources() -> list[Path]:
    """Every async source file, in a stable order."""
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent.name == "_async")


def target_of(source: Path) -> Path:
    return source.parent.parent / "_sync" / source.name


def render(source: Path) -> str:
    """The formatted sync twin of `source`."""
    relative = source.relative_to(PACKAGE).as_posix()
    body = translate(source.read_text())
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / source.name
        draft.write_text(HEADER.format(source=relative) + body)
        config = ["--config", str(ROOT / "pyproject.toml")]
        # Imports the sync code no longer needs go, and `for x in it: yield x` (an async
        # generator cannot `yield from`) becomes `yield from it`.
        fixes = ["check", "--fix-only", "--unsafe-fixes", "--select", "I,F401,UP028"]
        for command in (fixes, ["format"]):
            subprocess.run(
                [str(RUFF), *command, *config, "--quiet", "--no-cache", str(draft)],
                check=True,
            )
        return draft.read_text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a _sync module is stale")
    args = parser.parse_args(argv)
    stale = []
    expected: dict[Path, str] = {source: render(source) for source in sources()}
    wanted = {target_of(source) for source in expected}
    for folder in {target.parent for target in wanted}:
        for orphan in sorted(set(folder.glob("*.py")) - wanted):
            stale.append(orphan)
            print(f"{orphan.relative_to(ROOT)}: no async source", file=sys.stderr)
            if not args.check:
                orphan.unlink()
    for source, text in expected.items():
        target = target_of(source)
        current = target.read_text() if target.exists() else ""
        if current == text:
            continue
        stale.append(target)
        if args.check:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                text.splitlines(keepends=True),
                str(target.relative_to(ROOT)),
                f"{target.relative_to(ROOT)} (from {source.relative_to(ROOT)})",
                n=1,
            )
            sys.stderr.writelines(list(diff)[:40])
        else:
            target.parent.mkdir(exist_ok=True)
            target.write_text(text)
    if args.check and stale:
        print(
            f"{len(stale)} sync module(s) differ from their async source: "
            "run `python codegen/unasync.py`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
