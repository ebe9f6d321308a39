from urllib.parse import quote
from uuid import UUID

from ...models.access_group_member_output import AccessGroupMemberOutput
from ...models.access_group_member_update_input import AccessGroupMemberUpdateInput
from ...types import Request, _query, _to_json


def request(
    group_id: UUID,
    user_id: int,
    *,
    body: AccessGroupMemberUpdateInput,
    team_name: str | None = None,
) -> Request:
    """Change a member's role in an access group: `PATCH /api/datachain/rbac/access-groups/{group_id}/members/{user_id}/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="PATCH",
        path="/api/datachain/rbac/access-groups/{group_id}/members/{user_id}/".format(
            group_id=quote(str(group_id), safe=""),
            user_id=quote(str(user_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        json=_to_json(body),
        content_type="application/json",
        result=AccessGroupMemberOutput,
    )
