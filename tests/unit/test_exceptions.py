"""Tests of the error tree and of make_status_error."""

from __future__ import annotations

import json

import httpx2
import pytest

from datachain_studio._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StudioError,
    UnprocessableEntityError,
    WaitTimeoutError,
    make_status_error,
    redact_url,
)

TOKEN = "isat_SECRET_token_value"
URL = "https://alice:hunter2@studio.example.com/api/datachain/jobs/?team_name=t"


def _response(
    status: int,
    content: bytes | str = b"",
    *,
    headers: dict[str, str] | None = None,
    method: str = "GET",
) -> httpx2.Response:
    request = httpx2.Request(method, URL, headers={"Authorization": f"token {TOKEN}"})
    return httpx2.Response(status, content=content, headers=headers, request=request)


def _json(status: int, body: object, **kwargs: str) -> httpx2.Response:
    return _response(
        status, json.dumps(body), headers={"content-type": "application/json", **kwargs}
    )


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (520, InternalServerError),
        (599, InternalServerError),
        (418, APIStatusError),
        (499, APIStatusError),
        (302, APIStatusError),
    ],
)
def test_status_picks_class(status: int, cls: type[APIStatusError]) -> None:
    error = make_status_error(_response(status))
    assert type(error) is cls
    assert error.status_code == status


def test_tree_and_value_error() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    for cls in (
        ConfigurationError,
        InvalidRequestError,
        APIConnectionError,
        APIResponseValidationError,
        APIStatusError,
    ):
        assert issubclass(cls, StudioError)
    assert issubclass(InvalidRequestError, ValueError)
    assert not issubclass(StudioError, ValueError)
    assert issubclass(WaitTimeoutError, StudioError) and issubclass(WaitTimeoutError, TimeoutError)
    assert WaitTimeoutError("Timed out waiting for job 7", last={"id": 7}).last == {"id": 7}


def test_detail_string_and_str() -> None:
    error = make_status_error(_json(404, {"detail": "Dataset not found"}))
    assert error.message == "Dataset not found"
    assert error.body == {"detail": "Dataset not found"}
    assert str(error).startswith(
        "404 Not Found: Dataset not found (GET https://studio.example.com/"
    )


def test_message_key() -> None:
    error = make_status_error(_json(500, {"message": "Internal error"}))
    assert error.message == "Internal error"


def test_validation_list_is_readable() -> None:
    body = {
        "detail": [
            {
                "type": "less_than_equal",
                "loc": ["body", "priority"],
                "msg": "Input should be less than or equal to 5",
                "input": 9,
            },
            {"type": "missing", "loc": ["body", "files", 0], "msg": "Field required"},
        ]
    }
    error = make_status_error(_json(422, body))
    assert isinstance(error, UnprocessableEntityError)
    assert error.message == (
        "body.priority: Input should be less than or equal to 5; body.files[0]: Field required"
    )


def test_unknown_json_shape_is_shown_compactly() -> None:
    error = make_status_error(_json(400, {"errors": ["a", "b"]}))
    assert error.message == '{"errors": ["a", "b"]}'


def test_html_error_page_gives_short_clean_excerpt() -> None:
    page = (
        "<html><head><style>body{color:red}</style><script>var x=1;</script></head>"
        "<body><h1>Bad   gateway</h1>\n\n<p>The upstream &amp; friends "
        + "failed " * 100
        + "</p></body></html>"
    )
    error = make_status_error(_response(502, page, headers={"content-type": "text/html"}))
    assert error.message.startswith("Bad gateway The upstream & friends failed")
    assert (
        "<" not in error.message and "color" not in error.message and "var x" not in error.message
    )
    assert len(error.message) <= 200
    assert error.body == page


def test_html_title_is_preferred() -> None:
    title = "520: Web server is returning an unknown error"
    page = f"<html><head><title>{title}</title></head><body>…</body></html>"
    error = make_status_error(_response(520, page))
    assert error.message == title


def test_empty_body_gives_reason_or_code() -> None:
    assert make_status_error(_response(503)).message == "503 Service Unavailable"
    unknown = make_status_error(_response(520))
    assert unknown.message == "HTTP 520"
    assert unknown.body is None
    assert str(unknown).startswith("HTTP 520 (GET ")


def test_request_id_from_headers() -> None:
    assert (
        make_status_error(_response(500, headers={"X-Request-ID": "req-1"})).request_id == "req-1"
    )
    assert (
        make_status_error(_response(520, headers={"cf-ray": "8a1b-AMS"})).request_id == "8a1b-AMS"
    )
    error = make_status_error(_response(500, headers={"x-request-id": "req-2"}))
    assert "request id req-2" in str(error)
    assert make_status_error(_response(500)).request_id is None


def test_token_and_userinfo_never_shown() -> None:
    errors: list[StudioError] = [
        make_status_error(_json(401, {"detail": "Invalid token"})),
        APIConnectionError(request=_response(200).request),
        APITimeoutError(request=_response(200).request),
        APIResponseValidationError("bad body", response=_response(200), body=None),
    ]
    for error in errors:
        for text in (str(error), repr(error), *map(str, error.args)):
            assert TOKEN not in text
            assert "hunter2" not in text and "alice" not in text
    assert "POST https://studio.example.com/api" in str(
        APIConnectionError(request=httpx2.Request("POST", URL))
    )


def test_response_attributes() -> None:
    response = _json(409, {"detail": "A group with this name already exists"})
    error = make_status_error(response)
    assert error.response is response
    assert error.args == ("A group with this name already exists",)
    assert "ConflictError(status_code=409" in repr(error)


def test_response_without_request_and_unread_stream() -> None:
    error = make_status_error(httpx2.Response(404, json={"detail": "gone"}))
    assert "gone" in str(error) and "no request" in str(error)

    streamed = httpx2.Response(500, stream=httpx2.ByteStream(b'{"detail": "x"}'))
    unread = make_status_error(streamed)
    assert unread.body is None
    assert unread.message == "500 Internal Server Error"


def test_validation_error_carries_response_and_body() -> None:
    response = _response(200, "[]")
    error = APIResponseValidationError("expected an object", response=response, body=[])
    assert error.response is response and error.body == [] and error.status_code == 200
    where = "GET https://studio.example.com/api/datachain/jobs/?team_name=t"
    assert str(error) == f"expected an object ({where}, status 200)"


def test_connection_error_over_a_real_socket() -> None:
    with httpx2.Client() as client:
        request = client.build_request(
            "GET", "http://127.0.0.1:9/", headers={"Authorization": TOKEN}
        )
        with pytest.raises(httpx2.ConnectError) as raised:
            client.send(request)
    error = APIConnectionError(request=raised.value.request)
    assert error.request is request
    assert str(error) == "Could not connect to Studio (GET http://127.0.0.1:9/)"


def test_redact_url() -> None:
    assert redact_url(URL) == "https://studio.example.com/api/datachain/jobs/?team_name=t"
    assert redact_url("http://alice:hunter2@host:bad/") == "<invalid URL>"
