from urllib.parse import quote
from uuid import UUID

from ...models.access_group_output import AccessGroupOutput
from ...models.access_group_update_input import AccessGroupUpdateInput
from ...types import Request, _query, _to_json


def request(
    group_id: UUID,
    *,
    body: AccessGroupUpdateInput,
    team_name: str | None = None,
) -> Request:
    """Update an access group: `PATCH /api/datachain/rbac/access-groups/{group_id}/`.

    Renames a group or changes its description; fields left out keep their value.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="PATCH",
        path="/api/datachain/rbac/access-groups/{group_id}/".format(
            group_id=quote(str(group_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        json=_to_json(body),
        content_type="application/json",
        result=AccessGroupOutput,
    )
