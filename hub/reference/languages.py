"""The content and working languages the Hub knows (ISO 639-1), named with Babel's CLDR data.

The UI locales (en, fr, es) are a separate, smaller list in the app config; these are the
languages a member may work in or a resource may be written in.
"""

from functools import cache

from babel import Locale, UnknownLocaleError

# The network's working languages first, then the languages members also publish in,
# then other languages common across the regions, roughly grouped by region.
LANGUAGES: tuple[str, ...] = (
    # network working languages and the common publishing languages
    "en", "fr", "es", "pt", "ru", "ar", "th",
    # Western Europe
    "de", "it", "nl", "sv", "da", "no", "nb", "fi", "is", "ga", "mt", "el", "ca", "eu", "lb",
    # Eastern Europe and Central Asia
    "uk", "be", "pl", "cs", "sk", "hu", "ro", "bg", "sr", "hr", "bs", "sl", "mk", "sq", "lt",
    "lv", "et", "ka", "hy", "az", "kk", "ky", "tg", "uz", "tk", "tr",
    # Middle East and North Africa
    "fa", "he", "ku",
    # South Asia
    "hi", "bn", "ne", "si", "ta", "ur", "ps", "dz", "dv", "te", "mr", "ml", "kn", "gu", "pa",
    # East and South-East Asia
    "zh", "ja", "ko", "mn", "id", "ms", "tl", "vi", "km", "lo", "my",
    # Africa
    "sw", "am", "so", "ti", "om", "rw", "rn", "mg", "ny", "sn", "zu", "xh", "st", "tn", "af",
    "ha", "yo", "ig", "wo", "ff", "ln", "lg", "bm",
    # Latin America, the Caribbean and the Pacific
    "ht", "gn", "qu", "ay", "mi", "sm", "to", "fj",
)

_KNOWN = frozenset(LANGUAGES)


@cache
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def is_known_language(code: str | None) -> bool:
    """True when `code` is one of the Hub's ISO 639-1 content languages."""
    return bool(code) and code.lower() in _KNOWN


def language_name(code: str, locale: str = "en") -> str:
    """The name of language `code` in the reader's `locale` (CLDR), capitalised as a label.

    Falls back to the English name, then to the code itself.
    """
    code = (code or "").lower()
    name = None
    for reader in (locale, "en"):
        loc = _locale(reader) if reader else None
        if loc is not None and (name := loc.languages.get(code)):
            break
    if not name:
        return code
    return name[:1].upper() + name[1:]
