from uuid import UUID

from ...models.job_output import JobOutput
from ...models.job_status import JobStatus
from ...models.job_status_group import JobStatusGroup
from ...types import Request, _query


def request(
    *,
    team_name: str,
    status: JobStatus | JobStatusGroup | str | None = None,
    limit: int | None = None,
    job_id: UUID | None = None,
    include_steps: bool | None = None,
) -> Request:
    """List jobs: `GET /api/datachain/jobs/`.

    Jobs of the team, newest first, with optional filtering by status. With `job_id`, just
    that job: this is how a single job is read (there is no GET-by-id route).

    Requires a token with read access to the JOB scope.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/jobs/",
        params=_query(
            {
                "team_name": team_name,
                "status": status,
                "limit": limit,
                "job_id": job_id,
                "include_steps": include_steps,
            }
        ),
        result=list[JobOutput],
    )
