#!/usr/bin/env python3
"""Regenerate the low-level client `datachain_studio_api` from `openapi.yaml`.

    python codegen/generate.py                 # write generated/datachain_studio_api
    python codegen/generate.py --output DIR    # write DIR instead
    python codegen/generate.py --check         # exit 1 if the committed code is stale

Runs the pinned openapi-python-client (see codegen/requirements.txt) offline with
`--meta none --fail-on-warning --config codegen/config.yaml`, with our own whole templates
(codegen/templates) in place of the generator's for the endpoint modules, the models, the
enums and the package's `__init__.py`. It then drops what the generator always writes but
nothing uses (`client.py`, `errors.py`) and puts the runtime, codegen/runtime/api_types.py,
in place of its `types.py`.

Generation always happens in a fresh temporary folder; the output folder is only
replaced (by rename) once generation has succeeded, so a failed run leaves it intact.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

CODEGEN_DIR = Path(__file__).resolve().parent
REPO_ROOT = CODEGEN_DIR.parent
SPEC = REPO_ROOT / "openapi.yaml"
CONFIG = CODEGEN_DIR / "config.yaml"
REQUIREMENTS = CODEGEN_DIR / "requirements.txt"
TEMPLATES_DIR = CODEGEN_DIR / "templates"
RUNTIME = CODEGEN_DIR / "runtime" / "api_types.py"
DEFAULT_OUTPUT = REPO_ROOT / "generated" / "datachain_studio_api"

GENERATOR_DIST = "openapi-python-client"
RUFF_DIST = "ruff"

# What the generator writes that the package does not ship (removed after generation).
NOT_SHIPPED = ("client.py", "errors.py")

# Files that may exist in a working tree without being generated (never compared).
IGNORED_DIR_NAMES = {"__pycache__"}

# Written by openapi-python-client itself for the other --meta types (see _create_package).
PY_TYPED = b"# Marker file for PEP 561"

MAX_DIFF_LINES_PER_FILE = 40
MAX_DIFF_LINES_TOTAL = 400


class CodegenError(Exception):
    """A problem that stops code generation; printed without a traceback."""


# --------------------------------------------------------------------------- pins


def read_pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    pins: dict[str, str] = {}
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([A-Za-z0-9.+!_-]+)", line)
        if match is None:
            raise CodegenError(f"{requirements}: expected 'name==version', got {raw!r}")
        pins[_normalize(match.group(1))] = match.group(2)
    for dist in (GENERATOR_DIST, RUFF_DIST):
        if _normalize(dist) not in pins:
            raise CodegenError(f"{requirements} does not pin {dist}")
    return pins


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check_versions(pins: dict[str, str]) -> Path:
    """Fail unless the installed generator and ruff equal the pins; return the ruff binary."""
    python = Path(sys.executable).name
    hint = f"install the pinned toolchain: {python} -m pip install -r {_show(REQUIREMENTS)}"
    problems: list[str] = []
    for dist in (GENERATOR_DIST, RUFF_DIST):
        wanted = pins[_normalize(dist)]
        try:
            installed = metadata.version(dist)
        except metadata.PackageNotFoundError:
            problems.append(f"{dist} is not installed for {sys.executable} (pinned: {wanted})")
            continue
        if installed != wanted:
            problems.append(f"{dist} {installed} is installed, {_show(REQUIREMENTS)} pins {wanted}")
    if problems:
        raise CodegenError("\n".join([*problems, hint]))

    try:  # the binary shipped with the ruff distribution checked above (ruff has no type stubs)
        ruff_bin = Path(str(importlib.import_module("ruff").find_ruff_bin())).resolve()
    except (ImportError, AttributeError, FileNotFoundError) as err:
        raise CodegenError(f"cannot locate the ruff binary: {err}\n{hint}") from err
    result = subprocess.run(
        [str(ruff_bin), "--version"], capture_output=True, text=True, check=False
    )
    reported = result.stdout.strip()
    if result.returncode != 0 or reported != f"ruff {pins[_normalize(RUFF_DIST)]}":
        raise CodegenError(
            f"{ruff_bin} --version reports {reported or result.stderr.strip()!r}, "
            f"expected 'ruff {pins[_normalize(RUFF_DIST)]}'\n{hint}"
        )
    return ruff_bin


# -------------------------------------------------------------------- templates


def copy_templates(dest: Path, own_dir: Path = TEMPLATES_DIR) -> None:
    """Lay out our own whole templates (codegen/templates) in dest, for the generator to use
    instead of its own; it falls back to its packaged templates for every other file."""
    dest.mkdir(parents=True, exist_ok=True)
    for own in sorted(own_dir.rglob("*.jinja")):
        target = dest / own.relative_to(own_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(own, target)


# ------------------------------------------------------------------- generation


def generate_into(dest: Path, spec: Path, ruff_bin: Path, workdir: Path) -> None:
    """Run the generator so that it creates the package folder `dest` (must not exist)."""
    templates = workdir / "templates"
    copy_templates(templates)

    env = {key: value for key, value in os.environ.items() if not key.startswith("RUFF_")}
    env["PATH"] = os.pathsep.join([str(ruff_bin.parent), env.get("PATH", "")]).rstrip(os.pathsep)
    env["PYTHONHASHSEED"] = "0"  # no dependence on set/dict hash order
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    on_path = shutil.which("ruff", path=env["PATH"])
    if on_path is None or Path(on_path).resolve() != ruff_bin:
        raise CodegenError(f"could not put {ruff_bin} first on PATH (found {on_path})")

    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(spec),
        "--meta",
        "none",
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(templates),
        "--output-path",
        str(dest),
        "--file-encoding",
        "utf-8",
        "--fail-on-warning",
    ]
    result = subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0 or not dest.is_dir():
        output = "\n".join(part for part in (result.stdout.strip(), result.stderr.strip()) if part)
        raise CodegenError(
            f"openapi-python-client failed (exit code {result.returncode}); "
            f"warnings count as errors (--fail-on-warning):\n{output}"
        )
    # ruff runs with --no-cache, so this is only a safety net
    shutil.rmtree(dest / ".ruff_cache", ignore_errors=True)
    # The generator always writes its own httpx client and errors: nothing here uses them.
    for name in NOT_SHIPPED:
        if not (dest / name).is_file():
            raise CodegenError(f"the generator no longer writes {name}: take it out of NOT_SHIPPED")
        (dest / name).unlink()
    # The runtime, a module of ours, instead of the generator's types.py (after the post
    # hooks: the copy is byte for byte the checked source).
    (dest / "types.py").write_bytes(RUNTIME.read_bytes())
    # `--meta none` skips the PEP 561 marker that the other meta types write; the wheel ships
    # this folder as the top-level package `datachain_studio_api`, so add it (same content).
    (dest / "py.typed").write_bytes(PY_TYPED)


def _looks_generated(folder: Path) -> bool:
    if not any(folder.iterdir()):
        return True
    return all((folder / name).exists() for name in ("__init__.py", "types.py", "api"))


def install(generated: Path, output: Path) -> None:
    """Replace `output` by a copy of `generated` with two renames in output's parent folder."""
    if output.exists() or output.is_symlink():
        if not output.is_dir() or output.is_symlink():
            raise CodegenError(f"{_show(output)} exists and is not a folder")
        if not _looks_generated(output):
            raise CodegenError(
                f"refusing to replace {_show(output)}: it does not look like a generated client "
                "(expected __init__.py, types.py and api/)"
            )
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".codegen-tmp", dir=output.parent)
    )
    try:
        new = staging / "new"
        old = staging / "old"
        shutil.copytree(generated, new)
        if output.exists():
            os.rename(output, old)
        try:
            os.rename(new, output)
        except BaseException:
            if old.exists():
                os.rename(old, output)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# ------------------------------------------------------------------------ check


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    found: dict[str, Path] = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if IGNORED_DIR_NAMES.intersection(relative.parts) or not path.is_file():
            continue
        found[relative.as_posix()] = path
    return found


def _split_lines(text: str) -> list[str]:
    """Split on '\\n' only, keeping line ends (str.splitlines also splits on \\f, \\x1c, ...)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def compare(committed: Path, fresh: Path) -> list[str]:
    """Return a report of differences (empty when identical)."""
    old_files, new_files = _files(committed), _files(fresh)
    report: list[str] = []
    diff_lines: list[str] = []
    for name in sorted(old_files.keys() | new_files.keys()):
        if name not in new_files:
            report.append(f"extra (not generated from the spec): {name}")
            continue
        if name not in old_files:
            report.append(f"missing (generated from the spec, not committed): {name}")
            continue
        old_bytes, new_bytes = old_files[name].read_bytes(), new_files[name].read_bytes()
        if old_bytes == new_bytes:
            continue
        report.append(f"changed: {name}")
        diff = list(
            difflib.unified_diff(
                _split_lines(old_bytes.decode("utf-8", errors="replace")),
                _split_lines(new_bytes.decode("utf-8", errors="replace")),
                fromfile=f"committed/{name}",
                tofile=f"regenerated/{name}",
                n=2,
            )
        )
        if len(diff) > MAX_DIFF_LINES_PER_FILE:
            more = len(diff) - MAX_DIFF_LINES_PER_FILE
            diff = [*diff[:MAX_DIFF_LINES_PER_FILE], f"... ({more} more diff lines)\n"]
        for line in diff:
            diff_lines.append(
                line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            )
    if not report:
        return []
    if len(diff_lines) > MAX_DIFF_LINES_TOTAL:
        diff_lines = [*diff_lines[:MAX_DIFF_LINES_TOTAL], "... (diff truncated)\n"]
    return [*report, "", *(line.rstrip("\n") for line in diff_lines)]


def check(committed: Path, fresh: Path, spec: Path) -> int:
    rerun = "run: python codegen/generate.py"
    if not committed.is_dir():
        print(f"codegen --check: {_show(committed)} does not exist; {rerun}")
        return 1
    report = compare(committed, fresh)
    if report:
        print(f"codegen --check: {_show(committed)} differs from what {_show(spec)} generates:")
        print("\n".join(report))
        print(rerun.capitalize())
        return 1
    print(f"codegen --check: {_show(committed)} is up to date ({len(_files(fresh))} files)")
    return 0


# ------------------------------------------------------------------------- main


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"package folder to write (default: {_show(DEFAULT_OUTPUT)}); "
        "with --check, the folder to compare",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary folder and compare with the committed code; "
        "exit 1 on any drift",
    )
    parser.add_argument(
        "--spec",
        type=Path,
        default=SPEC,
        help=f"OpenAPI document (default: {_show(SPEC)}); other values are for experiments",
    )
    args = parser.parse_args(argv)
    output: Path = (args.output or DEFAULT_OUTPUT).resolve()
    spec: Path = args.spec.resolve()

    try:
        if not spec.is_file():
            raise CodegenError(f"OpenAPI document not found: {_show(spec)}")
        ruff_bin = check_versions(read_pins())
        with tempfile.TemporaryDirectory(prefix="datachain-studio-codegen-") as tmp:
            workdir = Path(tmp)
            fresh = workdir / output.name
            generate_into(fresh, spec, ruff_bin, workdir)
            if args.check:
                return check(output, fresh, spec)
            install(fresh, output)
            count = len(_files(output))
            print(f"codegen: wrote {_show(output)} ({count} files) from {_show(spec)}")
            return 0
    except CodegenError as err:
        print(f"codegen: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
