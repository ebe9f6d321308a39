"""`datachain_studio.webhooks`: signatures, payloads, and the local Studio's deliveries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import pytest

from datachain_studio import InvalidRequestError, Studio, StudioError
from datachain_studio.testing import FAIL_MARKER, StudioEmulator
from datachain_studio.types import JobStatus
from datachain_studio.webhooks import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    MalformedSignatureError,
    MissingSignatureError,
    SignatureMismatchError,
    WebhookError,
    WebhookEvent,
    WebhookPayloadError,
    WebhookVerificationError,
    construct_event,
    parse_event,
    sign,
    verify,
)

SECRET = "whsec_7f3a9c"

# The examples of Studio's webhook documentation (docs/studio/webhooks.md).
DOCS_JOB = b"""{
        "action": "job_status",
        "job": {
            "id": "da59df47-d121-4eb6-aa76-dc452755544e",
            "status": "COMPLETE",
            "error_message": "",
            "name": "job_query.py",
            "created_at": "2021-07-27T16:02:08.070557",
            "updated_at": "2021-07-27T16:22:08.070557",
            "finished_at": "2021-07-27T16:22:08.070557",
            "url": "https://studio.datachain.ai/team/TeamName/datasets/jobs/da59df47-d121-4eb6-aa76-dc452755544e"
        },
        "timestamp": "2021-07-27T16:22:08.070557",
        "text": "Job job_query.py (da59df47-d121-4eb6-aa76-dc452755544e) changed its status to COMPLETE"
    }"""  # noqa: E501
DOCS_PING = b'{"action": "PING", "message": "Webhook connection test successful"}'


# --- verify ---------------------------------------------------------------------------------


def test_sign_is_the_hex_hmac_sha256_of_the_body() -> None:
    expected = hmac.new(SECRET.encode(), DOCS_JOB, hashlib.sha256).hexdigest()
    assert sign(DOCS_JOB, SECRET) == f"sha256={expected}"
    assert sign(DOCS_JOB.decode(), SECRET.encode()) == f"sha256={expected}"


def test_verify_accepts_the_right_signature() -> None:
    signature = sign(DOCS_JOB, SECRET)
    verify(DOCS_JOB, signature, SECRET)
    verify(bytearray(DOCS_JOB), f"  {signature.upper().replace('SHA256=', 'sha256=')} ", SECRET)
    verify(memoryview(DOCS_JOB), signature, SECRET.encode())


@pytest.mark.parametrize(
    ("header", "error", "text"),
    [
        (None, MissingSignatureError, "no X-Datachain-Signature-256 header"),
        ("", MissingSignatureError, "no X-Datachain-Signature-256 header"),
        ("   ", MissingSignatureError, "no X-Datachain-Signature-256 header"),
        ("0" * 64, MalformedSignatureError, "'sha256=' followed by 64 hex digits"),
        ("sha1=" + "0" * 40, MalformedSignatureError, "got 'sha1=000000000000..."),
        ("sha256=xyz", MalformedSignatureError, "64 hex digits"),
        ("sha256=" + "0" * 63, MalformedSignatureError, "64 hex digits"),
        ("sha256=" + "0" * 64, SignatureMismatchError, "does not match"),
    ],
)
def test_verify_says_what_is_wrong(
    header: str | None, error: type[WebhookVerificationError], text: str
) -> None:
    with pytest.raises(error, match=text.replace("(", r"\(").replace(".", r"\.")) as caught:
        verify(DOCS_JOB, header, SECRET)
    assert isinstance(caught.value, StudioError)
    assert isinstance(caught.value, WebhookError)


def test_verify_rejects_another_secret_and_a_changed_body() -> None:
    signature = sign(DOCS_JOB, SECRET)
    with pytest.raises(SignatureMismatchError):
        verify(DOCS_JOB, signature, SECRET + "x")
    with pytest.raises(SignatureMismatchError):
        verify(DOCS_JOB.replace(b"COMPLETE", b"FAILED"), signature, SECRET)
    with pytest.raises(SignatureMismatchError):  # re-encoded JSON is another body
        verify(json.dumps(json.loads(DOCS_JOB)).encode(), signature, SECRET)


def test_verify_needs_a_secret_and_a_body() -> None:
    with pytest.raises(InvalidRequestError, match="secret"):
        verify(DOCS_JOB, sign(DOCS_JOB, SECRET), "")
    with pytest.raises(InvalidRequestError, match="body"):
        verify(42, "sha256=" + "0" * 64, SECRET)  # type: ignore[arg-type]


# --- parse_event ----------------------------------------------------------------------------


def test_parse_the_documented_job_event() -> None:
    event = parse_event(DOCS_JOB, "JOB")
    assert event.type == "JOB" and event.action == "job_status"
    assert event.job is not None
    assert event.job_id == uuid.UUID("da59df47-d121-4eb6-aa76-dc452755544e")
    assert event.status is JobStatus.COMPLETE and event.job.finished
    assert event.job.name == "job_query.py"
    assert event.job.url and event.job.url.endswith("da59df47-d121-4eb6-aa76-dc452755544e")
    assert event.job.error_message == ""
    moment = dt.datetime(2021, 7, 27, 16, 22, 8, 70557, tzinfo=dt.UTC)  # no zone: UTC
    assert event.job.finished_at == moment and event.timestamp == moment
    assert event.text and event.text.endswith("changed its status to COMPLETE")
    assert event.payload["job"]["id"] == str(event.job_id)
    assert event.job.raw["status"] == "COMPLETE"


def test_parse_the_documented_ping_event() -> None:
    event = parse_event(DOCS_PING, "PING")
    assert event == WebhookEvent(
        type="PING", action="PING", text="Webhook connection test successful"
    )
    assert event.job is None and event.job_id is None and event.status is None


def test_the_type_comes_from_the_body_without_a_header() -> None:
    assert parse_event(DOCS_PING).type == "PING"
    assert parse_event(DOCS_JOB, None).type == "JOB"
    assert parse_event(b'{"event": "dataset"}', "").type == "DATASET"
    assert parse_event(b'{"x": 1}', " job_v2 ").type == "JOB_V2"  # a newer event: as sent


def test_a_form_encoded_delivery_carries_the_json_in_payload() -> None:
    body = "payload=" + quote(DOCS_JOB.decode())
    event = parse_event(body, "JOB")
    assert event.job is not None and event.job.status is JobStatus.COMPLETE


def test_unknown_statuses_and_odd_times_are_kept() -> None:
    body = json.dumps(
        {"job": {"id": "not-a-uuid", "status": "WARMING_UP", "created_at": "yesterday"}}
    )
    event = parse_event(body, "JOB")
    assert event.job is not None
    assert event.job.id == "not-a-uuid" and event.job.status == "WARMING_UP"
    assert event.job.created_at is None and not event.job.finished


@pytest.mark.parametrize(
    ("body", "header", "text"),
    [
        (b"\xff\xfe", "JOB", "not UTF-8"),
        (b"{not json", "JOB", "not JSON"),
        (b"[1, 2]", "JOB", "must be a JSON object, got list"),
        (b'{"action": "job_status"}', "JOB", "must carry a `job` object"),
        (b'{"job": {"status": "RUNNING"}}', "JOB", "has no `id`"),
        (b'{"job": {"id": "x"}}', "JOB", "has no `status`"),
        (b'{"hello": 1}', None, "Cannot tell the event type"),
    ],
)
def test_parse_event_refuses_what_is_not_an_event(
    body: bytes, header: str | None, text: str
) -> None:
    with pytest.raises(WebhookPayloadError, match=text) as caught:
        parse_event(body, header)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, StudioError)


def test_construct_event_finds_the_headers_however_they_are_spelled() -> None:
    signature = sign(DOCS_JOB, SECRET)
    for headers in (
        {SIGNATURE_HEADER: signature, EVENT_HEADER: "JOB"},
        {"x-datachain-signature-256": signature, "http-x-datachain-event": "JOB"},
        {"HTTP_X_DATACHAIN_SIGNATURE_256": signature, "HTTP_X_DATACHAIN_EVENT": "JOB"},
    ):
        assert construct_event(DOCS_JOB, headers, SECRET).type == "JOB"
    with pytest.raises(MissingSignatureError):
        construct_event(DOCS_JOB, {EVENT_HEADER: "JOB"}, SECRET)
    assert construct_event(DOCS_PING, {EVENT_HEADER: "PING"}, None).type == "PING"


# --- the round trip: the local Studio delivers, a receiver verifies --------------------------


class Receiver:
    """A webhook endpoint on loopback that verifies each delivery and keeps what it read."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.events: list[WebhookEvent] = []
        self.rejected: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    event = construct_event(body, dict(self.headers.items()), receiver.secret)
                except WebhookError as exc:
                    with receiver.lock:
                        receiver.rejected.append(str(exc))
                    self.send_response(403)
                else:
                    with receiver.lock:
                        receiver.events.append(event)
                    self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/studio"

    def statuses(self, job_id: object) -> list[str]:
        with self.lock:
            return [str(e.status) for e in self.events if str(e.job_id) == str(job_id)]

    def wait_until(self, check: Any, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < deadline, (self.events, self.rejected)
            time.sleep(0.02)


@contextmanager
def receiving(secret: str) -> Iterator[Receiver]:
    receiver = Receiver(secret)
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


def test_the_local_studio_delivers_signed_events_that_verify() -> None:
    with (
        receiving(SECRET) as receiver,
        StudioEmulator(
            job_step_seconds=0.05, webhook_url=receiver.url, webhook_secret=SECRET
        ) as emu,
        Studio(token=emu.token, url=emu.url, team=emu.team) as client,
    ):
        receiver.wait_until(lambda: any(e.type == "PING" for e in receiver.events))
        done = client.jobs.create("print(1)", query_name="ok.py")
        failed = client.jobs.create(f"{FAIL_MARKER} no disk", query_name="bad.py")
        later = client.jobs.create("print(2)", start_after="2030-01-01T00:00:00Z")
        receiver.wait_until(lambda: receiver.statuses(later.id) == ["CREATED"])
        client.jobs.cancel(later.id)
        receiver.wait_until(lambda: receiver.statuses(later.id)[-1:] == ["CANCELED"])
        receiver.wait_until(lambda: receiver.statuses(done.id)[-1:] == ["COMPLETE"])
        receiver.wait_until(lambda: receiver.statuses(failed.id)[-1:] == ["FAILED"])

    assert receiver.rejected == []
    assert receiver.events[0].type == "PING"
    assert receiver.events[0].text == "Webhook connection test successful"
    assert receiver.statuses(done.id) == ["CREATED", "QUEUED", "RUNNING", "COMPLETE"]
    assert receiver.statuses(failed.id) == ["CREATED", "QUEUED", "RUNNING", "FAILED"]
    assert receiver.statuses(later.id) == ["CREATED", "CANCELED"]
    final = next(
        e for e in receiver.events if e.job_id == failed.id and e.status is JobStatus.FAILED
    )
    assert final.action == "job_status"
    assert final.job is not None and final.job.error_message == "no disk"
    assert final.job.name == "bad.py" and final.job.finished_at is not None
    assert final.job.raw["exit_code"] == 1
    assert final.text == f"Job bad.py ({failed.id}) changed its status to FAILED"
    running = next(e for e in receiver.events if e.job_id == done.id and e.status == "RUNNING")
    assert running.job is not None and running.job.finished_at is None  # as it was then
    assert all(d.status == 202 for d in emu.webhook_deliveries)
    assert len(emu.webhook_deliveries) == len(receiver.events)


def test_a_receiver_with_another_secret_rejects_every_delivery() -> None:
    with (
        receiving("not-the-secret") as receiver,
        StudioEmulator(
            job_step_seconds=0.05, webhook_url=receiver.url, webhook_secret=SECRET
        ) as emu,
    ):
        receiver.wait_until(lambda: len(receiver.rejected) >= 1)
        deadline = time.monotonic() + 10
        while not emu.webhook_deliveries and time.monotonic() < deadline:
            time.sleep(0.02)
    assert receiver.events == []
    assert "does not match" in receiver.rejected[0]
    assert emu.webhook_deliveries[0].event == "PING"
    assert emu.webhook_deliveries[0].status == 403


def test_deliveries_to_nowhere_are_recorded_not_raised() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with StudioEmulator(webhook_url=f"http://127.0.0.1:{port}/", webhook_secret=SECRET) as emu:
        deadline = time.monotonic() + 10
        while not emu.webhook_deliveries and time.monotonic() < deadline:
            time.sleep(0.02)
    delivery = emu.webhook_deliveries[0]
    assert delivery.status is None and delivery.error


def test_a_webhook_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="http"):
        StudioEmulator(webhook_url="ftp://example.com/hook")
