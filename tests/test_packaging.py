"""The wheel built from this repository: its contents, its metadata, and that it works alone.

The wheel is built once per module with `pip wheel --no-deps`. The project's build backend
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
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import dateutil
import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.server import Recorded, Reply, json_reply, scripted_server

pytestmark = pytest.mark.timeout(60)

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "generated" / "datachain_studio_api"
OVERRIDES = REPO / "overrides" / "datachain_studio"
DIST_NAME = "datachain-studio-client"
RUNTIME_DEPENDENCIES = {"httpx", "attrs", "python-dateutil", "sniffio", "anyio"}


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
    assert shipped_client == {*source_files(OVERRIDES), "datachain_studio/openapi.yaml"}


def test_bundled_openapi_yaml_is_the_repository_one(wheel: Path) -> None:
    assert read(wheel, "datachain_studio/openapi.yaml") == (REPO / "openapi.yaml").read_bytes()


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


def test_runtime_dependencies_are_exactly_httpx_attrs_dateutil_sniffio(
    wheel: Path, names: list[str]
) -> None:
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
from datachain_studio_api import AuthenticatedClient
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
    "module_files": sorted(
        str(getattr(m, "__file__", None)) for m in list(sys.modules.values())
        if getattr(m, "__file__", None)
    ),
}))
"""


def dependency_dirs() -> list[str]:
    """Where this interpreter finds the runtime dependencies (and what they import)."""
    found = {Path(module.__file__).resolve().parent.parent for module in (httpx, attrs, dateutil)}
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
    ours = [f for f in report["module_files"] if "datachain_studio" in f]
    assert ours and all(f.startswith(wheel_prefix) for f in ours), ours

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
