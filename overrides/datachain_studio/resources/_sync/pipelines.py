# Generated from resources/_async/pipelines.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""`studio.pipelines`: build, run and steer pipelines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from datachain_studio_api.api.pipelines import (
    duplicate_pipeline,
    pause_pipeline,
    resume_pipeline,
)
from datachain_studio_api.models import (
    JobPipelineOutput,
    UploadFileOutput,
)

from ..._base_client import Timeout
from .._base import RETRIES_ONCE, Body, Headers, Query, SyncResource, Team, shared_args
from ..pipelines import JobId, PipelineId, StatusFilter, _PipelinesCalls


class Pipelines(_PipelinesCalls, SyncResource):
    """`Studio.pipelines`: build, run and steer pipelines."""

    @shared_args(max_retries=RETRIES_ONCE)
    def trigger(
        self,
        datasets: Iterable[str],
        *,
        review: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """Create a pipeline definition from the dependencies of `datasets` (does not run it).

        Studio builds the definition's graph of jobs after answering; start a run of it with
        `run(definition.pipeline_id)`, or, with `review=True`, with `resume`.

        Args:
            datasets: The datasets to build the pipeline for: one name, or an iterable of
                names (at least one, none blank). Each is `name`, `name@vX.Y.Z`,
                `@namespace.project.name` or `@namespace.project.name@vX.Y.Z`.
            review: True: make the pipeline `PAUSED`, waiting for review, so that `resume`
                starts it (what the official CLI's `pipeline create` sends); None (the
                default) leaves it to Studio.

        Returns:
            The new definition, as a `JobPipelineOutput`; its `pipeline_id` is what `run` takes.

        Raises:
            InvalidRequestError: `datasets` is empty or holds a blank name or a non-string,
                `review` is not a bool, or `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._trigger(datasets, review, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(max_retries=RETRIES_ONCE)
    def run(
        self,
        definition_id: PipelineId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """Start a run of a pipeline definition, named by its `pipeline_id` (a UUID).

        A name is refused (`InvalidRequestError`) rather than looked up: resolving it would
        be a second request, and a name can be shared by a definition and its runs. Pass
        `studio.pipelines.get(name).pipeline_id`, or the `pipeline_id` of the definition
        `trigger` returned.

        Args:
            definition_id: The definition's `pipeline_id`: a `uuid.UUID` or its text (not
                a name).

        Returns:
            The run that was started, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: `definition_id` is not a UUID (a name, say), or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such definition).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._api.execute(
            self._run(definition_id, team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    def update_settings(
        self,
        pipeline_name: str,
        *,
        python_version: str | None = None,
        requirements: str | Iterable[str] | None = None,
        repository: str | None = None,
        workers: int | None = None,
        priority: int | None = None,
        environment: Mapping[str, str | int | float] | str | Iterable[str] | None = None,
        files: Iterable[UploadFileOutput | int | str] | None = None,
        credentials_names: Iterable[str] | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """Change the settings a pipeline's jobs run with; arguments left out keep their value.

        Every setting defaults to None, which sends nothing for it: Studio keeps its value.

        Args:
            pipeline_name: The pipeline's name (non-empty text; not its id: get the name with
                `get(pipeline_id=...).name`).
            python_version: The Python version the jobs run on, e.g. `"3.12"`.
            requirements: pip requirements for the jobs: text, one requirement a line, or
                an iterable of single-line strings (joined with newlines).
            repository: A git repository to check out for the jobs (its URL).
            workers: How many workers each job runs with: an integer from 1 up.
            priority: The jobs' priority: an integer from 0 (lowest) to 5 (highest).
            environment: Environment variables for the jobs: a mapping of names to strings
                (an int or float is sent as `str()`; bytes, bools and None are refused),
                dotenv text (`"A=1\\nB='x y'"`: `KEY=VALUE` lines, `#` comments, optional
                `export `, quotes stripped, a later line wins), or an iterable of such lines.
                Names must be valid variable names; values cannot hold a line break.
            files: Uploaded files the jobs use: what `jobs.upload` returned
                (`UploadFileOutput`), or upload ids (int or str).
            credentials_names: Names of the cloud credentials the jobs may use (an iterable
                of strings).

        Returns:
            The pipeline with its new settings, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: `pipeline_name` is not a name, a setting has the wrong
                type or is out of range (`workers` below 1, `priority` outside 0-5), an
                environment name or line is malformed, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update_settings(pipeline_name, team, dict(locals()))
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    def get(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """A pipeline (a definition or a run) with the status of each of its jobs.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.

        Returns:
            The pipeline, as a `JobPipelineOutput` (its `jobs` each with a status).

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._get(name, pipeline_id, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    def pause(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """Pause a pipeline run: jobs that have not started wait until it is resumed.

        A definition that never ran cannot be paused (Studio refuses it).

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.

        Returns:
            The paused pipeline, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline; an error when it cannot be paused).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(pause_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    def resume(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """Resume a paused pipeline run.

        A pipeline waiting for review (`trigger(..., review=True)`) starts running here.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.

        Returns:
            The resumed pipeline, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(resume_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args(max_retries=RETRIES_ONCE)
    def duplicate(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """Copy a run (a snapshot of it) or a definition into a new definition.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.

        Returns:
            The new definition, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(
            duplicate_pipeline, self._named(name, pipeline_id, team), idempotent=False
        )
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    def remove_job(
        self,
        name: str | None = None,
        *,
        job_id: JobId,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> JobPipelineOutput:
        """Remove a job (and the jobs that depend on it) from a pipeline.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            job_id: The job to remove: its id, a `uuid.UUID` or non-empty text.

        Returns:
            The pipeline without that job, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, `job_id` is empty, or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline, or the pipeline no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._remove_job(name, pipeline_id, job_id, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    def list(
        self,
        *,
        status: StatusFilter | Iterable[StatusFilter] | None = None,
        limit: int | None = None,
        search: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> list[JobPipelineOutput]:
        """The team's pipelines, newest first, optionally only those in the given status(es).

        Args:
            status: Only pipelines in this status, or in any of these: a `PipelineStatus`
                or its name in any case (`"completed"` sends `COMPLETED`), or an iterable
                of them (at least one). None (the default): every status.
            limit: The most pipelines to return: an integer from 1 up; None leaves it to
                Studio.
            search: Only pipelines whose name contains this text.

        Returns:
            The pipelines, as `JobPipelineOutput`s.

        Raises:
            InvalidRequestError: A status is unknown (the message lists the valid ones),
                `status` is an empty iterable, `limit` is below 1 or not an integer,
                `search` is not text, or `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._list(status, limit, search, team)
        return self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
