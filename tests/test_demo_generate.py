"""The synthetic demo network: plausible, varied, valid and deterministic."""

import re
from collections import Counter
from datetime import date

import pycountry
import pytest

from hub.demo.generate import generate_network, generate_people
from hub.reference.expertise import tag_slugs
from hub.reference.languages import is_known_language
from hub.reference.regions import REGION_CODES, region_of

PLATFORMS = {"facebook", "x", "instagram", "linkedin", "youtube"}


@pytest.fixture(scope="module")
def members():
    return generate_network()


def test_counts(members):
    assert 95 <= len(members) <= 110
    assert len({m["country"] for m in members}) >= 85
    assert {region_of(m["country"]) for m in members} == set(REGION_CODES)
    coalitions = sum(m["kind"] == "coalition" for m in members)
    assert 0.15 <= coalitions / len(members) <= 0.25
    assert 3 <= sum(m["survivor_led"] for m in members) <= 15
    statuses = Counter(m["status"] for m in members)
    assert statuses == {"active": len(members) - 7, "suspended": 3, "former": 4}
    assert 0.6 <= sum(bool(m["social_media"]) for m in members) / len(members) <= 0.8
    per_region = Counter(region_of(m["country"]) for m in members)
    assert per_region["north-america"] < per_region["east-asia"]
    assert per_region["pacific"] < per_region["latin-america"]


def test_slugs_codes_and_tags_are_valid(members):
    iso = {c.alpha_2 for c in pycountry.countries}
    known_tags = set(tag_slugs())
    slugs = [m["slug"] for m in members]
    assert len(slugs) == len(set(slugs))
    assert len({m["name"] for m in members}) == len(members)
    for m in members:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", m["slug"]) and len(m["slug"]) <= 63
        assert m["website"] == f"https://{m['slug']}.example.org"
        assert m["country"] in iso
        assert len(m["countries"]) <= 3 and m["country"] not in m["countries"]
        for other in m["countries"]:
            assert other in iso and region_of(other) == region_of(m["country"])
        assert m["kind"] in {"organisation", "coalition"}
        assert 1 <= len(m["languages"]) <= 3
        assert all(is_known_language(code) for code in m["languages"])
        assert 2 <= len(m["tags"]) <= 7
        tags = [t["slug"] for t in m["tags"]]
        assert len(tags) == len(set(tags)) and set(tags) <= known_tags
        assert set(tags) & set(tag_slugs("manifestation"))
        assert all(t["note"] and isinstance(t["centre_of_expertise"], bool) for t in m["tags"])
        assert len(m["social_media"]) <= 3
        for link in m["social_media"]:
            assert link["platform"] in PLATFORMS and link["url"].startswith("https://")
        assert date(1996, 1, 1) <= m["joined_on"] <= date(2025, 12, 31)
        if m["status"] == "former":
            assert m["joined_on"] < m["left_on"] <= date(2025, 12, 31)
        else:
            assert m["left_on"] is None
        sentences = re.findall(r"[.!?。](?:\s|$)", m["description"])
        assert 2 <= len(sentences) <= 4, m["description"]
        assert "{" not in m["description"] and all("{" not in t["note"] for t in m["tags"])


def test_descriptions_vary_and_follow_the_first_language(members):
    assert len({m["description"] for m in members}) == len(members)
    first_sentences = Counter(
        re.sub(r"\d+", "#", m["description"].replace(m["name"], "NAME")).split(". ")[0]
        for m in members)
    assert first_sentences.most_common(1)[0][1] < len(members) / 5
    assert len(first_sentences) >= 20
    by_first = {m["languages"][0] for m in members}
    assert {"en", "fr", "es", "pt", "ru", "ar"} <= by_first
    arabic = next(m for m in members if m["languages"][0] == "ar")
    assert re.search(r"[\u0600-\u06ff]", arabic["description"])
    russian = next(m for m in members if m["languages"][0] == "ru")
    assert re.search(r"[а-я]", russian["description"])


def test_plausible_expertise(members):
    def share(slug, pred):
        group = [m for m in members if pred(m)]
        return sum(any(t["slug"] == slug for t in m["tags"]) for m in group) / len(group)

    assert share("ocse", lambda m: True) > 0.5
    assert share("child-marriage", lambda m: region_of(m["country"]) == "south-asia") > share(
        "child-marriage", lambda m: region_of(m["country"]) == "western-europe")
    centres = sum(t["centre_of_expertise"] for m in members for t in m["tags"])
    total = sum(len(m["tags"]) for m in members)
    assert 0.08 <= centres / total <= 0.25


def test_deterministic_and_seed_dependent(members):
    assert generate_network(2018) == members
    assert generate_network(7) != members
    assert generate_people(members, 3) == generate_people(members, 3)


def test_people(members):
    people = generate_people(members, 2018)
    by_member = Counter(p["member"] for p in people)
    assert set(by_member) == {m["slug"] for m in members}
    assert all(1 <= n <= 3 for n in by_member.values())
    emails = [p["email"] for p in people]
    assert len(emails) == len(set(emails))
    website = {m["slug"]: m["website"].removeprefix("https://") for m in members}
    seen = set()
    for p in people:
        assert re.fullmatch(r"[a-z0-9.]+@[a-z0-9-]+\.example\.org", p["email"])
        assert p["email"].endswith("@" + website[p["member"]])
        assert p["role"] == ("member" if p["member"] in seen else "focal_point")
        seen.add(p["member"])
        assert is_known_language(p["language"]) and p["locale"] in {"en", "fr", "es"}
        assert p["name"].strip()
    assert len({p["name"] for p in people}) > len(people) * 0.8


def test_people_without_country(members):
    slim = [{k: m[k] for k in ("slug", "website", "languages")} for m in members]
    people = generate_people(slim, 5)
    assert {p["member"] for p in people} == {m["slug"] for m in members}
    thai = next(m for m in members if m["country"] == "TH")
    assert generate_people([{k: thai[k] for k in ("slug", "website", "languages")}], 1)
