"""People's data rights: the export of everything about oneself, an admin's erasure that keeps
the organisation's work, and the versioned privacy notice."""

import json
import re

import sqlalchemy as sa

from hub.extensions import db
from hub.models import ApiToken, AuditEntry, Story, UsageEvent, User
from tests.helpers import submit_form


def test_who_may_export_and_erase(as_, make_user, secretariat, admin):
    person = make_user("member")
    assert as_(None).get("/api/v1/me/export").status_code == 401
    for role in ("member", "focal_point", "secretariat", "admin"):
        assert as_(make_user(role)).get("/api/v1/me/export").status_code == 200
    assert as_(None).post(f"/api/v1/users/{person.id}/erase",
                          json={"reason": "x"}).status_code == 401
    for someone in (make_user("member"), make_user("focal_point"), secretariat):
        assert as_(someone).post(f"/api/v1/users/{person.id}/erase",
                                 json={"reason": "x"}).status_code == 403
        assert as_(someone).get(f"/users/{person.id}/erase").status_code == 403
    assert as_(None).get(f"/users/{person.id}/erase").status_code == 302
    assert as_(admin).get(f"/users/{person.id}/erase").status_code == 200
    assert as_(admin).post("/api/v1/users/999999/erase", json={"reason": "x"}).status_code == 404
    assert as_(admin).post(f"/api/v1/users/{person.id}/erase", json={}).status_code == 422
    assert as_(admin).post(f"/api/v1/users/{admin.id}/erase",
                           json={"reason": "x"}).status_code == 409


def test_export_then_erase_then_nothing_personal(app, as_, make_user, admin, create_story):
    person = make_user("member", name="Amina Okoye", email="amina@example.org")
    client = as_(person)
    token = client.post("/api/v1/auth/tokens", json={"name": "reporting script"}).get_json()
    story_id = create_story(person, title="Our coast")
    client.get("/api/v1/resources/search?q=trafficking")  # a usage event under her key
    assert client.post("/api/v1/me/follows", json={"kind": "region", "value": "east-asia"}) \
        .status_code in (200, 201)
    from hub.blueprints.usage import flush

    flush(app)
    response = client.get("/api/v1/me/export")
    assert response.status_code == 200
    data = response.get_json()
    assert data["account"]["email"] == "amina@example.org"
    assert data["account"]["name"] == "Amina Okoye"
    assert data["account"]["member"]["id"] == person.member_id
    assert data["roles"] == ["member"]
    assert [(f["kind"], f["key"]) for f in data["follows"]] == [("region", "region:east-asia")]
    assert [t["name"] for t in data["tokens"]] == ["reporting script"]
    assert token["token"] not in json.dumps(data)  # never the token itself
    assert [s["id"] for s in data["contributions"]["stories"]] == [story_id]
    types = {e["type"] for e in data["usage"]["events"]}
    assert {"sign_in", "search"} <= types
    key = data["usage"]["pseudonymous_key"]
    assert "amina" not in key and str(person.id) != key
    page = client.get("/account").get_data(as_text=True)
    assert "/api/v1/me/export" in page and "Download my data" in page
    with app.app_context():
        events_before = db.session.scalar(sa.select(sa.func.count()).select_from(UsageEvent)
                                          .where(UsageEvent.member_id == person.member_id))

    response = as_(admin).post(f"/api/v1/users/{person.id}/erase",
                               json={"reason": "Asked by the person, 2026-12-01"})
    assert response.status_code == 200, response.get_json()
    # She can no longer sign in, nor use her token.
    again = app.test_client()
    assert again.post("/api/v1/auth/login", json={"email": "amina@example.org",
                                                  "password": person.password}).status_code \
        == 401
    assert again.get("/api/v1/auth/me", headers={
        "Authorization": f"Bearer {token['token']}"}).status_code == 401
    with app.app_context():
        from hub.blueprints.privacy import service

        user = db.session.get(User, person.id)
        exported = json.dumps(service.personal_data(user), ensure_ascii=False)
        for personal in ("amina", "Amina", "Okoye", "reporting script", key):
            assert personal not in exported
        assert service.personal_data(user)["usage"]["events"] == []
        assert service.personal_data(user)["follows"] == []
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)
                                 .where(ApiToken.user_id == person.id)) == 0
        # The organisation's story stays, no longer tied to her; the usage counts stay.
        story = db.session.get(Story, story_id)
        assert story is not None and story.title == "Our coast" and story.author_id is None
        assert story.member_id == person.member_id
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageEvent)
                                 .where(UsageEvent.member_id == person.member_id)) \
            == events_before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageEvent)
                                 .where(UsageEvent.user_key == key)) == 0
        rows = list(db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.object_type == "user", AuditEntry.object_id == str(person.id))))
        erase = [r for r in rows if r.action == "user.erase"]
        assert len(erase) == 1 and erase[0].actor_id == admin.id
        assert erase[0].note == "Asked by the person, 2026-12-01"
        assert "amina" not in json.dumps([r.changes for r in rows]).lower()
        exports = list(db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "export", AuditEntry.object_type == "personal_data")))
        assert [e.actor_id for e in exports] == [person.id]
    assert as_(admin).post(f"/api/v1/users/{person.id}/erase",
                           json={"reason": "again"}).status_code == 409


def test_erase_through_the_page(app, as_, make_user, admin):
    person = make_user("focal_point", name="Jo Bloggs")
    response = submit_form(as_(admin), f"/users/{person.id}/erase", {"reason": ""})
    assert response.status_code == 422
    response = submit_form(as_(admin), f"/users/{person.id}/erase", {"reason": "Left in 2025"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, person.id)
        assert user.erased_at is not None and user.name == "" and not user.active
    people = as_(admin).get(f"/members/{person.member_id}/people")
    assert "Jo Bloggs" not in people.get_data(as_text=True)


def test_privacy_notice_in_three_languages_and_acceptance(app, as_, member_user):
    anonymous = as_(None)
    english = anonymous.get("/privacy?lang=en").get_data(as_text=True)
    assert "What the hub stores" in english and "Version 1" in english
    assert "36 months" in english and "84 months" in english
    assert "Ce que le hub conserve" in anonymous.get("/privacy?lang=fr").get_data(as_text=True)
    assert "Qué guarda el hub" in anonymous.get("/privacy?lang=es").get_data(as_text=True)
    assert anonymous.post("/privacy/accept").status_code in (302, 400)

    client = as_(member_user)
    assert "asks for your acceptance" in client.get("/").get_data(as_text=True)
    response = submit_form(client, "/privacy/accept", {}, page_url="/privacy")
    assert response.status_code == 302
    assert "asks for your acceptance" not in client.get("/").get_data(as_text=True)
    assert "You accepted this version." in client.get("/privacy").get_data(as_text=True)
    assert client.get("/api/v1/me/export").get_json()["account"][
        "privacy_version_accepted"] == 1
    # A new version asks again at the next visit.
    from hub.blueprints.privacy import service

    old = service.PRIVACY_VERSION
    try:
        service.PRIVACY_VERSION = old + 1
        assert "asks for your acceptance" in client.get("/").get_data(as_text=True)
    finally:
        service.PRIVACY_VERSION = old


def test_the_notice_and_the_digest_preview_give_dates_in_the_readers_language(as_, member_user):
    from babel.dates import format_date

    from hub.blueprints.privacy import service

    day = service.PRIVACY_DATE
    for locale in ("en", "fr", "es"):
        page = as_(None).get(f"/privacy?lang={locale}").get_data(as_text=True)
        assert format_date(day, "long", locale=locale) in page, locale
        assert day.isoformat() not in page
    preview = as_(member_user).get("/account/digest?lang=fr").get_data(as_text=True)
    # French short date and time ("01/12/2026 13:05"), not "2026-12-01 13:05".
    assert re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", preview)
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", preview)
