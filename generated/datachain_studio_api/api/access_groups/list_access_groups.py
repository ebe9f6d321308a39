from ...models.access_group_output import AccessGroupOutput
from ...types import Request, _query


def request(
    *,
    team_name: str | None = None,
) -> Request:
    """List access groups: `GET /api/datachain/rbac/access-groups/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/rbac/access-groups/",
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=list[AccessGroupOutput],
    )
