"""Access control: access groups, their members, and access rules (given to a user or to a
group; a group's rules go when it does)."""

from __future__ import annotations

import uuid

from .._state import Group, Member, Rule, State, Team
from .base import ApiError, Context, Handler, Reply, canonical

__all__ = ["OPERATIONS"]


# --- access groups and members -------------------------------------------------------------


def create_access_group(ctx: Context) -> Reply:
    name = ctx.body["name"]
    _unique_group_name(ctx.team, name)
    group = Group(str(uuid.uuid4()), name, ctx.field("description"), ctx.state.now())
    ctx.team.groups[group.id] = group
    return Reply(201, group.to_json())


def list_access_groups(ctx: Context) -> Reply:
    return Reply(200, [group.to_json() for group in ctx.team.groups.values()])


def update_access_group(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    name = ctx.field("name")
    if name is not None and name != group.name:
        _unique_group_name(ctx.team, name)
        group.name = name
    if ctx.field("description") is not None:
        group.description = ctx.field("description")
    return Reply(200, group.to_json())


def delete_access_group(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    del ctx.team.groups[group.id]
    for rule in [r for r in ctx.team.rules.values() if r.group_id == group.id]:
        del ctx.team.rules[rule.id]
    return Reply(204)


def list_access_group_members(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    return Reply(200, [group.members[user].to_json() for user in sorted(group.members)])


def add_access_group_member(ctx: Context) -> Reply:
    group = _group(ctx.team, ctx.params["group_id"])
    user_id = ctx.body["user_id"]
    if user_id in group.members:
        raise ApiError(409, f"User {user_id} is already a member of {group.name}")
    username = _username(ctx.state, user_id)
    member = Member(user_id, ctx.body["role"], username, f"{username}@example.com")
    group.members[user_id] = member
    return Reply(201, member.to_json())


def update_access_group_member(ctx: Context) -> Reply:
    member = _member(ctx.team, ctx.params["group_id"], ctx.params["user_id"])
    member.role = ctx.body["role"]
    return Reply(200, member.to_json())


def remove_access_group_member(ctx: Context) -> Reply:
    member = _member(ctx.team, ctx.params["group_id"], ctx.params["user_id"])
    del _group(ctx.team, ctx.params["group_id"]).members[member.user_id]
    return Reply(204)


# --- access rules --------------------------------------------------------------------------


def create_access_rule(ctx: Context) -> Reply:
    user_id, group_id = ctx.field("user_id"), ctx.field("group_id")
    if (user_id is None) == (group_id is None):
        raise ApiError(400, "Give either user_id or group_id (one of them)")
    if group_id is not None:
        group_id = _group(ctx.team, group_id).id
    rule = Rule(
        id=str(uuid.uuid4()),
        resource_type=ctx.body["resource_type"],
        resource_id=ctx.body["resource_id"],
        permission=ctx.body["permission"],
        user_id=user_id,
        user_email=None if user_id is None else f"{_username(ctx.state, user_id)}@example.com",
        group_id=group_id,
    )
    ctx.team.rules[rule.id] = rule
    return Reply(201, rule.to_json(ctx.team.groups))


def list_access_rules(ctx: Context) -> Reply:
    return Reply(200, [rule.to_json(ctx.team.groups) for rule in ctx.team.rules.values()])


def update_access_rule(ctx: Context) -> Reply:
    rule = _rule(ctx.team, ctx.params["rule_id"])
    rule.permission = ctx.body["permission"]
    return Reply(200, rule.to_json(ctx.team.groups))


def delete_access_rule(ctx: Context) -> Reply:
    del ctx.team.rules[_rule(ctx.team, ctx.params["rule_id"]).id]
    return Reply(204)


# --- helpers -------------------------------------------------------------------------------


def _group(team: Team, group_id: str) -> Group:
    group = team.groups.get(canonical(group_id, "Access group"))
    if group is None:
        raise ApiError(404, f"Access group {group_id} not found")
    return group


def _unique_group_name(team: Team, name: str) -> None:
    if any(group.name == name for group in team.groups.values()):
        raise ApiError(409, f"A group named {name!r} already exists")


def _member(team: Team, group_id: str, user_id: int) -> Member:
    group = _group(team, group_id)
    if user_id not in group.members:
        raise ApiError(404, f"User {user_id} is not a member of {group.name}")
    return group.members[user_id]


def _rule(team: Team, rule_id: str) -> Rule:
    rule = team.rules.get(canonical(rule_id, "Access rule"))
    if rule is None:
        raise ApiError(404, f"Access rule {rule_id} not found")
    return rule


def _username(state: State, user_id: int) -> str:
    user = state.users.get(user_id)
    return user.username if user else f"user{user_id}"


OPERATIONS: dict[str, Handler] = {
    "create_access_group": create_access_group,
    "list_access_groups": list_access_groups,
    "update_access_group": update_access_group,
    "delete_access_group": delete_access_group,
    "list_access_group_members": list_access_group_members,
    "add_access_group_member": add_access_group_member,
    "update_access_group_member": update_access_group_member,
    "remove_access_group_member": remove_access_group_member,
    "create_access_rule": create_access_rule,
    "list_access_rules": list_access_rules,
    "update_access_rule": update_access_rule,
    "delete_access_rule": delete_access_rule,
}
