from urllib.parse import quote
from uuid import UUID

from ...models.action_feedback import ActionFeedback
from ...models.job_cancel_input import JobCancelInput
from ...types import Request, _to_json


def request(
    job_id: UUID,
    *,
    body: JobCancelInput,
) -> Request:
    """Cancel a job: `POST /api/datachain/jobs/{job_id}/cancel`.

    Cancels a queued or running job. Cancelling a job that has finished is an error.

    Requires a token with write access to the JOB scope.
    """
    return Request(
        method="POST",
        path="/api/datachain/jobs/{job_id}/cancel".format(
            job_id=quote(str(job_id), safe=""),
        ),
        json=_to_json(body),
        content_type="application/json",
        result=ActionFeedback,
    )
