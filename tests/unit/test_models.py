"""The result models as a user holds them: no sentinels, real mappings, enums, exact JSON."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import uuid
from typing import Any

import pytest

from datachain_studio._parsing import parse
from datachain_studio.types import (
    ComputeClusterOutput,
    Dataset,
    DatasetEditInput,
    JobInput,
    JobLogsOutput,
    JobOutput,
    JobStatus,
    JobStep,
    Model,
    ParseError,
    QueryType,
    UploadFileOutput,
    UploadState,
)
from tests.support.jobs import REQUIRED_JOB

JOB: dict[str, Any] = {
    **REQUIRED_JOB,
    "exit_code": 0,
    "finished_at": None,
    "environment": {"A": "1", "B": "x=y"},
    "params": {"depth": {"nested": [1, 2]}},
    "steps": [{"name": "run", "status": "FINISHED", "started_at": "2024-05-01T10:00:00Z"}],
    "brand_new_field": {"kept": True},
}


def job(**changes: Any) -> JobOutput:
    return JobOutput.from_dict({**copy.deepcopy(JOB), **changes})


def test_absent_and_null_fields_read_none_and_presence_can_be_asked() -> None:
    result = job()
    assert result.started_at is None  # absent
    assert result.finished_at is None  # sent as null
    assert result.exit_code == 0  # present, falsy: not confused with absent
    assert "finished_at" in result.model_fields_set
    assert "started_at" not in result.model_fields_set
    assert "brand_new_field" not in result.model_fields_set  # not a declared field
    assert result.model_extra == {"brand_new_field": {"kept": True}}


def test_a_required_field_left_out_reads_none_loosely_and_fails_strictly() -> None:
    # `url` is required (Studio's own document requires it): loose reading still never fails
    # on its absence and reads it as None; strict reading refuses the answer.
    without_url = {key: value for key, value in JOB.items() if key != "url"}
    loose = JobOutput.from_dict(copy.deepcopy(without_url))
    assert loose.url is None and "url" not in loose.model_fields_set
    assert job().url == JOB["url"]
    with pytest.raises(ParseError, match="url: required field is missing"):
        JobOutput.validate(copy.deepcopy(without_url))
    with pytest.raises(ParseError, match=r"\[0\]\.url: required field is missing"):
        parse([without_url], list[JobOutput], strict=True)


def test_free_form_objects_are_plain_dicts() -> None:
    result = job()
    environment = result.environment
    assert type(environment) is dict
    assert dict(environment) == {"A": "1", "B": "x=y"} and len(environment) == 2
    assert sorted(environment) == ["A", "B"]
    assert json.loads(json.dumps(result.params)) == {"depth": {"nested": [1, 2]}}
    assert result.metrics is None


def test_ids_timestamps_and_nested_models_are_converted() -> None:
    result = job()
    assert result.id == uuid.UUID(JOB["id"])
    assert result.created_at == dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
    assert result.created_at.utcoffset() == dt.timedelta(hours=2)
    (step,) = result.steps or []
    assert isinstance(step, JobStep)
    assert step.started_at == dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
    assert result.steps is result.steps  # converted once, then kept


def test_a_timestamp_without_an_offset_is_taken_as_utc() -> None:
    moment = job(created_at="2024-05-01T12:00:00").created_at
    assert moment == dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    with pytest.raises(ParseError, match="created_at"):
        JobOutput.validate({**JOB, "created_at": "yesterday"})


def test_statuses_are_enums_and_unknown_ones_still_read() -> None:
    result = job()
    assert result.status is JobStatus.COMPLETE and result.status == "COMPLETE"
    match result.status:
        case JobStatus.COMPLETE:
            matched = "complete"
        case _:
            matched = "other"
    assert matched == "complete"

    later = job(status="HIBERNATING").status
    assert isinstance(later, JobStatus)
    assert later == "HIBERNATING" and later.value == "HIBERNATING" and str(later) == "HIBERNATING"
    assert later not in JobStatus and JobStatus.COMPLETE in JobStatus
    assert later is job(status="HIBERNATING").status  # one stand-in per value
    assert pickle.loads(pickle.dumps(later)) is later
    assert pickle.loads(pickle.dumps(JobStatus.COMPLETE)) is JobStatus.COMPLETE
    with pytest.raises(ValueError):
        JobStatus("HIBERNATING")  # the constructor still knows only the known values


def test_repr_shows_what_studio_sent_and_no_sentinel() -> None:
    text = repr(job())
    assert text.startswith("JobOutput(id=UUID('3f1c2b9e-")
    assert "exit_code=0" in text and "finished_at=None" in text
    assert "metrics=" not in text  # absent: not shown
    assert "model_extra={'brand_new_field': {'kept': True}}" in text
    assert "Unset" not in text and "object at 0x" not in text


def test_to_dict_gives_back_the_json_received() -> None:
    raw = copy.deepcopy(JOB)
    result = JobOutput.from_dict(raw)
    result.environment["C"] = "3"  # type: ignore[index]  # a copy: the model is unchanged
    assert result.to_dict() == JOB
    dumped = result.to_dict()
    dumped["params"]["depth"]["nested"].append(3)
    assert result.to_dict() == JOB  # a deep copy
    raw["name"] = "changed after"
    assert result.name == "n"  # from_dict copies what it is given


def test_models_compare_by_value_pickle_and_copy() -> None:
    a, b = job(), job()
    assert a == b and a != job(name="other") and a != JOB
    for clone in (pickle.loads(pickle.dumps(a)), copy.copy(a), copy.deepcopy(a)):
        assert clone == a and type(clone) is JobOutput
        assert clone.steps == a.steps
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(AttributeError):
        a.name = "x"  # type: ignore[misc]


def test_loose_reading_never_raises_and_keeps_odd_values() -> None:
    odd = job(id="not-a-uuid", created_at="soon", workers="two", steps=[5, {"name": "s"}])
    assert odd.id == "not-a-uuid"
    assert odd.created_at == "soon"
    assert odd.workers == "two"
    first, second = odd.steps or []
    assert first == 5 and isinstance(second, JobStep) and second.status is None
    repr(odd)  # reading every field does not raise either


def test_strict_reading_checks_everything_at_once() -> None:
    with pytest.raises(ParseError, match=r"\[1\]\.workers: expected an integer"):
        parse([JOB, {**JOB, "workers": "two"}], list[JobOutput], strict=True)
    with pytest.raises(ParseError, match=r"steps\[0\]\.name: required field is missing"):
        JobOutput.validate({**JOB, "steps": [{"status": "FINISHED"}]})
    with pytest.raises(ParseError, match="url: expected a string, got null"):
        JobOutput.validate({**JOB, "url": None})  # required, and not nullable
    with pytest.raises(ParseError, match=r"environment\.A: expected a string"):
        JobOutput.validate({**JOB, "environment": {"A": 1}})
    with pytest.raises(ParseError, match="state: expected one of"):
        UploadFileOutput.validate({"id": 1, "filename": "f", "size": 1, "state": "LOST"})
    assert JobOutput.validate({**JOB, "workers": 4.0}).workers == 4  # JSON Schema: an integer
    assert JobOutput.validate({**JOB, "status": "HIBERNATING"}).status == "HIBERNATING"


def test_the_body_must_have_the_right_shape_even_loosely() -> None:
    with pytest.raises(ParseError, match="expected a list of JobOutput"):
        parse({"jobs": []}, list[JobOutput], strict=False)
    with pytest.raises(ParseError, match=r"\[1\]: expected a JobOutput object, got str"):
        parse([JOB, "job"], list[JobOutput], strict=False)
    with pytest.raises(ParseError, match="expected a JobLogsOutput object, got null"):
        parse(None, JobLogsOutput, strict=False)


def test_request_bodies_send_only_what_was_given() -> None:
    body = JobInput(query="print(1)", query_type=QueryType.PYTHON, files=["1", "2"], priority=None)
    assert body.to_dict() == {
        "query": "print(1)",
        "query_type": "PYTHON",
        "files": ["1", "2"],
    }  # priority given as None: not sent
    assert body.model_fields_set == {"query", "query_type", "files"}
    when = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    later = JobInput(
        query="q", query_type="SHELL", start_after=when, rerun_from_job_id=uuid.UUID(int=1)
    )
    assert later.to_dict()["start_after"] == "2030-01-01T00:00:00+00:00"
    assert later.to_dict()["rerun_from_job_id"] == "00000000-0000-0000-0000-000000000001"
    assert later.start_after == when.isoformat()  # text in the contract
    assert later.query_type is QueryType.SHELL


def test_with_nulls_sends_every_nullable_field_left_out_as_null() -> None:
    body = DatasetEditInput(name="dogs", description="Dogs", team_name=None)
    assert body.to_dict() == {"name": "dogs", "description": "Dogs"}
    full = body.with_nulls()
    # In the contract's order, as a client that writes every key sends it.
    assert list(full.to_dict().items()) == [
        ("name", "dogs"),
        ("namespace", None),
        ("project", None),
        ("new_name", None),
        ("description", "Dogs"),
        ("attrs", None),
        ("team_name", None),
    ]
    assert body.to_dict() == {"name": "dogs", "description": "Dogs"}  # a copy: body unchanged
    # Only nullable fields: a dataset's `id` may be left out but is never null.
    dataset = Dataset.from_dict({"name": "d"}).with_nulls().to_dict()
    assert dataset["description"] is None and "id" not in dataset
    # Keys the contract does not declare are kept.
    read = DatasetEditInput.from_dict({"name": "d", "extra": 1}).with_nulls()
    assert read.model_extra == {"extra": 1} and read.new_name is None


def test_every_model_is_a_model_and_reads_its_own_examples() -> None:
    cluster = ComputeClusterOutput.from_dict(
        {
            "id": "c-1",
            "name": "n",
            "status": "ACTIVE",
            "cloud_provider": "AWS",
            "is_active": True,
            "default": False,
            "max_workers": 4,
            "cloud_region": None,
        }
    )
    assert isinstance(cluster, Model)
    assert cluster.id == "c-1" and cluster.cloud_region is None and cluster.disk_size is None
    assert ComputeClusterOutput.model_json_keys()["cloud_region"] == "cloud_region"
    upload = UploadFileOutput.from_dict({"id": 1, "filename": "f", "size": 1, "state": "uploaded"})
    assert upload.state is UploadState.UPLOADED


def test_to_json_is_to_dict_as_text() -> None:
    result = job()
    text = result.to_json()
    assert json.loads(text) == result.to_dict() == JOB
    assert text == json.dumps(JOB, separators=(",", ":"))  # compact, keys in the order received
    assert '"brand_new_field":{"kept":true}' in text  # a key the contract does not declare
    assert '"created_at":"2024-05-01T12:00:00+02:00"' in text  # as received, not as read
    assert '"finished_at":null' in text and '"metrics"' not in text  # null kept, absent absent
    assert JobOutput.from_dict(json.loads(text)) == result  # the round trip


def test_to_json_indents_when_asked() -> None:
    result = UploadFileOutput.from_dict({"id": 1, "filename": "f", "size": 2, "state": "x"})
    assert result.to_json(indent=2) == (
        '{\n  "id": 1,\n  "filename": "f",\n  "size": 2,\n  "state": "x"\n}'
    )
    assert result.to_json(indent=0).startswith('{\n"id": 1,\n')
    assert result.to_json() == '{"id":1,"filename":"f","size":2,"state":"x"}'


def test_to_json_of_strict_and_loose_reads_and_of_request_bodies() -> None:
    strict = JobOutput.validate(copy.deepcopy(JOB))
    strict.created_at, strict.steps  # noqa: B018  (converted fields do not change the text)
    assert strict.to_json() == job().to_json()
    odd = job(created_at="soon", workers="two")
    odd.created_at, odd.workers  # noqa: B018
    assert json.loads(odd.to_json())["created_at"] == "soon"
    when = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    body = JobInput(
        query="ë", query_type=QueryType.SHELL, start_after=when, rerun_from_job_id=uuid.UUID(int=1)
    )
    assert json.loads(body.to_json()) == body.to_dict()
    assert '"query":"ë"' in body.to_json()  # not escaped
    assert '"start_after":"2030-01-01T00:00:00+00:00"' in body.to_json()
    assert '"rerun_from_job_id":"00000000-0000-0000-0000-000000000001"' in body.to_json()


def test_free_form_objects_give_json_too() -> None:
    from datachain_studio.types import DatasetActionOutput

    action = DatasetActionOutput.from_dict({"b": [1, {"c": None}], "a": "x"})
    assert action.to_json() == '{"b":[1,{"c":null}],"a":"x"}'
    assert json.loads(action.to_json(indent=4)) == action.to_dict()


def test_every_model_has_to_json() -> None:
    import datachain_studio.types as types

    classes = [getattr(types, name) for name in types.__all__]
    models = [kind for kind in classes if isinstance(kind, type) and hasattr(kind, "from_dict")]
    assert len(models) > 20
    for kind in models:
        assert kind.from_dict({"k": [1]}).to_json() == '{"k":[1]}', kind


def test_the_benchmarks_jobs_fit_the_contract_strictly() -> None:
    """`make bench` serves jobs made by `bench/server.make_job`; strict mode reads them too
    (the strict row of the bench would fail otherwise)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "server.py"
    spec = importlib.util.spec_from_file_location("bench_server", path)
    assert spec is not None and spec.loader is not None
    server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server)
    jobs = [server.make_job(n) for n in range(12)]
    assert len(parse(jobs, list[JobOutput], strict=True)) == 12
