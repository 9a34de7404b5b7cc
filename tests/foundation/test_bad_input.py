"""Bad input is refused in one place with a 4xx that names the field, never a 500:
lone surrogates, NUL and control characters, deep JSON, ids past the database's range,
CR/LF in redirect targets; and the exports defuse what people wrote."""

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from hub import exports
from tests.conftest import sign_in
from tests.stories.conftest import story_body


def post_raw(client, url, text):
    return client.post(url, data=text.encode("utf-8", "surrogatepass"),
                       content_type="application/json")


def assert_invalid(response, field):
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error


def test_lone_surrogate_in_anonymous_login_is_422_naming_the_field(client):
    response = post_raw(client, "/api/v1/auth/login",
                        '{"email": "a\\ud800@example.org", "password": "x"}')
    assert_invalid(response, "email")


def test_nul_in_login_password_is_422(client, member_user):
    response = client.post("/api/v1/auth/login",
                           json={"email": member_user.email, "password": "pa\x00ss"})
    assert_invalid(response, "password")


def test_nul_in_a_page_path_is_404_and_in_a_query_is_422(client):
    assert client.get("/members/x%00y").status_code == 404
    response = client.get("/api/v1/members/x%00y")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert_invalid(client.get("/api/v1/members?q=a%00b"), "q")
    assert_invalid(client.get("/api/v1/resources/search?q=%00"), "q")
    assert client.get("/library?q=a%00b").status_code == 422


def test_control_characters_in_a_story_title_are_refused_tabs_and_newlines_kept(
        client, member_user):
    sign_in(client, member_user)
    assert_invalid(client.post("/api/v1/stories", json=story_body(title="Bell\x07 story")),
                   "title")
    response = client.post("/api/v1/stories",
                           json=story_body(body="First line.\n\tSecond line.\r\nThird."))
    assert response.status_code == 201
    assert response.get_json()["body"] == "First line.\n\tSecond line.\r\nThird."


def test_control_characters_in_nested_fields_name_the_path(client, secretariat):
    sign_in(client, secretariat)
    response = client.patch("/api/v1/members/1", json={"social_media": [
        {"platform": "x", "url": "https://x.com/\x1bhub"}]})
    assert_invalid(response, "social_media.0.url")


def test_deeply_nested_json_is_422(client):
    body = "[" * 100_000 + "]" * 100_000
    response = post_raw(client, "/api/v1/auth/login", body)
    assert_invalid(response, "_schema")


def test_nesting_within_the_bound_is_parsed_normally(client):
    body = json.dumps({"email": "a@example.org", "password": "x", "extra": [[[[1]]]]})
    assert post_raw(client, "/api/v1/auth/login", body).status_code in (401, 422)


@pytest.mark.parametrize("path", [
    "/api/v1/resources/9223372036854775808",
    "/api/v1/resources/18446744073709551616",
    "/api/v1/stories/9223372036854775808",
    "/api/v1/activities/99999999999999999999999",
    "/api/v1/members/9223372036854775808",
    "/library/9223372036854775808",
])
def test_ids_past_the_database_range_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "not_found"


def test_integers_past_the_range_in_a_body_are_422(client, secretariat):
    sign_in(client, secretariat)
    response = client.post("/api/v1/activities", json={
        "title": "Workshop", "kind": "workshop", "themes": [], "starts_on": "2025-09-01",
        "ends_on": "2025-09-02", "mode": "online", "lead_members": [2**63]})
    assert_invalid(response, "lead_members.0")


def test_sign_in_ignores_a_next_with_cr_lf(client, member_user):
    from tests.helpers import csrf_token

    page = client.get("/sign-in?next=/library%0d%0aSet-Cookie:%20x=1")
    response = client.post("/sign-in?next=/library%0d%0aSet-Cookie:%20x=1", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)),
        "email": member_user.email, "password": member_user.password})
    assert response.status_code == 302
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]
    assert response.headers["Location"].endswith("/")


# ---------------------------------------------------------------- exports


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
                                  "\tx", "\rx"])
def test_cell_defuses_formulas(text):
    assert exports.cell(text) == "'" + text


def test_cell_removes_what_xml_cannot_hold():
    assert exports.cell("a\x00b\x07c\x1fd\ud800e\ufffe") == "abcde"
    assert exports.cell("line\nnext\ttab") == "line\nnext\ttab"
    assert exports.cell(None) == ""


def test_story_exports_keep_control_characters_out(app, client, secretariat, member_user):
    """A story stored before the input checks existed, with a bell and a formula, exports
    to CSV and DOCX without breaking either."""
    from hub.extensions import db
    from hub.models import Story

    sign_in(client, member_user)
    story_id = client.post("/api/v1/stories", json=story_body()).get_json()["id"]
    with app.app_context():
        story = db.session.get(Story, story_id)
        story.title = "=cmd|' /C calc'!A0 \x07bell"
        story.body = "Para one\x0b.\n\nPara two."
        story.status = "published"
        from hub.models.base import utcnow
        story.published_at = utcnow()
        db.session.commit()
    staff = app.test_client()
    sign_in(staff, secretariat)
    response = staff.get("/api/v1/stories/export?format=docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    assert "=cmd|' /C calc'!A0 bell" in texts
    assert "Para one." in texts
    csv_text = staff.get("/api/v1/stories/export?format=csv").get_data(as_text=True)
    assert "'=cmd|' /C calc'!A0 bell" in csv_text
    assert "\x07" not in csv_text


def test_indicators_workbook_defuses_a_member_named_like_a_formula(app, client, secretariat,
                                                                    make_member):
    from hub.extensions import db
    from hub.models import Member

    member_id = make_member("formula")
    with app.app_context():
        db.session.get(Member, member_id).name = '=HYPERLINK("http://evil.example")\x01'
        db.session.commit()
    sign_in(client, secretariat)
    response = client.get("/api/v1/indicators/export?period=2025July&format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    names = [row[2] for row in book["Members counted"].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://evil.example\")" in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)
