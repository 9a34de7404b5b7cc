"""The library pages: search, a resource, the upload form, deletion; and the browser."""

import io

from tests.helpers import submit_form


def test_search_page_shows_snippets_facets_badges_and_escapes(create, member_user, client_as):
    create(member_user, title="<script>alert(1)</script> Online grooming",
           summary="How offenders use grooming online", countries=["KE"])
    create(member_user, title="Mariage forcé au Niger", language="fr", summary="Mariage",
           visibility="network")
    page = client_as(None).get("/library?q=grooming")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "<mark>grooming</mark>" in html
    assert 'class="badge lang"' in html and ">EN<" in html
    assert 'data-facet="region"' in html and "East and Southern Africa" in html
    assert "Mariage" not in client_as(None).get("/library").get_data(as_text=True)
    assert "Mariage forcé" in client_as(member_user).get("/library?lang=fr").get_data(
        as_text=True)


def test_resource_page_and_translations(create, member_user, client_as):
    en = create(member_user, title="Access to justice").get_json()["id"]
    fr = create(member_user, title="Accès à la justice", language="fr",
                translation_of=en).get_json()["id"]
    html = client_as(None).get(f"/library/{en}").get_data(as_text=True)
    assert "Accès à la justice" in html and f"/library/{fr}" in html
    assert client_as(None).get("/library/9999").status_code == 404


def test_upload_form_creates_a_resource(client_as, member_user, app):
    client = client_as(member_user)
    assert client.get("/library/new").status_code == 200
    response = submit_form(client, "/library/new", {
        "title": "Reintegration of survivors", "summary": "", "body": "",
        "language": "en", "type": "toolkit", "visibility": "public",
        "file": (io.BytesIO(b"Community-based reintegration guide"), "guide.txt"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reintegration of survivors" in page and "guide.txt" in page
    found = client_as(None).get("/api/v1/resources/search?q=community").get_json()
    assert found["total"] == 1


def test_upload_form_refuses_a_disguised_file(client_as, member_user):
    response = submit_form(client_as(member_user), "/library/new", {
        "title": "Scan", "language": "en", "type": "other", "visibility": "public",
        "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00"), "scan.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 415
    assert "Only PDF, DOCX, ODT" in response.get_data(as_text=True)


def test_form_and_delete_permissions(create, member_user, make_user, client_as, secretariat):
    rid = create(member_user, title="Toolkit").get_json()["id"]
    assert client_as(None).get("/library/new").status_code == 302
    outsider = client_as(make_user("member"))
    assert outsider.get(f"/library/{rid}/edit").status_code == 403
    assert submit_form(outsider, f"/library/{rid}/delete", {},
                       page_url=f"/library/{rid}").status_code == 403
    boss = client_as(secretariat)
    assert boss.get(f"/library/{rid}/edit").status_code == 200
    edited = submit_form(boss, f"/library/{rid}/edit", {
        "title": "Toolkit, second edition", "language": "en", "type": "toolkit",
        "visibility": "public", "organisations": str(member_user.member_id)})
    assert edited.status_code == 302
    assert submit_form(boss, f"/library/{rid}/delete", {},
                       page_url=f"/library/{rid}").status_code == 302
    assert client_as(None).get(f"/library/{rid}").status_code == 404


def test_search_in_the_browser(live_server, page, app, create, secretariat):
    for title, lang, country in (
            ("Trafficking of children in Kenya", "en", "KE"),
            ("La traite des enfants au Sénégal", "fr", "SN"),
            ("Trata de niñas en Colombia", "es", "CO")):
        create(secretariat, title=title, language=lang, countries=[country],
               summary=title + ".")
    page.goto(f"{live_server}/library")
    page.get_by_label("Search titles, summaries and full texts in every language").fill(
        "trafficking")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/library?q=trafficking*")
    assert page.locator(".total").inner_text() == "3 resources found"
    assert page.locator(".resource-card mark").count() >= 1
    page.locator('[data-facet="language"] a', has_text="French").click()
    titles = page.locator(".resource-card h3 a").all_inner_texts()
    assert titles == ["La traite des enfants au Sénégal"]
    page.locator(".resource-card h3 a").first.click()
    assert page.locator("h1").inner_text() == "La traite des enfants au Sénégal"
