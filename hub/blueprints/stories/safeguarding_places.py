"""Safeguarding checker: exact ages with named places, addresses, schools, institutions and
workplaces."""

from __future__ import annotations

import regex

from .safeguarding_text import (
    _AGE,
    _CAP,
    _PLACE,
    _PLURAL_AFTER,
    _PLURAL_BEFORE,
    _clean_word,
    _countries,
    _given_names,
    _is_stop,
    _same_sentence,
)
from .terminology import fold

_ARTICLES = frozenset({"la", "el", "los", "las", "le", "les", "l'", "o", "a", "os", "as"})


# Words next to which an exact age is written; the full age pattern only runs around them.
_AGE_UNIT = regex.compile(r"(?i)(?<![\p{L}])(?:years?|yrs?|ans|años|anos|aged?)(?![\p{L}])")
_BARE_AGE_AFTER_NAME = regex.compile(
    r"(?=\s*[,(]\s*\d)(?<=\p{Lu}[\p{L}\p{M}'’\-]*\p{L}|\))"
    r"(\s*,\s*\d{1,2}\s*,|\s*\(\d{1,2}\))"
)


def find_ages(text: str) -> list[tuple[int, int]]:
    """Exact ages of one person, as (start, end), sorted."""
    spans = set()
    searched_to = 0
    for unit in _AGE_UNIT.finditer(text):
        start = max(searched_to, unit.start() - 30)
        for m in _AGE.finditer(text, start, min(len(text), unit.end() + 20)):
            spans.add(m.span())
        searched_to = max(searched_to, unit.start() - 30)
    ages = []
    for s, e in sorted(spans):
        if _PLURAL_AFTER.match(text[e:e + 20]) or _PLURAL_BEFORE.search(text[max(0, s - 40):s]):
            continue
        ages.append((s, e))
    # "Maria, 14, from ...": a bare number is an age only right after a capitalised word (or
    # after "(not her real name)").
    for m in _BARE_AGE_AFTER_NAME.finditer(text):
        ages.append((m.start(1) + len(m.group(1)) - len(m.group(1).lstrip(" ,(")),
                     m.end(1) - (1 if m.group(1).endswith((",", ")")) else 0)))
    return sorted(set(ages))


def _place_ok(m: regex.Match[str]) -> bool:
    if m.group("name1") or m.group("name2"):
        name = m.group("name1") or m.group("name2")
        return not _is_stop(name)
    name = m.group("name3")
    # Without a locality word only a named place that is not a country or a region counts.
    return not _is_stop(name) and fold(name)[0] not in _countries() and not any(
        fold(p)[0] in _countries() for p in regex.split(r"\s+", name)
    ) and _clean_word(name.split()[0]) not in _given_names()


def find_age_places(text: str, ages: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
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
        |centro\s+educativo|jardín\s+de\s+niños|escola|colégio|liceu|creche|cmei|emef|emeb
        |escuela\s+normal|instituto))\b
    (?:\s+(?i:primaire|élémentaire|maternelle|publique|privée|catholique|islamique|franco-arabe
        |secondaire|professionnel|technique|mixte|normale|coranique|communale|confessionnelle
        |primaria|secundaria|pública|privada|rural|técnica|nacional|básica|oficial|mixta|normal
        |federal|estatal|municipal|particular|católica|bilingüe|técnico|industrial|estadual
        |secundária|primária|básica|pública|privada|comunitária|estadual|municipal))*
    \s+(?:(?:(?i:n[º°o]\.?|número|numéro|\#)\s*\d{{1,4}})\s*)?
    (?:(?i:de\s+la|du|des|d['’])\s+)?
    (?P<n>(?:(?:Saint|Sainte|Notre-Dame|San|Santa|Santo|São|Dom|Dona|La|El|Los|Las)[\s\-])?{_CAP}
        (?:[\s\-](?:(?:de|del|la|y|et|e|da|do|dos|das)\s+)?{_CAP}){{0,3}}
      | (?i:n[º°o]\.?|número|numéro|\#)\s*\d{{1,4}})
    """,
    regex.X,
)

# "Holy Cross Primary", "Mwangaza Secondary": the school word is often left out.
_SCHOOL_SHORT_EN = regex.compile(
    rf"(?:\b(?:St\.?|Saint)\s+)?(?:{_CAP}(?:['’]s)?\s+){{1,3}}(?:Primary|Secondary|High)\b"
    rf"(?!\s+{_CAP})"
)

# Shelters, homes, hospitals, places of worship; and workplaces. Either "<Name> <generic>"
# (English) or "<generic> <Name>" (every language: "Casa Hogar San José", "Hotel Mar Azul").
_INSTITUTION_EN = (
    r"Home|House|Shelter|Refuge|Centre|Center|Hospital|Clinic|Orphanage|Children['’]s\s+Village"
    r"|Church|Mosque|Temple|Mission|Hostel|Dormitory|Safe\s+House|Convent|Monastery|Madrasa"
)
_WORKPLACE_EN = (
    r"bar|karaoke(?:\s+bar)?|ktv|nightclub|night\s+club|disco|guesthouse|guest\s+house|hotel"
    r"|motel|lodge|inn|resort|restaurant|caf[eé]|canteen|factory|garments|textiles|mill|farm"
    r"|plantation|massage\s+(?:parlou?r|centre|center)|spa|salon|beauty\s+salon|brothel|mine"
    r"|quarry|brickworks|brick\s+kiln|kiln|shop|store|supermarket|bakery|laundry|workshop"
    r"|garage|car\s+wash|fisheries|cannery"
)
# Words that describe the place but name nothing ("the Children's Home", "the Safe House").
_TYPE_WORDS_EN = regex.compile(
    r"(?i)(?:the|a|an|children['’]?s?|child|girls['’]?|boys['’]?|women['’]?s?|youth|rescue|safe"
    r"|drop-in|transit|care|mission|community|district|regional|general|maternity|health"
    r"|medical|family|support|crisis|protection|juvenile|detention|rehabilitation|reception"
    r"|national|government|public|city|municipal|state|local|new|old|our|their|his|her|its"
    r"|main|central|village|town|karaoke|beauty|massage|night)"
)
_INSTITUTION_FIRST = (
    r"foyer|centre\s+d['’](?:hébergement|accueil|écoute)|centre\s+de\s+(?:transit|réinsertion"
    r"|santé)|maison\s+d['’]accueil|orphelinat|pouponnière|hôpital|hopital|clinique|dispensaire"
    r"|internat|église|eglise|mosquée|paroisse|daara"
    r"|casa\s+hogar|casa\s+de\s+acogida|casa\s+refugio|hogar(?:\s+de\s+niñ[ao]s|\s+infantil)?"
    r"|albergue|refugio|orfanato|orfelinato|hospital|clínica|centro\s+de\s+(?:salud|acogida"
    r"|rehabilitación|atención)|aldeas?\s+infantil(?:es)?|parroquia|iglesia|internado"
    r"|casa\s+lar|casa\s+de\s+(?:acolhimento|passagem)|casa\s+abrigo|lar|abrigo|posto\s+de\s+saúde"
    r"|igreja|paróquia|unidade\s+de\s+acolhimento|home|shelter"
)
_WORKPLACE_FIRST = (
    r"hotel|hôtel|bar|club|guesthouse|maquis|boîte(?:\s+de\s+nuit)?|discothèque|auberge"
    r"|restaurant|usine|atelier|garage|salon|plantation|carrière|boutique|magasin|ferme"
    r"|briqueterie|cabaret|bistrot|buvette|motel|cantina|discoteca|hostal|restaurante|fábrica"
    r"|maquila(?:dora)?|taller|finca|hacienda|ladrillera|mina|salón|prostíbulo|burdel|tienda"
    r"|cafetería|karaoke|boate|pousada|oficina|fazenda|olaria|cerâmica|salão|bordel|loja"
    r"|lanchonete|padaria|carvoaria|garimpo|marisquería|night\s+club"
)
_NAME_AFTER = (
    rf"(?P<conn>(?i:de\s+la|de\s+l['’]|del|de|du|des|do|da|dos|das|d['’])\s*)?"
    rf"(?P<n>(?:(?:Le|La|Les|Los|Las|El|O|A|Os|As|Chez|Saint|Sainte|San|Santa|Santo|São|Dom"
    rf"|Notre-Dame|Nossa\s+Senhora|Nuestra\s+Señora)[\s\-])?{_CAP}"
    rf"(?:(?:[\s\-]|\s+(?:de|del|de\s+la|des|du|d['’]|do|da|dos|das|y|e|et)\s+|\s*d['’]){_CAP}){{0,3}})"
)
_GENERIC_FIRST = regex.compile(
    rf"(?<![\p{{L}}])(?i:(?P<inst>{_INSTITUTION_FIRST})|(?P<work>{_WORKPLACE_FIRST}))"
    rf"\s+{_NAME_AFTER}"
)
_WORD = regex.compile(r"(?<![\p{L}])\p{L}+")
# First words of the generic names above: the pattern is only tried where one stands.
_GENERIC_STARTS = frozenset(
    w.lower()
    for w in regex.findall(r"(?<![\\\p{L}])\p{L}{3,}", f"{_INSTITUTION_FIRST}|{_WORKPLACE_FIRST}")
)
_NAME_FIRST_EN = regex.compile(
    rf"(?:\b(?:St\.?|Saint)\s+)?(?P<lead>(?:{_CAP}(?:['’]s)?[\s\-]+){{1,4}})"
    rf"(?:(?P<inst>{_INSTITUTION_EN})|(?P<work>(?i:{_WORKPLACE_EN})))\b"
)
# Generic words that may follow the generic word and still name nothing ("Hospital Regional").
_NOT_A_NAME = frozenset(regex.split(r"\s+",
    "regional general central municipal nacional national provincial departamental publique"
    " public pública público privada privado universitario universitaire universitário"
    " estadual federal infantil",
))


def _proper_lead(words: list[str]) -> bool:
    # True when some word of the lead is a proper name, not a type word or a stop word.
    return any(not _TYPE_WORDS_EN.fullmatch(w.rstrip("'’s")) and not _TYPE_WORDS_EN.fullmatch(w)
               and not _is_stop(w) for w in words)


def _find_institutions(text: str) -> list[tuple[str, int, int]]:
    found = []
    for word in _WORD.finditer(text):
        if word.group().lower() not in _GENERIC_STARTS:
            continue
        m = _GENERIC_FIRST.match(text, word.start())
        if m is None:
            continue
        name = m.group("n")
        words = [w for w in regex.split(r"[\s\-]+", name) if w]
        proper = [w for w in words if _clean_word(w) not in _ARTICLES
                  and _clean_word(w) not in _NOT_A_NAME]
        if not proper or _is_stop(proper[0]):
            continue
        if m.group("conn") and fold(name)[0] in _countries():
            continue  # "l'hôpital du Sénégal", "el hospital de Lima": no particular place
        kind = "institution" if m.group("inst") else "workplace"
        found.append((kind, m.start(), m.end()))
    for m in _NAME_FIRST_EN.finditer(text):
        lead = [w for w in m.group("lead").split() if w]
        while lead and _is_stop(lead[0]):
            lead = lead[1:]
        if not lead or not _proper_lead(lead):
            continue
        if fold(" ".join(lead))[0] in _countries():
            continue
        start = text.index(lead[0], m.start("lead"))
        if m.group().startswith(("St", "Saint")) and m.start() < start:
            start = m.start()
        kind = "institution" if m.group("inst") else "workplace"
        found.append((kind, start, m.end()))
    return found


def find_places(text: str) -> list[tuple[str, int, int]]:
    """Addresses, schools, institutions and workplaces, as (kind, start, end)."""
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
    for m in _SCHOOL_SHORT_EN.finditer(text):
        lead = m.group().split()[:-1]
        while lead and _is_stop(lead[0]):
            lead = lead[1:]
        if lead and _proper_lead(lead):
            found.append(("school", text.index(lead[0], m.start()), m.end()))
    return found + _find_institutions(text)
