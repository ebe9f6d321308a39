"""How the result models read their fields: all at once on the first read, each exactly as
its declared type's loose reading gives it, and from the model's own `__dict__` after that."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import pickle
import subprocess
import sys
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import datachain_studio.types as types
import datachain_studio_api.types as runtime
from datachain_studio._parsing import parse
from datachain_studio.types import (
    Dataset,
    JobOutput,
    JobStatus,
    JobStep,
    JobStepStatus,
    Model,
    ValidationErrorItem,
)
from tests.reliability.strategies import JSON_VALUES, ODD_TIMESTAMPS, UNKNOWN_ENUMS
from tests.support.jobs import REQUIRED_JOB

MODELS = sorted(
    (
        kind
        for kind in vars(types).values()
        if isinstance(kind, type) and issubclass(kind, Model) and kind is not Model
    ),
    key=lambda kind: kind.__name__,
)

JOB: dict[str, Any] = {
    **REQUIRED_JOB,
    "run_group_id": "550e8400-e29b-41d4-a716-446655440000",
    "environment": {"A": "1"},
    "steps": [
        {"name": "run", "status": "FINISHED", "started_at": "2024-05-01T10:00:00Z"},
        "not a step",
    ],
}

# Values a field may hold in an answer that drifted from the contract, for every declared
# type: UUID texts in each form `uuid.UUID` reads and some it does not, timestamps with and
# without an offset and in forms only python-dateutil reads, enum values known and not,
# numbers that are and are not integers, booleans, lists, objects.
ODD_VALUES: list[Any] = [
    "",
    "x",
    "550e8400-e29b-41d4-a716-446655440000",
    "550E8400-E29B-41D4-A716-446655440000",
    "550e8400e29b41d4a716446655440000",
    "{550e8400-e29b-41d4-a716-446655440000}",
    "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
    "550e8400-e29b-41d4-a716-44665544000g",
    "0x0e8400-e29b-41d4-a716-446655440000",
    "+50e8400e29b41d4a716446655440000",
    "550e8400_e29b_41d4_a716_446655440000",
    " 550e8400e29b41d4a71644665544000",
    "2026-05-04T10:00:07Z",
    "2026-05-04T10:00:07",
    "2026-05-04T10:00:07.123456+02:00",
    "20260504T100007Z",
    "2026-05-04",
    "2026-05-04T10:00:07.1234567890Z",
    "May 4 2026",
    "COMPLETE",
    "HIBERNATING",
    "PYTHON",
    "uploaded",
    0,
    1,
    -3,
    4.0,
    4.5,
    True,
    False,
    [],
    [1, "a", None],
    [{"name": "s", "status": "FINISHED"}, "x"],
    {},
    {"a": 1, "b": [1, {"c": None}]},
    {"name": "n", "status": "SOMETHING"},
]


def _reference(field: Any, value: Any) -> Any:
    """What `field` reads for `value`: its reader's loose reading, which the fill compiled
    for the model's class must give exactly."""
    if value is None:
        return None
    try:
        return field.reader.loose(value)
    except runtime._Mismatch:
        return value


def _same(actual: Any, expected: Any) -> bool:
    """Equal, and of the same types all the way down (a UUID is not its text, 4 is not 4.0,
    an aware datetime is not a naive one)."""
    if type(actual) is not type(expected):
        return False
    if isinstance(actual, list):
        return len(actual) == len(expected) and all(map(_same, actual, expected))
    if isinstance(actual, dict):
        return actual.keys() == expected.keys() and all(
            _same(actual[key], expected[key]) for key in actual
        )
    if isinstance(actual, float) and actual != actual:  # NaN: as it came, so NaN too
        return expected != expected
    if isinstance(actual, dt.datetime):
        return actual == expected and actual.utcoffset() == expected.utcoffset()
    return bool(actual == expected)


def _as_read(kind: type[Model], data: dict[str, Any]) -> list[Model]:
    """`data` as a model each way one is made: from decoded JSON (`from_dict`, and the json
    way of reading an answer), and from an answer's text (`read_text`: msgspec's decoder,
    which hands what does not fit to the json way), in ASCII and in UTF-8."""
    models = [kind.from_dict(copy.deepcopy(data))]
    for ascii_only in (True, False):
        text = json.dumps(data, ensure_ascii=ascii_only)
        model = runtime.read_text(text, kind)
        if model is None:  # text msgspec does not read as JSON: the json way reads it all
            assert "NaN" in text or "Infinity" in text
            continue
        assert isinstance(model, kind) and type(model._src) is not dict  # kept as its text
        models.append(model)
        (listed,) = runtime.read_text(f"[{text}]", list[kind])
        models.append(listed)
    return models


def _check_reads(kind: type[Model], data: dict[str, Any]) -> None:
    for model in _as_read(kind, data):
        for key, field in kind._fields().items():
            expected = _reference(field, copy.deepcopy(data.get(key)))
            actual = getattr(model, field.name)
            assert _same(actual, expected), (kind.__name__, field.name, data.get(key), actual)
        assert model.to_dict() == data  # reading changed nothing of the JSON


@pytest.mark.parametrize("kind", MODELS, ids=lambda kind: kind.__name__)
def test_every_field_reads_what_its_types_loose_reading_gives(kind: type[Model]) -> None:
    keys = list(kind._fields())
    for value in ODD_VALUES:
        _check_reads(kind, dict.fromkeys(keys, value))
    _check_reads(kind, {})  # every field absent
    _check_reads(kind, dict.fromkeys(keys))  # every field null
    # A field at a time, so that each field also meets each value in an object that has
    # every other key (the object is then used as it came, not rebuilt).
    full = dict.fromkeys(keys, "x")
    for key in keys:
        for value in ODD_VALUES:
            _check_reads(kind, {**full, key: value})


ANY_JSON = st.one_of(JSON_VALUES, ODD_TIMESTAMPS, UNKNOWN_ENUMS, st.uuids().map(str))


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(data=st.data())
def test_random_values_read_as_their_types_loose_reading_gives(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(MODELS))
    keys = st.sampled_from(list(kind._fields())) | st.text(max_size=6)
    _check_reads(kind, data.draw(st.dictionaries(keys, ANY_JSON, max_size=8)))


UUID_TEXT = st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda value: str(value).upper()),
    st.uuids().map(lambda value: value.hex),
    st.text(alphabet="0123456789abcdefABCDEF-_{}+ x:urn", min_size=28, max_size=40),
)


@settings(
    max_examples=500,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=UUID_TEXT)
def test_a_uuid_text_reads_as_uuid_uuid_reads_it(text: str) -> None:
    try:
        expected: Any = uuid.UUID(text)
    except ValueError:
        expected = text
    for _ in range(2):  # read, then read again (a repeated text is reused)
        actual = runtime._uuid(text)
        assert _same(actual, expected)
        if isinstance(actual, uuid.UUID):
            assert actual.is_safe is uuid.SafeUUID.unknown
            assert pickle.loads(pickle.dumps(actual)) == expected


def test_the_first_read_converts_every_field_and_later_reads_find_them() -> None:
    job = JobOutput.from_dict(copy.deepcopy(JOB))
    assert vars(job) == {}  # nothing converted until a field is read
    assert job.name == "n"
    values = vars(job)
    assert set(values) == set(JobOutput.model_json_keys())  # every field, absent ones too
    assert values["id"] == uuid.UUID(JOB["id"]) and values["started_at"] is None
    assert values["status"] is JobStatus.COMPLETE
    assert job.id is job.id and job.steps is job.steps and job.environment is job.environment
    step, other = job.steps or []
    assert isinstance(step, JobStep) and other == "not a step"
    assert set(vars(step)) == set(JobStep.model_json_keys())  # nested lists: filled with it
    assert step.status is JobStepStatus.FINISHED
    assert step.started_at == dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)


def test_strict_reading_converts_every_field_at_the_call() -> None:
    job = JobOutput.validate(copy.deepcopy(JOB | {"steps": [JOB["steps"][0]]}))
    assert set(vars(job)) == set(JobOutput.model_json_keys())  # before any read
    assert vars(job)["created_at"] == dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)
    (step,) = job.steps or []
    assert set(vars(step)) == set(JobStep.model_json_keys())
    with pytest.raises(runtime.ParseError, match=r"\[0\]\.run_group_id: expected a UUID"):
        parse([JOB | {"run_group_id": "not-a-uuid"}], list[JobOutput], strict=True)


@pytest.mark.parametrize(
    "extra", [{"to_dict": "x"}, {"brand_new": 1, "to_dict": "x", "model_extra": "y"}]
)
def test_keys_the_contract_does_not_declare_are_never_attributes(extra: dict[str, Any]) -> None:
    # With one extra key, the object has as many keys as the contract declares (`team` is
    # left out); with three, more.
    data = dict.fromkeys(JobOutput.model_json_keys().values()) | copy.deepcopy(JOB) | extra
    del data["team"]
    job = JobOutput.from_dict(data)
    assert job.name == "n" and job.team is None
    for key in extra:
        assert not isinstance(getattr(job, key, None), str | int)
    assert job.to_dict() == data  # a key named like a method hides nothing
    assert job.model_extra == extra


def test_fields_renamed_in_python_read_by_their_python_names() -> None:
    item = ValidationErrorItem.from_dict({"type": "missing", "input": {"a": 1}, "loc": ["q"]})
    assert item.type_ == "missing" and item.input_ == {"a": 1} and item.loc == ["q"]
    assert not hasattr(item, "type") and not hasattr(item, "input")
    dataset = Dataset.from_dict({"name": "d", "_versions_loaded": True, "extra": 1})
    assert dataset.field_versions_loaded is True and dataset.name == "d"
    assert dataset.to_dict() == {"name": "d", "_versions_loaded": True, "extra": 1}


@pytest.mark.parametrize("read", [False, True], ids=["unread", "read"])
def test_models_stay_read_only(read: bool) -> None:
    job = JobOutput.from_dict(copy.deepcopy(JOB))
    if read:
        assert job.name == "n"
    for name in ("name", "id", "brand_new", "_data", "__dict__"):
        with pytest.raises(AttributeError, match="read-only"):
            setattr(job, name, "changed")
        with pytest.raises(AttributeError, match="read-only"):
            delattr(job, name)
    assert job.name == "n" and job.to_dict() == JOB


def test_equality_pickling_copies_and_repr_do_not_depend_on_what_was_read() -> None:
    unread, read = (JobOutput.from_dict(copy.deepcopy(JOB)) for _ in range(2))
    text = repr(unread)  # repr reads every field itself
    assert repr(read) == text
    for name in JobOutput.model_json_keys():
        getattr(read, name)
    assert read == unread and repr(read) == text
    assert read != JobOutput.from_dict(copy.deepcopy(JOB) | {"name": "other"})
    for clone in (pickle.loads(pickle.dumps(read)), copy.copy(read), copy.deepcopy(read)):
        assert clone == read and type(clone) is JobOutput
        assert clone.id == read.id and clone.steps == read.steps and repr(clone) == text


def test_repeated_uuid_texts_are_read_once_and_few_are_kept() -> None:
    jobs = parse(
        [JOB | {"id": str(uuid.UUID(int=number))} for number in range(3 * runtime._UUIDS_KEPT)],
        list[JobOutput],
        strict=False,
    )
    ids = [job.id for job in jobs]
    assert ids == [uuid.UUID(int=number) for number in range(3 * runtime._UUIDS_KEPT)]
    assert len({job.run_group_id for job in jobs}) == 1
    assert len({id(job.run_group_id) for job in jobs[:100]}) == 1  # one UUID for one text
    assert len(runtime._UUIDS) <= runtime._UUIDS_KEPT


def test_a_model_built_as_a_request_body_reads_its_fields_too() -> None:
    when = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    step = JobStep(name="run", status=JobStepStatus.STARTED, started_at=when)
    assert step.status is JobStepStatus.STARTED and step.started_at == when
    assert step.label is None and step.to_dict()["started_at"] == when.isoformat()


def test_an_answer_as_studio_sends_it_is_filled_by_the_decoder_not_by_json() -> None:
    (job,) = runtime.read_text(json.dumps([JOB]), list[JobOutput])
    assert vars(job) == {} and type(job._src) is not dict
    assert job.id == uuid.UUID(JOB["id"]) and job.status is JobStatus.COMPLETE
    assert type(job._src) is not dict  # its text was never decoded the json way
    step, other = job.steps or []
    assert step.status is JobStepStatus.FINISHED and other == "not a step"
    assert job.to_dict() == JOB and type(job._src) is dict  # decoded when asked for
    drifted = JOB | {"status": "HIBERNATING", "workers": 2.0}
    (job,) = runtime.read_text(json.dumps([drifted]), list[JobOutput])
    assert job.status == "HIBERNATING" and job.status not in JobStatus and job.workers == 2
    assert type(job._src) is dict  # a value the decoder does not take: the json way


@pytest.mark.parametrize(
    "text",
    ["{}", "[1]", '[{"id": NaN}]', "[" * 5000 + "]" * 5000, '[{"a": "\\ud800"}]', "[{}] x"],
)
def test_text_of_another_shape_is_left_to_the_json_way(text: str) -> None:
    assert runtime.read_text(text, list[JobOutput]) is None


def _at_depth(frames: int, read: Any) -> Any:
    return read() if frames == 0 else _at_depth(frames - 1, read)


def test_a_nesting_msgspec_took_at_the_call_reads_from_deep_in_a_stack() -> None:
    # As deep as msgspec takes from here; read 400 frames deeper, where `json` alone would
    # run out of recursion.
    depth = 900
    while True:
        text = json.dumps([JOB | {"params": {"deep": _nested_lists(depth)}}])
        found = runtime.read_text(text, list[JobOutput])
        if found is not None:
            break
        depth -= 25
    (job,) = found
    if sys.version_info < (3, 12):  # from 3.12, `json` counts C recursion apart from frames
        with pytest.raises(RecursionError):
            _at_depth(400, lambda: json.loads(text))
    params = _at_depth(400, lambda: job.params)
    assert params == {"deep": _nested_lists(depth)} and job.name == "n"


def _nested_lists(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def test_without_msgspec_answers_are_read_the_json_way_and_read_the_same() -> None:
    script = f"""
import json, sys
sys.modules["msgspec"] = None  # as if not installed
import datachain_studio_api.types as runtime
from datachain_studio._parsing import parse
from datachain_studio.types import JobOutput
text = {json.dumps(json.dumps([JOB]))}
assert runtime.read_text(text, list[JobOutput]) is None
(job,) = parse(json.loads(text), list[JobOutput], strict=False)
print(job.id, job.status.name, job.steps[0].started_at.isoformat(), job.steps[1])
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    (job,) = runtime.read_text(json.dumps([JOB]), list[JobOutput])
    assert job.steps is not None
    expected = f"{job.id} {job.status.name} {job.steps[0].started_at.isoformat()} {job.steps[1]}"
    assert done.stdout.strip() == expected


def test_a_model_kept_from_a_list_keeps_its_own_text_not_the_answers() -> None:
    text = json.dumps([JOB | {"name": f"job-{n}"} for n in range(50)])
    before = sys.getrefcount(text)
    jobs = runtime.read_text(text, list[JobOutput])
    assert jobs is not None and sys.getrefcount(text) == before
    kept = jobs[7]
    del jobs
    assert len(bytes(kept._src)) == len(json.dumps(JOB | {"name": "job-7"}))
    assert kept.name == "job-7" and kept.to_dict() == JOB | {"name": "job-7"}


# --- strict reading from an answer's text -------------------------------------------------


def _same_filled(actual: Any, expected: Any) -> bool:
    """`_same`, and for models, every field made and the same, all the way down."""
    if isinstance(actual, Model):
        return (
            type(actual) is type(expected)
            and actual == expected
            and vars(actual).keys() == vars(expected).keys()
            and all(_same_filled(vars(actual)[k], vars(expected)[k]) for k in vars(actual))
        )
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(map(_same_filled, actual, expected))
    return _same(actual, expected)


def _check_strict(kind: type[Model], data: dict[str, Any]) -> bool:
    """Strict reading of `data`'s text gives what `validate` gives, or declines (then the
    json way runs `validate`); never a model `validate` refuses. True when it read it."""
    try:
        expected: Model | None = kind.validate(copy.deepcopy(data))
    except runtime.ParseError:
        expected = None
    text = json.dumps(data)
    alone = runtime.read_text(text, kind, strict=True)
    listed = runtime.read_text(f"[{text}]", list[kind], strict=True)
    read = False
    for model in (alone, listed[0] if listed else None):
        if expected is None:
            assert model is None, (kind.__name__, data)
        elif model is not None:
            assert vars(model), kind.__name__  # made at the call, before any read
            assert _same_filled(model, expected), (kind.__name__, data)
            assert model.to_dict() == data
            read = True
    return read


@pytest.mark.parametrize("kind", MODELS, ids=lambda kind: kind.__name__)
def test_strict_reading_of_text_gives_what_validate_gives(kind: type[Model]) -> None:
    keys = list(kind._fields())
    for value in ODD_VALUES:
        _check_strict(kind, dict.fromkeys(keys, value))
    _check_strict(kind, {})
    _check_strict(kind, dict.fromkeys(keys))
    full = dict.fromkeys(keys, "x")
    for key in keys:
        for value in [*ODD_VALUES, None]:
            _check_strict(kind, {**full, key: value})


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(data=st.data())
def test_strict_reading_of_random_text_gives_what_validate_gives(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(MODELS))
    keys = st.sampled_from(list(kind._fields())) | st.text(max_size=6)
    _check_strict(kind, data.draw(st.dictionaries(keys, ANY_JSON, max_size=8)))


def test_strict_reading_of_studios_answers_is_done_in_c() -> None:
    job = JOB | {"steps": [JOB["steps"][0]]}
    assert _check_strict(JobOutput, job)  # read by the decoder, not declined
    (read,) = runtime.read_text(json.dumps([job]), list[JobOutput], strict=True)
    assert type(read._src) is not dict and read.steps is not None
    assert read.steps[0].started_at == dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)
    for misfit in ({"steps": ["not a step"]}, {"created_at": "soon"}, {"workers": None}):
        assert not _check_strict(JobOutput, job | misfit)  # declined: validate names it
    drop_url = {key: value for key, value in job.items() if key != "url"}
    assert not _check_strict(JobOutput, drop_url)
