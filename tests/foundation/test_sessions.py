"""Sessions end on the server: sign-out (a copied cookie stops working), a password reset, a
deactivation and "sign out everywhere" (which also revoke tokens); tokens are minted only from
a browser session; nothing served to a signed-in person is cached."""

from hub.extensions import db
from hub.models import User
from tests.conftest import sign_in
from tests.helpers import submit_form


def copy_of(app, client):
    """Another client holding a copy of this client's session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie("hub_session")
    thief.set_cookie("hub_session", cookie.value)
    return thief


def me(client, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/api/v1/auth/me", headers=headers).status_code


def new_token(client) -> str:
    response = client.post("/api/v1/auth/tokens", json={"name": "script"})
    assert response.status_code == 201
    return response.get_json()["token"]


def test_a_copied_cookie_stops_working_at_sign_out(app, client_as, member_user):
    client = client_as(member_user)
    thief = copy_of(app, client)
    assert me(thief) == 200
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert me(thief) == 401
    assert me(client) == 401


def test_signing_out_on_the_page_ends_the_session_too(app, client_as, member_user):
    client = client_as(member_user)
    thief = copy_of(app, client)
    assert submit_form(client, "/sign-out", {}, page_url="/account").status_code == 302
    assert me(thief) == 401


def test_signing_out_one_browser_leaves_the_others(app, client_as, member_user):
    laptop, phone = client_as(member_user), client_as(member_user)
    laptop.post("/api/v1/auth/logout")
    assert me(phone) == 200


def test_a_password_reset_ends_every_session_and_revokes_tokens(app, client_as, member_user):
    from hub.blueprints.auth import service

    client = client_as(member_user)
    token = new_token(client)
    with app.app_context():
        reset = service.make_reset_token(db.session.get(User, member_user.id))
    response = app.test_client().post("/api/v1/auth/password-reset/confirm",
                                      json={"token": reset, "password": "a brand new password"})
    assert response.status_code == 200
    assert me(client) == 401
    assert me(app.test_client(), token) == 401
    fresh = app.test_client()
    member_user.password = "a brand new password"
    sign_in(fresh, member_user)
    assert me(fresh) == 200


def test_a_reset_through_the_page_ends_sessions_too(app, client_as, member_user):
    from hub.blueprints.auth import service

    client = client_as(member_user)
    with app.app_context():
        reset = service.make_reset_token(db.session.get(User, member_user.id))
    url = f"/reset-password/{reset}"
    response = submit_form(app.test_client(), url, {"password": "a brand new password",
                                                    "confirm": "a brand new password"})
    assert response.status_code == 302
    assert me(client) == 401


def test_deactivation_ends_sessions_for_good(app, client_as, make_user, make_member):
    member_id = make_member()
    focal = make_user("focal_point", member_id=member_id)
    person = make_user("member", member_id=member_id)
    theirs = client_as(person)
    token = new_token(theirs)
    manager = client_as(focal)
    url = f"/api/v1/members/{member_id}/people/{person.id}"
    assert manager.patch(url, json={"active": False}).status_code == 200
    assert me(theirs) == 401 and me(app.test_client(), token) == 401
    assert manager.patch(url, json={"active": True}).status_code == 200
    assert me(theirs) == 401 and me(app.test_client(), token) == 401


def test_sign_out_everywhere_from_the_account_page(app, client_as, member_user):
    laptop, phone = client_as(member_user), client_as(member_user)
    token = new_token(phone)
    response = submit_form(laptop, "/account/sign-out-everywhere", {}, page_url="/account")
    assert response.status_code == 302
    assert me(laptop) == 401 and me(phone) == 401 and me(app.test_client(), token) == 401
    page = client_as(member_user).get("/account?lang=fr").get_data(as_text=True)
    assert "Se déconnecter partout" in page


def test_sign_out_everywhere_through_the_api(app, client_as, member_user):
    laptop, phone = client_as(member_user), client_as(member_user)
    token = new_token(laptop)
    assert phone.post("/api/v1/auth/logout-everywhere").status_code == 204
    assert me(laptop) == 401 and me(phone) == 401 and me(app.test_client(), token) == 401


def test_a_bearer_token_cannot_mint_tokens(app, client_as, member_user):
    token = new_token(client_as(member_user))
    response = app.test_client().post("/api/v1/auth/tokens", json={"name": "more"},
                                      headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_nothing_served_to_a_signed_in_person_is_cached(app, client_as, member_user):
    client = client_as(member_user)
    token = new_token(client)
    for url in ("/", "/account", "/api/v1/auth/me", "/library", "/static/hub.css"):
        with client.get(url) as response:
            assert response.headers["Cache-Control"] == "private, no-store", url
    bearer = app.test_client().get("/api/v1/members",
                                   headers={"Authorization": f"Bearer {token}"})
    assert bearer.headers["Cache-Control"] == "private, no-store"
    anonymous = app.test_client().get("/")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
