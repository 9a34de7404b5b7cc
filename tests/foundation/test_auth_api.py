"""/api/v1/auth: sign in and out, who am I, API tokens, password reset."""

import email
import email.policy

import sqlalchemy as sa

from hub.extensions import db
from hub.models import ApiToken, User


def test_login_returns_the_user_and_opens_a_session(client, focal_point):
    response = client.post(
        "/api/v1/auth/login", json={"email": focal_point.email, "password": focal_point.password}
    )
    assert response.status_code == 200
    user = response.get_json()["user"]
    assert user["email"] == focal_point.email
    assert user["role"] == "focal_point"
    assert user["member"]["id"] == focal_point.member_id
    assert "password" not in user and "password_hash" not in user
    assert client.get("/api/v1/auth/me").get_json()["user"]["id"] == focal_point.id


def test_login_is_case_insensitive_on_email(client, member_user):
    response = client.post(
        "/api/v1/auth/login",
        json={"email": member_user.email.upper(), "password": member_user.password},
    )
    assert response.status_code == 200


def test_bad_credentials_answer_the_same_whether_or_not_the_account_exists(client, member_user):
    wrong_password = client.post(
        "/api/v1/auth/login", json={"email": member_user.email, "password": "wrong password!"}
    )
    unknown = client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.org", "password": "wrong password!"}
    )
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.get_json() == unknown.get_json()
    assert wrong_password.get_json()["error"]["code"] == "invalid_credentials"
    assert client.get("/api/v1/auth/me").status_code == 401


def test_deactivated_user_cannot_sign_in(app, client, member_user):
    with app.app_context():
        db.session.get(User, member_user.id).active = False
        db.session.commit()
    response = client.post(
        "/api/v1/auth/login", json={"email": member_user.email, "password": member_user.password}
    )
    assert response.status_code == 401


def test_login_validation_error_lists_fields(client):
    response = client.post("/api/v1/auth/login", json={"email": "a@b.org"})
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["code"] == "invalid"
    assert body["fields"] == {"password": ["Missing data for required field."]}


def test_validation_errors_are_localised(client):
    response = client.post("/api/v1/auth/login?lang=fr", json={"email": "a@b.org"})
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["fields"]["password"] == ["Donnée manquante pour un champ obligatoire."]
    assert body["message"] == "Certaines données ne sont pas valides."


def test_non_json_body_is_a_clear_4xx(client):
    response = client.post(
        "/api/v1/auth/login", data="not json", headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.get_json()


def test_logout_ends_the_session(client_as, member_user):
    client = client_as(member_user)
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_me_requires_sign_in(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_token_is_shown_once_stored_hashed_and_works_as_bearer(app, client_as, secretariat):
    client = client_as(secretariat)
    response = client.post("/api/v1/auth/tokens", json={"name": "reporting script"})
    assert response.status_code == 201
    body = response.get_json()
    plain = body["token"]
    assert body["name"] == "reporting script" and plain.startswith("hub_")
    with app.app_context():
        stored = db.session.scalar(sa.select(ApiToken))
        assert plain not in (stored.token_hash, stored.prefix)
    listed = client.get("/api/v1/auth/tokens").get_json()["items"]
    assert [t["name"] for t in listed] == ["reporting script"]
    assert "token" not in listed[0]

    anonymous = app.test_client()
    me = anonymous.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.status_code == 200
    assert me.get_json()["user"]["id"] == secretariat.id


def test_revoked_token_stops_working(app, client_as, member_user):
    client = client_as(member_user)
    created = client.post("/api/v1/auth/tokens", json={"name": "t"}).get_json()
    assert client.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 204
    response = app.test_client().get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {created['token']}"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"


def test_cannot_revoke_someone_elses_token(client_as, member_user, make_user):
    owner = client_as(member_user)
    token_id = owner.post("/api/v1/auth/tokens", json={"name": "mine"}).get_json()["id"]
    other = client_as(make_user("secretariat"))
    assert other.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert len(owner.get("/api/v1/auth/tokens").get_json()["items"]) == 1


def test_token_endpoints_require_sign_in(client):
    assert client.get("/api/v1/auth/tokens").status_code == 401
    assert client.post("/api/v1/auth/tokens", json={"name": "x"}).status_code == 401
    assert client.delete("/api/v1/auth/tokens/1").status_code == 401


def test_token_name_is_validated(client_as, member_user):
    response = client_as(member_user).post("/api/v1/auth/tokens", json={"name": ""})
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]


def test_bearer_requests_need_no_csrf_but_cross_site_cookie_writes_are_refused(
    client_as, member_user
):
    client = client_as(member_user)
    refused = client.post(
        "/api/v1/auth/tokens", json={"name": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "cross_origin"
    created = client.post("/api/v1/auth/tokens", json={"name": "x"}).get_json()
    # A bearer token needs no origin check (tokens themselves are minted only from a session).
    with_bearer = client.delete(
        f"/api/v1/auth/tokens/{created['id']}",
        headers={"Origin": "https://evil.example", "Authorization": f"Bearer {created['token']}"},
    )
    assert with_bearer.status_code == 204


def test_login_is_rate_limited(app, client, member_user):
    statuses = [
        client.post(
            "/api/v1/auth/login", json={"email": member_user.email, "password": "wrong-password"}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    assert client.post(
        "/api/v1/auth/login", json={"email": member_user.email, "password": member_user.password}
    ).status_code == 429


def test_password_reset_by_mail_is_single_use(app, client, member_user, data_dir):
    response = client.post("/api/v1/auth/password-reset", json={"email": member_user.email})
    assert response.status_code == 202
    unknown = client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.org"})
    assert unknown.status_code == 202 and unknown.get_json() == response.get_json()
    mails = list((data_dir / "mail").glob("*.eml"))
    assert len(mails) == 1
    message = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == member_user.email
    token = message.get_content().split("/reset-password/")[1].split()[0]

    confirm = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "password": "a brand new password"},
    )
    assert confirm.status_code == 200
    again = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "password": "another new password"},
    )
    assert again.status_code == 422
    login = client.post(
        "/api/v1/auth/login", json={"email": member_user.email, "password": "a brand new password"}
    )
    assert login.status_code == 200


def test_password_reset_rejects_short_password(client, member_user, app):
    from hub.blueprints.auth import service

    with app.app_context():
        token = service.make_reset_token(db.session.get(User, member_user.id))
    response = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": "short"}
    )
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]


def test_expired_reset_link_is_refused(app, client, member_user):
    from hub.blueprints.auth import service

    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    with app.app_context():
        token = service.make_reset_token(db.session.get(User, member_user.id))
    response = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": "long enough pw"}
    )
    assert response.status_code == 422
