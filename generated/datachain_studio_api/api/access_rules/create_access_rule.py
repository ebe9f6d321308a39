from ...models.access_rule_input import AccessRuleInput
from ...models.access_rule_output import AccessRuleOutput
from ...types import Request, _query, _to_json


def request(
    *,
    body: AccessRuleInput,
    team_name: str | None = None,
) -> Request:
    """Create an access rule: `POST /api/datachain/rbac/access-rules/`.

    Grants a user (`user_id`) or a group (`group_id`) a permission on a resource.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="POST",
        path="/api/datachain/rbac/access-rules/",
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        json=_to_json(body),
        content_type="application/json",
        result=AccessRuleOutput,
    )
