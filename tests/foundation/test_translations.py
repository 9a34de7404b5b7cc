"""Every message of the code and templates is translated in every shipped language."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHOD_MAP = [("**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2)}


def source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT / "hub", METHOD_MAP, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_is_translated_in_fr_and_es():
    messages = source_messages()
    assert len(messages) > 50
    for language in ("fr", "es"):
        with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as f:
            catalog = read_po(f)
        missing = sorted(m for m in messages if not catalog.get(m) or not catalog.get(m).string)
        fuzzy = sorted(str(m.id) for m in catalog if m.id and m.fuzzy)
        # A plural message needs every form the language has (French and Spanish have three in
        # Babel's CLDR data); an empty one shows the English text for those counts.
        partial = sorted(str(m.id) for m in catalog if m.id and m.pluralizable
                         and not all(m.string[:catalog.num_plurals]))
        assert missing == [], f"{language}: untranslated {missing[:20]}"
        assert partial == [], f"{language}: plural forms missing {partial[:20]}"
        assert fuzzy == [], f"{language}: fuzzy {fuzzy[:20]}"
