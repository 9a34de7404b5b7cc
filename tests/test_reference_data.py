"""The reference data: regions, the country-region mapping, languages and expertise tags."""

import csv
from collections import Counter

import pycountry

from hub.reference import expertise, languages, regions

EXPECTED_REGIONS = [
    "latin-america", "north-america", "east-southern-africa", "west-central-africa", "mena",
    "western-europe", "eastern-europe-central-asia", "east-asia", "south-asia", "pacific",
]


def _csv_rows():
    with (regions.DATA_DIR / "country_regions.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_ten_regions_in_order_with_names():
    assert [r.code for r in regions.REGIONS] == EXPECTED_REGIONS
    assert list(regions.REGION_NAMES) == EXPECTED_REGIONS
    assert str(regions.REGION_NAMES["pacific"]) == "The Pacific"
    assert all(str(r.name) for r in regions.REGIONS)


def test_every_pycountry_code_mapped_exactly_once():
    rows = _csv_rows()
    counts = Counter(row["code"] for row in rows)
    assert [code for code, n in counts.items() if n > 1] == []
    iso = {c.alpha_2 for c in pycountry.countries}
    assert set(counts) == iso  # nothing missing, no unknown codes
    assert set(regions.country_regions()) == iso


def test_csv_uses_only_known_regions_and_every_region_has_countries():
    mapping = regions.country_regions()
    assert set(mapping.values()) == set(EXPECTED_REGIONS)
    for code in EXPECTED_REGIONS:
        assert regions.countries_in(code)


def test_borderline_choices():
    mapping = regions.country_regions()
    expected = {
        "MX": "latin-america", "PR": "latin-america", "GL": "north-america",
        "SD": "east-southern-africa", "SO": "east-southern-africa", "DJ": "east-southern-africa",
        "EG": "mena", "IR": "mena", "IL": "mena", "MR": "west-central-africa",
        "TR": "eastern-europe-central-asia", "RS": "eastern-europe-central-asia",
        "CY": "western-europe", "AF": "south-asia", "TL": "east-asia", "MN": "east-asia",
        "AQ": "pacific", "AX": "western-europe", "SJ": "western-europe",
        "IO": "east-southern-africa",
    }
    assert {code: mapping[code] for code in expected} == expected
    assert regions.region_of("ke") == "east-southern-africa"
    assert regions.region_of("XK") is None


def test_languages():
    assert len(set(languages.LANGUAGES)) == len(languages.LANGUAGES)
    for code in ("en", "fr", "es", "pt", "ru", "ar", "th", "sw", "ne"):
        assert languages.is_known_language(code)
    assert not languages.is_known_language("xx")
    assert not languages.is_known_language("")
    assert languages.language_name("fr", "en") == "French"
    assert languages.language_name("en", "fr") == "Anglais"
    assert languages.language_name("ar", "es") == "Árabe"
    assert languages.language_name("sw", "no-such-locale") == "Swahili"
    for code in languages.LANGUAGES:  # CLDR knows every one of them
        assert languages.language_name(code, "en") != code


def test_expertise_vocabulary():
    tags = expertise.expertise_tags()
    slugs = [t["slug"] for t in tags]
    assert len(slugs) == len(set(slugs)) and 15 <= len(slugs) <= 25
    assert expertise.tag_slugs("manifestation") == [
        "ocse", "sectt", "prostitution", "trafficking", "child-marriage"]
    assert {t["group"] for t in tags} == {"manifestation", "area"}
    for tag in tags:
        for locale in ("en", "fr", "es"):
            assert tag["label"][locale] and len(tag["label"][locale]) <= 200
            assert tag["description"][locale] and len(tag["description"][locale]) <= 500
        fields = expertise.tag_model_fields(tag)
        assert fields["label_fr"] == tag["label"]["fr"]
    tags[0]["slug"] = "changed"  # callers get a copy
    assert expertise.expertise_tags()[0]["slug"] == "ocse"
    assert expertise.tag_label("ocse", "fr") == "Exploitation sexuelle des enfants en ligne"
    assert expertise.tag_label("sectt", "de").startswith("Sexual exploitation")


def test_vocabulary_avoids_terms_the_luxembourg_guidelines_reject():
    text = str(expertise.expertise_tags()).lower()
    for bad in ("child pornography", "pornographie", "child prostitut", "sex tourism",
                "tourisme sexuel", "turismo sexual", "prostitución infantil"):
        assert bad not in text
