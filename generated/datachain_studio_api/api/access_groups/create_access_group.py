from ...models.access_group_input import AccessGroupInput
from ...models.access_group_output import AccessGroupOutput
from ...types import Request, _query, _to_json


def request(
    *,
    body: AccessGroupInput,
    team_name: str | None = None,
) -> Request:
    """Create an access group: `POST /api/datachain/rbac/access-groups/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="POST",
        path="/api/datachain/rbac/access-groups/",
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        json=_to_json(body),
        content_type="application/json",
        result=AccessGroupOutput,
    )
