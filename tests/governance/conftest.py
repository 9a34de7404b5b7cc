"""Fixtures for the governance tests: one signed-in client per person, stories through the
real workflow (shared with the story tests)."""

import pytest
import sqlalchemy as sa

from hub.extensions import db


@pytest.fixture
def app_config(app_config):
    """Many sign-ins per test here: the login limit is tested by the auth tests."""
    return {**app_config, "LOGIN_RATE_LIMIT": "10000 per minute"}


@pytest.fixture
def create_story(post_story):
    """POST a story as `person`; returns its id."""
    return lambda person, **fields: post_story(person, **fields)["id"]


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
