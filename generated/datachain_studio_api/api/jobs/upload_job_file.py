from ...models.upload_file_output import UploadFileOutput
from ...types import Request, _query


def request(
    *,
    team_name: str,
) -> Request:
    """Upload a file for jobs: `POST /api/datachain/jobs/files`.

    Uploads one file (multipart field `file`) for jobs to use. Put the returned `id` in the
    `files` field of `JobInput`.

    Requires a token with write access to the JOB scope.

    The body (`multipart/form-data`) is not built here: the sender streams it.
    """
    return Request(
        method="POST",
        path="/api/datachain/jobs/files",
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        content_type="multipart/form-data",
        result=UploadFileOutput,
    )
