"""`APICall.of`: the client's call for a generated operation's `Request`."""

from __future__ import annotations

import pytest

from datachain_studio._base_client import APICall
from datachain_studio._upload import prepare_upload
from datachain_studio_api.api.datasets import update_dataset
from datachain_studio_api.api.jobs import list_jobs, upload_job_file
from datachain_studio_api.api.storage import list_storage
from datachain_studio_api.models import DatasetEditInput, JobOutput, StorageListInput


def test_a_call_takes_what_the_request_says() -> None:
    call = APICall.of(list_jobs.request(team_name="t", limit=5), idempotent=True)
    assert (call.method, call.path, call.params) == (
        "GET",
        "/api/datachain/jobs/",
        {"team_name": "t", "limit": 5},
    )
    assert call.result == list[JobOutput] and call.idempotent
    assert (call.has_json, call.json, call.upload, call.accept) == (
        False,
        None,
        None,
        "application/json",
    )
    body = DatasetEditInput(name="d", description="x")
    edit = APICall.of(update_dataset.request(body=body), idempotent=False, read=False)
    assert edit.has_json and edit.json == {"name": "d", "description": "x"}
    assert edit.result is None  # the answer is not read
    listing = list_storage.request(body=StorageListInput(source="s3://b", team_name="t"))
    decode = bytes.decode
    msgpack = APICall.of(listing, idempotent=True, decode=decode, unwrap="data")
    assert (msgpack.accept, msgpack.decode, msgpack.unwrap) == (
        "application/msgpack",
        decode,
        "data",
    )


def test_an_upload_body_goes_with_the_multipart_operation_only() -> None:
    upload = prepare_upload(b"bytes", filename="f.txt")
    call = APICall.of(upload_job_file.request(team_name="t"), idempotent=False, upload=upload)
    assert call.upload is upload and not call.has_json and call.json is None
    with pytest.raises(ValueError, match="multipart"):
        APICall.of(upload_job_file.request(team_name="t"), idempotent=False)
    with pytest.raises(ValueError, match="multipart"):
        APICall.of(list_jobs.request(team_name="t"), idempotent=True, upload=upload)
