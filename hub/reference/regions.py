"""The ten ECPAT regional groups and the region of every ISO 3166-1 country or territory.

The countries come from pycountry; `data/country_regions.csv` only maps each alpha-2 code to a
region. Choices for borderline places (keep this list in step with the CSV):

- Caribbean states and territories, including Puerto Rico, the US and British Virgin Islands,
  the French Antilles, Guiana, the Falklands and South Georgia -> latin-america.
- Bermuda, Greenland and Saint Pierre and Miquelon -> north-america (with the US and Canada).
- Sudan, South Sudan, Somalia, Djibouti, Eritrea, Comoros, Réunion, Mayotte, Angola
  -> east-southern-africa (ECPAT practice and SADC/IGAD membership).
- DR Congo -> west-central-africa (Central Africa, francophone, with Congo and Cameroon).
- Mauritania -> west-central-africa (Sahel, as in UNICEF's West and Central Africa region).
- Egypt, Libya, Tunisia, Algeria, Morocco, Western Sahara, Iran, Israel, Palestine -> mena
  (geography; Israel is often grouped with Europe elsewhere, but the Hub maps by geography).
- Cyprus and Malta -> western-europe (EU members, not transition countries).
- Turkey -> eastern-europe-central-asia (as in UNICEF's Europe and Central Asia region).
- The post-1989 transition countries of Central and Eastern Europe (Poland, Czechia, Slovakia,
  Hungary, Slovenia, the Baltic states, Romania, Bulgaria), the Balkans, the Eastern
  Partnership, Russia, the Caucasus and Central Asia -> eastern-europe-central-asia.
- Afghanistan -> south-asia (SAARC member); Timor-Leste and all of ASEAN -> east-asia.
- Remote territories follow their geography (UN M49), else the nearest region: Åland and
  Svalbard -> western-europe; Saint Helena -> west-central-africa; British Indian Ocean
  Territory (Chagos, to pass to Mauritius), the French Southern Territories (mostly in the
  Mozambique Channel and southern Indian Ocean) and Bouvet Island (nearest land: southern
  Africa) -> east-southern-africa; Christmas Island, Cocos (Keeling), Heard and McDonald,
  Norfolk, the US Minor Outlying Islands and Antarctica (reached mainly from Australia and
  New Zealand) -> pacific.
"""

import csv
from functools import cache
from pathlib import Path
from typing import NamedTuple

from flask_babel import lazy_gettext as _l

DATA_DIR = Path(__file__).parent / "data"


class Region(NamedTuple):
    """An ECPAT regional group: its code and its (lazily translated) English name."""

    code: str
    name: object  # a flask_babel LazyString; str() translates it into the current locale


REGIONS: tuple[Region, ...] = (
    Region("latin-america", _l("Latin America")),
    Region("north-america", _l("North America")),
    Region("east-southern-africa", _l("East and Southern Africa")),
    Region("west-central-africa", _l("West and Central Africa")),
    Region("mena", _l("Middle East and North Africa")),
    Region("western-europe", _l("Western Europe")),
    Region("eastern-europe-central-asia", _l("Eastern Europe and Central Asia")),
    Region("east-asia", _l("East Asia")),
    Region("south-asia", _l("South Asia")),
    Region("pacific", _l("The Pacific")),
)

REGION_CODES: tuple[str, ...] = tuple(region.code for region in REGIONS)
REGION_NAMES: dict[str, object] = {region.code: region.name for region in REGIONS}


@cache
def _load_country_regions() -> dict[str, str]:
    with (DATA_DIR / "country_regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["region"] for row in csv.DictReader(handle)}


def country_regions() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code (as known to pycountry) -> its region code."""
    import pycountry

    mapping = _load_country_regions()
    return {
        country.alpha_2: mapping[country.alpha_2]
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_2)
        if country.alpha_2 in mapping
    }


def region_of(country_code: str) -> str | None:
    """The region code of an alpha-2 country code, or None when it is unknown."""
    return _load_country_regions().get(country_code.upper())


def countries_in(region_code: str) -> list[str]:
    """The alpha-2 codes mapped to a region, sorted."""
    return sorted(code for code, region in country_regions().items() if region == region_code)
