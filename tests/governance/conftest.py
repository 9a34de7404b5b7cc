"""Fixtures for the governance tests: one signed-in client per person, stories through the
real workflow (shared with the story tests)."""

import pytest
import sqlalchemy as sa

from hub.extensions import db
from tests.stories.conftest import story_body


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
    def make(person, **fields):
        response = as_(person).post("/api/v1/stories", json=story_body(**fields))
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    return make


@pytest.fixture
def move(as_):
    def make(person, story_id, action, comment=""):
        response = as_(person).post(f"/api/v1/stories/{story_id}/transitions",
                                    json={"action": action, "comment": comment})
        return response

    return make


@pytest.fixture
def audit_rows(app):
    """The audit rows (as dicts, oldest first) matching `where` clauses."""
    from hub.models import AuditEntry

    def rows(*where):
        with app.app_context():
            return [
                {"actor_id": r.actor_id, "action": r.action, "object_type": r.object_type,
                 "object_id": r.object_id, "changes": r.changes, "note": r.note}
                for r in db.session.scalars(
                    sa.select(AuditEntry).where(*where).order_by(AuditEntry.id))
            ]

    return rows
