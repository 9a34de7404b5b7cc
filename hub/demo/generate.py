"""A synthetic but realistic ECPAT-like network: members, their expertise and their staff.

Everything here is invented: organisation names are built from word lists, websites live under
example.org, people's names are drawn at random from name pools. Same seed, same network.
"""

import json
import random
import re
import unicodedata
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal

from hub.reference.expertise import tag_slugs
from hub.reference.regions import region_of

DATA_DIR = Path(__file__).parent / "data"
TEXT_LANGUAGES = ("en", "fr", "es", "pt", "ru", "ar")  # languages the templates are written in

# (country, working languages, number of members, name pool). The first working language is the
# one the member writes its profile in; it is always one of TEXT_LANGUAGES. 93 countries and
# 104 members, as in the real network (July 2018).
PLAN: tuple[tuple[str, tuple[str, ...], int, str], ...] = (
    # Latin America and the Caribbean
    ("MX", ("es",), 1, "hispanic"), ("GT", ("es",), 1, "hispanic"),
    ("HN", ("es",), 1, "hispanic"), ("SV", ("es",), 1, "hispanic"),
    ("NI", ("es",), 1, "hispanic"), ("CR", ("es", "en"), 1, "hispanic"),
    ("DO", ("es",), 1, "hispanic"), ("HT", ("fr", "ht"), 1, "haitian"),
    ("CO", ("es",), 1, "hispanic"), ("PE", ("es", "qu"), 1, "hispanic"),
    ("BO", ("es", "ay"), 1, "hispanic"), ("BR", ("pt", "es"), 2, "lusophone"),
    ("PY", ("es", "gn"), 1, "hispanic"), ("AR", ("es",), 1, "hispanic"),
    ("CL", ("es",), 1, "hispanic"),
    # North America
    ("US", ("en", "es"), 2, "anglo"), ("CA", ("en", "fr"), 1, "anglo"),
    # East and Southern Africa
    ("KE", ("en", "sw"), 2, "east_african"), ("UG", ("en", "lg"), 1, "east_african"),
    ("TZ", ("en", "sw"), 1, "east_african"), ("RW", ("en", "rw", "fr"), 1, "east_african"),
    ("BI", ("fr", "rn"), 1, "east_african"), ("ET", ("en", "am"), 1, "ethiopian"),
    ("MG", ("fr", "mg"), 1, "malagasy"), ("MZ", ("pt",), 1, "lusophone"),
    ("ZA", ("en", "zu", "af"), 2, "east_african"), ("ZM", ("en", "ny"), 1, "east_african"),
    ("ZW", ("en", "sn"), 1, "east_african"), ("SD", ("ar", "en"), 1, "arabic"),
    # West and Central Africa
    ("BJ", ("fr",), 1, "west_african"), ("BF", ("fr",), 1, "west_african"),
    ("CI", ("fr",), 1, "west_african"), ("GH", ("en",), 1, "west_african"),
    ("GM", ("en", "wo"), 1, "west_african"), ("ML", ("fr", "bm"), 1, "west_african"),
    ("NE", ("fr", "ha"), 1, "west_african"), ("NG", ("en", "ha", "yo"), 2, "west_african"),
    ("SN", ("fr", "wo"), 1, "west_african"), ("SL", ("en",), 1, "west_african"),
    ("TG", ("fr",), 1, "west_african"), ("CM", ("fr", "en"), 1, "west_african"),
    ("CD", ("fr", "ln"), 1, "west_african"),
    # Middle East and North Africa
    ("MA", ("ar", "fr"), 1, "arabic"), ("EG", ("ar", "en"), 1, "arabic"),
    ("JO", ("ar", "en"), 1, "arabic"), ("LB", ("ar", "fr", "en"), 1, "arabic"),
    ("YE", ("ar",), 1, "arabic"),
    # Western Europe
    ("GB", ("en",), 1, "anglo"), ("FR", ("fr",), 1, "french"),
    ("DE", ("en", "de"), 1, "german"), ("NL", ("en", "nl"), 1, "dutch"),
    ("BE", ("fr", "nl"), 1, "french"), ("LU", ("fr", "de", "lb"), 1, "french"),
    ("CH", ("fr", "de"), 1, "french"), ("AT", ("en", "de"), 1, "german"),
    ("IT", ("en", "it"), 1, "italian"), ("ES", ("es", "ca"), 1, "hispanic"),
    ("SE", ("en", "sv"), 1, "nordic"), ("NO", ("en", "no"), 1, "nordic"),
    ("FI", ("en", "fi"), 1, "nordic"),
    # Eastern Europe and Central Asia
    ("RU", ("ru",), 1, "east_slavic"), ("UA", ("en", "uk", "ru"), 1, "east_slavic"),
    ("BY", ("ru", "be"), 1, "east_slavic"), ("MD", ("en", "ro", "ru"), 1, "romanian"),
    ("GE", ("en", "ka"), 1, "caucasian"), ("AM", ("en", "hy", "ru"), 1, "caucasian"),
    ("KZ", ("ru", "kk"), 1, "central_asian"), ("KG", ("ru", "ky"), 1, "central_asian"),
    ("AL", ("en", "sq"), 1, "albanian"), ("BG", ("en", "bg"), 1, "bulgarian"),
    ("PL", ("en", "pl"), 1, "polish"),
    # East and South-East Asia
    ("TH", ("en", "th"), 2, "thai"), ("KH", ("en", "km"), 1, "khmer"),
    ("LA", ("en", "lo"), 1, "lao"), ("VN", ("en", "vi"), 1, "vietnamese"),
    ("MM", ("en", "my"), 1, "burmese"), ("PH", ("en", "tl"), 2, "filipino"),
    ("ID", ("en", "id"), 2, "malay_indonesian"), ("MY", ("en", "ms"), 1, "malay_indonesian"),
    ("TL", ("pt",), 1, "lusophone"), ("MN", ("en", "mn"), 1, "mongolian"),
    ("JP", ("en", "ja"), 1, "japanese"), ("KR", ("en", "ko"), 1, "korean"),
    ("TW", ("en", "zh"), 1, "taiwanese"),
    # South Asia
    ("IN", ("en", "hi"), 2, "indian"), ("NP", ("en", "ne"), 2, "nepali"),
    ("BD", ("en", "bn"), 2, "bangladeshi"), ("PK", ("en", "ur"), 1, "pakistani"),
    ("LK", ("en", "si", "ta"), 1, "sri_lankan"), ("BT", ("en", "dz"), 1, "bhutanese"),
    # The Pacific
    ("AU", ("en",), 1, "anglo"), ("NZ", ("en", "mi"), 1, "anglo"),
    ("FJ", ("en", "fj"), 1, "fijian"),
)

# Countries where travel and tourism shape exploitation (destinations and countries of origin).
TOURISM = {
    "TH", "KH", "LA", "VN", "PH", "ID", "MY", "LK", "NP", "IN", "KE", "TZ", "ZA", "MG", "GM", "SN",
    "MX", "DO", "CR", "BR", "CO", "PE", "HT", "MA", "EG", "FJ", "GB", "DE", "NL", "FR", "AU", "US",
    "SE", "CH", "IT", "ES",
}
HUMANITARIAN = {"CD", "SD", "ET", "YE", "LB", "JO", "UA", "MM", "BD", "HT", "NE", "ML", "BF", "CM"}
CHILD_MARRIAGE_REGIONS = {"south-asia", "east-southern-africa", "west-central-africa", "mena"}

NAME_OVERRIDES = {
    "KG": {"en": "Kyrgyzstan", "fr": "Kirghizistan", "es": "Kirguistán", "pt": "Quirguistão",
           "ru": "Кыргызстан", "ar": "قيرغيزستان"},
    "CD": {"en": "DR Congo", "fr": "RD Congo", "es": "República Democrática del Congo",
           "pt": "RD Congo", "ru": "ДР Конго", "ar": "جمهورية الكونغو الديمقراطية"},
}
EN_WITH_THE = {"US", "GB", "NL", "PH", "GM"}
FR_IN = {
    "HT": "en Haïti", "BI": "au Burundi", "MG": "à Madagascar", "BJ": "au Bénin",
    "BF": "au Burkina Faso", "CI": "en Côte d'Ivoire", "ML": "au Mali", "NE": "au Niger",
    "SN": "au Sénégal", "TG": "au Togo", "CM": "au Cameroun", "CD": "en RD Congo",
    "FR": "en France", "BE": "en Belgique", "LU": "au Luxembourg", "CH": "en Suisse",
}
PT_IN = {"BR": "no Brasil", "MZ": "em Moçambique", "TL": "em Timor-Leste"}
RU_IN = {"RU": "в России", "BY": "в Беларуси", "KZ": "в Казахстане", "KG": "в Кыргызстане"}

# Organisation names: (pattern, acronym pattern or None). {w} is a word, {c} the country.
ORG_NAMES = {
    "en": [
        "{w} Child Protection Trust", "{w} Centre for Children's Rights", "{w} Youth Initiative",
        "{w} Foundation for Safe Childhoods", "{w} Children's Advocacy Project",
        "{w} Society for Child Welfare",
    ],
    "fr": [
        "Association {w} pour l'Enfance", "Fondation {w} Enfance et Dignité",
        "Maison d'Accueil et d'Écoute {w}", "Action Jeunesse {w}",
    ],
    "es": [
        "Fundación {w}", "Asociación {w} por la Niñez", "Corporación {w}",
        "Casa {w} de Apoyo Integral a la Niñez",
    ],
    "pt": ["Instituto {w}", "Associação {w} pela Infância", "Centro de Defesa da Criança {w}"],
}
COALITION_NAMES = {
    "en": [
        "Coalition for Children's Safety {c}", "{c} Network Against Child Sexual Exploitation",
        "National Alliance for Safe Childhoods {c}", "{c} Child Protection Coalition",
    ],
    "fr": [
        "Réseau Enfance Protégée {c}", "Coalition nationale contre l'exploitation sexuelle "
        "des enfants {c}", "Plateforme des ONG pour la protection de l'enfance {c}",
    ],
    "es": [
        "Red Nacional contra la Explotación Infantil {c}", "Coalición por una Niñez Protegida {c}",
        "Mesa Nacional por los Derechos de la Niñez {c}",
    ],
    "pt": ["Rede Nacional de Enfrentamento à Exploração Sexual Infantil {c}",
           "Coalizão Infância Protegida {c}"],
}
WORDS = {
    "en": ["Lantern", "Haven", "Sunrise", "Keystone", "Northstar", "Brightpath", "Riverbend",
           "Greenleaf", "Cornerstone", "Beacon", "Wayfinder", "Evergreen", "Lighthouse",
           "Harbour Light", "Open Hands", "First Light", "Kite"],
    "fr": ["Lumière", "Horizon", "Arc-en-ciel", "Boussole", "Phare", "Sentinelle", "Cap Avenir",
           "Racines", "Baobab", "Étoile du Matin", "Main Tendue"],
    "es": ["Semilla", "Horizonte", "Raíces", "Luciérnaga", "Brújula", "Amanecer", "Faro", "Ceiba",
           "Tejiendo Futuro", "Manos Abiertas", "Colibrí", "Girasol"],
    "pt": ["Semente", "Horizonte", "Farol", "Raízes", "Girassol", "Aurora", "Bússola", "Ipê"],
}
# Words in the country's own languages that organisations like to take as names.
LOCAL_WORDS = {
    "KE": ["Tumaini", "Salama", "Upendo"], "TZ": ["Tumaini", "Amani", "Nuru"],
    "UG": ["Kisa", "Obuntu"], "RW": ["Ubumwe", "Icyizere"], "ZA": ["Ubuntu", "Themba"],
    "ZW": ["Tariro", "Rudo"], "ZM": ["Chikondi", "Tiyende"], "ET": ["Tesfa", "Berhan"],
    "GH": ["Akwaaba", "Nkabom"], "NG": ["Ireti", "Nkem", "Haske"], "GM": ["Jamm", "Kafo"],
    "SL": ["Kabo", "Padi"], "IN": ["Suraksha", "Aashray", "Nanhi Disha"],
    "NP": ["Aasha", "Saathi Sewa", "Uddhar"], "BD": ["Alor Pothe", "Shishu Kotha"],
    "PK": ["Roshni Rah", "Hifazat"], "LK": ["Arunalu", "Sahana"], "BT": ["Nazhoen", "Druk Yuen"],
    "TH": ["Saeng Dao", "Rak Dek", "Baan Fah"], "KH": ["Ponleu", "Kdey Sangkheum"],
    "LA": ["Sengdao", "Houamjai"], "VN": ["Anh Sang", "Mam Non"], "MM": ["Myitta", "Alin Yaung"],
    "PH": ["Bahaghari", "Kalinga", "Pag-asa"], "ID": ["Pelita", "Lentera Anak", "Harapan"],
    "MY": ["Sinar", "Cahaya"], "MN": ["Nariin Zam", "Ireedui"], "FJ": ["Vanua", "Loloma"],
    "NZ": ["Aroha", "Tiaki"],
}
RU_ORG = [
    ("Центр защиты детства «{w}»", "Tsentr zashchity detstva {w}"),
    ("Благотворительный фонд «{w}»", "Fond {w}"),
    ("Общественная организация «{w}»", "Obshchestvennaya organizatsiya {w}"),
]
RU_WORDS = [("Надежда", "Nadezhda"), ("Маяк", "Mayak"), ("Рассвет", "Rassvet"),
            ("Родник", "Rodnik"), ("Парус", "Parus"), ("Ориентир", "Orientir")]
RU_COALITION = [("Национальная коалиция «Детство без насилия»", "Koalitsiya Detstvo bez nasiliya"),
                ("Сеть «Защищённое детство»", "Set Zashchishchennoe detstvo")]
AR_ORG = [
    ("جمعية {w} لحماية الطفولة", "Jamiyat {w}"),
    ("مؤسسة {w} للتنمية وحقوق الطفل", "Muassasat {w}"),
    ("مركز {w} للإرشاد الأسري", "Markaz {w}"),
]
AR_WORDS = [("الأمل", "al-Amal"), ("النور", "al-Nour"), ("الغد", "al-Ghad"), ("الفجر", "al-Fajr"),
            ("الياسمين", "al-Yasmine"), ("المنارة", "al-Manara")]
AR_COALITION = [("الشبكة الوطنية لحماية الطفل من الاستغلال", "al-Shabaka al-Wataniya"),
                ("الائتلاف الوطني لحقوق الطفل", "al-Itilaf al-Watani")]
SOCIAL_URLS = {
    "facebook": "https://facebook.com/{h}", "x": "https://x.com/{h}",
    "instagram": "https://instagram.com/{h}", "linkedin": "https://linkedin.com/company/{h}",
    "youtube": "https://youtube.com/@{h}",
}
STOPWORDS = {"for", "of", "the", "and", "pour", "de", "des", "la", "le", "l", "et", "por", "los",
             "las", "del", "y", "pela", "da", "do", "à", "a", "contra", "against", "una", "en"}
TRANSLIT = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "æ": "ae",
                          "ß": "ss", "ı": "i", "’": "", "'": ""})


@cache
def _vocabulary() -> dict:
    return json.loads((DATA_DIR / "vocabulary.json").read_text(encoding="utf-8"))


@cache
def _name_pools() -> dict:
    return json.loads((DATA_DIR / "people_names.json").read_text(encoding="utf-8"))


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
    return text.encode("ascii", "ignore").decode("ascii")


def slugify(text: str, max_length: int = 50) -> str:
    """An ASCII, lowercase, hyphenated slug of `text`, cut at a word boundary."""
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


@cache
def country_label(code: str, lang: str) -> str:
    """A short country name for running text in `lang` (CLDR, tidied)."""
    if code in NAME_OVERRIDES:
        return NAME_OVERRIDES[code][lang]
    name = Locale.parse(lang).territories.get(code, code)
    return re.sub(r"\s*\(.*\)", "", name).replace("’", "'")


def _in_country(code: str, lang: str) -> str:
    name = country_label(code, lang)
    if lang == "en":
        return f"in the {name}" if code in EN_WITH_THE else f"in {name}"
    if lang == "fr":
        return FR_IN.get(code, f"en {name}")
    if lang == "pt":
        return PT_IN.get(code, f"em {name}")
    if lang == "ru":
        return RU_IN.get(code, f"(страна: {name})")
    if lang == "ar":
        return f"في {name}"
    return f"en {name}"


def _join(items: list[str], lang: str) -> str:
    conj = _vocabulary()["and"][lang]
    if len(items) == 1:
        return items[0]
    if lang == "ar":
        return "، ".join(items[:-1]) + f" {conj}" + items[-1]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def _acronym(name: str) -> str | None:
    name = re.sub(r"['’]s\b", "", name)
    words = [w for w in re.split(r"[\s\-'’]+", name) if w and w.lower() not in STOPWORDS]
    letters = _ascii("".join(w[0] for w in words if w[0].isalpha())).upper()
    return letters if 2 <= len(letters) <= 6 else None


def _member_name(rng: random.Random, country: str, lang: str, kind: str) -> tuple[str, str, str]:
    """(name, acronym or "", ASCII form for the slug)."""
    if lang == "ru":
        if kind == "coalition":
            name, latin = rng.choice(RU_COALITION)
            return f"{name} ({country_label(country, 'ru')})", "", f"{latin} {country}"
        pattern, latin = rng.choice(RU_ORG)
        word, word_latin = rng.choice(RU_WORDS)
        return pattern.format(w=word), "", latin.format(w=word_latin)
    if lang == "ar":
        if kind == "coalition":
            name, latin = rng.choice(AR_COALITION)
            return f"{name} - {country_label(country, 'ar')}", "", f"{latin} {country}"
        pattern, latin = rng.choice(AR_ORG)
        word, word_latin = rng.choice(AR_WORDS)
        return pattern.format(w=word), "", latin.format(w=word_latin)
    if kind == "coalition":
        pattern = rng.choice(COALITION_NAMES[lang])
        name = pattern.format(c=country_label(country, lang))
        acronym = _acronym(pattern.replace("{c}", "")) if rng.random() < 0.75 else None
        return name, acronym or "", name
    else:
        local = LOCAL_WORDS.get(country, [])
        words = local if local and rng.random() < 0.6 else WORDS[lang]
        name = rng.choice(ORG_NAMES[lang]).format(w=rng.choice(words))
    acronym = _acronym(name) if rng.random() < 0.75 else None
    return name, acronym or "", name


def _tag_weights(country: str, region: str, survivor_led: bool) -> dict[str, float]:
    weights = dict.fromkeys(tag_slugs(), 1.0)
    weights.update({"ocse": 5.0, "prevention": 4.0, "trafficking": 3.0, "prostitution": 2.0,
                    "research": 2.5, "law-reform": 2.5, "survivor-support": 2.5,
                    "access-to-justice": 2.0, "participation": 2.0, "sectt": 0.8,
                    "child-marriage": 0.4, "humanitarian": 0.4, "boys": 0.8})
    if country in TOURISM:
        weights["sectt"] = 5.0
        weights["private-sector"] = 2.0
    if region in CHILD_MARRIAGE_REGIONS:
        weights["child-marriage"] = 4.0
        weights["faith-based"] = 2.0
    if region == "latin-america":
        weights["child-marriage"] = 1.5
        weights["prostitution"] = 3.5
    if country in HUMANITARIAN or region in {"mena", "eastern-europe-central-asia"}:
        weights["humanitarian"] = 3.0
    if region in {"western-europe", "north-america", "pacific"}:
        weights["demand-offenders"] = 2.0
        weights["human-rights-mechanisms"] = 2.0
    if country in {"PK", "AF", "LK", "KH", "MX"}:
        weights["boys"] = 3.0
    if survivor_led:
        weights["survivor-support"] = 8.0
        weights["participation"] = 6.0
    return weights


def _pick_tags(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    manifestations = set(tag_slugs("manifestation"))
    while len(chosen) < count and pool:
        # every member works on at least one manifestation of SEC
        first = {s: w for s, w in pool.items() if s in manifestations}
        candidates = pool if chosen else first
        slug = rng.choices(list(candidates), weights=list(candidates.values()))[0]
        chosen.append(slug)
        del pool[slug]
    return chosen


def _numbers(rng: random.Random, lang: str, joined: int) -> dict:
    top, big = 2023, rng.random() < 0.7
    k_choices = [12, 15, 18, 20, 25, 30, 35, 40] if lang == "ru" else list(range(8, 46))
    return {
        "n": format_decimal(rng.choice(range(50, 2500, 10) if big else range(20, 200, 10)),
                            locale=lang),
        "m": rng.randint(3, 10),
        "k": rng.choice(k_choices),
        "year": rng.randint(min(max(joined, 2008), top), top),
    }


def _note(rng: random.Random, slug: str, lang: str, joined: int) -> str:
    notes = _vocabulary()["notes"][lang]
    specific = notes.get(slug, [])
    templates = specific if specific and rng.random() < 0.6 else notes["*"]
    topic = _vocabulary()["topics"][lang][slug]
    return rng.choice(templates).format(topic=topic, **_numbers(rng, lang, joined))


def _description(rng: random.Random, member: dict, founded: int) -> str:
    vocab = _vocabulary()
    lang, kind = member["languages"][0], member["kind"]
    numbers = _numbers(rng, lang, founded)
    subject = vocab["subject"][lang][kind]
    topics = [_lower_first(vocab["topics"][lang][slug]) for slug in
              [t["slug"] for t in member["tags"]][: rng.randint(1, 3)]]
    sentences = [
        rng.choice(vocab["intro"][lang][kind]).format(
            name=member["name"], year=founded, in_country=_in_country(member["country"], lang),
            k=numbers["k"]),
        rng.choice(vocab["focus"][lang]).format(topics=_join(topics, lang)),
    ]
    if member["survivor_led"]:
        sentences.append(rng.choice(vocab["survivor_led"][lang]))
    extras = [rng.choice(vocab["approach"][lang]).format(subject=subject)]
    if rng.random() < 0.5:
        extras.append(rng.choice(vocab["reach"][lang]).format(**numbers))
    if member["countries"] and rng.random() < 0.6:
        names = [country_label(c, lang) for c in member["countries"]]
        extras.append(vocab["abroad"][lang].format(countries=_join(names, lang)))
    rng.shuffle(extras)
    sentences.extend(extras[: 4 - len(sentences)])
    return " ".join(sentences)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def generate_network(seed: int = 2018) -> list[dict]:
    """About 100 synthetic members in about 90 countries of all ten regions; same seed, same list.

    Each member is a dict in the shape of the members API (without id, region and timestamps).
    """
    rng = random.Random(seed)
    slots = [(country, langs, pool) for country, langs, count, pool in PLAN for _ in range(count)]
    countries_by_region: dict[str, list[str]] = {}
    for country, *_ in PLAN:
        countries_by_region.setdefault(region_of(country), []).append(country)

    n = len(slots)
    single = [i for i, slot in enumerate(slots) if slots.index(slot) == i]  # one per country
    coalitions = set(rng.sample(single, round(n * 0.2)))
    organisations = [i for i in range(n) if i not in coalitions]
    survivor_led = set(rng.sample(organisations, round(n * 0.08)))
    suspended_and_former = rng.sample(organisations, 7)
    suspended, former = set(suspended_and_former[:3]), set(suspended_and_former[3:])

    members: list[dict] = []
    slugs: set[str] = set()
    for i, (country, langs, _pool) in enumerate(slots):
        region = region_of(country)
        kind = "coalition" if i in coalitions else "organisation"
        lang = langs[0]
        name, acronym, latin = _member_name(rng, country, lang, kind)
        while name in {m["name"] for m in members}:
            name, acronym, latin = _member_name(rng, country, lang, kind)
        slug = slugify(latin, 200)
        if kind == "coalition" and lang not in ("ru", "ar") and (len(slug) > 48 or acronym):
            place = slugify(country_label(country, "en"))
            stem = acronym or latin.replace(country_label(country, lang), "")
            slug = f"{slugify(stem, 47 - len(place))}-{place}"
        elif len(slug) > 48:
            slug = slugify(f"{acronym} {country}" if acronym else latin, 48)
        if slug in slugs:
            slug = slugify(f"{latin} {country}")
        counter = 2
        while slug in slugs:
            slug, counter = slugify(f"{latin} {country} {counter}"), counter + 1
        slugs.add(slug)

        early = rng.random() < 0.35
        joined_on = _random_date(
            rng, date(1996, 1, 1) if early else date(2003, 1, 1),
            date(2006, 12, 31) if early else date(2025, 6, 30))
        founded = rng.randint(max(1975, joined_on.year - 15), joined_on.year)
        if kind == "coalition":
            founded = max(founded, 1996)

        neighbours = [c for c in countries_by_region[region] if c != country]
        extra_count = rng.choices([0, 1, 2, 3], weights=[55, 25, 13, 7])[0]
        others = sorted(rng.sample(neighbours, min(extra_count, len(neighbours))))

        tag_count = rng.choices(range(2, 8), weights=[10, 22, 26, 20, 13, 9])[0]
        weights = _tag_weights(country, region, i in survivor_led)
        tag_list = _pick_tags(rng, weights, tag_count)
        tags = [{"slug": slug_, "centre_of_expertise": rng.random() < 0.15,
                 "note": _note(rng, slug_, lang, joined_on.year)} for slug_ in tag_list]

        social = []
        if rng.random() < 0.7:
            platforms = rng.sample(list(SOCIAL_URLS), rng.choices([1, 2, 3], [45, 35, 20])[0])
            handle = slug if len(slug) <= 30 else slugify(f"{acronym or slug} {country}", 30)
            if rng.random() < 0.5:
                handle = handle.replace("-", "")
            social = [{"platform": p, "url": SOCIAL_URLS[p].format(h=handle)}
                      for p in sorted(platforms, key=list(SOCIAL_URLS).index)]

        status, left_on = "active", None
        if i in suspended:
            status = "suspended"
        elif i in former:
            status = "former"
            left_on = _random_date(
                rng, min(joined_on + timedelta(days=3 * 365), date(2024, 6, 30)),
                date(2025, 6, 30))

        member = {
            "name": name, "acronym": acronym or None, "slug": slug, "country": country,
            "countries": others, "kind": kind, "survivor_led": i in survivor_led,
            "languages": list(langs), "description": "",
            "website": f"https://{slug}.example.org", "social_media": social,
            "status": status, "joined_on": joined_on, "left_on": left_on, "tags": tags,
        }
        member["description"] = _description(rng, member, founded)
        members.append(member)
    return members


def _person_name(rng: random.Random, pool: dict) -> str:
    if "full" in pool:
        return rng.choice(pool["full"])
    gender = rng.choice("fm")
    given = rng.choice(pool[gender])
    family = rng.choice(pool["family"]).split("|")
    return f"{given} {family[-1] if gender == 'f' else family[0]}"


# For members given without a country: a name pool from their working languages.
LANGUAGE_POOLS = {
    "sw": "east_african", "lg": "east_african", "rw": "east_african", "rn": "east_african",
    "zu": "east_african", "ny": "east_african", "sn": "east_african", "am": "ethiopian",
    "mg": "malagasy", "wo": "west_african", "bm": "west_african", "ha": "west_african",
    "yo": "west_african", "ln": "west_african", "ht": "haitian", "de": "german", "nl": "dutch",
    "it": "italian", "sv": "nordic", "no": "nordic", "fi": "nordic", "uk": "east_slavic",
    "be": "east_slavic", "ro": "romanian", "ka": "caucasian", "hy": "caucasian",
    "kk": "central_asian", "ky": "central_asian", "sq": "albanian", "bg": "bulgarian",
    "pl": "polish", "th": "thai", "km": "khmer", "lo": "lao", "vi": "vietnamese",
    "my": "burmese", "tl": "filipino", "id": "malay_indonesian", "ms": "malay_indonesian",
    "mn": "mongolian", "ja": "japanese", "ko": "korean", "zh": "taiwanese", "hi": "indian",
    "ne": "nepali", "bn": "bangladeshi", "ur": "pakistani", "si": "sri_lankan",
    "dz": "bhutanese", "fj": "fijian", "es": "hispanic", "pt": "lusophone", "fr": "french",
    "ru": "east_slavic", "ar": "arabic", "en": "anglo",
}


def _pool_for_languages(codes: list[str]) -> str:
    for code in [*codes[1:], *codes[:1]]:  # a local second language says more than the first
        if code in LANGUAGE_POOLS and code != "en":
            return LANGUAGE_POOLS[code]
    return "anglo"


def generate_people(members: list[dict], seed: int = 2018) -> list[dict]:
    """1-3 synthetic staff per member: {"name", "email", "role", "language", "locale", "member"}.

    Needs each member's slug, website and languages (country optional); the first person is
    the focal point.
    """
    rng = random.Random(f"people-{seed}")
    pools = _name_pools()
    pool_of = {country: pool for country, _langs, _count, pool in PLAN}
    people: list[dict] = []
    for member in members:
        pool = pools[pool_of.get(member.get("country")) or _pool_for_languages(member["languages"])]
        domain = member["website"].removeprefix("https://")
        names: list[str] = []
        for _ in range(rng.choices([1, 2, 3], weights=[35, 40, 25])[0]):
            name = _person_name(rng, pool)
            while name in names:
                name = _person_name(rng, pool)
            names.append(name)
        for position, name in enumerate(names):
            local = re.sub(r"[^a-z0-9]+", ".", _ascii(name).lower()).strip(".")
            language = member["languages"][0] if rng.random() < 0.8 else rng.choice(
                [*member["languages"], "en"])
            people.append({
                "name": name,
                "email": f"{local}@{domain}",
                "role": "focal_point" if position == 0 else "member",
                "language": language,
                "locale": language if language in ("en", "fr", "es") else "en",
                "member": member["slug"],
            })
    return people
