from urllib.parse import quote
from uuid import UUID

from ...models.access_group_member_output import AccessGroupMemberOutput
from ...types import Request, _query


def request(
    group_id: UUID,
    *,
    team_name: str | None = None,
) -> Request:
    """List the members of an access group: `GET /api/datachain/rbac/access-groups/{group_id}/members/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/rbac/access-groups/{group_id}/members/".format(
            group_id=quote(str(group_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=list[AccessGroupMemberOutput],
    )
