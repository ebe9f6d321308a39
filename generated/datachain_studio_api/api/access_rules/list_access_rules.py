from ...models.access_rule_output import AccessRuleOutput
from ...types import Request, _query


def request(
    *,
    team_name: str | None = None,
) -> Request:
    """List access rules: `GET /api/datachain/rbac/access-rules/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="GET",
        path="/api/datachain/rbac/access-rules/",
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=list[AccessRuleOutput],
    )
