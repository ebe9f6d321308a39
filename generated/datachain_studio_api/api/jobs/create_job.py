from ...models.job_input import JobInput
from ...models.job_output import JobOutput
from ...types import Request, _to_json


def request(
    *,
    body: JobInput,
) -> Request:
    """Create a job: `POST /api/datachain/jobs/`.

    Creates a job and returns its metadata. The job starts in `CREATED` and moves on
    through the queue; read it again with `list_jobs?job_id=` or follow its logs.

    `compute_cluster_name` and `compute_cluster_id` are mutually exclusive.
    Requires a token with write access to the JOB scope.
    """
    return Request(
        method="POST",
        path="/api/datachain/jobs/",
        json=_to_json(body),
        content_type="application/json",
        result=JobOutput,
    )
