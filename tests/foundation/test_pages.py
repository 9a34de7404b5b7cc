"""The base layout, sign-in and account pages, language choice and error pages."""

import re

from tests.helpers import csrf_token, submit_form


def test_home_page_is_small_and_works_without_javascript(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    with client.get("/static/hub.css") as stylesheet:
        css = stylesheet.get_data()
    assert len(html.encode()) + len(css) < 30 * 1024
    assert "<script" not in html
    assert re.search(r'<html lang="en" dir="ltr">', html)
    assert 'href="/sign-in"' in html


def test_sign_in_page_signs_in_and_out(client, member_user):
    response = submit_form(
        client, "/sign-in", {"email": member_user.email, "password": member_user.password}
    )
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert member_user.email in home
    token = csrf_token(home)
    client.post("/sign-out", data={"csrf_token": token})
    assert member_user.email not in client.get("/").get_data(as_text=True)


def test_sign_in_failure_shows_one_message(client, member_user):
    wrong = submit_form(client, "/sign-in", {"email": member_user.email, "password": "nope nope"})
    unknown = submit_form(client, "/sign-in", {"email": "x@example.org", "password": "nope nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong e-mail address or password." in wrong.get_data(as_text=True)
    assert "Wrong e-mail address or password." in unknown.get_data(as_text=True)


def test_forms_refuse_a_post_without_csrf_token(client, member_user):
    response = client.post(
        "/sign-in", data={"email": member_user.email, "password": member_user.password}
    )
    assert response.status_code == 400
    assert member_user.email not in client.get("/").get_data(as_text=True)


def test_sign_in_redirects_only_to_local_pages(client, member_user):
    page = client.get("/sign-in?next=https://evil.example/")
    response = client.post(
        "/sign-in?next=https://evil.example/",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "email": member_user.email,
              "password": member_user.password},
    )
    assert response.headers["Location"] == "/"


def test_account_page_requires_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_account_page_creates_shows_once_and_revokes_tokens(client_as, member_user):
    client = client_as(member_user)
    response = submit_form(client, "/account/tokens", {"name": "my laptop"}, page_url="/account")
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    plain = re.search(r'<code class="token">(hub_[^<]+)</code>', html).group(1)
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 200
    account = client.get("/account").get_data(as_text=True)
    assert "my laptop" in account and plain not in account
    token_id = client.get("/api/v1/auth/tokens").get_json()["items"][0]["id"]
    submit_form(client, f"/account/tokens/{token_id}/revoke", {}, page_url="/account")
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_language_from_query_then_cookie_then_accept_language(client):
    assert 'lang="fr"' in client.get("/?lang=fr").get_data(as_text=True)
    # the choice sticks through the cookie
    assert 'lang="fr"' in client.get("/").get_data(as_text=True)
    fresh = client.application.test_client()
    spanish = fresh.get("/", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    assert 'lang="es"' in spanish.get_data(as_text=True)
    assert "Iniciar sesión" in spanish.get_data(as_text=True)
    unknown = fresh.get("/?lang=xx", headers={"Accept-Language": "de"})
    assert 'lang="en"' in unknown.get_data(as_text=True)


def test_saved_preference_beats_cookie_and_browser(app, client_as, make_user):
    person = make_user("member", locale="es")
    client = client_as(person)
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="es"' in html
    assert 'lang="fr"' in client.get("/?lang=fr").get_data(as_text=True)


def test_saving_language_on_account_page(client_as, member_user):
    client = client_as(member_user)
    submit_form(client, "/account/language", {"locale": "fr"}, page_url="/account")
    assert client.get("/api/v1/auth/me").get_json()["user"]["locale"] == "fr"
    assert "Votre compte" in client.get("/account").get_data(as_text=True)


def test_html_error_pages_are_localised(client):
    response = client.get("/no-such-page?lang=fr")
    assert response.status_code == 404
    assert "text/html" in response.content_type
    assert "Erreur 404" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_session_cookie_is_httponly_and_samesite(client, member_user):
    response = submit_form(
        client, "/sign-in", {"email": member_user.email, "password": member_user.password}
    )
    cookies = response.headers.getlist("Set-Cookie")
    cookie = next(c for c in cookies if c.startswith("hub_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
