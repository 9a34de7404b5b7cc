"""The resources API: create, read, change, delete and search, per role and anonymous."""

import pytest

from tests.library.conftest import facet, ids


@pytest.fixture
def two_members(make_member, make_user):
    """Two organisations with a staff account each."""
    a, b = make_member("voix-libres", country="FR"), make_member("andes-ninez", country="CO")
    return {"a": a, "b": b, "staff_a": make_user("member", member_id=a),
            "staff_b": make_user("focal_point", member_id=b)}


def test_member_creates_for_own_organisation_and_it_is_findable_at_once(
        create, two_members, client_as):
    staff = two_members["staff_a"]
    response = create(staff, title="Traite des enfants en France", language="fr",
                      body="Une étude sur la traite et l'exploitation sexuelle des enfants.",
                      countries=["FR"], themes=["trafficking"], published_on="2024-05-01")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["organisations"] == [two_members["a"]]
    assert body["regions"] == ["western-europe"]
    assert body["labels"]["type"] == "Research report"
    found = client_as(None).get("/api/v1/resources/search?q=traite").get_json()
    assert ids(found) == [body["id"]]
    assert found["items"][0]["published_on"] == "2024-05-01"


def test_member_cannot_publish_for_another_organisation(create, two_members):
    response = create(two_members["staff_a"], organisations=[two_members["b"]])
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_secretariat_publishes_for_anyone_and_by_slug(create, two_members, secretariat):
    response = create(secretariat, organisations=["andes-ninez", two_members["a"]],
                      secretariat_coauthored=True)
    assert response.status_code == 201
    assert sorted(response.get_json()["organisations"]) == sorted(
        [two_members["a"], two_members["b"]])
    assert response.get_json()["secretariat_coauthored"] is True


def test_only_the_secretariat_marks_co_authorship(create, member_user):
    response = create(member_user, secretariat_coauthored=True)
    assert response.status_code == 422
    assert "secretariat_coauthored" in response.get_json()["error"]["fields"]


def test_anonymous_cannot_create(client_as):
    response = client_as(None).post("/api/v1/resources", json={"title": "x", "type": "news"})
    assert response.status_code == 401


@pytest.mark.parametrize("fields, bad", [
    ({"type": "poem"}, "type"),
    ({"language": "xx"}, "language"),
    ({"themes": ["no-such-theme"]}, "themes"),
    ({"countries": ["ZZ"]}, "countries"),
    ({"regions": ["atlantis"]}, "regions"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"visibility": "secret"}, "visibility"),
    ({"title": ""}, "title"),
    ({"published_on": "yesterday"}, "published_on"),
])
def test_invalid_input_is_422_with_the_field(create, member_user, fields, bad):
    response = create(member_user, **fields)
    assert response.status_code == 422, response.get_json()
    assert bad in response.get_json()["error"]["fields"]


def test_language_is_detected_when_omitted(client_as, member_user):
    client = client_as(member_user)
    response = client.post("/api/v1/resources", json={
        "title": "La explotación sexual de niñas y niños en el turismo",
        "body": "Este informe analiza la explotación sexual de niñas, niños y adolescentes en "
                "los viajes y el turismo en América Latina.", "type": "research_report"})
    assert response.status_code == 201
    assert response.get_json()["language"] == "es"
    too_short = client.post("/api/v1/resources", json={"title": "OK", "type": "news"})
    assert too_short.status_code == 422
    assert "language" in too_short.get_json()["error"]["fields"]


def test_network_resources_are_hidden_from_anonymous_even_in_facets(
        create, member_user, client_as):
    public = create(member_user, title="Child marriage in Kenya", visibility="public",
                    countries=["KE"]).get_json()["id"]
    hidden = create(member_user, title="Child marriage in Peru", visibility="network",
                    language="en", countries=["PE"], type="policy_brief").get_json()["id"]
    anonymous = client_as(None)
    assert anonymous.get(f"/api/v1/resources/{hidden}").status_code == 404
    assert anonymous.get(f"/api/v1/resources/{public}").status_code == 200
    found = anonymous.get("/api/v1/resources/search?q=marriage").get_json()
    assert ids(found) == [public] and found["total"] == 1
    assert facet(found, "type") == {"research_report": 1}
    assert facet(found, "region") == {"east-southern-africa": 1}
    everything = anonymous.get("/api/v1/resources/search").get_json()
    assert ids(everything) == [public]
    signed_in = client_as(member_user).get("/api/v1/resources/search?q=marriage").get_json()
    assert sorted(ids(signed_in)) == sorted([public, hidden])
    assert facet(signed_in, "type") == {"research_report": 1, "policy_brief": 1}
    assert facet(signed_in, "region") == {"east-southern-africa": 1, "latin-america": 1}


def test_edit_and_delete_by_authoring_member_or_secretariat(
        create, two_members, secretariat, client_as):
    rid = create(two_members["staff_a"], title="Old title").get_json()["id"]
    other = client_as(two_members["staff_b"])
    assert other.patch(f"/api/v1/resources/{rid}", json={"title": "x"}).status_code == 403
    assert other.delete(f"/api/v1/resources/{rid}").status_code == 403
    assert client_as(None).patch(f"/api/v1/resources/{rid}", json={"title": "x"}).status_code \
        == 401
    own = client_as(two_members["staff_a"])
    changed = own.patch(f"/api/v1/resources/{rid}", json={"title": "Online grooming guide"})
    assert changed.status_code == 200 and changed.get_json()["title"] == "Online grooming guide"
    found = client_as(None).get("/api/v1/resources/search?q=grooming").get_json()
    assert ids(found) == [rid]
    # Read-only fields sent back are ignored.
    same = own.patch(f"/api/v1/resources/{rid}", json=changed.get_json())
    assert same.status_code == 200, same.get_json()
    boss = client_as(secretariat)
    assert boss.patch(f"/api/v1/resources/{rid}", json={"summary": "s"}).status_code == 200
    assert boss.delete(f"/api/v1/resources/{rid}").status_code == 204
    assert boss.get(f"/api/v1/resources/{rid}").status_code == 404
    assert client_as(None).get("/api/v1/resources/search?q=grooming").get_json()["total"] == 0


def test_hidden_resource_is_404_for_every_anonymous_endpoint(create, member_user, client_as):
    rid = create(member_user, visibility="network").get_json()["id"]
    anonymous = client_as(None)
    assert anonymous.get(f"/api/v1/resources/{rid}").status_code == 404
    assert anonymous.get(f"/api/v1/resources/{rid}/files/1").status_code == 404
    assert anonymous.patch(f"/api/v1/resources/{rid}", json={}).status_code == 401
    assert anonymous.delete(f"/api/v1/resources/{rid}").status_code == 401
    assert anonymous.post(f"/api/v1/resources/{rid}/files").status_code == 401


def test_translations_are_linked_both_ways(create, member_user, client_as):
    en = create(member_user, title="Access to justice for child victims").get_json()["id"]
    fr = create(member_user, title="Accès à la justice pour les enfants victimes",
                language="fr", translation_of=en).get_json()
    assert fr["translations"] == [{"id": en, "language": "en",
                                   "title": "Access to justice for child victims"}]
    back = client_as(member_user).get(f"/api/v1/resources/{en}").get_json()
    assert [t["id"] for t in back["translations"]] == [fr["id"]]


def test_search_filters_facets_and_labels(create, secretariat, client_as):
    create(secretariat, title="Trafficking report 2019", published_on="2019-03-01",
           countries=["TH"], themes=["trafficking"])
    create(secretariat, title="Trafficking brief 2023", published_on="2023-03-01",
           type="policy_brief", countries=["KE"])
    create(secretariat, title="Traite des enfants", language="fr", published_on="2023-06-01",
           countries=["SN"])
    client = client_as(None)
    body = client.get("/api/v1/resources/search?q=trafficking&lang=fr").get_json()
    assert body["total"] == 3  # the French one through the thesaurus
    assert body["expansions"] and body["expansions"][0]["term"] == "trafficking"
    labels = {f["value"]: f["label"] for f in body["facets"]["type"]}
    assert labels["policy_brief"] == "Note d'orientation" or labels["policy_brief"]
    assert {f["value"]: f["label"] for f in body["facets"]["language"]}["fr"] == "Français"
    narrow = client.get("/api/v1/resources/search?q=trafficking&cross_language=false").get_json()
    assert narrow["total"] == 2
    filtered = client.get(
        "/api/v1/resources/search?q=trafficking&year_from=2023&region=east-southern-africa"
        "&region=west-central-africa").get_json()
    assert filtered["total"] == 2
    assert facet(filtered, "year") == {"2023": 2}  # 2019 is in East Asia
    # The region facet ignores its own filter: the 2019 Thai report is out by year only.
    assert facet(filtered, "region") == {"east-southern-africa": 1, "west-central-africa": 1}
    newest = client.get("/api/v1/resources/search?sort=newest").get_json()
    assert newest["items"][0]["title"] == "Traite des enfants"
    paged = client.get("/api/v1/resources/search?q=trafficking&per_page=1&page=2").get_json()
    assert len(paged["items"]) == 1 and paged["total"] == 3 and paged["page"] == 2
    bad = client.get("/api/v1/resources/search?per_page=500&sort=random")
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"per_page", "sort"}


def test_snippets_are_escaped_and_highlighted(create, member_user, client_as):
    create(member_user, title="<script>alert('x')</script> grooming",
           summary="Online <b>grooming</b> & live streaming <img src=x onerror=alert(1)>")
    item = client_as(None).get("/api/v1/resources/search?q=grooming").get_json()["items"][0]
    assert item["title"] == "<script>alert('x')</script> grooming"  # JSON carries text
    assert "<mark>grooming</mark>" in item["snippet"]
    assert "<b>" not in item["snippet"] and "<img" not in item["snippet"]
    assert "&lt;b&gt;" in item["snippet"] and "&amp;" in item["snippet"]


def test_did_you_mean(create, member_user, client_as):
    for i in range(3):
        create(member_user, title=f"Trafficking study {i}", body="trafficking of children")
    body = client_as(None).get("/api/v1/resources/search?q=trafficing").get_json()
    assert body["suggestion"] == "trafficking"


def test_usage_is_recorded(create, member_user, client_as, app):
    from hub.signals import usage

    events = []

    def listener(_app, **kw):
        events.append((kw["event_type"], kw["object_id"], kw["details"]))

    usage.connect(listener)
    try:
        rid = create(member_user, title="Child safeguarding toolkit").get_json()["id"]
        client = client_as(member_user)
        client.get("/api/v1/resources/search?q=safeguarding")
        client.get(f"/api/v1/resources/{rid}")
        client.get(f"/api/v1/resources/{rid}")  # a reload: still one view
        client.patch(f"/api/v1/resources/{rid}", json={"summary": "new"})
    finally:
        usage.disconnect(listener)
    kinds = [e[0] for e in events]
    assert kinds.count("resource_create") == 1 and kinds.count("resource_view") == 1
    assert kinds.count("resource_update") == 1
    assert ("search", None, {"query": "safeguarding", "results": 1}) in events
