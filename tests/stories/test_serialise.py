"""Serialising stories: one permission check per story, and no import cycle in the feature."""

import importlib
import subprocess
import sys

import pytest

from hub.blueprints.stories import service

MODULES = ("service", "workflow", "corrections", "serialise", "flags", "queue", "export",
           "api", "views")


@pytest.fixture
def checks(monkeypatch):
    """Count the calls of the story permission check (`service.can_manage`)."""
    calls = []
    real = service.can_manage

    def counting(user, story):
        calls.append(story.id)
        return real(user, story)

    monkeypatch.setattr(service, "can_manage", counting)
    return calls


@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_a_list_of_n_stories_checks_permissions_n_times(role, make_member, make_user, as_,
                                                        bring_to, checks):
    member_id = make_member("coast-org")
    writer = make_user("member", member_id=member_id)
    ids = [bring_to(writer, status) for status in ("draft", "submitted", "published")]
    reader = writer if role == "member" else make_user("secretariat")
    client = as_(reader)
    checks.clear()
    listed = client.get("/api/v1/stories?per_page=100").get_json()["items"]
    assert sorted(s["id"] for s in listed) == sorted(ids)
    # Each story's owner view (its moves included) comes with the one check.
    assert all("actions" in s for s in listed)
    assert sorted(checks) == sorted(ids)


def test_one_story_is_checked_once_when_serialised(make_member, make_user, as_, bring_to,
                                                   checks):
    writer = make_user("member", member_id=make_member("coast-org"))
    story_id = bring_to(writer, "draft")
    client = as_(writer)
    checks.clear()
    body = client.get(f"/api/v1/stories/{story_id}").get_json()
    assert body["actions"] == ["submit", "withdraw_consent"]
    # One to find it (can the reader see it?), one to serialise it.
    assert checks == [story_id, story_id]


@pytest.mark.parametrize("name", MODULES)
def test_each_module_imports_on_its_own(name):
    """A module imported first, in a fresh interpreter, does not need a sibling half-loaded."""
    code = f"import hub.blueprints.stories.{name}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def test_no_module_of_the_feature_imports_one_that_imports_it_back():
    """The feature's modules form no import cycle (function-level imports included)."""
    import ast
    from pathlib import Path

    package = Path(importlib.import_module("hub.blueprints.stories").__file__).parent
    names = {path.stem for path in package.glob("*.py")} - {"__init__"}
    edges = {}
    for name in names:
        tree = ast.parse((package / f"{name}.py").read_text())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "hub.blueprints.stories":
                    found |= {a.name for a in node.names if a.name in names}
                elif node.module.startswith("hub.blueprints.stories."):
                    found.add(node.module.rsplit(".", 1)[1])
            elif isinstance(node, ast.Import):
                found |= {a.name.rsplit(".", 1)[1] for a in node.names
                          if a.name.startswith("hub.blueprints.stories.")}
        edges[name] = found & names - {name}

    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cycles = sorted(name for name in names if name in reach(name))
    assert cycles == []
