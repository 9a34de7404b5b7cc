"""Who sees which story (per role and anonymous), consent rules, the checker endpoint."""

import pytest

STATES = ("draft", "submitted", "changes_requested", "approved", "published", "rejected",
          "consent_withdrawn")


@pytest.fixture
def people(make_member, make_user):
    member_id = make_member("lake-org")
    return {
        "own_member": make_user("member", member_id=member_id),
        "own_focal_point": make_user("focal_point", member_id=member_id),
        "other_member": make_user("member"),
        "secretariat": make_user("secretariat"),
        "admin": make_user("admin"),
        "anonymous": None,
    }


def _sees(state: str, role: str, public: bool) -> bool:
    if role in ("own_member", "own_focal_point", "secretariat", "admin"):
        return True
    if state != "published":
        return False
    return role == "other_member" or public


@pytest.mark.parametrize("public", [True, False], ids=["public-audience", "network-only"])
@pytest.mark.parametrize("state", STATES)
def test_visibility_per_role(state, public, people, bring_to, as_):
    audiences = ["global_advocacy"] if public else ["network_learning"]
    story_id = bring_to(people["own_member"], state, title=f"Story in {state}",
                        audiences=audiences,
                        consent={"obtained": True, "given_by": "the survivor",
                                 "obtained_on": "2025-09-01", "audiences": audiences})
    for role, person in people.items():
        client = as_(person)
        sees = _sees(state, role, public)
        api = client.get(f"/api/v1/stories/{story_id}")
        page = client.get(f"/stories/{story_id}")
        assert api.status_code == (200 if sees else 404), (role, api.get_json())
        assert page.status_code == (200 if sees else 404), role
        listed = [s["id"] for s in client.get("/api/v1/stories?per_page=100").get_json()["items"]]
        assert (story_id in listed) == sees, role
        published_page = client.get("/stories").get_data(as_text=True)
        assert (f"Story in {state}" in published_page) == (state == "published" and sees), role
        if sees and role in ("other_member", "anonymous"):
            body = api.get_json()
            assert "consent" not in body and "flags" not in body and "transitions" not in body


def test_list_filters_by_status_and_member(make_member, make_user, bring_to, as_):
    a, b = make_member("org-a"), make_member("org-b")
    writer_a, writer_b = make_user("member", member_id=a), make_user("member", member_id=b)
    published_a = bring_to(writer_a, "published")
    draft_a = bring_to(writer_a, "draft")
    published_b = bring_to(writer_b, "published")
    draft_b = bring_to(writer_b, "draft")
    staff = make_user("secretariat")
    body = as_(staff).get("/api/v1/stories?status=draft").get_json()
    assert {s["id"] for s in body["items"]} == {draft_a, draft_b}
    body = as_(staff).get("/api/v1/stories?member=org-a").get_json()
    assert {s["id"] for s in body["items"]} == {published_a, draft_a}
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 20
    body = as_(writer_a).get("/api/v1/stories?member=org-b").get_json()
    assert {s["id"] for s in body["items"]} == {published_b}
    assert as_(staff).get("/api/v1/stories?status=nonsense").status_code == 422
    assert as_(staff).get("/api/v1/stories?per_page=1000").status_code == 422


def test_writing_needs_an_account_of_the_organisation(member_user, make_member, as_):
    assert as_(None).post("/api/v1/stories", json={"title": "x"}).status_code == 401
    other = make_member("not-mine")
    response = as_(member_user).post("/api/v1/stories", json={"title": "x", "member": other})
    assert response.status_code == 403
    response = as_(member_user).post("/api/v1/stories", json={"body": "no title"})
    assert response.status_code == 422
    assert "title" in response.get_json()["error"]["fields"]


def test_other_organisations_cannot_edit_or_acknowledge(member_user, make_user, create_story,
                                                        as_):
    story = create_story(member_user, body="Write to maria.lopez@example.com today.")
    outsider = make_user("member")
    assert as_(outsider).patch(f"/api/v1/stories/{story['id']}",
                               json={"title": "mine now"}).status_code == 404
    assert as_(outsider).post(f"/api/v1/stories/{story['id']}/flags/0/acknowledge",
                              json={"reason": "fine"}).status_code == 404
    assert as_(None).post(f"/api/v1/stories/{story['id']}/flags/0/acknowledge",
                          json={"reason": "fine"}).status_code == 401


# ------------------------------------------------------------------ consent


def test_consent_is_required_before_submission(member_user, create_story, move, as_):
    # The request is well-formed but the story is not ready: 409, with what is missing.
    story = create_story(member_user, consent={"obtained": False})
    response = move(member_user, story["id"], "submit")
    assert response.status_code == 409
    assert "consent.obtained" in response.get_json()["error"]["fields"]
    assert as_(member_user).get(f"/api/v1/stories/{story['id']}").get_json()["status"] == "draft"
    as_(member_user).patch(f"/api/v1/stories/{story['id']}", json={"consent": {
        "obtained": True, "given_by": "the survivor", "obtained_on": "2025-09-01",
        "audiences": ["global_advocacy"]}})
    assert move(member_user, story["id"], "submit").status_code == 200


def test_child_or_youth_needs_guardian_consent(member_user, create_story, move):
    story = create_story(member_user, storyteller="child_or_youth")
    response = move(member_user, story["id"], "submit")
    assert response.status_code == 409
    assert "consent.guardian_consent" in response.get_json()["error"]["fields"]


def test_consent_must_cover_an_intended_audience(member_user, create_story, move):
    story = create_story(member_user, audiences=["local_media"])
    assert story["published_audiences"] == []
    response = move(member_user, story["id"], "submit")
    assert response.status_code == 409
    assert "consent.audiences" in response.get_json()["error"]["fields"]


def test_publication_is_limited_to_consented_audiences(member_user, bring_to, as_):
    story_id = bring_to(member_user, "published",
                        audiences=["global_advocacy", "network_learning"],
                        consent={"obtained": True, "given_by": "the survivor",
                                 "obtained_on": "2025-09-01", "audiences": ["network_learning"]})
    body = as_(member_user).get(f"/api/v1/stories/{story_id}").get_json()
    assert body["published_audiences"] == ["network_learning"]
    # Consent covers no public audience: anonymous visitors do not see it.
    assert as_(None).get(f"/api/v1/stories/{story_id}").status_code == 404


def test_consent_is_given_by_a_role_not_a_name(member_user, as_):
    from tests.stories.conftest import story_body

    body = story_body(consent={"obtained": True, "given_by": "Maria Lopez",
                               "obtained_on": "2025-09-01", "audiences": ["global_advocacy"]})
    response = as_(member_user).post("/api/v1/stories", json=body)
    assert response.status_code == 422
    assert "consent.given_by" in response.get_json()["error"]["fields"]
    assert as_(member_user).get("/api/v1/stories").get_json()["total"] == 0


def test_bad_input_is_a_localised_422(member_user, as_):
    from tests.stories.conftest import story_body

    client = as_(member_user)
    for bad in ({"audiences": ["everyone"]}, {"storyteller": "alien"}, {"country": "XX"},
                {"themes": ["no-such-theme"]}, {"language": "zz"},
                {"consent": {"obtained_on": "yesterday"}}):
        response = client.post("/api/v1/stories?lang=fr", json=story_body(**bad))
        assert response.status_code == 422, bad
        assert response.get_json()["error"]["fields"]
    assert client.get("/api/v1/stories").get_json()["total"] == 0
    response = client.post("/api/v1/stories?lang=fr", data="not json",
                           content_type="application/json")
    assert response.status_code == 422


# ------------------------------------------------------------------ flags on save


def test_flags_are_saved_and_block_submission_until_acknowledged(member_user, create_story,
                                                                   move, as_, reviewers):
    story = create_story(member_user, body=(
        "She said: call me on +254 712 345678 or write to amina.k@example.org. "
        "Some still say child prostitution."))
    kinds = {f["kind"] for f in story["flags"]}
    assert {"phone", "email"} <= kinds
    assert story["terminology"][0]["suggestion"]
    text = story["title"] + "\n\n" + story["body"]
    for flag in story["flags"]:
        assert text[flag["start"]:flag["end"]] == flag["excerpt"]
    assert move(member_user, story["id"], "submit").status_code == 409
    client = as_(member_user)
    assert client.post(f"/api/v1/stories/{story['id']}/flags/0/acknowledge",
                       json={"reason": ""}).status_code == 422
    assert client.post(f"/api/v1/stories/{story['id']}/flags/99/acknowledge",
                       json={"reason": "x"}).status_code == 404
    for flag in story["flags"]:
        response = client.post(f"/api/v1/stories/{story['id']}/flags/{flag['n']}/acknowledge",
                               json={"reason": "A helpline of the organisation, public"})
        assert response.status_code == 200
    assert move(member_user, story["id"], "submit").status_code == 200
    # The moderator sees each acknowledged flag and its reason.
    seen = as_(reviewers[0]).get(f"/api/v1/stories/{story['id']}").get_json()
    assert all(f["acknowledged"] and f["reason"] for f in seen["flags"])
    queue = as_(reviewers[0]).get("/stories/moderation").get_data(as_text=True)
    assert story["title"] in queue


def test_fixing_the_text_clears_its_flags(member_user, create_story, as_):
    story = create_story(member_user, body="Follow her on @amina_k2009 for news.")
    assert [f["kind"] for f in story["flags"]] == ["social_handle"]
    response = as_(member_user).patch(f"/api/v1/stories/{story['id']}",
                                      json={"body": "She shares news with her community."})
    assert response.status_code == 200
    assert response.get_json()["flags"] == []


# ------------------------------------------------------------------ the checker endpoint


def test_check_endpoint_shape(member_user, as_):
    response = as_(member_user).post("/api/v1/safeguarding/check", json={
        "text": "Email jo@example.com about the child pornography case.", "language": "en"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["flags"][0]["kind"] == "email"
    assert set(body["flags"][0]) == {"kind", "start", "end", "excerpt", "message"}
    assert body["terminology"][0]["term"] == "child pornography"
    assert set(body["terminology"][0]) == {"term", "start", "end", "suggestion"}


def test_check_endpoint_refuses_anonymous_and_bad_input(member_user, as_):
    assert as_(None).post("/api/v1/safeguarding/check", json={"text": "x"}).status_code == 401
    response = as_(member_user).post("/api/v1/safeguarding/check?lang=es", json={})
    assert response.status_code == 422
    assert "text" in response.get_json()["error"]["fields"]


def test_check_endpoint_is_rate_limited_per_user(app_config, make_user, client_as, app):
    app.config["SAFEGUARDING_RATE_LIMIT"] = "3 per minute"
    first, second = make_user("member"), make_user("member")
    one, two = client_as(first), client_as(second)
    codes = [one.post("/api/v1/safeguarding/check", json={"text": "hello"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert two.post("/api/v1/safeguarding/check", json={"text": "hello"}).status_code == 200


def test_roles_in_other_languages_are_not_taken_for_names(member_user, as_):
    from tests.stories.conftest import story_body

    for role in ("Mère", "la madre", "Legal guardian", "The survivor"):
        body = story_body(consent={"obtained": True, "given_by": role,
                                   "obtained_on": "2025-09-01", "audiences": ["global_advocacy"]})
        assert as_(member_user).post("/api/v1/stories", json=body).status_code == 201, role
