"""Names of regions, countries and languages in the reader's UI locale."""

from functools import cache

import pycountry
from babel import Locale


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def country_name(code: str, locale: str) -> str:
    """Babel's name for an ISO 3166-1 alpha-2 code in `locale`, pycountry's as a fallback."""
    name = _locale(locale).territories.get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def region_name(code: str, locale: str) -> str:
    """A region's name in `locale` (from the translation catalogs)."""
    from flask_babel import force_locale

    from hub.reference.regions import REGION_NAMES

    name = REGION_NAMES.get(code)
    if name is None:
        return code
    with force_locale(locale):
        return str(name)
