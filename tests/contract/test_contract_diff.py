"""codegen/contract_diff.py: openapi.yaml against Studio's own OpenAPI document.

The kept copy (codegen/studio/openapi-2025-09.json) must differ from openapi.yaml only where a
note explains it; a change Studio makes to its document (tried here on copies: a new
operation, a field made required, an enum value added, a field removed, a parameter renamed,
a response code added) must come out as the difference it is, unexplained. A URL is fetched
with the token only from the Studio the client is configured for, and the token is never
printed.
"""

from __future__ import annotations

import copy
import hashlib
import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.spec import contract_diff

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "codegen" / "contract_diff.py"
KEPT = ROOT / "codegen" / "studio" / "openapi-2025-09.json"
TOKEN = "isat_contractDiffSecret0123456789"


cd = contract_diff()
STUDIO: dict[str, Any] = json.loads(KEPT.read_text(encoding="utf-8"))
OURS = cd.load_document((ROOT / "openapi.yaml").read_text(encoding="utf-8"), "openapi.yaml")


def report_for(studio: dict[str, Any], ours: Any = OURS) -> Any:
    return cd.compare(
        ours, cd.Document(studio, "studio"), ours_label="openapi.yaml", studio_label="studio"
    )


def unexplained(studio: dict[str, Any]) -> list[tuple[str, str, str, str | None]]:
    """(kind, operation, where, name) of each difference no note explains."""
    report = report_for(studio)
    assert not report.stale and not report.malformed
    return [(d.kind, d.operation, d.where, d.name) for d in report.unexplained]


def changed() -> dict[str, Any]:
    return copy.deepcopy(STUDIO)


# --- the kept copy ----------------------------------------------------------------------------


def test_the_kept_copy_is_the_document_its_provenance_names() -> None:
    readme = (KEPT.parent / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"sha256: `([0-9a-f]{64})`", readme)
    assert recorded is not None
    assert hashlib.sha256(KEPT.read_bytes()).hexdigest() == recorded.group(1)
    operations = {
        (method.upper(), path) for path, item in STUDIO["paths"].items() for method in item
    }
    assert operations == {
        ("GET", "/api/datachain/jobs/"),
        ("POST", "/api/datachain/jobs/"),
        ("POST", "/api/datachain/jobs/{job_id}/cancel"),
        ("POST", "/api/datachain/jobs/files"),
        ("GET", "/api/datachain/clusters/"),
    }
    assert STUDIO["paths"]["/api/datachain/jobs/"]["get"]["operationId"].startswith("dqlapp_")


def test_every_difference_with_the_kept_copy_is_explained() -> None:
    report = report_for(STUDIO)
    assert report.clean, list(cd.render(report, show_all=False))
    assert len(report.differences) > 50  # the comparison did find what the notes explain
    assert report.operations_in_both == [
        "GET /api/datachain/clusters/",
        "GET /api/datachain/jobs/",
        "POST /api/datachain/jobs/",
        "POST /api/datachain/jobs/files",
        "POST /api/datachain/jobs/{job_id}/cancel",
    ]
    for difference in report.differences:
        assert difference.note.why and difference.note.evidence


def test_every_field_studio_requires_is_required_in_the_contract() -> None:
    ours = OURS.root["components"]["schemas"]
    for name, schema in STUDIO["components"]["schemas"].items():
        assert set(schema.get("required", [])) <= set(ours[name]["required"]), name
    assert "url" in ours["JobOutput"]["required"]


def test_studios_examples_validate_against_the_contract() -> None:
    report = report_for(STUDIO)
    assert report.examples_checked > 40
    assert not [d for d in report.differences if d.kind == "example.invalid"]
    studio = changed()
    studio["components"]["schemas"]["JobOutput"]["properties"]["workers"]["example"] = "many"
    assert unexplained(studio) == [
        (
            "example.invalid",
            "GET /api/datachain/jobs/",
            "response 200 application/json [].workers",
            None,
        ),
        (
            "example.invalid",
            "POST /api/datachain/jobs/",
            "response 200 application/json workers",
            None,
        ),
    ]


def test_a_whole_answer_example_of_studio_is_checked_too() -> None:
    studio = changed()
    media = studio["paths"]["/api/datachain/clusters/"]["get"]["responses"]["200"]["content"]
    media["application/json"]["examples"] = {
        "one": {"value": [{"id": 1, "name": "c"}]},  # without what a cluster requires
    }
    [difference] = report_for(studio).unexplained
    assert (difference.kind, difference.where) == (
        "example.invalid",
        "response 200 application/json",
    )
    assert difference.ours == "'status' is a required property"
    assert difference.places == (
        "/paths/~1api~1datachain~1clusters~1/get/responses/200/content/application~1json/schema",
    )


# --- synthetic changes to Studio's document ------------------------------------------------


def test_a_new_operation() -> None:
    studio = changed()
    studio["paths"]["/api/datachain/jobs/{job_id}/rerun"] = {
        "post": {"operationId": "dqlapp_views_job_rerun_job", "summary": "Rerun Job"}
    }
    [difference] = report_for(studio).unexplained
    assert difference.kind == "operation.only-studio"
    assert difference.name == "POST /api/datachain/jobs/{job_id}/rerun"
    assert difference.places == ("",)  # explained, if ever, at the document's root
    assert difference.message() == "operation only in Studio's document: Rerun Job"


def test_a_field_made_required() -> None:
    studio = changed()
    studio["components"]["schemas"]["JobOutput"]["required"].append("python_version")
    found = report_for(studio).unexplained
    assert [(d.kind, d.operation, d.where) for d in found] == [
        (
            "field.required",
            "GET /api/datachain/jobs/",
            "response 200 application/json [].python_version",
        ),
        (
            "field.required",
            "POST /api/datachain/jobs/",
            "response 200 application/json python_version",
        ),
    ]
    assert found[0].places == ("/components/schemas/JobOutput/properties/python_version",)
    assert found[0].message() == "required in Studio's document, optional in openapi.yaml"


def test_an_enum_value_added() -> None:
    studio = changed()
    studio["components"]["schemas"]["JobInput"]["properties"]["query_type"]["enum"].append("SQL")
    [difference] = report_for(studio).unexplained
    assert (difference.kind, difference.operation, difference.where) == (
        "field.enum",
        "POST /api/datachain/jobs/",
        "request body application/json query_type",
    )
    assert (difference.studio, difference.ours) == (["PYTHON", "SHELL", "SQL"], ["PYTHON", "SHELL"])
    assert difference.message() == "Studio's document adds ['SQL']"
    # At the property, or at the enum it refers to.
    assert difference.places == (
        "/components/schemas/JobInput/properties/query_type",
        "/components/schemas/QueryType",
    )


def test_a_field_removed() -> None:
    studio = changed()
    output = studio["components"]["schemas"]["JobOutput"]
    del output["properties"]["team"]
    output["required"].remove("team")
    assert unexplained(studio) == [
        (
            "field.only-ours",
            "GET /api/datachain/jobs/",
            "response 200 application/json [].team",
            None,
        ),
        (
            "field.only-ours",
            "POST /api/datachain/jobs/",
            "response 200 application/json team",
            None,
        ),
    ]


def test_a_field_added() -> None:
    studio = changed()
    output = studio["components"]["schemas"]["UploadFileOutput"]
    output["properties"]["checksum"] = {"type": "string"}
    output["required"].append("checksum")
    [difference] = report_for(studio).unexplained
    assert (difference.kind, difference.name) == ("field.only-studio", "checksum")
    assert difference.places == ("/components/schemas/UploadFileOutput",)
    assert difference.message() == "field only in Studio's document: string (required)"


def test_a_parameter_renamed() -> None:
    studio = changed()
    [team] = [
        p
        for p in studio["paths"]["/api/datachain/jobs/"]["get"]["parameters"]
        if p["name"] == "team_name"
    ]
    team["name"] = "team"
    found = report_for(studio).unexplained
    assert [(d.kind, d.where, d.name, d.hint) for d in found] == [
        ("parameter.only-studio", "parameter query team", "team", "renamed from 'team_name'?"),
        ("parameter.only-ours", "parameter query team_name", None, "renamed to 'team'?"),
    ]
    assert {d.operation for d in found} == {"GET /api/datachain/jobs/"}
    assert found[1].places == (
        "/paths/~1api~1datachain~1jobs~1/get/parameters/0",
        "/components/parameters/TeamNameQuery",
    )


def test_a_parameter_made_optional_and_its_default_changed() -> None:
    studio = changed()
    parameters = studio["paths"]["/api/datachain/jobs/"]["get"]["parameters"]
    parameters[0]["required"] = False
    parameters[2]["schema"]["default"] = 50
    assert [(d.kind, d.where, d.studio, d.ours) for d in report_for(studio).unexplained] == [
        ("parameter.default", "parameter query limit", 50, 20),
        ("parameter.required", "parameter query team_name", False, True),
    ]


def test_a_response_code_added() -> None:
    studio = changed()
    responses = studio["paths"]["/api/datachain/jobs/{job_id}/cancel"]["post"]["responses"]
    responses["409"] = {"description": "Conflict"}
    responses["503"] = {"description": "Unavailable"}  # within the contract's 5XX
    added, body = report_for(studio).unexplained
    assert (added.kind, added.operation, added.name) == (
        "response.only-studio",
        "POST /api/datachain/jobs/{job_id}/cancel",
        "409",
    )
    assert added.places == ("/paths/~1api~1datachain~1jobs~1{job_id}~1cancel/post",)
    assert added.message() == "response code only in Studio's document: Conflict"
    # 503 is one of the contract's 5XX, compared as such: only its body differs.
    assert (body.kind, body.where) == ("media.only-ours", "response 503 application/json")
    assert body.places == ("/components/responses/ServerError/content/application~1json",)


def test_a_security_scheme_changed() -> None:
    studio = changed()
    studio["components"]["securitySchemes"]["TokenHeaderAuthentication"]["name"] = "X-Token"
    found = report_for(studio).unexplained
    assert {(d.kind, d.name, d.studio, d.ours) for d in found} == {
        ("security.only-studio", "apiKey in header X-Token", "apiKey in header X-Token", None),
        # The contract's `Authorization` API key no longer matches Studio's: unexplained too.
        ("security.only-ours", None, None, "apiKey in header Authorization"),
    }
    assert len(found) == 10  # both, on each of the five operations
    only_ours = [d for d in found if d.kind == "security.only-ours"]
    assert {d.places for d in only_ours} == {("/components/securitySchemes/StudioToken",)}


def test_path_parameters_match_by_position() -> None:
    studio = changed()
    item = studio["paths"].pop("/api/datachain/jobs/{job_id}/cancel")
    item["post"]["parameters"][0]["name"] = "id"
    studio["paths"]["/api/datachain/jobs/{id}/cancel"] = item
    found = report_for(studio).unexplained
    assert [(d.kind, d.operation, d.where) for d in found] == [
        ("parameter.only-studio", "POST /api/datachain/jobs/{job_id}/cancel", "parameter path id"),
        (
            "parameter.only-ours",
            "POST /api/datachain/jobs/{job_id}/cancel",
            "parameter path job_id",
        ),
    ]


# --- notes ------------------------------------------------------------------------------------


def ours_with(change: Any) -> Any:
    root = copy.deepcopy(OURS.root)
    change(root)
    return cd.Document(root, "openapi.yaml")


def test_a_note_at_the_place_explains_the_difference() -> None:
    studio = changed()
    studio["components"]["schemas"]["JobOutput"]["required"].append("python_version")

    def note(root: dict[str, Any]) -> None:
        prop = root["components"]["schemas"]["JobOutput"]["properties"]["python_version"]
        prop["x-studio-diff"] = [
            {"diff": "field.required", "why": "older servers leave it out", "evidence": "a test"}
        ]

    report = report_for(studio, ours_with(note))
    assert report.clean
    [explained] = [d for d in report.differences if d.kind == "field.required"][:1]
    assert explained.note.why == "older servers leave it out"


def test_a_note_on_a_property_named_like_a_keyword_counts() -> None:
    studio = changed()
    cluster = studio["components"]["schemas"]["ComputeClusterOutput"]
    cluster["properties"]["default"] = {"anyOf": [{"type": "boolean"}, {"type": "null"}]}
    [difference] = report_for(studio).unexplained
    assert difference.places == ("/components/schemas/ComputeClusterOutput/properties/default",)

    def note(root: dict[str, Any]) -> None:
        prop = root["components"]["schemas"]["ComputeClusterOutput"]["properties"]["default"]
        prop["x-studio-diff"] = [{"diff": "field.nullable", "why": "w", "evidence": "e"}]

    assert report_for(studio, ours_with(note)).clean


def test_a_note_of_another_kind_or_name_explains_nothing_and_is_stale() -> None:
    def note(root: dict[str, Any]) -> None:
        root["components"]["schemas"]["JobOutput"]["properties"]["python_version"][
            "x-studio-diff"
        ] = [{"diff": "field.enum", "why": "w", "evidence": "e"}]
        root["x-studio-diff"] = [
            {"diff": "operation.only-studio", "name": "GET /nowhere", "why": "w", "evidence": "e"}
        ]

    report = report_for(STUDIO, ours_with(note))
    assert not report.unexplained and not report.clean
    assert [(n.place, n.diff, n.name) for n in report.stale] == [
        ("", "operation.only-studio", "GET /nowhere"),
        ("/components/schemas/JobOutput/properties/python_version", "field.enum", None),
    ]


def test_malformed_notes_are_reported() -> None:
    def note(root: dict[str, Any]) -> None:
        schemas = root["components"]["schemas"]
        schemas["JobStep"]["x-studio-diff"] = {"diff": "field.type"}
        schemas["JobLogLine"]["x-studio-diff"] = [
            {"diff": "field.colour", "why": "w", "evidence": "e"},
            {"diff": "field.type", "why": " ", "evidence": "e"},
            {"diff": "field.type", "why": "w", "evidence": "e", "because": "x"},
        ]

    report = report_for(STUDIO, ours_with(note))
    assert not report.clean
    assert report.malformed == [
        "#/components/schemas/JobStep/x-studio-diff: expected a list of entries",
        "#/components/schemas/JobLogLine/x-studio-diff/0: diff 'field.colour' is not one of "
        + str(sorted(cd.KINDS)),
        "#/components/schemas/JobLogLine/x-studio-diff/1: why must be given (non-empty text)",
        "#/components/schemas/JobLogLine/x-studio-diff/2: unknown keys ['because']",
    ]


# --- the command line -------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_the_command_passes_on_the_kept_copy_without_make() -> None:
    done = run(str(KEPT))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 unexplained" in done.stdout and "Clean: every difference is explained." in done.stdout


def test_the_command_reports_unexplained_differences(tmp_path: Path) -> None:
    studio = changed()
    studio["components"]["schemas"]["JobInput"]["properties"]["query_type"]["enum"].append("SQL")
    path = tmp_path / "studio.json"
    path.write_text(json.dumps(studio), encoding="utf-8")
    done = run(str(path))
    assert done.returncode == 1
    assert "1 unexplained" in done.stdout
    assert (
        "    request body application/json query_type: Studio's document adds ['SQL'] "
        "[field.enum]\n"
        "      note at #/components/schemas/JobInput/properties/query_type or "
        "#/components/schemas/QueryType (diff: field.enum)\n"
    ) in done.stdout
    as_json = json.loads(run(str(path), "--json").stdout)
    assert as_json["clean"] is False and as_json["summary"]["unexplained"] == 1
    [entry] = [d for d in as_json["differences"] if not d["explained"]]
    assert entry["kind"] == "field.enum" and entry["studio"] == ["PYTHON", "SHELL", "SQL"]
    explained = run(str(KEPT), "--all").stdout
    assert "why: Studio's document declares only each operation's success answer" in explained


def test_the_command_fails_plainly_on_what_it_cannot_read(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nothing.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    odd = run(str(tmp_path / "list.json"))
    assert odd.returncode == 2 and "not an OpenAPI document" in odd.stderr
    assert "Traceback" not in missing.stderr + odd.stderr


# --- fetching a URL with the token ------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Serves Studio's document at /api/openapi.json to a request with the right token."""

    body = KEPT.read_bytes()
    token = TOKEN
    seen: list[str | None]

    def do_GET(self) -> None:
        self.seen.append(self.headers.get("Authorization"))
        if self.path != "/api/openapi.json":
            self._send(404, b'{"detail": "Not Found"}')
        elif self.headers.get("Authorization") not in (
            f"Bearer {self.token}",
            f"token {self.token}",
        ):
            self._send(401, b'{"detail": "Invalid token"}')
        else:
            self._send(200, self.body)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str | None]]]:
    seen: list[str | None] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def studio_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No datachain config but what a test writes; the token and URL from the environment."""
    for name in ("system", "global"):
        monkeypatch.setenv(f"DATACHAIN_{name.upper()}_CONFIG_DIR", str(tmp_path / name))
    monkeypatch.setenv("DATACHAIN_ROOT_DIR", str(tmp_path / "root"))
    for name in ("DATACHAIN_DIR", "DATACHAIN_STUDIO_TEAM", "DATACHAIN_STUDIO_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATACHAIN_STUDIO_TOKEN", TOKEN)
    return tmp_path


def test_a_url_of_the_configured_studio_is_fetched_with_its_token(
    server: tuple[str, list[str | None]],
    studio_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, seen = server
    monkeypatch.setenv("DATACHAIN_STUDIO_URL", url)
    saved = studio_env / "saved.json"
    assert cd.main([f"{url}/api/openapi.json", "--save", str(saved)]) == 0
    assert seen == [f"Bearer {TOKEN}"]
    assert saved.read_bytes() == KEPT.read_bytes()  # the bytes as served
    assert cd.main([f"{url}/api/openapi.json", "--json", "--auth-scheme", "token"]) == 0
    assert seen[-1] == f"token {TOKEN}"
    out = capsys.readouterr()
    assert "Clean: every difference is explained." in out.out
    assert TOKEN not in out.out + out.err


def test_the_token_comes_from_the_config_files_as_the_client_reads_it(
    server: tuple[str, list[str | None]],
    studio_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, seen = server
    monkeypatch.delenv("DATACHAIN_STUDIO_TOKEN")
    config = studio_env / "global" / "config"
    config.parent.mkdir()
    config.write_text(f'[studio]\ntoken = "{TOKEN}"\nurl = "{url}"\n', encoding="utf-8")
    assert cd.main([f"{url}/api/openapi.json"]) == 0
    assert seen == [f"Bearer {TOKEN}"]
    assert TOKEN not in "".join(capsys.readouterr())


def test_a_refused_token_is_an_error_that_does_not_show_it(
    server: tuple[str, list[str | None]],
    studio_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, seen = server
    monkeypatch.setenv("DATACHAIN_STUDIO_URL", url)
    wrong = TOKEN[::-1]
    monkeypatch.setenv("DATACHAIN_STUDIO_TOKEN", wrong)
    assert cd.main([f"{url}/api/openapi.json"]) == 2
    out = capsys.readouterr()
    assert "401" in out.err and "cannot fetch" in out.err
    assert wrong not in out.out + out.err and seen == [f"Bearer {wrong}"]


def test_a_url_of_another_host_gets_no_token(
    server: tuple[str, list[str | None]],
    studio_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, seen = server
    monkeypatch.setenv("DATACHAIN_STUDIO_URL", "http://127.0.0.1:9")  # the configured Studio
    assert cd.main([f"{url}/api/openapi.json"]) == 2
    assert seen == [None]  # asked without the token, and refused
    err = capsys.readouterr().err
    assert "no token was sent: the URL is not under the Studio URL http://127.0.0.1:9" in err
    assert TOKEN not in err


@pytest.mark.parametrize(
    ("url", "base", "route"),
    [
        (
            "https://studio.example.com/api/openapi.json",
            "https://studio.example.com",
            "/api/openapi.json",
        ),
        (
            "https://STUDIO.example.com:443/api/openapi.json",
            "https://studio.example.com",
            "/api/openapi.json",
        ),
        ("https://example.com/studio/api/x", "https://example.com/studio", "/api/x"),
        ("https://example.com/studiox/api/x", "https://example.com/studio", None),
        ("http://studio.example.com/api/openapi.json", "https://studio.example.com", None),
        ("https://studio.example.com.evil.test/api", "https://studio.example.com", None),
        ("https://studio.example.com:8443/api", "https://studio.example.com", None),
    ],
)
def test_which_urls_are_the_configured_studios(url: str, base: str, route: str | None) -> None:
    assert cd.route_under(url, base) == route
