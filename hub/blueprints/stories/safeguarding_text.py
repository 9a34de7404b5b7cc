"""Shared building blocks of the safeguarding checker: capitalised words, data files (given
names, stop words, countries), exact ages and named places."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

import pycountry
import regex

from .terminology import fold

DATA_DIR = Path(__file__).parent / "data"

_CAP = r"\p{Lu}[\p{L}\p{M}'’\-]*\p{L}"
_CAPS = (
    rf"{_CAP}(?:[ \-](?:(?:de|del|la|las|los|da|do|dos|das|des|du|of|el|y|e|sur)\s+)?{_CAP}){{0,3}}"
)
_NUM_EN = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen"
)
_NUM_FR = (
    r"un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize"
    r"|dix-sept|dix-huit|dix-neuf"
)
_NUM_ES = (
    r"un|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince"
    r"|dieciséis|dieciseis|diecisiete|dieciocho|diecinueve"
)
# An abbreviation dot ("St. Mary's", "Mr. Smith") does not end a sentence.
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:St|Mr|Mrs|Ms|Dr|M|Sr|Sra|Srta|No|Av|Avda|Jr|n°|nº|approx|e\.g|i\.e))[.!?](?:\s|$)"
)

# Exact ages of one person. Durations ("for 10 years", "depuis 10 ans", "hace 10 años") and
# ranges ("aged 12 to 17", "de 12 à 17 ans") are excluded by the look-arounds.
_AGE = regex.compile(
    rf"""
    (?P<en>\b(?:\d{{1,2}}|(?i:{_NUM_EN}))[-\s](?i:years?|yrs?)[-\s](?i:old)\b(?![-\s]?olds)
      | (?i:\baged?\s+(?:of\s+)?)\d{{1,2}}\b(?!\s*(?:to|-|–|and|or|y|et|à|a)\s*\d)
      | \b\d{{1,2}}\s+(?i:years\s+of\s+age)\b)
    | (?P<fr>(?=[\d\p{{L}}])(?<![\p{{L}}\p{{N}}])
       (?<!(?i:depuis|pendant|durant|il\s+y\s+a|dans|après|apres|plus\s+de|moins\s+de
                   |près\s+de|tous\s+les|toutes\s+les|des|les|entre|ces|\d\s+(?:à|a|et|ou))\s+)
       \b(?:\d{{1,2}}|(?<=(?i:\b(?:de|a|avait|âgée?\s+de|aura|avoir))\s)(?i:{_NUM_FR}))\s+(?i:ans)\b)
    | (?P<es>(?=[\d\p{{L}}])(?<![\p{{L}}\p{{N}}])
       (?<!(?i:hace|durante|desde|por|en|los|las|más\s+de|menos\s+de|entre|unos
                   |\d\s+(?:a|y|o))\s+)
       \b(?:\d{{1,2}}|(?<=(?i:\b(?:de|tiene|tenía|tenia|cumplió|con|a\s+los))\s)(?i:{_NUM_ES}))
       \s+(?i:años)\b)
    | (?P<pt>(?=[\d\p{{L}}])(?<![\p{{L}}\p{{N}}])
       (?<!(?i:há|durante|desde|por|em|os|as|mais\s+de|menos\s+de|entre|uns|cerca\s+de
                   |\d\s+(?:a|e|ou))\s+)
       \b\d{{1,2}}\s+(?i:anos)\b(?!\s+(?:depois|antes|atrás|mais\s+tarde)))
    """,
    regex.X,
)
# "Maria, 14," or "Maria (14)": a bare number right after a capitalised word.
_BARE_AGE = regex.compile(
    r"^\s*(?:,\s*\d{1,2}\s*(?=[,;)]|\s+(?:from|de|del|du|do|da)\b)|\(\d{1,2}\))"
)
_PLURAL_AFTER = regex.compile(
    r"^[-\s]*(?:girls|boys|children|kids|students|pupils|teenagers|victims|survivors|people"
    r"|youths|minors|olds|adolescents|meninas|meninos|crianças|adolescentes|jovens)\b",
    regex.I,
)
_PLURAL_BEFORE = regex.compile(
    r"(?:\b(?:des|les|ces|los|las|unos|unas|several|many|some)\s+\p{Ll}+\s+(?:de\s+|âgée?s\s+de\s+)?"
    r"|\b\p{Ll}+[sx]\s+(?:de\s+|âgée?s\s+de\s+))$"
)

_LOC_WORDS = (
    r"village|villages|hamlet|town|township|community|settlement|slum|shantytown|neighbou?rhood"
    r"|district|barangay|commune|island|camp|suburb|quarter|estate|compound|municipality|parish"
    r"|ward|colony|kampong|kampung|mohalla|basti|sitio|purok|tambon|favela"
    r"|hameau|quartier|bidonville|ville|localité|cité|île|faubourg|banlieue|douar|arrondissement"
    r"|secteur|campement"
    r"|aldea|pueblo|barrio|comunidad|colonia|vereda|caserío|caserio|municipio|localidad|villa"
    r"|asentamiento|cantón|canton|distrito|isla|campamento|corregimiento|poblado|ranchería|comuna"
    r"|población"
    r"|povoado|aldeia|bairro|comunidade|vila|vilarejo|lugarejo|assentamento|quilombo|morro"
    r"|município|distrito|ilha|acampamento|sítio|loteamento|conjunto"
)
_LOC_ADJ = (
    r"small|remote|rural|tiny|poor|fishing|mountain|coastal|border|same|informal|petit|petite"
    r"|pequeña|pequeño|pobre|remota|remoto|rural|pauvre|isolé|isolée|aislada|aislado"
    r"|pequena|pequeno|isolada|isolado|mesmo|mesma"
)
_PREP = (
    r"from|in|of|at|near|outside|du|de|d'|d’|dans|à|au|aux|près\s+de|en|del|cerca\s+de|desde"
    r"|do|da|dos|das|no|na|nos|nas|em|perto\s+de|originária\s+de|originário\s+de"
)
_ART = r"the|a|an|la|le|l'|l’|el|un|une|una|les|los|las|o|os|as|um|uma"
_PLACE = regex.compile(
    rf"""
    (?<![\p{{L}}])(?i:{_PREP})\s+(?:(?i:{_ART})\s*)?(?:(?i:{_LOC_ADJ})\s+)*
    (?:
        (?P<loc>(?i:{_LOC_WORDS}))\s+(?:(?i:of|de|d'|d’|del|du|des|do|da|dos|das)\s*)?(?P<name1>{_CAPS})
      | (?P<name2>{_CAPS})\s+(?i:{_LOC_WORDS})\b
      | (?P<name3>{_CAPS})
    )
    """,
    regex.X,
)


@cache
def _clean_word(word: str) -> str:
    return fold(word.strip(" \t\n'’-"))[0]


@cache
def _given_names() -> frozenset[str]:
    names = set()
    for line in (DATA_DIR / "given_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(_clean_word(line))
    return frozenset(names)


@cache
def _ambiguous_names() -> frozenset[str]:
    words = set()
    for line in (DATA_DIR / "ambiguous_names.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.update(_clean_word(w) for w in line.split())
    return frozenset(words)


@cache
def _stopwords() -> frozenset[str]:
    words = set()
    for line in (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.update(_clean_word(w) for w in line.split())
    return frozenset(words)


# Cities too large to identify anyone (a place next to an exact age is flagged when smaller).
_CITIES = (
    "Maputo", "Luanda", "Bissau", "Praia", "Brasília", "São Paulo", "Rio de Janeiro", "Salvador",
    "Recife", "Fortaleza", "Manaus", "Belém", "Lisboa", "Lisbon", "Porto", "Dili", "Saint-Louis",
    "Thiès", "Abidjan", "Bouaké", "Lomé", "Cotonou", "Ouagadougou", "Bamako", "Niamey",
    "Conakry", "Yaoundé", "Douala", "Kinshasa", "Lubumbashi", "Brazzaville", "Libreville",
    "Antananarivo", "Kigali", "Bujumbura", "Casablanca", "Rabat", "Tunis", "Alger", "Algiers",
    "Port-au-Prince", "Kampala", "Dar es Salaam", "Lagos", "Abuja", "Accra", "Kumasi", "Lusaka",
    "Harare", "Lilongwe", "Johannesburg", "Cape Town", "Durban", "Addis Ababa", "Mombasa",
    "Kisumu", "Kathmandu", "Dhaka", "Chittagong", "Colombo", "Mumbai", "Kolkata", "Chennai",
    "Karachi", "Lahore", "Islamabad", "Chiang Mai", "Pattaya", "Hanoi", "Ho Chi Minh City",
    "Vientiane", "Yangon", "Jakarta", "Cebu", "Davao", "Quezon City", "Tegucigalpa",
    "San Salvador", "Managua", "San José", "Quito", "Guayaquil", "La Paz", "Santa Cruz",
    "Asunción", "Montevideo", "Buenos Aires", "Santiago", "Caracas", "Medellín", "Cali",
    "Cartagena", "Barranquilla", "Guadalajara", "Monterrey", "Tijuana", "Cancún", "Acapulco",
    "Oaxaca", "Chiclayo", "Cusco", "Arequipa", "Iquitos", "Temuco", "Valparaíso", "Eldoret",
    "Nakuru", "Lyon", "Marseille", "Barcelona", "London", "New York", "Geneva", "Genève",
)


@cache
def _countries() -> frozenset[str]:
    # Country names (en, fr, es, pt) are too large an area to identify anyone.
    names: set[str] = set()
    translations = []
    for lang in ("fr", "es", "pt"):
        try:
            translations.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            )
        except OSError:  # a missing catalogue only costs recall of that language's names
            continue
    for country in pycountry.countries:
        base = [country.name, getattr(country, "common_name", None)]
        for name in filter(None, base):
            names.add(fold(name)[0])
            for t in translations:
                names.add(fold(t.gettext(name))[0])
    for name in ("Vietnam", "Laos", "Russia", "Bolivia", "Tanzania", "Congo", "Syria", "Iran",
                 "Venezuela", "Moldova", "Korea", "Ivory Coast", "Côte d'Ivoire", "Burma",
                 "Holland", "England", "Scotland", "Wales", "Britain", "UK", "USA", "Perú",
                 "Bangkok", "Manila", "Delhi", "New Delhi", "Nairobi", "Dakar", "Paris",
                 "Madrid", "Lima", "Bogotá", "Ciudad de México", "Mexico City", "Phnom Penh",
                 *_CITIES):
        names.add(fold(name)[0])
    return frozenset(names)


_ARTICLES = frozenset({"la", "el", "los", "las", "le", "les", "l'"})


@cache
def _is_stop(phrase: str) -> bool:
    words = [_clean_word(w) for w in regex.split(r"[\s\-]+", phrase) if w]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]  # "La Esperanza", "El Alto": the article is part of the name
    return not words or all(w in _stopwords() for w in words) or words[0] in _stopwords()


def _same_sentence(text: str, start: int, end: int) -> bool:
    return _SENTENCE_END.search(text, start, end) is None


