"""Fixtures for the activities tests."""

import pytest


@pytest.fixture
def client_as(app):
    """A test client signed in as `person`, one per person (sign-in is rate limited)."""
    from tests.conftest import sign_in

    clients = {}

    def make(person):
        key = person.id if person is not None else None
        if key not in clients:
            client = app.test_client()
            if person is not None:
                sign_in(client, person)
            clients[key] = client
        return clients[key]

    return make
