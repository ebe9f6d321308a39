from urllib.parse import quote
from uuid import UUID

from ...models.access_rule_output import AccessRuleOutput
from ...models.access_rule_update_input import AccessRuleUpdateInput
from ...types import Request, _query, _to_json


def request(
    rule_id: UUID,
    *,
    body: AccessRuleUpdateInput,
    team_name: str | None = None,
) -> Request:
    """Change an access rule's permission: `PATCH /api/datachain/rbac/access-rules/{rule_id}/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="PATCH",
        path="/api/datachain/rbac/access-rules/{rule_id}/".format(
            rule_id=quote(str(rule_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        json=_to_json(body),
        content_type="application/json",
        result=AccessRuleOutput,
    )
