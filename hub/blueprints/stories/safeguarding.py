"""Safeguarding checker: finds details in a story that could identify a child or survivor.

Pure functions over text; the stories API calls :func:`find_identifying_details`. English,
French and Spanish cues are always applied together (stories mix languages and the declared
language is not always right); ``language`` only steers which phone regions are tried first.

Choices worth knowing:
- ``url``: any web address with a path or query, or any page on a personal-hosting site, is
  flagged, except on institutional domains (ECPAT, UN agencies, ``.gov``, ``.int`` ...). A bare
  organisation home page such as ``https://www.example.org`` is not flagged.
- ``social_handle``: @handles, and social-network addresses with a path (``facebook.com/x``);
  these are reported as ``social_handle``, not ``url``.
- ``person_name``: a capitalised given name near an age or a relationship word, or after an
  honorific or "named/called". A name followed by "(not her real name)" and the like is a
  declared pseudonym and is not flagged.
- ``date_of_birth`` needs a day or a month next to a birth cue; "born in 2009" is not flagged.
- Flags of different kinds may overlap when they tell the writer different things (a school
  inside an age-with-place sentence); same-kind overlaps and conflicting readings of the same
  characters (a phone number that is really a date or a case number) are resolved.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers
import pycountry
import regex
from flask_babel import lazy_gettext as _l

from .terminology import fold

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Flag:
    kind: str
    start: int
    end: int
    excerpt: str


FLAG_MESSAGES = {
    "email": _l("An email address can lead straight to a person. Remove it."),
    "phone": _l("A phone number can identify or reach a person. Remove it."),
    "url": _l("This web address may point to a personal page. Remove it or use a general link."),
    "social_handle": _l("A social media handle or profile identifies a person. Remove it."),
    "person_name": _l(
        "This looks like a real name. Use a pseudonym and say so, or leave the name out."
    ),
    "age_with_place": _l(
        "An exact age together with a small place can identify a child. Give an age range "
        "or a wider area."
    ),
    "address": _l("A street address can identify or locate a person. Remove it."),
    "school": _l("Naming a school can identify a child. Say 'a local school' instead."),
    "id_number": _l("Case, file or identity numbers must never appear in a story. Remove it."),
    "date_of_birth": _l("A date of birth can identify a person. Give an age range instead."),
}

# --- shared building blocks -------------------------------------------------------------------

_CAP = r"\p{Lu}[\p{L}\p{M}'’\-]*\p{L}"
_CAPS = rf"{_CAP}(?:[ \-](?:(?:de|del|la|las|los|da|do|dos|des|du|of|el|y|sur)\s+)?{_CAP}){{0,3}}"
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
    | (?P<fr>(?<!(?i:depuis|pendant|durant|il\s+y\s+a|dans|après|apres|plus\s+de|moins\s+de
                   |près\s+de|tous\s+les|toutes\s+les|des|les|entre|ces|\d\s+(?:à|a|et))\s+)
       \b(?:\d{{1,2}}|(?i:{_NUM_FR}))\s+(?i:ans)\b)
    | (?P<es>(?<!(?i:hace|durante|desde|por|en|los|las|más\s+de|menos\s+de|entre|unos
                   |\d\s+(?:a|y))\s+)
       \b(?:\d{{1,2}}|(?i:{_NUM_ES}))\s+(?i:años)\b)
    """,
    regex.X,
)
# "Maria, 14," or "Maria (14)": a bare number right after a capitalised word.
_BARE_AGE = regex.compile(r"^\s*(?:,\s*\d{1,2}\s*(?=[,;)]|\s+(?:from|de|del|du)\b)|\(\d{1,2}\))")
_PLURAL_AFTER = regex.compile(
    r"^[-\s]*(?:girls|boys|children|kids|students|pupils|teenagers|victims|survivors|people"
    r"|youths|minors|olds|adolescents)\b",
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
)
_LOC_ADJ = (
    r"small|remote|rural|tiny|poor|fishing|mountain|coastal|border|same|informal|petit|petite"
    r"|pequeña|pequeño|pobre|remota|remoto|rural|pauvre|isolé|isolée|aislada|aislado"
)
_PREP = r"from|in|of|at|near|outside|du|de|d'|d’|dans|à|au|aux|près\s+de|en|del|cerca\s+de|desde"
_ART = r"the|a|an|la|le|l'|l’|el|un|une|una|les|los|las"
_PLACE = regex.compile(
    rf"""
    (?<![\p{{L}}])(?i:{_PREP})\s+(?:(?i:{_ART})\s*)?(?:(?i:{_LOC_ADJ})\s+)*
    (?:
        (?P<loc>(?i:{_LOC_WORDS}))\s+(?:(?i:of|de|d'|d’|del|du|des)\s*)?(?P<name1>{_CAPS})
      | (?P<name2>{_CAPS})\s+(?i:{_LOC_WORDS})\b
      | (?P<name3>{_CAPS})
    )
    """,
    regex.X,
)


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
def _stopwords() -> frozenset[str]:
    words = set()
    for line in (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.update(_clean_word(w) for w in line.split())
    return frozenset(words)


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
                 "Madrid", "Lima", "Bogotá", "Ciudad de México", "Mexico City", "Phnom Penh"):
        names.add(fold(name)[0])
    return frozenset(names)


_ARTICLES = frozenset({"la", "el", "los", "las", "le", "les", "l'"})


def _is_stop(phrase: str) -> bool:
    words = [_clean_word(w) for w in regex.split(r"[\s\-]+", phrase) if w]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]  # "La Esperanza", "El Alto": the article is part of the name
    return not words or all(w in _stopwords() for w in words) or words[0] in _stopwords()


def _same_sentence(text: str, start: int, end: int) -> bool:
    return _SENTENCE_END.search(text, start, end) is None


# --- email, url, social handles ---------------------------------------------------------------

_EMAIL = regex.compile(
    r"(?<![\w.+\-])[\w.+\-]+(?:@|\s*[\[({](?i:at|arroba|arobase)[\])}]\s*)[\w\-]+"
    r"(?:(?:\.|\s*[\[({](?i:dot|punto|point)[\])}]\s*)[\w\-]+)*"
    r"(?:\.|\s*[\[({](?i:dot|punto|point)[\])}]\s*)[A-Za-z]{2,}\b"
)
_URL = regex.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+"
    r"|\b(?:[a-z0-9\-]+\.)+(?:com|org|net|me|ly|io|co|info|biz|tv|ru|fr|es|mx|br|ar|uk|in|ph"
    r"|th|ke|ng|za|blog|site|page)/[^\s<>\"'()\[\]{}]*"
)
_SOCIAL_HOSTS = (
    "facebook.com", "fb.com", "fb.me", "m.facebook.com", "instagram.com", "instagr.am",
    "twitter.com", "x.com", "tiktok.com", "youtube.com", "youtu.be", "linkedin.com",
    "snapchat.com", "t.me", "telegram.me", "wa.me", "vk.com", "ok.ru", "threads.net",
    "reddit.com", "pinterest.com", "onlyfans.com", "tumblr.com", "line.me", "kik.me",
    "discord.gg", "discord.com", "twitch.tv", "bsky.app", "weibo.com", "mastodon.social",
)
_PERSONAL_HOSTS = (
    "blogspot.com", "wordpress.com", "wixsite.com", "medium.com", "substack.com", "weebly.com",
    "github.io", "about.me", "linktr.ee", "sites.google.com", "canalblog.com", "over-blog.com",
)
_INSTITUTIONAL = (
    "ecpat.org", "un.org", "unicef.org", "ohchr.org", "unodc.org", "ilo.org", "who.int",
    "unesco.org", "unfpa.org", "undp.org", "worldbank.org", "europa.eu", "coe.int",
    "interpol.int", "oas.org", "au.int", "asean.org", "weprotect.org", "iwf.org.uk",
    "missingkids.org", "inhope.org", "unhcr.org", "iom.int", "savethechildren.net",
)
_HANDLE = regex.compile(r"(?<![\w.@/+\-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_HANDLE_CUE = regex.compile(
    r"(?i)\b(?:instagram|insta|tiktok|snapchat|snap|facebook|fb|twitter|telegram|whatsapp|kik"
    r"|discord|threads|signal|x)\b"
    r"(?:\s+(?:handle|account|profile|username|user\s*name|id|name|page|compte|pseudo|profil"
    r"|cuenta|perfil|usuario|nombre\s+de\s+usuario))?"
    r"(?P<conn>\s*[:=]\s*|\s+(?:as|is|was|called|named|comme|est|était|como|es|era|:)\s+|\s+)"
    r"[\"“'«]?(?P<h>@?[A-Za-z0-9_][A-Za-z0-9_.]{2,29})"
)
_HANDLE_STOP = frozenset(
    regex.split(
        r"\s+",
        "and or the a an to on in of for with et ou le la les un une de du des pour avec y o el"
        " los las una con para por is was as are account profile page group groups messages"
        " message est es era como comme",
    )
)


def _host_in(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _institutional(host: str) -> bool:
    return _host_in(host, _INSTITUTIONAL) or host.endswith((".gov", ".int", ".edu")) or any(
        part in host for part in (".gov.", ".gob.", ".gouv.")
    )


def _find_web(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _URL.finditer(text):
        start, raw = m.start(), m.group().rstrip(".,;:!?)»”'\"")
        parts = urlsplit(raw if "://" in raw else "http://" + raw)
        host = (parts.hostname or "").lower().removeprefix("www.")
        path = parts.path.strip("/")
        end = start + len(raw)
        if _host_in(host, _SOCIAL_HOSTS):
            if path or parts.query:
                found.append(("social_handle", start, end))
        elif _host_in(host, _PERSONAL_HOSTS) or (
            (path or parts.query) and not _institutional(host)
        ):
            found.append(("url", start, end))
    for m in _HANDLE.finditer(text):
        found.append(("social_handle", m.start(), m.end()))
    for m in _HANDLE_CUE.finditer(text):
        handle, conn = m.group("h").rstrip("."), m.group("conn").strip()
        if handle.lower() in _HANDLE_STOP:
            continue
        strong = bool(conn) or handle.startswith("@")
        if strong or regex.search(r"[\d_]|\w\.\w", handle):
            found.append(("social_handle", m.start("h"), m.start("h") + len(handle)))
    return found


# --- phone numbers ----------------------------------------------------------------------------

_LANG_REGIONS = {
    "en": ["GB", "US", "IN", "PH", "KE", "UG", "NG", "GH", "ZA", "AU", "NZ", "PK", "BD", "LK",
           "NP", "ZW", "ZM", "MW", "TZ", "CA", "IE"],
    "fr": ["FR", "BE", "CH", "CA", "LU", "SN", "CI", "ML", "BF", "NE", "TG", "BJ", "CM", "CD",
           "CG", "GA", "MG", "RW", "BI", "MA", "TN", "DZ", "HT", "MU"],
    "es": ["ES", "MX", "GT", "HN", "SV", "NI", "CR", "PA", "CO", "VE", "EC", "PE", "BO", "CL",
           "AR", "UY", "PY", "DO", "US"],
    "pt": ["BR", "PT", "MZ", "AO", "CV"],
    "sw": ["KE", "TZ", "UG"],
    "hi": ["IN", "NP"],
    "th": ["TH"],
    "ar": ["MA", "DZ", "TN", "EG", "JO", "LB", "IQ", "YE", "SA", "AE"],
    "ru": ["RU", "UA", "KZ", "KG", "GE", "AM", "MD"],
}
# Network countries beyond the language defaults (ECPAT is present in about 93 countries).
_NETWORK_REGIONS = [
    "KH", "LA", "VN", "ID", "MY", "MM", "MN", "JP", "KR", "TW", "SG", "TL", "FJ", "PG", "SB",
    "DE", "NL", "IT", "SE", "NO", "DK", "FI", "AT", "PL", "RO", "BG", "AL", "XK", "RS", "BA",
    "ME", "MK", "AZ", "BY", "TJ", "UZ", "ET", "SO", "SS", "SD", "LR", "SL", "GM", "GN", "TD",
    "JM", "TT", "CU",
]
_PHONE_CANDIDATE = regex.compile(r"(?<![\w/.,\-])(?:\+|00)?\(?\d[\d \t().\-/]{5,22}\d(?![\w/])")
_PHONE_CUE = regex.compile(
    r"(?i)(?:tel|tél|phone|mobile|cell|call|calls|whatsapp|sms|text|contact|number|numéro"
    r"|número|teléfono|telefono|téléphone|telephone|celular|móvil|movil|portable|llamar|llama"
    r"|appeler|appelle)\W{0,3}(?:\w+\W+){0,3}$"
)
_NOT_PHONE = regex.compile(
    r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d"
    r"|\d{1,3}(?:[ ,.]\d{3})+)$"
)


def _regions(language: str) -> list[str]:
    lang = (language or "en").lower().split("-")[0].split("_")[0]
    ordered = _LANG_REGIONS.get(lang, []) + [r for v in _LANG_REGIONS.values() for r in v]
    return list(dict.fromkeys(ordered + _NETWORK_REGIONS))


def _find_phones(text: str, language: str) -> list[tuple[str, int, int]]:
    found = []
    regions = None
    for m in _PHONE_CANDIDATE.finditer(text):
        raw = m.group()
        digits = sum(ch.isdigit() for ch in raw)
        if not 7 <= digits <= 15 or _NOT_PHONE.match(raw.strip("()")):
            continue
        international = raw.startswith(("+", "00"))
        if not international:
            # Plain digit runs are often counts or codes; a national number must look dialled
            # (trunk 0, an area code in brackets, 2+ groups) or follow a phone word.
            groups = len(regex.findall(r"\d+", raw))
            if not (raw.startswith(("0", "(")) or groups >= 3
                    or _PHONE_CUE.search(text, max(0, m.start() - 40), m.start())):
                continue
        regions = regions or _regions(language)
        for region in (["ZZ"] if raw.startswith("+") else regions):
            hit = next(iter(phonenumbers.PhoneNumberMatcher(raw, region)), None)
            if hit is not None:
                found.append(("phone", m.start() + hit.start, m.start() + hit.end))
                break
    return found


# --- names ------------------------------------------------------------------------------------

_REL = (
    r"brother|sister|son|daughter|mother|father|mum|mom|mummy|dad|aunt|auntie|uncle|cousin"
    r"|grandmother|grandfather|grandma|grandpa|granny|niece|nephew|stepfather|stepmother"
    r"|stepdaughter|stepson|husband|wife|boyfriend|girlfriend|friend|neighbou?r|girl|boy|baby"
    r"|little|young|teenager|sibling|twin|guardian|caregiver|cousine"
    r"|frère|sœur|soeur|fils|fille|mère|père|maman|papa|tante|oncle|grand-mère|grand-père"
    r"|beau-père|belle-mère|petite|petit|jeune|amie|ami|voisine|voisin|mari|copain|copine"
    r"|nièce|neveu|bébé|fillette|garçon|tuteur|tutrice"
    r"|hermana|hermano|hija|hijo|madre|padre|mamá|papá|tía|tío|prima|primo|abuela|abuelo"
    r"|padrastro|madrastra|pequeña|pequeño|niña|niño|chica|chico|joven|amiga|amigo|vecina"
    r"|vecino|novio|novia|esposo|esposa|sobrina|sobrino|bebé|adolescente|muchacha|muchacho"
    r"|irmã|irmão|filha|filho|menina|menino"
)
_REL_MOD = (
    r"older|younger|elder|eldest|big|little|baby|twin|half|step|late|best|aînée?|cadette?"
    r"|grande?|petite?|mayor|menor|pequeña|pequeño|mejor|querida|querido|chère|cher"
)
_REL_BEFORE = regex.compile(rf"(?i)\b(?:{_REL})\b(?:\s+(?:{_REL_MOD}))?,?\s+$")
_NAMED_BEFORE = regex.compile(
    r"(?i)\b(?:named|called|known\s+as|nicknamed|name\s+is|nommée?|appelée?|prénommée?"
    r"|surnommée?|s['’]appelle|s['’]appelait|se\s+llama|se\s+llamaba|llamad[oa]|de\s+nombre"
    r"|apodad[oa]|conocid[oa]\s+como|chamad[oa])\s+$"
)
_REL_AFTER = regex.compile(
    rf"(?i)^,?\s+(?:her|his|their|my|our|sa|son|ses|leur|su|sus|mi|la|le|el|the)\s+"
    rf"(?:(?:{_REL_MOD})\s+)?(?:{_REL})\b"
)
_AGE_VERB_AFTER = regex.compile(
    r"(?i)^,?\s+(?:who\s+)?(?:was|is|had\s+just\s+turned|turned|qui\s+)?(?:avait|a|tenía|tiene"
    r"|cumplió|que\s+tenía|que\s+tiene)?\s*(?:only\s+|just\s+|seulement\s+|apenas\s+|solo\s+)?"
    r"\d{1,2}\b(?!\s*(?:%|percent|per\s+cent|times|km|kilo|hours|days|weeks|months|miles))"
)
_PSEUDONYM_AFTER = regex.compile(
    r"(?i)^\*|^\s*[(\[,]\s*(?:not\s+(?:her|his|their)\s+real\s+name|name\s+changed|a\s+pseudonym"
    r"|pseudonym|prénom\s+modifié|nom\s+modifié|prénom\s+d['’]emprunt|nom\s+d['’]emprunt"
    r"|pseudonyme|nombre\s+ficticio|nombre\s+cambiado|nombre\s+modificado|seudónimo"
    r"|no\s+es\s+su\s+nombre\s+real|nome\s+fictício)"
)
_HONORIFIC = regex.compile(
    rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Mme|Mlle|Sr|Sra|Srta|Dra|Don|Doña|Dona|Señor|Señora|Señorita"
    rf"|Monsieur|Madame|Mademoiselle)\b\.?\s+(?P<n>{_CAP}(?:\s+{_CAP}){{0,2}})"
    rf"|(?<![\p{{L}}.])M\.\s+(?P<n>{_CAP}(?:\s+{_CAP}){{0,2}})"
)
_INSIDE_PLACE = regex.compile(
    rf"(?:\b(?:San|Santa|Santo|São|Saint|Sainte|St\.?|Ste\.?|Sta\.?)[\s\-]+"
    rf"|(?i:\b(?:{_LOC_WORDS}))\s+(?:(?i:of|de|d'|d’|del|du)\s+)?(?:(?:La|El|Los|Las|Le|Les)\s+)?"
    rf"|\b(?:La|El|Los|Las|Le|Les)\s+)$"
)
_CAPWORD = regex.compile(rf"(?<![\p{{L}}\p{{M}}'’\-]){_CAP}")
_NEXT_CAP = regex.compile(rf"^\s+({_CAP})")


def _extend_name(text: str, end: int) -> int:
    # "Juan Pérez" or "Aïcha Diallo": take up to two following capitalised words as surnames.
    for _ in range(2):
        m = _NEXT_CAP.match(text[end:end + 40])
        if not m or _is_stop(m.group(1)):
            break
        end += m.end()
    return end


def _trim_name(text: str, start: int, end: int) -> int:
    # Drop trailing stop words ("Mr. Smith In ..." -> "Mr. Smith").
    words = list(regex.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and _is_stop(words[-1].group()):
        words.pop()
    return start + words[-1].end()


def _find_names(text: str, ages: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    found = []
    names = _given_names()
    for m in _HONORIFIC.finditer(text):
        if not _is_stop(m.group("n").split()[0]):
            found.append(("person_name", m.start(), _trim_name(text, m.start(), m.end())))
    for m in _CAPWORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if _is_stop(word):
            continue
        after = text[end:end + 60]
        if _PSEUDONYM_AFTER.match(after):
            continue
        before = text[max(0, start - 40):start]
        if _INSIDE_PLACE.search(before):
            continue  # "San Pedro", "la aldea Rosario": part of a place name, not a person
        known = any(_clean_word(p) in names for p in regex.split(r"[\-’']", word) if p)
        if _NAMED_BEFORE.search(before):
            cue = True
        elif not known:
            # An unlisted word after a kinship word ("her brother Kofi") is still very likely
            # a name, but not after "young"/"little"/"petite", which precede nationalities too.
            rel = _REL_BEFORE.search(before)
            cue = bool(rel) and not regex.match(
                r"(?i)(?:little|young|petite?|jeune|pequeñ[ao]|joven|girl|boy|baby|bébé|bebé"
                r"|niñ[ao]|chic[ao]|garçon|fillette)\b", rel.group()
            ) and not regex.search(r"(?:ese|ian|ish|ais|aise|ois|oise|eño|eña|ano|ana)$", word)
        else:
            cue = bool(
                _REL_BEFORE.search(before) or _REL_AFTER.match(after)
                or _BARE_AGE.match(after) or _AGE_VERB_AFTER.match(after)
                or any(0 <= s - end <= 40 and _same_sentence(text, end, s) for s, _ in ages)
                or any(0 <= start - e <= 25 and _same_sentence(text, e, start) for _, e in ages)
            )
        if cue:
            found.append(("person_name", start, _extend_name(text, end)))
    return found


# --- ages with places -------------------------------------------------------------------------


def _find_ages(text: str) -> list[tuple[int, int]]:
    ages = []
    for m in _AGE.finditer(text):
        s, e = m.span()
        if _PLURAL_AFTER.match(text[e:e + 20]) or _PLURAL_BEFORE.search(text[max(0, s - 40):s]):
            continue
        ages.append((s, e))
    # "Maria, 14, from ...": a bare number is an age only right after a capitalised word (or
    # after "(not her real name)").
    for m in regex.finditer(rf"(?:{_CAP}|\))(\s*,\s*\d{{1,2}}\s*,|\s*\(\d{{1,2}}\))", text):
        ages.append((m.start(1) + len(m.group(1)) - len(m.group(1).lstrip(" ,(")),
                     m.end(1) - (1 if m.group(1).endswith((",", ")")) else 0)))
    return sorted(ages)


def _place_ok(m: regex.Match[str]) -> bool:
    if m.group("name1") or m.group("name2"):
        name = m.group("name1") or m.group("name2")
        return not _is_stop(name)
    name = m.group("name3")
    # Without a locality word only a named place that is not a country or a region counts.
    return not _is_stop(name) and fold(name)[0] not in _countries() and not any(
        fold(p)[0] in _countries() for p in regex.split(r"\s+", name)
    ) and _clean_word(name.split()[0]) not in _given_names()


def _find_age_places(text: str, ages: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    found = []
    for s, e in ages:
        window_end = min(len(text), e + 90)
        for m in _PLACE.finditer(text, e, window_end):
            if _place_ok(m) and _same_sentence(text, e, m.start()):
                found.append(("age_with_place", s, m.end()))
                break
        else:
            for m in _PLACE.finditer(text, max(0, s - 70), s):
                if _place_ok(m) and m.end() <= s and _same_sentence(text, m.end(), s):
                    found.append(("age_with_place", m.start(), e))
                    break
    return found


# --- addresses, schools, ID numbers, dates of birth -------------------------------------------

_ADDRESS = regex.compile(
    rf"""
    \b\d{{1,5}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}
      (?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Boulevard|Blvd\.?|Way|Close
         |Crescent|Place|Court|Terrace|Highway)\b
    | \b(?:Street|Soi|Moo|Jalan|Jl\.|Lorong)\s+\d{{1,4}}[A-Za-z]?\b
    | \b(?:House|Flat|Apartment|Apt\.|Plot|Villa|Maison|Casa|Depto\.|Departamento)\s+
      (?:(?i:No\.?|n[°º]|\#)\s*)?\d{{1,5}}[A-Za-z]?\b
    | \b\d{{1,4}}(?:\s*(?i:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|place|allée|impasse
         |chemin|quai|route|cours|passage|square|résidence)\s+
      (?:(?i:de\s+la|de\s+l['’]|des|du|de|d['’])\s*)?(?:{_CAP}|\d{{1,4}})(?:[\s\-]{_CAP})*
    | (?i:\b(?:calle|c/|avenida|av\.|avda\.|carrera|cra\.?|jirón|jr\.|pasaje|psje\.|paseo|camino
         |callejón|calzada|carretera|diagonal|transversal|rua|travessa|alameda))\s+
      (?:(?i:de\s+la|de\s+los|de\s+las|del|de|la|los|las|das|dos|da|do)\s+)?
      (?:{_CAP}|\d{{1,3}}[A-Za-z]?)(?:\s+(?:{_CAP}|de|del|la))*\s*,?\s*
      (?:(?:\#|(?i:No\.?|n[º°o]\.?|núm\.?|número))\s*)?\d{{1,5}}(?:\s*-\s*\d{{1,4}})?\b
    """,
    regex.X,
)
_SCHOOL_TYPE_EN = (
    r"Primary|Secondary|High|Middle|Elementary|Junior|Senior|Grammar|Public|Community"
    r"|International|Girls['’]?|Boys['’]?|Basic|Comprehensive|Catholic|Christian|Islamic|Model"
    r"|Government|Govt\.?|Day|Boarding|Memorial|Nursery|Technical|Vocational"
)
_SCHOOL_EN = regex.compile(
    rf"(?:\b(?:St\.?|Saint)\s+)?(?:{_CAP}(?:['’]s)?\s+){{1,4}}(?:(?:{_SCHOOL_TYPE_EN})\s+)*"
    r"(?:School|Academy|College|Madrasa|Madrassa|Madrasah)\b"
)
_SCHOOL_FR_ES = regex.compile(
    rf"""
    (?i:\b(?:école|ecole|collège|lycée|lycee|groupe\s+scolaire|complexe\s+scolaire|escuela
        |colegio|liceo|telesecundaria|secundaria|primaria|unidad\s+educativa|institución\s+educativa
        |centro\s+educativo|jardín\s+de\s+niños|escola))\b
    (?:\s+(?i:primaire|élémentaire|maternelle|publique|privée|catholique|islamique|franco-arabe
        |secondaire|professionnel|technique|mixte|normale|coranique|communale|confessionnelle
        |primaria|secundaria|pública|privada|rural|técnica|nacional|básica|oficial|mixta|normal
        |federal|estatal|municipal|particular|católica|bilingüe|técnico|industrial|estadual))*
    \s+(?:(?:(?i:n[º°o]\.?|número|numéro|\#)\s*\d{{1,4}})\s*)?
    (?:(?i:de\s+la|du|des|d['’])\s+)?
    (?P<n>(?:(?:Saint|Sainte|Notre-Dame|San|Santa|Santo|La|El|Los|Las)[\s\-])?{_CAP}
        (?:[\s\-](?:(?:de|del|la|y|et)\s+)?{_CAP}){{0,3}}
      | (?i:n[º°o]\.?|número|numéro|\#)\s*\d{{1,4}})
    """,
    regex.X,
)
_ID_KEY = (
    r"passport|passports|national\s+id(?:\s+card)?|id\s+card|id|identity\s+card|case|case\s+file"
    r"|file|reference|ref\.|docket|fir|birth\s+certificate|registration|complaint|police\s+report"
    r"|social\s+security|ssn|aadhaar|nin|student\s+id|passeport|carte\s+d['’]identité|cni"
    r"|dossier|affaire|plainte|procès-verbal|pv|référence|réf\.|acte\s+de\s+naissance|matricule"
    r"|pasaporte|cédula(?:\s+de\s+identidad)?|dni|curp|ine|rut|expediente|caso|causa"
    r"|carpeta\s+de\s+investigación|denuncia|folio|averiguación\s+previa|documento\s+de\s+identidad"
    r"|partida\s+de\s+nacimiento|matrícula|processo|ocorrência"
)
_ID = regex.compile(
    rf"(?i)\b(?:{_ID_KEY})\b(?P<conn>(?:\s*(?:(?:número|numéro|number|num\.?|núm\.?|no\.?|nº|n°"
    r"|n\.|ref\.?)(?![\p{L}])|#|:))*)(?P<weak>\s+(?:is|was|est|es|era|de|du|del|of))?\s*"
    r"(?P<v>[A-Z0-9][A-Z0-9/\-.]*[A-Z0-9])"
)
_CURP = regex.compile(r"\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b")
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    r"|novembre|décembre|decembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro"
    r"|dezembro"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th|er|º|°)?\s+(?:de\s+)?(?:{_MONTHS})\.?(?:,?\s+(?:de\s+)?\d{{4}})?"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+(?:de\s+|of\s+)?\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})"
)
_DOB = regex.compile(
    rf"(?i)\b(?:born|date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|birthday|née?s?|date\s+de"
    r"\s+naissance|anniversaire|nacid[oa]s?|naci[óo]|fecha\s+de\s+nacimiento|f\.\s*de\s+nac\."
    r"|cumpleaños|nascid[oa]|data\s+de\s+nascimento)"
    rf"(?:[^.;!?\n]{{0,40}}?)(?<![\p{{L}}\d])(?P<d>{_DATE})(?![\p{{L}}\d])"
)


def _find_patterns(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _ADDRESS.finditer(text):
        found.append(("address", m.start(), m.end()))
    for m in _SCHOOL_EN.finditer(text):
        start = m.start()
        words = m.group().split()
        # "The School", "Primary School": a school type alone names no school.
        lead = [w for w in words[:-1] if not regex.fullmatch(_SCHOOL_TYPE_EN, w)]
        while lead and _is_stop(lead[0]):
            start = text.index(lead[0], start) + len(lead[0])
            lead = lead[1:]
        if lead:
            start = text.index(lead[0], start)
            found.append(("school", start, m.end()))
    for m in _SCHOOL_FR_ES.finditer(text):
        if not _is_stop(m.group("n").split()[0]) or m.group("n")[0].isdigit():
            found.append(("school", m.start(), m.end()))
    for m in _ID.finditer(text):
        value, conn = m.group("v"), m.group("conn").strip()
        digits = sum(ch.isdigit() for ch in value)
        if not digits:
            continue
        if conn:
            ok = len(value) >= 2
        else:
            plain_year = regex.fullmatch(r"(?:19|20)\d\d", value) is not None
            ok = digits >= 2 and not plain_year and (
                regex.search(r"[A-Za-z/\-]", value) is not None or digits >= 5
            )
        if ok:
            found.append(("id_number", m.start(), m.end("v")))
    for m in _CURP.finditer(text):
        found.append(("id_number", m.start(), m.end()))
    for m in _DOB.finditer(text):
        found.append(("date_of_birth", m.start(), m.end("d")))
    return found


# --- assembly ---------------------------------------------------------------------------------

# When two kinds claim the same characters only one reading is right: the higher one wins.
_PRIORITY = {
    "email": 9, "social_handle": 8, "url": 7, "date_of_birth": 6, "id_number": 5,
    "address": 4, "school": 3, "phone": 2, "age_with_place": 1, "person_name": 1,
}
_CONFLICTS = {
    frozenset(p) for p in [
        ("email", "url"), ("email", "social_handle"), ("url", "social_handle"),
        ("phone", "date_of_birth"), ("phone", "id_number"), ("phone", "email"),
        ("phone", "url"), ("phone", "social_handle"), ("phone", "address"),
        ("person_name", "school"), ("person_name", "address"), ("person_name", "email"),
        ("person_name", "url"), ("person_name", "social_handle"), ("id_number", "date_of_birth"),
        ("id_number", "address"), ("address", "school"), ("address", "age_with_place"),
    ]
}


def _resolve(text: str, raw: list[tuple[str, int, int]]) -> list[Flag]:
    order = sorted(raw, key=lambda f: (-_PRIORITY[f[0]], -(f[2] - f[1]), f[1]))
    kept: list[tuple[str, int, int]] = []
    for kind, s, e in order:
        if s >= e:
            continue
        clash = any(
            s < ke and ks < e and (kind == kk or frozenset((kind, kk)) in _CONFLICTS)
            for kk, ks, ke in kept
        )
        if not clash:
            kept.append((kind, s, e))
    return [Flag(k, s, e, text[s:e]) for k, s, e in sorted(kept, key=lambda f: (f[1], f[2]))]


def find_identifying_details(text: str, language: str) -> list[Flag]:
    """Flag details in ``text`` that could identify a child or survivor.

    Returns flags sorted by start; overlapping flags of the same kind are merged into one.
    """
    if not text:
        return []
    ages = _find_ages(text)
    raw = _find_web(text)
    raw += [("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    raw += _find_phones(text, language)
    raw += _find_names(text, ages)
    raw += _find_age_places(text, ages)
    raw += _find_patterns(text)
    return _resolve(text, raw)
