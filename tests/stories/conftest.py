"""Fixtures for the story tests: stories made through the API and moved through the workflow."""

import pytest

from tests.helpers import CLEAN_BODY, story_body  # noqa: F401 (imported from here too)


@pytest.fixture
def app_config(app_config):
    """Many sign-ins per test here: the login limit is tested by the auth tests."""
    return {**app_config, "LOGIN_RATE_LIMIT": "10000 per minute"}


@pytest.fixture
def create_story(post_story):
    """POST a story as `person`; returns the JSON (asserting 201)."""
    return post_story


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
