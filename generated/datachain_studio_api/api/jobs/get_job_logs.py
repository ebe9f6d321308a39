from urllib.parse import quote
from uuid import UUID

from ...models.job_logs_output import JobLogsOutput
from ...types import Request, _query


def request(
    job_id: UUID,
    *,
    team_name: str | None = None,
) -> Request:
    """Get a job's logs: `GET /api/datachain/jobs/{job_id}/logs`.

    The log lines a job has written so far, oldest first, with the job's current status.

    The reference leaves this body undeclared. This contract fixes it as JSON
    (`JobLogsOutput`) in the shape Studio already uses for the same data on its log-follow
    WebSocket (`{"logs": [{"id", "message"}]}` and `{"job": {"status"}}` frames): a list of
    lines with stable, increasing ids, so that a client polling this endpoint can print
    only the lines it has not seen, and the job's status, so that it knows when to stop.

    Requires a token with read access to the JOB scope.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/jobs/{job_id}/logs".format(
            job_id=quote(str(job_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=JobLogsOutput,
    )
