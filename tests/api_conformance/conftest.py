"""A hub with a little of everything, and the document schemathesis reads from it."""

import pytest

from hub.extensions import db

STORY = {
    "title": "A voice from the coast",
    "body": "A young woman told our outreach team how a neighbour tried to recruit girls.",
    "language": "en", "country": "KE", "themes": [], "audiences": ["network_learning"],
    "storyteller": "adult_survivor",
    "consent": {"obtained": True, "given_by": "the survivor", "obtained_on": "2025-09-01",
                "audiences": ["network_learning"], "guardian_consent": False},
}


@pytest.fixture
def app_config(app_config):
    # Many requests per second from one client: the limits are tested elsewhere, and 429
    # stays documented (and is checked) all the same.
    return {**app_config, "LOGIN_RATE_LIMIT": "100000 per minute",
            "SAFEGUARDING_RATE_LIMIT": "100000 per minute"}


def bearer(app, person) -> dict:
    """An Authorization header with a personal token of `person`."""
    from hub.blueprints.auth import service
    from hub.models import User

    with app.app_context():
        _, plain = service.create_token(db.session.get(User, person.id), "schemathesis")
        db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def seeded(app, make_user, client_as):
    """Members, a resource, a story, an activity, a follow and a saved search, made through
    the API so that every read has something to find."""
    secretariat = make_user("secretariat")
    client = client_as(secretariat)
    for name, country in (("Coast Alliance", "KE"), ("Andes Network", "PE")):
        response = client.post("/api/v1/members", json={"name": name, "country": country})
        assert response.status_code == 201, response.get_json()
    member_id = response.get_json()["id"]
    member = make_user("member", member_id=member_id)
    response = client.post("/api/v1/resources", json={
        "title": "Online safety toolkit", "type": "toolkit", "language": "en",
        "visibility": "public"})
    assert response.status_code == 201, response.get_json()
    member_client = client_as(member)
    response = member_client.post("/api/v1/stories", json=STORY)
    assert response.status_code == 201, response.get_json()
    return {"secretariat": secretariat, "member": member}
