"""`datachain-studio groups` and `rules`: access control (RBAC).

A GROUP argument is a group's id (a UUID) or its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ._context import (
    OrderedGroup,
    State,
    find_named,
    is_uuid,
    json_option,
    pass_state,
    wants_json,
)
from ._output import echo, format_time, print_json, print_record, print_table, value_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..types import AccessGroupMemberOutput, AccessGroupOutput, AccessRuleOutput

_GROUP = click.argument("group", metavar="GROUP")
_USER = click.argument("user_id", metavar="USER_ID", type=int)
_ROLE = click.option("--role", required=True, metavar="ROLE", help="e.g. read, write or admin.")


# --- groups ---------------------------------------------------------------------------------


@click.group(cls=OrderedGroup, short_help="Groups of users and their members.")
def groups() -> None:
    """Groups of users, and their members, for access rules.

    GROUP is a group's id or its name.
    """


@groups.command("ls")
@json_option
@pass_state
def list_groups(state: State, as_json: bool) -> None:
    """List the team's groups."""
    found = state.studio.access_groups.list()
    if wants_json(state, as_json):
        print_json(found)
        return
    print_table(
        ["ID", "NAME", "MEMBERS", "DESCRIPTION", "CREATED"],
        (
            [
                str(group.id),
                value_text(group.name),
                value_text(group.member_count),
                value_text(group.description),
                format_time(group.created_at),
            ]
            for group in found
        ),
        empty="No groups.",
    )


@groups.command("create")
@click.argument("name")
@click.option("--description", metavar="TEXT", help="What the group is for.")
@json_option
@pass_state
def create_group(state: State, name: str, description: str | None, as_json: bool) -> None:
    """Create a group."""
    group = state.studio.access_groups.create(name, description=description)
    _print_group(state, as_json, group, f"Created group {group.name}")


@groups.command("update")
@_GROUP
@click.option("--name", metavar="NAME", help="A new name.")
@click.option("--description", metavar="TEXT", help="A new description.")
@json_option
@pass_state
def update_group(
    state: State, group: str, name: str | None, description: str | None, as_json: bool
) -> None:
    """Rename a group or change its description."""
    if name is None and description is None:
        raise click.UsageError("Nothing to change: give --name or --description.")
    group_id = _group_id(state, group)
    updated = state.studio.access_groups.update(group_id, name=name, description=description)
    _print_group(state, as_json, updated, f"Updated group {updated.name}")


@groups.command("delete")
@_GROUP
@json_option
@pass_state
def delete_group(state: State, group: str, as_json: bool) -> None:
    """Delete a group."""
    group_id = _group_id(state, group)
    state.studio.access_groups.delete(group_id)
    if wants_json(state, as_json):
        print_json({"deleted": "group", "id": group_id})
        return
    echo(f"Deleted group {group}")


@groups.group("members", cls=OrderedGroup)
def members() -> None:
    """The members of a group: list, add, change their role, remove."""


@members.command("ls")
@_GROUP
@json_option
@pass_state
def list_members(state: State, group: str, as_json: bool) -> None:
    """List a group's members."""
    found = state.studio.access_groups.list_members(_group_id(state, group))
    if wants_json(state, as_json):
        print_json(found)
        return
    print_table(
        ["USER ID", "USERNAME", "EMAIL", "ROLE"],
        (
            [
                str(member.user_id),
                value_text(member.username),
                value_text(member.email),
                value_text(member.role),
            ]
            for member in found
        ),
        empty=f"Group {group} has no members.",
    )


@members.command("add")
@_GROUP
@_USER
@_ROLE
@json_option
@pass_state
def add_member(state: State, group: str, user_id: int, role: str, as_json: bool) -> None:
    """Add a user to a group with a role."""
    member = state.studio.access_groups.add_member(
        _group_id(state, group), user_id=user_id, role=role
    )
    _print_member(state, as_json, member, f"Added user {user_id} to {group} as {role}")


@members.command("update")
@_GROUP
@_USER
@_ROLE
@json_option
@pass_state
def update_member(state: State, group: str, user_id: int, role: str, as_json: bool) -> None:
    """Change a member's role."""
    member = state.studio.access_groups.update_member(_group_id(state, group), user_id, role=role)
    _print_member(state, as_json, member, f"User {user_id} is now {role} in {group}")


@members.command("remove")
@_GROUP
@_USER
@json_option
@pass_state
def remove_member(state: State, group: str, user_id: int, as_json: bool) -> None:
    """Remove a user from a group."""
    group_id = _group_id(state, group)
    state.studio.access_groups.remove_member(group_id, user_id)
    if wants_json(state, as_json):
        print_json({"removed": "member", "group_id": group_id, "user_id": user_id})
        return
    echo(f"Removed user {user_id} from {group}")


def _group_id(state: State, group: str) -> str:
    """A group's id, from its id or its name."""
    if is_uuid(group):
        return group.strip()
    found = find_named(
        state.studio.access_groups.list(),
        group,
        kind="group",
        name_of=lambda g: g.name,
        listing="groups ls",
    )
    return str(found.id)


def _print_group(state: State, as_json: bool, group: AccessGroupOutput, headline: str) -> None:
    if wants_json(state, as_json):
        print_json(group)
        return
    echo(headline)
    pairs: list[tuple[str, RenderableType]] = [
        ("ID", str(group.id)),
        ("Name", value_text(group.name)),
        ("Description", value_text(group.description)),
        ("Members", value_text(group.member_count)),
        ("Created", format_time(group.created_at)),
    ]
    print_record(pairs)


def _print_member(
    state: State, as_json: bool, member: AccessGroupMemberOutput, headline: str
) -> None:
    if wants_json(state, as_json):
        print_json(member)
        return
    echo(headline)


# --- rules ----------------------------------------------------------------------------------


@click.group(cls=OrderedGroup, short_help="Who may do what on which resource.")
def rules() -> None:
    """Access rules: a permission on a resource for a user or a group."""


@rules.command("ls")
@json_option
@pass_state
def list_rules(state: State, as_json: bool) -> None:
    """List the team's access rules."""
    found = state.studio.access_rules.list()
    if wants_json(state, as_json):
        print_json(found)
        return
    print_table(
        ["ID", "RESOURCE", "PERMISSION", "FOR"],
        (
            [str(rule.id), _resource(rule), value_text(rule.permission), _who(rule)]
            for rule in found
        ),
        empty="No access rules.",
    )


@rules.command("create")
@click.option(
    "--resource-type", required=True, metavar="TYPE", help="What kind of resource: namespace, ..."
)
@click.option("--resource-id", required=True, metavar="ID", help="The resource's id or name.")
@click.option("--permission", required=True, metavar="PERMISSION", help="e.g. read or write.")
@click.option("--user-id", type=int, metavar="USER_ID", help="Grant it to this user ...")
@click.option("--group", metavar="GROUP", help="... or to this group (id or name).")
@json_option
@pass_state
def create_rule(
    state: State,
    resource_type: str,
    resource_id: str,
    permission: str,
    user_id: int | None,
    group: str | None,
    as_json: bool,
) -> None:
    """Grant a user or a group a permission on a resource.

    \b
    Example:
      datachain-studio rules create --resource-type namespace --resource-id dev \\
          --permission write --group data-team
    """
    if (user_id is None) == (group is None):
        raise click.UsageError("Give exactly one of --user-id and --group.")
    group_id = _group_id(state, group) if group is not None else None
    rule = state.studio.access_rules.create(
        resource_type=resource_type,
        resource_id=int(resource_id) if resource_id.isdigit() else resource_id,
        permission=permission,
        user_id=user_id,
        group_id=group_id,
    )
    _print_rule(state, as_json, rule, "Created rule")


@rules.command("update")
@click.argument("rule_id")
@click.option("--permission", required=True, metavar="PERMISSION", help="The new permission.")
@json_option
@pass_state
def update_rule(state: State, rule_id: str, permission: str, as_json: bool) -> None:
    """Change a rule's permission."""
    rule = state.studio.access_rules.update(rule_id, permission=permission)
    _print_rule(state, as_json, rule, "Updated rule")


@rules.command("delete")
@click.argument("rule_id")
@json_option
@pass_state
def delete_rule(state: State, rule_id: str, as_json: bool) -> None:
    """Delete a rule."""
    state.studio.access_rules.delete(rule_id)
    if wants_json(state, as_json):
        print_json({"deleted": "rule", "id": rule_id})
        return
    echo(f"Deleted rule {rule_id}")


def _resource(rule: AccessRuleOutput) -> str:
    name = rule.resource_name or rule.resource_id or rule.resource_uuid
    return f"{value_text(rule.resource_type)} {value_text(name)}"


def _who(rule: AccessRuleOutput) -> str:
    if rule.group_id:
        return f"group {value_text(rule.group_name or rule.group_id)}"
    if isinstance(rule.user_id, int):
        return f"user {value_text(rule.user_email or rule.user_id)}"
    return "-"


def _print_rule(state: State, as_json: bool, rule: AccessRuleOutput, verb: str) -> None:
    if wants_json(state, as_json):
        print_json(rule)
        return
    echo(f"{verb} {rule.id}: {_resource(rule)}, {value_text(rule.permission)} for {_who(rule)}")
