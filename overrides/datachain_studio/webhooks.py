"""Check and read the webhook deliveries Studio sends to your server.

Studio calls a team's webhook URL on job events. Each delivery is a POST with:

- ``X-Datachain-Event``: ``JOB`` or ``PING`` (Studio's docs name it ``http-x-datachain-event``);
- ``X-Datachain-Signature-256``: ``sha256=<hex>``, the HMAC-SHA256 of the raw body keyed with
  the webhook's secret (absent when the webhook has no secret).

The bodies this module expects are the ones Studio documents (``docs/studio/webhooks.md``)::

    JOB   {"action": "job_status",
           "job": {"id": "<uuid>", "status": "COMPLETE", "name": "query.py",
                   "error_message": "", "created_at": "...", "updated_at": "...",
                   "finished_at": "...", "url": "https://studio.datachain.ai/...", ...},
           "timestamp": "2021-07-27T16:22:08.070557",
           "text": "Job query.py (<uuid>) changed its status to COMPLETE"}
    PING  {"action": "PING", "message": "Webhook connection test successful"}

``job`` may carry any other field of a job (as ``GET /jobs`` returns them); they are kept in
``WebhookJob.raw``. Times without a zone are taken as UTC. A webhook set to send
``application/x-www-form-urlencoded`` puts the same JSON in the form field ``payload``;
:func:`parse_event` reads both. Events other than ``JOB`` and ``PING`` are returned as they
come (``event.job`` is None), so a receiver keeps working when Studio adds new ones.

A receiver, with any web framework::

    from datachain_studio import webhooks

    def handle(body: bytes, headers: Mapping[str, str]) -> int:
        try:
            event = webhooks.construct_event(body, headers, secret=SECRET)
        except webhooks.WebhookVerificationError:
            return 403                    # not from Studio, or altered on the way
        if event.type == "JOB" and event.job.status == "FAILED":
            alert(event.job.name, event.job.error_message)
        return 202

Every error here is a :class:`~datachain_studio.StudioError`::

    WebhookError
    ├── WebhookVerificationError     the delivery cannot be trusted
    │   ├── MissingSignatureError      no X-Datachain-Signature-256 header
    │   ├── MalformedSignatureError    not `sha256=` and 64 hex digits
    │   └── SignatureMismatchError     signed with another secret, or the body was changed
    └── WebhookPayloadError          the body is not an event (also a ValueError)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import parse_qs

from datachain_studio_api.models import JobStatus

from ._exceptions import InvalidRequestError, StudioError

__all__ = [
    "EVENT_HEADER",
    "FINISHED_STATUSES",
    "SIGNATURE_HEADER",
    "MalformedSignatureError",
    "MissingSignatureError",
    "SignatureMismatchError",
    "WebhookError",
    "WebhookEvent",
    "WebhookJob",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "construct_event",
    "parse_event",
    "sign",
    "verify",
]

SIGNATURE_HEADER: Final = "X-Datachain-Signature-256"
"""The header that carries a delivery's signature, `sha256=<hex HMAC-SHA256 of the body>`."""
EVENT_HEADER: Final = "X-Datachain-Event"
"""The header that names a delivery's event type (`JOB`, `PING`)."""
FINISHED_STATUSES: Final = frozenset({"COMPLETE", "FAILED", "CANCELED", "TASK"})
"""The job statuses after which a job no longer changes (`WebhookJob.finished`)."""

_PREFIX: Final = "sha256="
_HEX_DIGEST: Final = re.compile(r"[0-9a-fA-F]{64}")

Body = bytes | bytearray | memoryview | str


class WebhookError(StudioError):
    """A webhook delivery could not be verified or read."""


class WebhookVerificationError(WebhookError):
    """The delivery's signature does not prove it came from Studio unchanged."""


class MissingSignatureError(WebhookVerificationError):
    """The delivery has no ``X-Datachain-Signature-256`` header (or an empty one)."""


class MalformedSignatureError(WebhookVerificationError):
    """The signature header is not ``sha256=`` followed by 64 hexadecimal digits."""


class SignatureMismatchError(WebhookVerificationError):
    """The signature is not the body's HMAC with this secret."""


class WebhookPayloadError(WebhookError, ValueError):
    """The body is not a webhook event: not JSON, not an object, or a JOB without a job."""


def sign(body: Body, secret: str | bytes) -> str:
    """The ``X-Datachain-Signature-256`` value for ``body``: ``sha256=<hex HMAC-SHA256>``.

    What Studio sends for a body signed with ``secret``: use it to test a receiver.

    Args:
        body: The request body, byte for byte (a `str` is encoded as UTF-8).
        secret: The webhook's secret: non-empty text (UTF-8) or bytes.

    Returns:
        ``"sha256="`` followed by 64 lowercase hexadecimal digits.

    Raises:
        InvalidRequestError: ``body`` is not bytes or text, or ``secret`` is empty or not
            text or bytes.
    """
    digest = hmac.new(_secret_bytes(secret), _body_bytes(body), hashlib.sha256).hexdigest()
    return _PREFIX + digest


def verify(body: Body, signature_header: str | None, secret: str | bytes) -> None:
    """Check that ``signature_header`` is the signature of ``body`` under ``secret``.

    Returns None when it matches. The comparison takes constant time; the hex digits may
    be in either case.

    Args:
        body: The raw request body, byte for byte (re-encoding parsed JSON changes it);
            a `str` is encoded as UTF-8.
        signature_header: The value of the ``X-Datachain-Signature-256`` header, or None
            when the delivery has none.
        secret: The webhook's secret: non-empty text (UTF-8) or bytes.

    Raises:
        MissingSignatureError: ``signature_header`` is None or blank.
        MalformedSignatureError: It is not ``sha256=`` followed by 64 hexadecimal digits.
        SignatureMismatchError: It is not the signature of ``body`` under ``secret``.
        InvalidRequestError: ``body`` is not bytes or text, or ``secret`` is empty or not
            text or bytes.
    """
    key = _secret_bytes(secret)
    if signature_header is None or not signature_header.strip():
        raise MissingSignatureError(
            f"The delivery has no {SIGNATURE_HEADER} header: it is unsigned, or the webhook "
            "in Studio has no secret"
        )
    text = signature_header.strip()
    scheme, sep, digest = text.partition("=")
    if not sep or scheme.strip().lower() != "sha256" or not _HEX_DIGEST.fullmatch(digest):
        raise MalformedSignatureError(
            f"{SIGNATURE_HEADER} must be 'sha256=' followed by 64 hex digits, got "
            f"{_excerpt(text)!r}"
        )
    expected = hmac.new(key, _body_bytes(body), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode("ascii"), digest.lower().encode("ascii")):
        raise SignatureMismatchError(
            "The webhook signature does not match the body: the secret differs, or the body "
            "was changed (verify the raw bytes as received)"
        )


@dataclass(frozen=True)
class WebhookJob:
    """The job a ``JOB`` event is about.

    Times are aware datetimes (UTC when Studio sends no zone), or None when absent or
    unreadable.

    Attributes:
        id: The job's id: a `uuid.UUID`, or the text as sent when it is not one.
        status: Its new status: a `JobStatus` when Studio sends a known one, else the
            text as sent.
        name: The job's name (its query's file name, say), or None.
        url: Where Studio shows the job, or None.
        error_message: What went wrong, for a failed job (may be empty), or None.
        created_at: When the job was created, or None.
        updated_at: When it last changed, or None.
        finished_at: When it finished, or None.
        raw: The ``job`` object exactly as received, with every field Studio sent.
    """

    id: uuid.UUID | str
    status: JobStatus | str
    name: str | None = None
    url: str | None = None
    error_message: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def finished(self) -> bool:
        """Whether the job has reached a final status (COMPLETE, FAILED, CANCELED, TASK)."""
        return _text(self.status) in FINISHED_STATUSES


@dataclass(frozen=True)
class WebhookEvent:
    """One webhook delivery, read.

    Attributes:
        type: The event type, upper case: ``"JOB"``, ``"PING"``, or a newer one.
        action: The body's ``action`` (``"job_status"`` for jobs), or None.
        job: The job, for ``JOB`` events; else None.
        timestamp: When it happened (UTC when Studio sends no zone), or None if not sent.
        text: The human-readable ``text`` (or ``message``) of the body, or None.
        payload: The whole decoded body.
    """

    type: str
    action: str | None = None
    job: WebhookJob | None = None
    timestamp: dt.datetime | None = None
    text: str | None = None
    payload: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def job_id(self) -> uuid.UUID | str | None:
        """The job's id, for ``JOB`` events."""
        return None if self.job is None else self.job.id

    @property
    def status(self) -> JobStatus | str | None:
        """The job's new status, for ``JOB`` events."""
        return None if self.job is None else self.job.status


def parse_event(body: Body, event_header: str | None = None) -> WebhookEvent:
    """Read a delivery's body into a :class:`WebhookEvent`.

    Does not check the signature: call :func:`verify` first (or use
    :func:`construct_event`).

    Args:
        body: The request body: JSON, or a form whose ``payload`` field holds the JSON
            (bytes or text, UTF-8).
        event_header: The ``X-Datachain-Event`` header, or None; without it the type is
            taken from the body (``"action": "PING"``, or a ``job`` object for ``JOB``).

    Returns:
        The event; ``event.job`` is set for ``JOB`` events, None for others.

    Raises:
        WebhookPayloadError: The body is not UTF-8 JSON, not an object, a ``JOB`` without a
            ``job`` carrying an ``id`` and a ``status``, or of a type that cannot be told.
        InvalidRequestError: ``body`` is not bytes or text.
    """
    payload = _decode(body)
    kind = (event_header or "").strip().upper() or _infer_type(payload)
    action = payload.get("action")
    action = action if isinstance(action, str) else None
    text = payload.get("text", payload.get("message"))
    job = None
    if kind == "JOB":
        job = _job(payload.get("job"))
    return WebhookEvent(
        type=kind,
        action=action,
        job=job,
        timestamp=_time(payload.get("timestamp")),
        text=text if isinstance(text, str) else None,
        payload=payload,
    )


def construct_event(
    body: Body, headers: Mapping[str, str], secret: str | bytes | None
) -> WebhookEvent:
    """Verify a delivery and read it: :func:`verify`, then :func:`parse_event`.

    Args:
        body: The raw request body, byte for byte (a `str` is encoded as UTF-8).
        headers: Any mapping of the request's headers. Names are matched without regard
            to case, dashes or underscores, so ``X-Datachain-Signature-256``, a WSGI
            environ's ``HTTP_X_DATACHAIN_SIGNATURE_256`` and Studio's
            ``http-x-datachain-event`` all work.
        secret: The webhook's secret (non-empty text or bytes), or None to skip the
            signature check (for webhooks without a secret).

    Returns:
        The event, as :func:`parse_event` reads it.

    Raises:
        WebhookVerificationError: The signature is missing, malformed or does not match
            (`MissingSignatureError`, `MalformedSignatureError`, `SignatureMismatchError`).
        WebhookPayloadError: The body is not an event (see :func:`parse_event`).
        InvalidRequestError: ``body`` is not bytes or text, or ``secret`` is empty.
    """
    if secret is not None:
        verify(body, _header(headers, SIGNATURE_HEADER), secret)
    return parse_event(body, _header(headers, EVENT_HEADER))


# --- helpers --------------------------------------------------------------------------------


def _body_bytes(body: Body) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    raise InvalidRequestError(f"body must be bytes or str, got {type(body).__name__}")


def _secret_bytes(secret: str | bytes) -> bytes:
    value = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not isinstance(value, bytes) or not value:
        raise InvalidRequestError("The webhook secret must be a non-empty string")
    return value


def _excerpt(text: str) -> str:
    return text if len(text) <= 20 else text[:17] + "..."


def _decode(body: Body) -> dict[str, Any]:
    raw = _body_bytes(body)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookPayloadError("The webhook body is not UTF-8 text") from None
    stripped = text.strip()
    if stripped.startswith("payload="):  # application/x-www-form-urlencoded
        values = parse_qs(stripped, keep_blank_values=True).get("payload")
        stripped = values[0] if values else ""
    try:
        payload = json.loads(stripped)
    except ValueError:
        raise WebhookPayloadError("The webhook body is not JSON") from None
    if not isinstance(payload, dict):
        raise WebhookPayloadError(
            f"The webhook body must be a JSON object, got {type(payload).__name__}"
        )
    return payload


def _infer_type(payload: Mapping[str, Any]) -> str:
    for key in ("event", "action"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip().upper() == "PING":
            return "PING"
    if "job" in payload:
        return "JOB"
    event = payload.get("event")
    if isinstance(event, str) and event.strip():
        return event.strip().upper()
    raise WebhookPayloadError(
        f"Cannot tell the event type: no {EVENT_HEADER} header, and the body is neither "
        "a PING nor has a `job`"
    )


def _job(value: object) -> WebhookJob:
    if not isinstance(value, dict):
        raise WebhookPayloadError("A JOB event must carry a `job` object")
    job_id = value.get("id")
    if not isinstance(job_id, str) or not job_id.strip():
        raise WebhookPayloadError("The `job` of a JOB event has no `id`")
    status = value.get("status")
    if not isinstance(status, str) or not status.strip():
        raise WebhookPayloadError(f"Job {job_id} in the JOB event has no `status`")
    return WebhookJob(
        id=_uuid(job_id),
        status=_status(status),
        name=_str(value.get("name")),
        url=_str(value.get("url")),
        error_message=_str(value.get("error_message")),
        created_at=_time(value.get("created_at")),
        updated_at=_time(value.get("updated_at")),
        finished_at=_time(value.get("finished_at")),
        raw=value,
    )


def _uuid(text: str) -> uuid.UUID | str:
    try:
        return uuid.UUID(text)
    except ValueError:
        return text


def _status(text: str) -> JobStatus | str:
    try:
        return JobStatus(text.strip().upper())
    except ValueError:
        return text


def _text(status: object) -> str:
    return str(getattr(status, "value", status))


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _squash(name: str) -> str:
    squashed = name.lower().replace("_", "-")
    return squashed.removeprefix("http-")


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = _squash(name)
    for key, value in headers.items():
        if isinstance(key, str) and _squash(key) == wanted:
            return value
    return None
