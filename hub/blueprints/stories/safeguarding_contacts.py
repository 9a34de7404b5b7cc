"""Safeguarding checker: e-mail addresses, web addresses, social handles and phone numbers."""

from __future__ import annotations

from urllib.parse import urlsplit

import phonenumbers
import regex

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


_NOT_PHONE_BEFORE = regex.compile(r"(?i)(?:isbn(?:-1[03])?|issn|doi)\s*:?\s*$")


def _find_phones(text: str, language: str,
                 skip: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    found = []
    regions = None
    for m in _PHONE_CANDIDATE.finditer(text):
        raw = m.group()
        if any(s <= m.start() and m.end() <= e for s, e in skip) or _NOT_PHONE_BEFORE.search(
                text, max(0, m.start() - 10), m.start()):
            continue  # an identity number or an ISBN: never tried against every phone region
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




def find_contacts(text: str, language: str,
                  skip: list[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """E-mail and web addresses, social handles and phone numbers, as (kind, start, end).
    No phone number is looked for inside the spans in ``skip`` (identity numbers found before)."""
    found = _find_web(text)
    found += [("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    return found + _find_phones(text, language, list(skip))
