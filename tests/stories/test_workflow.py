"""The workflow table: every status x action x role, and the four-eyes rule."""

import pytest

from hub.extensions import db
from hub.models import Notification

STATES = ("draft", "submitted", "changes_requested", "approved", "published", "rejected",
          "consent_withdrawn")
ACTIONS = ("submit", "request_changes", "approve", "publish", "reject", "withdraw_consent")
ROLES = ("anonymous", "own_member", "own_focal_point", "other_member", "secretariat", "admin")

# Where each action may start and where it leads (written out here, not read from the code).
ALLOWED = {
    ("draft", "submit"): "submitted",
    ("changes_requested", "submit"): "submitted",
    ("submitted", "request_changes"): "changes_requested",
    ("submitted", "approve"): "approved",
    ("submitted", "reject"): "rejected",
    ("approved", "publish"): "published",
    **{(state, "withdraw_consent"): "consent_withdrawn"
       for state in STATES if state != "consent_withdrawn"},
}
OWNER_ACTIONS = {"submit", "withdraw_consent"}


def expected(state: str, action: str, role: str) -> int:
    if role == "anonymous":
        return 401
    if role == "other_member":
        return 403 if state == "published" else 404
    if role in ("own_member", "own_focal_point") and action not in OWNER_ACTIONS:
        return 403
    return 200 if (state, action) in ALLOWED else 409


@pytest.fixture
def people(make_member, make_user):
    member_id = make_member("coast-org")
    return {
        "own_member": make_user("member", member_id=member_id),
        "own_focal_point": make_user("focal_point", member_id=member_id),
        "other_member": make_user("member"),
        "secretariat": make_user("secretariat"),
        "admin": make_user("admin"),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_workflow_table(state, action, role, people, bring_to, as_):
    story_id = bring_to(people["own_member"], state)
    actor = None if role == "anonymous" else people[role]
    response = as_(actor).post(f"/api/v1/stories/{story_id}/transitions",
                               json={"action": action, "comment": "table"})
    want = expected(state, action, role)
    assert response.status_code == want, response.get_json()
    after = as_(people["secretariat"]).get(f"/api/v1/stories/{story_id}").get_json()
    if want == 200:
        assert response.get_json()["status"] == ALLOWED[(state, action)]
        assert after["status"] == ALLOWED[(state, action)]
        last = after["transitions"][-1]
        assert (last["action"], last["from"], last["to"], last["by"]) == (
            action, state, ALLOWED[(state, action)], actor.id)
        assert last["at"]
    else:
        assert after["status"] == state
        assert "error" in response.get_json()


def test_child_story_needs_two_different_reviewers(member_user, create_story, move, reviewers,
                                                   as_):
    story = create_story(member_user, storyteller="child_or_youth",
                         consent={"obtained": True, "given_by": "the young person",
                                  "obtained_on": "2025-10-01", "audiences": ["global_advocacy"],
                                  "guardian_consent": True},
                         audiences=["global_advocacy"])
    first, second = reviewers
    assert move(member_user, story["id"], "submit").status_code == 200
    response = move(first, story["id"], "approve")
    assert response.status_code == 200
    assert response.get_json()["status"] == "approved"
    # One approval is not enough, and the same reviewer cannot give the second.
    assert move(first, story["id"], "publish").status_code == 409
    assert move(first, story["id"], "approve").status_code == 409
    response = move(second, story["id"], "approve")
    assert response.status_code == 200
    assert response.get_json()["approvals"] == [first.id, second.id]
    assert move(second, story["id"], "approve").status_code == 409
    response = move(second, story["id"], "publish")
    assert response.status_code == 200
    assert response.get_json()["status"] == "published"
    assert as_(None).get(f"/api/v1/stories/{story['id']}").status_code == 200


def test_approvals_count_again_after_changes_were_requested(member_user, create_story, move,
                                                            reviewers):
    story = create_story(member_user, storyteller="child_or_youth",
                         consent={"obtained": True, "given_by": "the young person",
                                  "obtained_on": "2025-10-01",
                                  "audiences": ["global_advocacy", "network_learning"],
                                  "guardian_consent": True})
    first, second = reviewers
    move(member_user, story["id"], "submit")
    assert move(first, story["id"], "approve").status_code == 200
    # The second reviewer disagrees: back to the writer, and both approvals start again.
    assert move(second, story["id"], "request_changes", "Blur the place.").status_code == 200
    assert move(member_user, story["id"], "submit").status_code == 200
    assert move(first, story["id"], "approve").status_code == 200
    assert move(first, story["id"], "publish").status_code == 409
    assert move(second, story["id"], "approve").status_code == 200
    assert move(first, story["id"], "publish").status_code == 200


def test_an_author_never_approves_their_own_story(make_member, make_user, as_, move):
    member_id = make_member("river-org")
    author = make_user("secretariat")
    body = {"title": "Written by the Secretariat", "body": "A practitioner's account.",
            "language": "en", "member": "river-org", "storyteller": "practitioner",
            "audiences": ["network_learning"],
            "consent": {"obtained": True, "given_by": "the practitioner",
                        "obtained_on": "2025-08-01", "audiences": ["network_learning"]}}
    response = as_(author).post("/api/v1/stories", json=body)
    assert response.status_code == 201, response.get_json()
    story = response.get_json()
    assert story["member"] == member_id
    assert move(author, story["id"], "submit").status_code == 200
    response = move(author, story["id"], "approve")
    assert response.status_code == 403
    assert move(make_user("secretariat"), story["id"], "approve").status_code == 200


def test_unknown_action_is_refused_without_change(member_user, create_story, as_):
    story = create_story(member_user)
    response = as_(member_user).post(f"/api/v1/stories/{story['id']}/transitions",
                                     json={"action": "teleport"})
    assert response.status_code == 422
    assert "action" in response.get_json()["error"]["fields"]
    assert as_(member_user).get(f"/api/v1/stories/{story['id']}").get_json()["status"] == "draft"


def test_editing_is_only_for_drafts_and_stories_sent_back(member_user, bring_to, as_):
    for state, want in (("draft", 200), ("changes_requested", 200), ("submitted", 409),
                        ("published", 409)):
        story_id = bring_to(member_user, state)
        response = as_(member_user).patch(f"/api/v1/stories/{story_id}",
                                          json={"title": "New title"})
        assert response.status_code == want, (state, response.get_json())


def test_moves_notify_the_organisation_and_reviewers_without_the_text(
        app, member_user, create_story, move, reviewers, data_dir):
    story = create_story(member_user, title="The harbour story")
    move(member_user, story["id"], "submit", "Please look soon")
    move(reviewers[0], story["id"], "request_changes", "Blur the village name.")
    mails = sorted((data_dir / "mail").glob("*.eml"))
    texts = [m.read_text(encoding="utf-8") for m in mails]
    to_reviewers = [t for t in texts if "secretariat" in t.split("To: ")[1].split("\n")[0]]
    to_writer = [t for t in texts if f"To: {member_user.email}" in t]
    assert len(to_reviewers) == 2 and to_writer
    assert f"/stories/{story['id']}" in to_writer[0]
    assert "comment" in to_writer[0]  # there is one, to be read in the hub
    for text in texts:
        assert "fishing community" not in text  # never the story's text
        # Issue 12: nor its title or the comments (a sent mail cannot be taken back).
        assert "The harbour story" not in text and "Blur the village name." not in text
        assert "Please look soon" not in text
    with app.app_context():
        notes = db.session.query(Notification).order_by(Notification.id).all()
        assert [(n.for_secretariat, n.member_id, n.action) for n in notes] == [
            (True, None, "submit"), (False, member_user.member_id, "request_changes")]


def test_home_panel_shows_the_organisations_notices(member_user, make_user, create_story, move,
                                                    reviewers, as_):
    colleague = make_user("member", member_id=member_user.member_id)
    outsider = make_user("member")
    story = create_story(member_user, title="Harbour voices")
    move(member_user, story["id"], "submit")
    move(reviewers[0], story["id"], "approve", "Strong and safe.")
    page = as_(colleague).get("/").get_data(as_text=True)
    # Issue 12: a notice names no story: a neutral label and a link; the comment stays.
    assert "Strong and safe." in page and f"/stories/{story['id']}" in page
    assert "Harbour voices" not in page
    outsider_page = as_(outsider).get("/").get_data(as_text=True)
    assert "Strong and safe." not in outsider_page
    assert f"/stories/{story['id']}\"" not in outsider_page
    reviewer_page = as_(reviewers[1]).get("/").get_data(as_text=True)
    notices = reviewer_page.split('<ul class="notices">', 1)[1].split("</ul>", 1)[0]
    assert f"/stories/{story['id']}" in notices and "Harbour voices" not in notices


def test_usage_events_for_create_and_submit(app, member_user, create_story, move):
    from hub.signals import usage

    seen = []

    def receiver(sender, **kwargs):
        seen.append((kwargs["event_type"], kwargs["object_type"], kwargs["object_id"]))

    usage.connect(receiver)
    try:
        story = create_story(member_user)
        move(member_user, story["id"], "submit")
    finally:
        usage.disconnect(receiver)
    assert ("story_create", "story", story["id"]) in seen
    assert ("story_submit", "story", story["id"]) in seen
