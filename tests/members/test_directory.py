"""The directory API: filters, facets (counted with the other filters), relevance, search."""

from tests.members.conftest import facet


def slugs(body):
    return [item["slug"] for item in body["items"]]


def test_signed_in_lists_active_members_by_name_with_facets(client_as, member_user, network):
    body = client_as(member_user).get("/api/v1/members").get_json()
    # member_user's own organisation ("Org 1", KE, no tags) is a member too.
    assert body["total"] == 6
    assert "old-friends" not in slugs(body)
    assert facet(body, "region") == {"western-europe": 1, "east-southern-africa": 3,
                                     "latin-america": 2}
    assert facet(body, "tag") == {"trafficking": 3, "sectt": 3, "research": 2, "ocse": 1}
    assert facet(body, "language") == {"fr": 1, "en": 2, "sw": 1, "es": 2, "qu": 1}
    assert facet(body, "country")["KE"] == 2


def test_tags_mean_all_regions_mean_any(client_as, member_user, network):
    client = client_as(member_user)
    body = client.get("/api/v1/members?tag=trafficking&tag=sectt").get_json()
    assert sorted(slugs(body)) == ["andes-ninez", "kenya-shield"]
    body = client.get("/api/v1/members?region=latin-america&region=western-europe").get_json()
    assert sorted(slugs(body)) == ["andes-ninez", "lima-red", "voix-libres"]


def test_facets_reflect_the_other_filters(client_as, member_user, network):
    body = client_as(member_user).get(
        "/api/v1/members?tag=sectt&region=latin-america").get_json()
    assert sorted(slugs(body)) == ["andes-ninez", "lima-red"]
    # Region counts apply the tag filter but not the region filter.
    assert facet(body, "region") == {"east-southern-africa": 1, "latin-america": 2}
    # Tag counts apply the region filter but not the tag filter.
    assert facet(body, "tag") == {"sectt": 2, "trafficking": 1, "research": 1}
    assert facet(body, "language") == {"es": 2, "qu": 1}


def test_language_country_and_survivor_led(client_as, member_user, network):
    client = client_as(member_user)
    assert slugs(client.get("/api/v1/members?language=es&survivor_led=true").get_json()) == [
        "lima-red"]
    assert slugs(client.get("/api/v1/members?country=co").get_json()) == ["andes-ninez"]


def test_accent_folding_and_all_languages(client_as, member_user, network):
    client = client_as(member_user)
    # "traite" (French label of trafficking) finds every member tagged with trafficking.
    body = client.get("/api/v1/members?q=traite&lang=fr").get_json()
    assert sorted(slugs(body)) == ["andes-ninez", "kenya-shield", "voix-libres"]
    assert slugs(client.get("/api/v1/members?q=CAMPAÑA").get_json()) == ["andes-ninez"]
    assert slugs(client.get("/api/v1/members?q=trata").get_json()) != []
    assert client.get("/api/v1/members?q=zzzz").get_json()["total"] == 0


def test_relevance_then_name(client_as, member_user, network):
    body = client_as(member_user).get("/api/v1/members?q=kenya").get_json()
    assert slugs(body)[0] == "kenya-shield"
    body = client_as(member_user).get("/api/v1/members?q=hotel").get_json()
    # Both match in the description only ("hotelero" by prefix): then by name.
    assert slugs(body) == ["andes-ninez", "kenya-shield"]
    body = client_as(member_user).get("/api/v1/members?q=research").get_json()
    # A tag label scores above a description: "research" tagged members only.
    assert slugs(body) == ["andes-ninez", "voix-libres"]


def test_pagination(client_as, member_user, network):
    client = client_as(member_user)
    first = client.get("/api/v1/members?per_page=2").get_json()
    second = client.get("/api/v1/members?per_page=2&page=2").get_json()
    assert first["total"] == second["total"] == 6
    assert len(first["items"]) == 2 and not set(slugs(first)) & set(slugs(second))
    assert client.get("/api/v1/members?per_page=101").status_code == 422


def test_bad_filters_are_422(client, network):
    for query, field in (("tag=nope", "tag"), ("region=mars", "region"), ("country=XX", "country"),
                         ("language=zz", "language")):
        response = client.get(f"/api/v1/members?{query}")
        assert response.status_code == 422
        assert field in response.get_json()["error"]["fields"]


def test_anonymous_sees_the_public_subset(client, network):
    body = client.get("/api/v1/members").get_json()
    assert body["total"] == 5
    assert set(body["items"][0]) == {"id", "slug", "name", "country", "region", "website",
                                     "tags", "labels"}
    assert body["facets"]["language"] == []
    # Descriptions are not public, so they are not searched for visitors.
    assert client.get("/api/v1/members?q=hotel").get_json()["total"] == 0
    assert client.get("/api/v1/members?q=traite").get_json()["total"] == 3
    assert client.get("/api/v1/members?survivor_led=true").status_code == 422


def test_directory_search_is_recorded(app, client_as, member_user, network):
    from hub.signals import usage

    events = []

    def listener(_sender, **kwargs):
        events.append(kwargs)

    with usage.connected_to(listener):
        client_as(member_user).get("/api/v1/members?q=traite")
    assert events[-1]["event_type"] == "directory_search"
    assert events[-1]["details"] == {"query": "traite", "results": 3}


def test_tags_in_the_request_language(client):
    body = client.get("/api/v1/tags?lang=es").get_json()
    labels = {t["slug"]: t["label"] for t in body["items"]}
    assert labels["trafficking"].startswith("Venta y trata")
    assert set(body["items"][0]) == {"slug", "label", "description", "group"}
    assert sum(t["group"] == "manifestation" for t in body["items"]) == 5


def test_coverage_shows_gaps(client_as, member_user, client, network):
    assert client.get("/api/v1/members/coverage").status_code == 401
    body = client_as(member_user).get("/api/v1/members/coverage?by=region").get_json()
    rows = {row["region"]: row for row in body["items"]}
    assert len(rows) == 10
    latam = rows["latin-america"]
    assert latam["members"] == 2
    assert set(latam["covered"]) == {"sectt", "trafficking", "research"}
    assert "ocse" in latam["missing"]
    assert rows["pacific"]["covered"] == []
    body = client_as(member_user).get("/api/v1/members/coverage?by=country").get_json()
    kenya = next(row for row in body["items"] if row["country"] == "KE")
    assert kenya["members"] == 2  # the former member does not count
    assert set(kenya["covered"]) == {"trafficking", "sectt"}
    assert client_as(member_user).get("/api/v1/members/coverage?by=city").status_code == 422
