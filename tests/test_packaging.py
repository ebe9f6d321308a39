"""The distributions built from this repository: their contents, their metadata, that the wheel
works alone and that the sdist holds what its Makefile needs; the license, the PyPI page and
the lock of the development tools.

The wheel is built once per module with `pip wheel --no-deps`, the sdist with `python -m build
--sdist` (the `build` front end is in the `dev` dependency group). The project's build backend
(hatchling) is not a dependency of the dev environment, so unless it is importable here the
build runs with build isolation, which fetches hatchling from the package index (or pip's
cache). The import check then runs a fresh interpreter with `-I -S` (no user site, no `.pth`
files, so not the editable install's paths) whose `sys.path` is the wheel file itself followed
by the directories that hold the runtime dependencies, from a temporary working directory.
"""

from __future__ import annotations

import base64
import csv
import email.message
import email.parser
import fnmatch
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dateutil
import httpx2
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.server import Recorded, Reply, json_reply, scripted_server

pytestmark = pytest.mark.timeout(60)

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "generated" / "datachain_studio_api"
OVERRIDES = REPO / "overrides" / "datachain_studio"
DIST_NAME = "datachain-studio-client"
RUNTIME_DEPENDENCIES = {
    "httpx2",
    "wsproto",
    "python-dateutil",
    "msgspec",
    "sniffio",
    "anyio",
    "tomlkit",
    "platformdirs",
}
PYPI_README = "README.pypi.md"
# The extras users install; development tools are dependency groups, never extras.
EXTRAS = {"cli", "testing", "live", "storage", "all"}
# sha256 of the Apache License 2.0 as the ASF publishes it (apache.org/licenses/LICENSE-2.0.txt,
# also Debian's /usr/share/common-licenses/Apache-2.0): LICENSE must be that text, unedited.
APACHE_2_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"


def pyproject() -> dict[str, Any]:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    result = subprocess.run(
        [*command, str(REPO)],
        capture_output=True,
        text=True,
        timeout=50,
        cwd=out,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [built] = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    command = [sys.executable, "-m", "build", "--sdist", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")
    result = subprocess.run(
        [*command, str(REPO)],
        capture_output=True,
        text=True,
        timeout=50,
        cwd=out,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [built] = out.glob("*.tar.gz")
    return built


@pytest.fixture(scope="module")
def sdist_files(sdist: Path) -> dict[str, bytes]:
    """The sdist's regular files by their path below its top folder."""
    files: dict[str, bytes] = {}
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            top, _, inner = member.name.partition("/")
            assert top == f"datachain_studio_client-{project_version()}", member.name
            if member.isfile():
                extracted = archive.extractfile(member)
                assert extracted is not None
                files[inner] = extracted.read()
    return files


@pytest.fixture(scope="module")
def names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def read(wheel: Path, name: str) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(name)


def dist_info(names: list[str]) -> str:
    [folder] = {name.split("/")[0] for name in names if name.split("/")[0].endswith(".dist-info")}
    return folder


def metadata(wheel: Path, names: list[str]) -> email.message.Message:
    raw = read(wheel, f"{dist_info(names)}/METADATA").decode("utf-8")
    return email.parser.Parser().parsestr(raw)


def source_files(root: Path) -> Iterator[str]:
    """Files of a source package as they should appear in the wheel, minus build litter."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        litter = "__pycache__" in relative.parts or path.suffix == ".pyc"
        hidden = any(part.startswith(".") for part in relative.parts)  # caches, editor files
        if path.is_file() and not litter and not hidden:
            yield f"{root.name}/{relative.as_posix()}"


def project_version() -> str:
    text = (OVERRIDES / "_version.py").read_text(encoding="utf-8")
    match = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", text)
    assert match
    return match.group(1)


# --- contents -----------------------------------------------------------------------------------


def test_wheel_file_name(wheel: Path) -> None:
    assert wheel.name == f"datachain_studio_client-{project_version()}-py3-none-any.whl"


def test_wheel_holds_exactly_the_two_packages_and_its_metadata(names: list[str]) -> None:
    top = {name.split("/")[0] for name in names}
    assert top == {"datachain_studio_api", "datachain_studio", dist_info(names)}
    for package in ("datachain_studio_api", "datachain_studio"):
        assert f"{package}/__init__.py" in names
        assert f"{package}/py.typed" in names
    assert "datachain_studio_api/api/jobs/upload_job_file.py" in names
    assert "datachain_studio_api/models/job_output.py" in names
    assert "datachain_studio/resources/jobs.py" in names


def test_wheel_ships_every_source_file_and_nothing_else(names: list[str]) -> None:
    shipped_api = {name for name in names if name.startswith("datachain_studio_api/")}
    shipped_client = {name for name in names if name.startswith("datachain_studio/")}
    assert shipped_api == set(source_files(GENERATED))
    contracts = {"datachain_studio/openapi.yaml", "datachain_studio/asyncapi.yaml"}
    assert shipped_client == {*source_files(OVERRIDES), *contracts}


@pytest.mark.parametrize("contract", ["openapi.yaml", "asyncapi.yaml"])
def test_bundled_contracts_are_the_repository_ones(wheel: Path, contract: str) -> None:
    assert read(wheel, f"datachain_studio/{contract}") == (REPO / contract).read_bytes()


def test_no_tests_venv_bytecode_or_build_files(names: list[str]) -> None:
    for name in names:
        parts = name.split("/")
        assert parts[0] not in {"tests", "generated", "overrides", "codegen", "tools"}, name
        assert ".venv" not in parts and "__pycache__" not in parts, name
        assert not name.endswith((".pyc", ".pyo")), name
        assert parts[-1] not in {"conftest.py", "Makefile", "pyproject.toml", "redocly.yaml"}
        assert not parts[-1].startswith("test_"), name


def test_record_lists_every_file_with_its_hash(wheel: Path, names: list[str]) -> None:
    record_name = f"{dist_info(names)}/RECORD"
    rows = list(csv.reader(io.StringIO(read(wheel, record_name).decode("utf-8"))))
    recorded = {row[0]: row for row in rows}
    assert set(recorded) == set(names)
    for name, (_, digest, size) in recorded.items():
        if name == record_name:
            assert (digest, size) == ("", "")
            continue
        data = read(wheel, name)
        algorithm, _, value = digest.partition("=")
        assert algorithm == "sha256", name
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        assert value == expected.decode(), name
        assert int(size) == len(data), name


def test_wheel_is_pure_python(wheel: Path, names: list[str]) -> None:
    text = read(wheel, f"{dist_info(names)}/WHEEL").decode("utf-8")
    info = email.parser.Parser().parsestr(text)
    assert info["Root-Is-Purelib"] == "true"
    assert info.get_all("Tag") == ["py3-none-any"]


# --- metadata -----------------------------------------------------------------------------------


def test_metadata_name_version_and_python(wheel: Path, names: list[str]) -> None:
    meta = metadata(wheel, names)
    assert meta["Name"] == DIST_NAME
    assert meta["Version"] == project_version()
    assert meta["Requires-Python"] == ">=3.11"
    assert dist_info(names) == f"datachain_studio_client-{project_version()}.dist-info"


def test_runtime_dependencies_are_exactly_the_declared_ones(wheel: Path, names: list[str]) -> None:
    meta = metadata(wheel, names)
    requirements = [Requirement(line) for line in meta.get_all("Requires-Dist") or []]
    runtime = [req for req in requirements if req.marker is None]
    assert {canonicalize_name(req.name) for req in runtime} == RUNTIME_DEPENDENCIES
    assert len(runtime) == len(RUNTIME_DEPENDENCIES)
    for req in runtime:
        assert not req.extras, req
    # Everything else only comes with an extra, and the extra is declared.
    extras = set(meta.get_all("Provides-Extra") or [])
    for req in requirements:
        if req.marker is not None:
            assert any(req.marker.evaluate({"extra": extra}) for extra in extras), req
            assert not req.marker.evaluate({"extra": ""}), req
    # The installed dependencies of this environment satisfy the declared ranges.
    for req in runtime:
        installed = importlib.metadata.version(req.name)
        assert req.specifier.contains(installed), (req, installed)


def test_metadata_dependencies_match_pyproject(wheel: Path, names: list[str]) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    meta = metadata(wheel, names)
    runtime = {
        str(Requirement(line))
        for line in meta.get_all("Requires-Dist") or []
        if Requirement(line).marker is None
    }
    assert runtime == {str(Requirement(line)) for line in project["dependencies"]}


# --- the wheel on its own -----------------------------------------------------------------------

CHECK_SCRIPT = r"""
import hashlib, importlib.resources, json, sys

wheel, server_url, *dependency_dirs = sys.argv[1:]
sys.path[:0] = [wheel]
sys.path.extend(dependency_dirs)

import datachain_studio
import datachain_studio_api
from datachain_studio import Studio
from datachain_studio_api.types import Request
from datachain_studio_api.api.jobs import upload_job_file
from datachain_studio_api.models import JobOutput

studio = Studio(token="x", url="http://127.0.0.1:1", team="t")
constructed = [studio.url, studio.team]
studio.close()

with Studio(token="isat_wheel", url=server_url, team="wheel-team") as studio:
    clusters = studio.clusters.list()

spec = importlib.resources.files("datachain_studio").joinpath("openapi.yaml").read_bytes()
print(json.dumps({
    "datachain_studio": datachain_studio.__file__,
    "datachain_studio_api": datachain_studio_api.__file__,
    "version": datachain_studio.__version__,
    "constructed": constructed,
    "clusters": [[c.id, c.name] for c in clusters],
    "spec_sha256": hashlib.sha256(spec).hexdigest(),
    "sys_path": sys.path,
    "ours": {
        name: getattr(module, "__file__", None) for name, module in list(sys.modules.items())
        if name.split(".")[0] in ("datachain_studio", "datachain_studio_api")
    },
    "module_files": sorted(
        str(getattr(m, "__file__", None)) for m in list(sys.modules.values())
        if getattr(m, "__file__", None)
    ),
}))
"""


def dependency_dirs() -> list[str]:
    """Where this interpreter finds the runtime dependencies (and what they import)."""
    found = {Path(module.__file__).resolve().parent.parent for module in (httpx2, dateutil)}
    return sorted(str(path) for path in found)


def test_wheel_imports_and_works_without_the_repository(wheel: Path, tmp_path: Path) -> None:
    def handler(request: Recorded) -> Reply:
        if request.path == "/api/datachain/clusters/":
            return json_reply([{**CLUSTER, "id": "k3f9x2mq7a"}])
        return Reply(status=404, body=b"")

    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "DATACHAIN", "XDG_"))
    }
    env["HOME"] = str(home)
    with scripted_server(handler) as server:
        result = subprocess.run(
            [
                sys.executable,
                "-I",
                "-S",
                "-c",
                CHECK_SCRIPT,
                str(wheel),
                server.url,
                *dependency_dirs(),
            ],
            capture_output=True,
            text=True,
            timeout=30,
            cwd=tmp_path,
            env=env,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    wheel_prefix = str(wheel) + os.sep
    assert report["datachain_studio"] == f"{wheel_prefix}datachain_studio{os.sep}__init__.py"
    assert report["datachain_studio_api"].startswith(wheel_prefix + "datachain_studio_api")
    assert report["version"] == project_version()
    assert report["constructed"] == ["http://127.0.0.1:1", "t"]
    assert report["clusters"] == [["k3f9x2mq7a", "ComputeClusterName"]]
    expected = hashlib.sha256((REPO / "openapi.yaml").read_bytes()).hexdigest()
    assert report["spec_sha256"] == expected

    # Nothing came from the repository's sources: not its folders, not the editable install.
    sources = [str(REPO / "generated"), str(REPO / "overrides"), str(REPO / "tests")]
    for entry in report["sys_path"]:
        assert entry not in {str(REPO), *sources, "", "."}, entry
    for file in report["module_files"]:
        assert not file.startswith(tuple(sources)), file
    # Every module of the two packages came from the wheel. By module name, not by a path
    # holding "datachain_studio": an unpacked sdist's folder (datachain_studio_client-0.1.0)
    # holds it too, and so do the paths of the dependencies in its .venv.
    ours = report["ours"]
    assert {"datachain_studio", "datachain_studio_api"} <= set(ours)
    for name, file in ours.items():
        assert file is None or file.startswith(wheel_prefix), (name, file)

    [request] = server.requests
    assert (request.method, request.path) == ("GET", "/api/datachain/clusters/")
    assert request.header("authorization") == "Bearer isat_wheel"


CLUSTER = {
    "id": 1,
    "name": "ComputeClusterName",
    "status": "ACTIVE",
    "cloud_provider": "AWS",
    "cloud_credentials": "CredentialsName",
    "is_active": True,
    "default": True,
    "max_workers": 1,
}


# --- the license --------------------------------------------------------------------------------


def test_license_is_the_apache_2_text_unedited() -> None:
    text = (REPO / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == APACHE_2_SHA256
    decoded = text.decode("ascii")
    assert "Apache License\n                           Version 2.0, January 2004" in decoded
    assert "END OF TERMS AND CONDITIONS" in decoded
    assert "APPENDIX: How to apply the Apache License to your work." in decoded


def test_wheel_carries_the_license_and_its_expression(wheel: Path, names: list[str]) -> None:
    assert read(wheel, f"{dist_info(names)}/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()
    meta = metadata(wheel, names)
    assert meta["Metadata-Version"] in {"2.4", "2.5"}  # License-Expression needs 2.4
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    # PEP 639: no license classifier beside a license expression.
    classifiers = meta.get_all("Classifier") or []
    assert not [c for c in classifiers if c.startswith("License ::")], classifiers


def test_sdist_carries_the_license(sdist_files: dict[str, bytes]) -> None:
    assert sdist_files["LICENSE"] == (REPO / "LICENSE").read_bytes()
    pkg_info = email.parser.Parser().parsestr(sdist_files["PKG-INFO"].decode("utf-8"))
    assert pkg_info["License-Expression"] == "Apache-2.0"
    assert pkg_info.get_all("License-File") == ["LICENSE"]


def test_metadata_authors_urls_and_classifiers(wheel: Path, names: list[str]) -> None:
    meta = metadata(wheel, names)
    assert meta["Author"] == "DataChain Studio client contributors"
    urls = dict(line.split(", ", 1) for line in meta.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Source", "Issues", "Changelog", "Documentation"}
    assert all(url.startswith("https://") for url in urls.values()), urls
    classifiers = set(meta.get_all("Classifier") or [])
    assert {
        "Development Status :: 4 - Beta",
        "Intended Audience :: Developers",
        "Topic :: Software Development :: Libraries",
        "Operating System :: OS Independent",
        "Typing :: Typed",
    } <= classifiers
    versions = {c.rsplit(" :: ", 1)[1] for c in classifiers if re.fullmatch(r".*:: 3\.\d+", c)}
    assert versions == {"3.11", "3.12", "3.13"}


def test_build_backend_floor_writes_the_license_field() -> None:
    requires = [Requirement(r) for r in pyproject()["build-system"]["requires"]]
    [hatchling] = [r for r in requires if r.name == "hatchling"]
    # hatchling 1.26.x builds wheels with no license field at all.
    assert not hatchling.specifier.contains("1.26.1") and hatchling.specifier.contains("1.27.0")


# --- the sdist ----------------------------------------------------------------------------------


def gitignore() -> list[str]:
    return [
        line.strip()
        for line in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "!"))
    ]


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .gitignore's patterns (the plain forms it uses) cover `path` or a folder above."""
    parts = path.split("/")
    for pattern in patterns:
        anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
        pattern = pattern.strip("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if fnmatch.fnmatchcase(prefix if anchored else parts[depth - 1], pattern):
                return True
    return False


def makefile_inputs() -> set[str]:
    """The repository's files and folders that the Makefile names, outputs left out.

    Make's simple variables (`NAME := value`, `?=`) are expanded; a word names an input when
    a file or folder of that path exists here and git does not ignore it (what .gitignore
    covers, `.venv/` or `tools/node_modules/`, is what the Makefile builds).
    """
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    variables = dict(re.findall(r"^([A-Z_]+)\s*[:?]?=\s*(.*?)\s*$", "\n".join(lines), re.M))

    def expand(value: str, depth: int = 0) -> str:
        assert depth < 10, value
        found = re.sub(r"\$\(([A-Z_]+)\)", lambda m: variables.get(m[1], ""), value)
        return found if found == value else expand(found, depth + 1)

    patterns = gitignore()
    inputs = set()
    for word in re.split(r"[\s'\"(){}\[\];|&<>=,]+", expand("\n".join(lines))):
        path = word.rstrip(":/").removeprefix("./")
        if path in {"", ".", ".."} or path.startswith(("-", "$", "/", ".git")) or ".." in path:
            continue  # options, make's own variables, absolute paths, git's folder
        if (REPO / path).exists() and not ignored(path, patterns):
            inputs.add(path)
    return inputs


def test_makefile_inputs_are_found() -> None:
    inputs = makefile_inputs()
    # The reading above finds what the Makefile's rules read (a sample of each kind).
    assert {
        "pyproject.toml",
        "constraints.txt",
        "constraints-datachain.txt",
        "codegen/requirements.txt",
        "codegen/generate.py",
        "tools/package.json",
        "tools/package-lock.json",
        "examples/run_with_local_studio.py",
        "bench/requirements.txt",
        "bench/requirements-datachain.txt",
        "redocly.yaml",
        "openapi.yaml",
        ".ci/check-node",
        ".ci/find-python",
        ".ci/smoke_dist.py",
        "tests/client",
    } <= inputs
    assert not {p for p in inputs if p.startswith((".venv", "tools/node_modules", "dist"))}


def test_sdist_holds_everything_its_makefile_needs(sdist_files: dict[str, bytes]) -> None:
    missing = []
    for path in sorted(makefile_inputs()):
        if (REPO / path).is_dir():
            if not any(name.startswith(f"{path}/") for name in sdist_files):
                missing.append(f"{path}/")
        elif path not in sdist_files:
            missing.append(path)
    assert not missing, f"the sdist lacks what the Makefile uses: {missing}"


def test_sdist_holds_the_sources_tests_and_documents(sdist_files: dict[str, bytes]) -> None:
    folders = ("generated", "overrides", "codegen", "tests", "examples", "bench", "docs", ".ci")
    for folder in folders:
        on_disk = {
            path.relative_to(REPO).as_posix()
            for path in (REPO / folder).rglob("*")
            if path.is_file() and not ignored(path.relative_to(REPO).as_posix(), gitignore())
        }
        shipped = {name for name in sdist_files if name.startswith(f"{folder}/")}
        assert on_disk <= shipped, sorted(on_disk - shipped)
    # Every document, contract and lock at the root of the repository.
    root = {
        path.name
        for path in REPO.iterdir()
        if path.is_file()
        and not path.name.startswith(".")
        and (
            path.suffix in {".md", ".yaml", ".yml", ".toml", ".txt"}
            or path.name in {"LICENSE", "Makefile"}
        )
    }
    assert {"LICENSE", "CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md", PYPI_README} <= root
    assert root <= set(sdist_files), sorted(root - set(sdist_files))
    assert ".ci/run" in sdist_files and ".gitignore" in sdist_files
    for name in sdist_files:
        parts = name.split("/")
        assert not any(p.startswith(".venv") or p in {"node_modules", "__pycache__"} for p in parts)
        assert parts[0] not in {"dist", "build", ".git"}, name


def test_sdist_holds_both_contracts(sdist_files: dict[str, bytes]) -> None:
    for contract in ("openapi.yaml", "asyncapi.yaml"):
        assert sdist_files[contract] == (REPO / contract).read_bytes()


# --- the PyPI page and the README ---------------------------------------------------------------


def code_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", markdown, re.M | re.S)


def test_pypi_description_is_the_pypi_readme(wheel: Path, names: list[str]) -> None:
    assert pyproject()["project"]["readme"] == PYPI_README
    meta = metadata(wheel, names)
    assert meta["Description-Content-Type"] == "text/markdown"
    page = (REPO / PYPI_README).read_text(encoding="utf-8")
    assert meta.get_payload().strip() == page.strip()


def test_pypi_page_starts_with_pip_install_and_links_absolutely() -> None:
    page = (REPO / PYPI_README).read_text(encoding="utf-8")
    first_block = re.search(r"^```\w*\n(.*?)^```$", page, re.M | re.S)
    assert first_block and first_block[1].strip() == f"pip install {DIST_NAME}"
    # PyPI cannot follow a link relative to the repository.
    links = re.findall(r"\]\(([^)]+)\)", page)
    assert links and all(link.startswith("https://") for link in links), links


def test_pypi_page_examples_run_against_a_local_studio(tmp_path: Path) -> None:
    from datachain_studio.testing import StudioEmulator

    page = (REPO / PYPI_README).read_text(encoding="utf-8")
    examples = code_blocks(page, "python")
    assert len(examples) >= 2
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATACHAIN", "XDG_"))}
    env["HOME"] = str(tmp_path)
    with StudioEmulator(job_step_seconds=0.02) as emu:
        env.update(
            DATACHAIN_STUDIO_TOKEN=emu.token,
            DATACHAIN_STUDIO_URL=emu.url,
            DATACHAIN_STUDIO_TEAM=emu.team,
        )
        for example in examples:
            result = subprocess.run(
                [sys.executable, "-c", example],
                capture_output=True,
                text=True,
                timeout=30,
                cwd=tmp_path,
                env=env,
                check=False,
            )
            assert result.returncode == 0, example + result.stderr
    first = code_blocks(page, "python")[0]
    assert "studio.jobs.list(" in first and "studio.jobs.create(" in first
    assert "studio.jobs.follow(" in first


def test_repository_readme_still_opens_with_its_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = code_blocks(readme, "sh")[0]
    assert [line.split("#")[0].strip() for line in first.strip().splitlines()] == [
        "make demo",
        "make test",
    ]
    assert readme.index("make demo") < readme.index("## ")


# --- extras, dependency groups, the lock --------------------------------------------------------


def test_extras_are_only_what_users_install(wheel: Path, names: list[str]) -> None:
    meta = metadata(wheel, names)
    assert set(meta.get_all("Provides-Extra") or []) == EXTRAS
    by_extra: dict[str, set[str]] = {extra: set() for extra in EXTRAS}
    for line in meta.get_all("Requires-Dist") or []:
        req = Requirement(line)
        for extra in EXTRAS:
            if req.marker is not None and req.marker.evaluate({"extra": extra}):
                by_extra[extra].add(canonicalize_name(req.name))
    assert by_extra["cli"] == {"click", "rich"}
    assert by_extra["live"] == set()  # the stream rides httpx2 and wsproto, dependencies
    assert by_extra["storage"] == {"msgpack"}
    assert by_extra["all"] == by_extra["cli"] | by_extra["live"] | by_extra["storage"]
    assert {"msgpack", "websockets", "uvicorn", "jsonschema", "pyyaml"} <= by_extra["testing"]
    tools = {"pytest", "mypy", "ruff", "schemathesis", "hypothesis", "build", "twine"}
    assert not tools & set().union(*by_extra.values())


def group_requirements(name: str) -> list[Requirement]:
    groups = pyproject()["dependency-groups"]
    found: list[Requirement] = []
    for item in groups[name]:
        if isinstance(item, dict):
            found += group_requirements(item["include-group"])
        else:
            found.append(Requirement(item))
    return found


def test_dependency_groups_hold_the_tools_once_each() -> None:
    dev = group_requirements("dev")
    names = [canonicalize_name(req.name) for req in dev]
    assert len(names) == len(set(names)), names
    assert {canonicalize_name(r.name) for r in group_requirements("test")} <= set(names)
    assert {"pytest", "mypy", "ruff", "hatchling", "build", "twine", "schemathesis"} <= set(names)
    # The code generator's exact pins are codegen/requirements.txt's.
    codegen = [
        Requirement(line)
        for line in (REPO / "codegen" / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    pinned = {canonicalize_name(r.name): str(r.specifier) for r in dev}
    for req in codegen:
        assert pinned[canonicalize_name(req.name)] == str(req.specifier), req
    assert pinned["schemathesis"] == "==4.32.5"


def locked(name: str = "constraints.txt") -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (REPO / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            [spec] = req.specifier
            assert spec.operator == "==", line
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def test_the_lock_pins_every_declared_requirement_within_its_range() -> None:
    pins = locked()
    project = pyproject()["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    for requirements in project["optional-dependencies"].values():
        declared += [Requirement(r) for r in requirements if not r.startswith(DIST_NAME)]
    declared += group_requirements("dev")
    declared += [Requirement(r) for r in pyproject()["build-system"]["requires"]]
    for req in declared:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is not in constraints.txt: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (req, pins[name])
    assert DIST_NAME not in pins
    assert "pip" in pins  # the venvs upgrade pip to the locked one; --group needs >= 25.1
    assert tuple(int(p) for p in pins["pip"].split(".")[:2]) >= (25, 1)


def test_the_lock_holds_the_bench_peers_and_what_they_bring() -> None:
    # `make bench` installs bench/requirements.txt with the lock applied: its pins are the
    # lock's, and so are the versions of what the peers bring (openai's jiter, say).
    pins = locked()
    for line in (REPO / "bench" / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            name = canonicalize_name(req.name)
            assert name in pins, f"{req} is not in constraints.txt: run `make lock`"
            assert req.specifier.contains(pins[name]), (req, pins[name])
    assert "jiter" in pins


def test_this_environment_is_the_locked_one() -> None:
    # Every locked package installed here has the locked version: `make install` applies the
    # lock, so a tool cannot move to a new release with no commit.
    pins = locked()
    drift = {}
    for dist in importlib.metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in pins and dist.version != pins[name]:
            drift[name] = (dist.version, pins[name])
    assert not drift, f"installed != constraints.txt: {drift} (run `make install`)"


def test_the_official_clients_venv_is_locked_too() -> None:
    pins = locked("constraints-datachain.txt")
    for line in (REPO / "bench" / "requirements-datachain.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            assert req.specifier.contains(pins[canonicalize_name(req.name)]), req
    assert pins["datachain"] == "0.62.0"
    assert len(pins) > 50  # everything datachain brings, not only datachain
