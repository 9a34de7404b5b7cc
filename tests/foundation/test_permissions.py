"""Who may use each endpoint of the foundation: anonymous and every role."""

import pytest

ROLES = [None, "member", "focal_point", "secretariat", "admin"]

# (method, path, expected status for anonymous, expected status when signed in)
ENDPOINTS = [
    ("GET", "/api/v1/auth/me", 401, 200),
    ("GET", "/api/v1/auth/tokens", 401, 200),
    ("POST", "/api/v1/auth/tokens", 401, 201),
    ("POST", "/api/v1/auth/logout", 204, 204),
    ("GET", "/api/v1/regions", 200, 200),
    ("GET", "/api/v1/countries", 200, 200),
    ("GET", "/api/v1/openapi.json", 200, 200),
    ("GET", "/healthz", 200, 200),
    ("GET", "/", 200, 200),
    ("GET", "/sign-in", 200, 302),
    ("GET", "/account", 302, 200),
]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize(("method", "path", "anonymous", "signed_in"), ENDPOINTS,
                         ids=[f"{m} {p}" for m, p, *_ in ENDPOINTS])
def test_access(make_user, client_as, role, method, path, anonymous, signed_in):
    client = client_as(make_user(role) if role else None)
    body = {"name": "a token"} if method == "POST" else None
    response = client.open(path, method=method, json=body)
    assert response.status_code == (signed_in if role else anonymous)


@pytest.mark.parametrize("role", ["member", "focal_point", "secretariat", "admin"])
def test_nobody_revokes_another_persons_token(make_user, client_as, role):
    owner = client_as(make_user("member"))
    token_id = owner.post("/api/v1/auth/tokens", json={"name": "x"}).get_json()["id"]
    assert client_as(make_user(role)).delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert client_as(None).delete(f"/api/v1/auth/tokens/{token_id}").status_code == 401
    assert len(owner.get("/api/v1/auth/tokens").get_json()["items"]) == 1
