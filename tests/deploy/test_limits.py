"""Sign-in limits behind a proxy: per client address (from X-Forwarded-For with
HUB_PROXY_HOPS) and per account, shared by the page and the API."""

import pytest

from tests.helpers import submit_form

WRONG = "not the password"


def login(client, email, password, address):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password},
                       headers={"X-Forwarded-For": address})


def test_twelve_members_sign_in_while_one_guessing_address_is_refused(app, make_user):
    people = [make_user("member") for _ in range(12)]
    guesser = app.test_client()
    codes = [login(guesser, f"guess{i}@example.org", WRONG, "127.0.0.99").status_code
             for i in range(11)]
    assert codes == [401] * 10 + [429]
    assert guesser.post("/api/v1/auth/login", json={"email": "x@example.org", "password": WRONG},
                        headers={"X-Forwarded-For": "127.0.0.99"}
                        ).get_json()["error"]["code"] == "too_many_requests"
    for n, person in enumerate(people):
        response = login(app.test_client(), person.email, person.password, f"127.0.0.{11 + n}")
        assert response.status_code == 200, (n, response.get_json())


def test_one_account_guessed_from_many_addresses_is_refused(app, make_user):
    target, other = make_user("member"), make_user("member")
    codes = [login(app.test_client(), f"  {target.email.upper()} ", WRONG,
                   f"127.0.1.{n}").status_code for n in range(11)]
    assert codes == [401] * 10 + [429]
    # Even the right password waits now; other accounts from those addresses do not.
    assert login(app.test_client(), target.email, target.password, "127.0.1.50"
                 ).status_code == 429
    assert login(app.test_client(), other.email, other.password, "127.0.1.3").status_code == 200


def test_successful_sign_ins_do_not_use_up_the_account(app, member_user):
    for n in range(12):
        response = login(app.test_client(), member_user.email, member_user.password,
                         f"127.0.2.{n}")
        assert response.status_code == 200


def test_page_and_api_share_the_address_counter(app, member_user):
    client = app.test_client()
    for i in range(5):
        assert login(client, f"api{i}@example.org", WRONG, "127.0.3.1").status_code == 401
    codes = [submit_form(client, "/sign-in", {"email": f"page{i}@example.org", "password": WRONG},
                         headers={"X-Forwarded-For": "127.0.3.1"}).status_code for i in range(6)]
    assert codes == [401] * 5 + [429]
    assert "Too many requests" in submit_form(
        client, "/sign-in", {"email": "x@example.org", "password": WRONG},
        headers={"X-Forwarded-For": "127.0.3.1"}).get_data(as_text=True)


def test_reset_requests_are_limited_per_account_and_per_address(app, member_user):
    client = app.test_client()
    codes = [client.post("/api/v1/auth/password-reset", json={"email": member_user.email},
                         headers={"X-Forwarded-For": f"127.0.4.{n}"}).status_code
             for n in range(6)]
    assert codes == [202] * 5 + [429]
    codes = [client.post("/api/v1/auth/password-reset", json={"email": f"p{n}@example.org"},
                         headers={"X-Forwarded-For": "127.0.4.200"}).status_code
             for n in range(11)]
    assert codes == [202] * 10 + [429]


@pytest.fixture
def direct_config(app_config):
    app_config["PROXY_HOPS"] = 0
    return app_config


def test_without_trusted_proxies_forwarded_headers_are_ignored(direct_config, app, member_user):
    client = app.test_client()
    codes = [login(client, f"guess{n}@example.org", WRONG, f"127.0.5.{n}").status_code
             for n in range(11)]
    assert codes == [401] * 10 + [429]  # one address, whatever the header says


def test_forwarded_host_and_scheme_are_read_behind_the_proxy(app, client_as, member_user):
    """A cookie-authenticated API write from the hub's public origin is same-origin only when
    the host and scheme come from the proxy's headers."""
    client = client_as(member_user)
    headers = {"Origin": "https://hub.ecpat.example", "X-Forwarded-Host": "hub.ecpat.example",
               "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.6.1"}
    response = client.post("/api/v1/auth/logout", headers=headers)
    assert response.status_code == 204


def test_without_trusted_proxies_the_forwarded_host_is_not_believed(
        direct_config, app, client_as, member_user):
    client = client_as(member_user)
    headers = {"Origin": "https://hub.ecpat.example", "X-Forwarded-Host": "hub.ecpat.example"}
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 403
