"""Only the Secretariat and admins read indicators; members read their own organisation."""

import pytest

from tests.indicators.test_compute import login

SECRETARIAT_ONLY = [
    ("get", "/api/v1/indicators?period=2025July"),
    ("get", "/api/v1/indicators?period=2025July&by=region"),
    ("get", "/api/v1/indicators/4.5/members?period=2025July"),
    ("get", "/api/v1/indicators/export?period=2025July&format=csv"),
    ("get", "/api/v1/indicators/export?period=2025July&format=xlsx"),
    ("get", "/api/v1/indicators/export?period=2025July&format=json"),
    ("get", "/api/v1/indicators/definitions"),
    ("post", "/api/v1/indicators/definitions/4.5"),
]
PAGES = ["/indicators?period=2025July", "/indicators/4.5?period=2025July"]


@pytest.mark.parametrize(("method", "url"), SECRETARIAT_ONLY)
def test_anonymous_gets_401(client, method, url):
    response = getattr(client, method)(url, json={"params": {"threshold": 4}}
                                       if method == "post" else None)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("role", ["member", "focal_point"])
@pytest.mark.parametrize(("method", "url"), SECRETARIAT_ONLY)
def test_member_staff_get_403(client, make_user, role, method, url):
    login(client, make_user(role))
    response = getattr(client, method)(url, json={"params": {"threshold": 4}}
                                       if method == "post" else None)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("role", ["secretariat", "admin"])
@pytest.mark.parametrize(("method", "url"), SECRETARIAT_ONLY)
def test_secretariat_and_admins_may(client, make_user, role, method, url):
    login(client, make_user(role))
    response = getattr(client, method)(url, json={"params": {"threshold": 4}}
                                       if method == "post" else None)
    assert response.status_code == (201 if method == "post" else 200)


def test_pages_for_the_secretariat_only(client, make_user):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert "/sign-in" in response.headers["Location"]
    login(client, make_user("focal_point"))
    for url in PAGES:
        assert client.get(url).status_code == 403
    client.post("/api/v1/auth/logout")
    login(client, make_user("admin"))
    for url in PAGES:
        assert client.get(url).status_code == 200


def test_bearer_token_of_a_secretariat_user(client, secretariat):
    login(client, secretariat)
    token = client.post("/api/v1/auth/tokens", json={"name": "reporting"}).get_json()["token"]
    client.post("/api/v1/auth/logout")
    fresh = client.application.test_client()
    response = fresh.get("/api/v1/indicators?period=2025July",
                         headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_members_see_their_own_organisation_only(client, network, make_user, app):
    staff = make_user("member", member_id=network["alpha"])
    login(client, staff)
    body = client.get("/api/v1/indicators/mine?period=2025July").get_json()
    assert body["member_id"] == network["alpha"]
    by_code = {i["code"]: i for i in body["items"]}
    assert by_code["4.5"]["counted"] and by_code["4.5"]["qualifying_actions"] == 4
    assert {i["member"]["slug"] for i in body["items"]} == {"alpha"}
    assert "4.3" not in by_code  # about countries, not about one organisation


def test_mine_is_for_member_staff(client, secretariat):
    assert client.get("/api/v1/indicators/mine").status_code == 401
    login(client, secretariat)
    assert client.get("/api/v1/indicators/mine").status_code == 403
