"""Every operation's body and answer described by a schema, and links from each create to
the operations on what it made (what clients and the stateful run follow)."""

import re

from tests.foundation.test_openapi import operations, resolve, spec  # noqa: F401

# Writes that read no body.
BODILESS = {("post", "/api/v1/auth/logout"), ("post", "/api/v1/auth/logout-everywhere"),
            ("post", "/api/v1/members/{ref}/review"), ("post", "/api/v1/me/feed-token")}


def _schema(spec, node):  # noqa: F811
    return resolve(spec, node["$ref"]) if "$ref" in node else node


def test_every_body_and_answer_has_a_schema(spec):  # noqa: F811
    for key, op in operations(spec).items():
        if key[0] in ("post", "put", "patch") and key not in BODILESS:
            assert "requestBody" in op, key
        answers = {s: r for s, r in op["responses"].items() if s.startswith("2")}
        assert answers, key
        for answer in answers.values():
            for media, content in (answer.get("content") or {}).items():
                schema = _schema(spec, content["schema"])
                if media == "application/json":
                    shapes = [_schema(spec, s) for s in schema.get("anyOf", [schema])]
                    assert all(s.get("properties") or s.get("items") for s in shapes), key
                else:
                    assert schema == {"type": "string", "format": "binary"}, (key, media)


def test_governance_operations_are_described(spec):  # noqa: F811
    ops = operations(spec)

    def body(key):
        return _schema(spec, ops[key]["requestBody"]["content"]["application/json"]["schema"])

    def answer(key, status="200"):
        return _schema(spec, ops[key]["responses"][status]["content"]["application/json"]
                       ["schema"])

    target = ("put", "/api/v1/indicators/targets/{code}/{period}")
    assert set(body(target)["properties"]) == {"baseline", "target"}
    assert {"code", "period", "baseline", "target"} <= set(answer(target)["properties"])
    signoff = ("post", "/api/v1/indicators/signoffs")
    assert body(signoff)["required"] == ["period"]
    assert "signed_off" in answer(signoff, "201")["properties"]
    assert body(("delete", "/api/v1/indicators/signoffs/{period}"))["required"] == ["reason"]
    assert body(("post", "/api/v1/users/{user_id}/erase"))["required"] == ["reason"]
    assert "account" in answer(("get", "/api/v1/me/export"))["properties"]
    audit = ops[("get", "/api/v1/audit")]["responses"]["200"]["content"]
    assert set(audit) == {"application/json", "text/csv"}
    report = answer(("get", "/api/v1/indicators"))
    indicator = _schema(spec, report["properties"]["indicators"]["items"])
    assert {"baseline", "target", "progress"} <= set(indicator["properties"])
    assert "live" in {p["name"] for p in ops[("get", "/api/v1/indicators")]["parameters"]}
    follow = ("patch", "/api/v1/me/follows/{follow_id}")
    assert "muted" in body(follow)["properties"]
    assert "token" in answer(("post", "/api/v1/me/feed-token"), "201")["properties"]


def test_creates_link_to_what_they_made(spec):  # noqa: F811
    ops = operations(spec)

    def links(key, status="201"):
        return {name: link["parameters"]
                for name, link in ops[key]["responses"][status].get("links", {}).items()}

    stories = links(("post", "/api/v1/stories"))
    assert stories["stories_api_get_story"] == {"story_id": "$response.body#/id"}
    assert "stories_api_transition" in stories
    assert set(links(("post", "/api/v1/me/follows"))) == {
        "follows_api_patch_follow", "follows_api_delete_follow"}
    assert links(("post", "/api/v1/tags")) == {
        "tags_api_update_tag": {"slug": "$response.body#/slug"}}
    assert links(("post", "/api/v1/activities/{activity_id}/participants"))[
        "activities_api_get_participant"] == {
        "participation_id": "$response.body#/id", "activity_id": "$request.path.activity_id"}
    # Adding a file answers the resource: its id is no file's id.
    assert links(("post", "/api/v1/resources/{resource_id}/files")) == {}
    path_names = {op["operationId"]: set(re.findall(r"\{(\w+)\}", path))
                  for (_, path), op in ops.items()}
    for key, op in ops.items():
        for answer in op["responses"].values():
            for link in answer.get("links", {}).values():
                assert set(link["parameters"]) == path_names[link["operationId"]], (key, link)
