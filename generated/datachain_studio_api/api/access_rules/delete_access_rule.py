from urllib.parse import quote
from uuid import UUID

from ...types import Request, _query


def request(
    rule_id: UUID,
    *,
    team_name: str | None = None,
) -> Request:
    """Delete an access rule: `DELETE /api/datachain/rbac/access-rules/{rule_id}/`.

    An optional argument left `None` is not sent.
    """
    return Request(
        method="DELETE",
        path="/api/datachain/rbac/access-rules/{rule_id}/".format(
            rule_id=quote(str(rule_id), safe=""),
        ),
        params=_query(
            {
                "team_name": team_name,
            }
        ),
        result=None,
    )
