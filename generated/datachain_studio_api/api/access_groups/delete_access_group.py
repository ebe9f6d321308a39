from urllib.parse import quote
from uuid import UUID

from ...types import Request, _query


def request(
    group_id: UUID,
    *,
    team_name: str | None = None,
) -> Request:
    """Delete an access group: `DELETE /api/datachain/rbac/access-groups/{group_id}/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="DELETE",
        path="/api/datachain/rbac/access-groups/{group_id}/".format(
            group_id=quote(str(group_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=None,
    )
