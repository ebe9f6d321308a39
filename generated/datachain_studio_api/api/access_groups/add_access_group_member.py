from urllib.parse import quote
from uuid import UUID

from ...models.access_group_member_input import AccessGroupMemberInput
from ...models.access_group_member_output import AccessGroupMemberOutput
from ...types import Request, _query, _to_json


def request(
    group_id: UUID,
    *,
    body: AccessGroupMemberInput,
    team_name: str | None = None,
) -> Request:
    """Add a member to an access group: `POST /api/datachain/rbac/access-groups/{group_id}/members/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="POST",
        path="/api/datachain/rbac/access-groups/{group_id}/members/".format(
            group_id=quote(str(group_id), safe=""),
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
