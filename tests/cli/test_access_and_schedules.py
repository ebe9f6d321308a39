"""`datachain-studio schedules|groups|rules ...` against the local Studio."""

from __future__ import annotations

import re

from datachain_studio import Studio
from tests.cli.conftest import Cli


def test_schedules(cli: Cli, client: Studio) -> None:
    definition = client.pipelines.trigger(["scheduled-a"])
    create_table, create_json = cli.many(
        (
            "schedules",
            "create",
            "--pipeline",
            definition.name,
            "--cron",
            "0 3 * * *",
            "--name",
            "nightly",
            "--start-time",
            "2030-01-01T00:00:00Z",
        ),
        (
            "schedules",
            "create",
            "--pipeline",
            str(definition.pipeline_id),
            "--cron",
            "*/5 * * * *",
            "--json",
        ),
    )
    found = re.search(r"Created schedule (\d+)", create_table.out)
    assert found, create_table
    first, second = int(found.group(1)), create_json.data["id"]
    assert re.search(r"Pipeline\s+" + re.escape(definition.name), create_table.out)
    assert create_json.data["cron_expression"] == "*/5 * * * *"
    assert create_json.data["pipeline"]["name"] == definition.name

    ls_table, ls_json, get_table, get_json = cli.many(
        ("schedules", "ls"),
        ("schedules", "ls", "--json"),
        ("schedules", "get", str(first)),
        ("schedules", "get", str(second), "--json"),
    )
    assert "nightly" in ls_table.out and "0 3 * * *" in ls_table.out
    assert {first, second} <= {item["id"] for item in ls_json.data}
    assert re.search(r"Next run\s+2030-01-01", get_table.out), get_table
    assert get_json.data["id"] == second

    results = cli.many(
        ("schedules", "update", str(first), "--cron", "30 4 * * 1", "--name", "weekly"),
        ("schedules", "update", str(second), "--start-time", "+2h", "--json"),
        ("schedules", "pause", str(first)),
        ("schedules", "pause", str(second), "--json"),
    )
    assert "Updated schedule" in results[0].out
    assert results[1].data["start_after"] is not None
    assert f"Paused schedule {first}" in results[2].out
    assert results[3].data["next_run"] is None  # paused: nothing planned

    resume_table, resume_json = cli.many(
        ("schedules", "resume", str(first)), ("schedules", "resume", str(second), "--json")
    )
    assert f"Resumed schedule {first}" in resume_table.out
    assert resume_json.data["next_run"] is not None
    assert re.search(r"Cron\s+30 4 \* \* 1", resume_table.out)

    delete_table, delete_json = cli.many(
        ("schedules", "delete", str(first)), ("schedules", "delete", str(second), "--json")
    )
    assert f"Deleted schedule {first}" in delete_table.out
    assert delete_json.data == {"deleted": "schedule", "id": second}
    gone = cli.run("schedules", "get", str(first), code=66)
    assert gone.err.startswith("Error: 404 Not Found")


def test_groups_and_members(cli: Cli) -> None:
    table, as_json = cli.many(
        ("groups", "create", "cli-readers", "--description", "They read"),
        ("groups", "create", "cli-writers", "--json"),
    )
    assert "Created group cli-readers" in table.out
    writers = as_json.data["id"]
    assert as_json.data["name"] == "cli-writers" and as_json.data["member_count"] == 0

    ls_table, ls_json, add_table, add_json = cli.many(
        ("groups", "ls"),
        ("groups", "ls", "--json"),
        ("groups", "members", "add", "cli-readers", "1", "--role", "read"),
        ("groups", "members", "add", writers, "1", "--role", "write", "--json"),
    )
    assert "cli-readers" in ls_table.out and "They read" in ls_table.out
    assert "cli-writers" in {group["name"] for group in ls_json.data}
    assert "Added user 1 to cli-readers as read" in add_table.out
    assert add_json.data == {
        "user_id": 1,
        "role": "write",
        "username": "user1",
        "email": "user1@example.com",
    }

    readers, writers_role = cli.many(
        ("groups", "members", "ls", "cli-readers"),
        ("groups", "members", "update", writers, "1", "--role", "read", "--json"),
    )
    assert re.search(r"1\s+user1\s+user1@example.com\s+read", readers.out), readers
    assert writers_role.data["role"] == "read"
    members_json, readers_role = cli.many(
        ("groups", "members", "ls", writers, "--json"),
        ("groups", "members", "update", "cli-readers", "1", "--role", "admin"),
    )
    assert [m["role"] for m in members_json.data] == ["read"]
    assert "User 1 is now admin in cli-readers" in readers_role.out

    results = cli.many(
        ("groups", "members", "remove", "cli-readers", "1"),
        ("groups", "members", "remove", writers, "1", "--json"),
        ("groups", "update", "cli-readers", "--description", "They only read"),
        ("groups", "update", writers, "--name", "cli-authors", "--json"),
    )
    assert "Removed user 1 from cli-readers" in results[0].out
    assert results[1].data == {"removed": "member", "group_id": writers, "user_id": 1}
    assert re.search(r"Description\s+They only read", results[2].out)
    assert results[3].data["name"] == "cli-authors"

    delete_table, delete_json = cli.many(
        ("groups", "delete", "cli-readers"), ("groups", "delete", writers, "--json")
    )
    assert "Deleted group cli-readers" in delete_table.out
    assert delete_json.data == {"deleted": "group", "id": writers}
    missing = cli.run("groups", "members", "ls", "cli-readers", code=66)
    assert "No group named 'cli-readers'" in missing.err


def test_rules(cli: Cli) -> None:
    group = cli.run("groups", "create", "cli-rule-group", "--json").data
    table, as_json = cli.many(
        (
            "rules",
            "create",
            "--resource-type",
            "namespace",
            "--resource-id",
            "dev",
            "--permission",
            "write",
            "--group",
            "cli-rule-group",
        ),
        (
            "rules",
            "create",
            "--resource-type",
            "namespace",
            "--resource-id",
            "prod",
            "--permission",
            "read",
            "--user-id",
            "1",
            "--json",
        ),
    )
    found = re.search(
        r"Created rule (\S+): namespace dev, write for group cli-rule-group", table.out
    )
    assert found, table
    first, second = found.group(1), as_json.data["id"]
    assert as_json.data["user_id"] == 1 and as_json.data["permission"] == "read"

    results = cli.many(
        ("rules", "ls"),
        ("rules", "ls", "--json"),
        ("rules", "update", first, "--permission", "read"),
        ("rules", "update", second, "--permission", "write", "--json"),
    )
    assert first in results[0].out and "group cli-rule-group" in results[0].out
    assert {first, second} <= {rule["id"] for rule in results[1].data}
    assert "Updated rule" in results[2].out and "read for group" in results[2].out
    assert results[3].data["permission"] == "write"
    assert group["id"] in {rule.get("group_id") for rule in results[1].data}

    delete_table, delete_json = cli.many(
        ("rules", "delete", first), ("rules", "delete", second, "--json")
    )
    assert f"Deleted rule {first}" in delete_table.out
    assert delete_json.data == {"deleted": "rule", "id": second}
    both = cli.run("rules", "create", "--resource-type", "namespace", "--resource-id", "x",
                   "--permission", "read", code=64)  # fmt: skip
    assert "exactly one of --user-id and --group" in both.err
