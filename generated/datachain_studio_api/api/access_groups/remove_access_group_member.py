from urllib.parse import quote
from uuid import UUID

from ...types import Request, _query


def request(
    group_id: UUID,
    user_id: int,
    *,
    team_name: str | None = None,
) -> Request:
    """Remove a member from an access group: `DELETE /api/datachain/rbac/access-groups/{group_id}/members/{user_id}/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="DELETE",
        path="/api/datachain/rbac/access-groups/{group_id}/members/{user_id}/".format(
            group_id=quote(str(group_id), safe=""),
            user_id=quote(str(user_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=None,
    )
