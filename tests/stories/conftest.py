"""Fixtures for the story tests: stories made through the API and moved through the workflow."""

import pytest

CLEAN_BODY = ("A young woman from a fishing community told our outreach team how a trusted "
              "neighbour tried to recruit girls for work in a city hotel.")


def story_body(**fields) -> dict:
    body = {
        "title": "A voice from the coast",
        "body": CLEAN_BODY,
        "language": "en",
        "country": "KE",
        "themes": [],
        "audiences": ["global_advocacy", "network_learning"],
        "storyteller": "adult_survivor",
        "consent": {"obtained": True, "given_by": "the survivor", "obtained_on": "2025-09-01",
                    "audiences": ["global_advocacy", "network_learning"],
                    "guardian_consent": False},
    }
    body.update(fields)
    return body


@pytest.fixture
def app_config(app_config):
    """Many sign-ins per test here: the login limit is tested by the auth tests."""
    return {**app_config, "LOGIN_RATE_LIMIT": "10000 per minute"}


@pytest.fixture
def as_(client_as):
    """One signed-in test client per person (None: anonymous), reused within a test."""
    clients = {}

    def get(person):
        key = None if person is None else person.id
        if key not in clients:
            clients[key] = client_as(person)
        return clients[key]

    return get


@pytest.fixture
def create_story(as_):
    """POST a story as `person`; returns the JSON (asserting 201)."""

    def make(person, **fields):
        response = as_(person).post("/api/v1/stories", json=story_body(**fields))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


@pytest.fixture
def move(as_):
    """POST a transition as `person`; returns the response."""

    def make(person, story_id, action, comment=""):
        return as_(person).post(f"/api/v1/stories/{story_id}/transitions",
                                      json={"action": action, "comment": comment})

    return make


@pytest.fixture
def reviewers(make_user):
    return make_user("secretariat"), make_user("secretariat")


@pytest.fixture
def bring_to(create_story, move, reviewers):
    """A story of `person`'s organisation brought to `status` through the real workflow."""
    paths = {
        "draft": [],
        "submitted": ["submit"],
        "changes_requested": ["submit", "request_changes"],
        "approved": ["submit", "approve"],
        "published": ["submit", "approve", "publish"],
        "rejected": ["submit", "reject"],
        "consent_withdrawn": ["submit", "withdraw_consent"],
    }

    def make(person, status, **fields):
        story = create_story(person, **fields)
        for action in paths[status]:
            actor = person if action in ("submit", "withdraw_consent") else reviewers[0]
            response = move(actor, story["id"], action)
            assert response.status_code == 200, (action, response.get_json())
        return story["id"]

    return make
