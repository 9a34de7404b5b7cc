"""The members pages as people see them, in each language and role."""

import pytest

from tests.helpers import FormPage, submit_form


@pytest.fixture
def org(make_member):
    return make_member("voix-libres", country="FR", name="Voix Libres", description="Secret plan")


def test_directory_page_filters_with_links(client, network):
    html = client.get("/members?q=traite&lang=fr").get_data(as_text=True)
    assert "3 membres trouvés" in html
    assert "Kenya Shield" in html and "Uganda Care" not in html
    assert client.get("/members?tag=nope").status_code == 422


def test_nav_and_translations(client):
    assert ">Membres<" in client.get("/?lang=fr").get_data(as_text=True)
    assert ">Miembros<" in client.get("/?lang=es").get_data(as_text=True)
    assert "Annuaire des expertises" in client.get("/members?lang=fr").get_data(as_text=True)


def test_profile_page_per_role(client_as, make_user, secretariat, org):
    anonymous = client_as(None).get("/members/voix-libres").get_data(as_text=True)
    assert "Voix Libres" in anonymous and "Secret plan" not in anonymous
    staff = make_user("member", member_id=org)
    page = client_as(staff).get("/members/voix-libres").get_data(as_text=True)
    assert "Secret plan" in page and "Edit the profile" not in page
    assert client_as(staff).get("/members/voix-libres/edit").status_code == 403
    sec = client_as(secretariat).get("/members/voix-libres").get_data(as_text=True)
    assert "History of changes" in sec
    assert client_as(None).get("/members/nobody").status_code == 404


def test_edit_page_saves_and_rejects(app, client_as, make_user, org):
    fp = client_as(make_user("focal_point", member_id=org))
    data = {"name": "Voix Libres", "country": "FR", "kind": "organisation",
            "description": "Nouveau", "website": "https://voix.example", "languages": "fr, en",
            "tag": ["sectt"], "centre-sectt": "y", "note-sectt": "Hôtels"}
    response = submit_form(fp, "/members/voix-libres/edit", data)
    assert response.status_code == 302
    page = fp.get("/members/voix-libres").get_data(as_text=True)
    assert "Hôtels" in page and "Centre of expertise" in page
    bad = submit_form(fp, "/members/voix-libres/edit", {**data, "website": "javascript:x"})
    assert bad.status_code == 422
    assert "Nothing was saved" in bad.get_data(as_text=True)


def test_secretariat_pages(client_as, secretariat, focal_point):
    for url in ("/members/stale", "/members/tags", "/members/tags/ocse"):
        assert client_as(secretariat).get(url).status_code == 200
        assert client_as(focal_point).get(url).status_code == 403
        assert client_as(None).get(url).status_code == 302
    assert client_as(focal_point).get("/members/coverage").status_code == 200
    assert client_as(None).get("/members/coverage").status_code == 302
    response = submit_form(client_as(secretariat), "/members/tags", {
        "group": "area", "label_en": "Sport", "label_fr": "Sport", "label_es": "Deporte"})
    assert response.status_code == 302


def test_people_page(client_as, focal_point, data_dir):
    client = client_as(focal_point)
    url = f"/members/{focal_point.member_id}/people"
    assert client.get(url).status_code == 200
    response = submit_form(client, url, {"email": "colleague@example.org", "name": "C",
                                         "role": "member"})
    assert response.status_code == 302
    assert len(list((data_dir / "mail").glob("*.eml"))) == 1


def test_edit_page_comes_back_with_its_errors_and_what_was_typed(client_as, make_user, org):
    fp = client_as(make_user("focal_point", member_id=org))
    typed = {"name": "", "country": "FR", "kind": "coalition",
             "description": "Un texte long, tapé avec soin.", "website": "javascript:x",
             "countries": "BE, ZZ", "languages": "fr, en", "survivor_led": "y",
             "social_media": "facebook https://facebook.com/voix",
             "tag": ["sectt"], "centre-sectt": "y", "note-sectt": "Hôtels et plages"}
    response = submit_form(fp, "/members/voix-libres/edit", typed)
    assert response.status_code == 422
    page = FormPage(response.get_data(as_text=True))
    # A summary at the top links to each field in error; the message stands by the field.
    links = dict(page.summary)
    assert set(links) == {"#website", "#name"}, page.summary
    assert links["#website"].startswith("Website: ") and links["#name"].startswith("Name: ")
    assert page.error("website") and page.error("name")
    assert page.error("website") in links["#website"]
    assert "aria-invalid" not in page.by_id["description"]["attrs"]
    # Nothing typed is lost.
    assert page.value("description") == "Un texte long, tapé avec soin."
    assert page.value("website") == "javascript:x"
    assert page.value("countries") == "BE, ZZ"
    assert page.value("languages") == "fr, en"
    assert page.value("social_media") == "facebook https://facebook.com/voix"
    assert page.selected("kind") == ["coalition"]
    assert {("survivor_led", "y"), ("tag", "sectt"), ("centre-sectt", "y")} <= page.checked
    assert 'name="note-sectt" value="Hôtels et plages"' in response.get_data(as_text=True)
