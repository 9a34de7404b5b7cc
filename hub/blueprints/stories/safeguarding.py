"""Safeguarding checker: finds details in a story that could identify a child or survivor.

Pure functions over text; the stories API calls :func:`find_identifying_details`. English,
French, Spanish and Portuguese cues are always applied together (stories mix languages and the
declared language is not always right); ``language`` only steers which phone regions are tried
first.

Choices worth knowing:
- ``url``: any web address with a path or query, or any page on a personal-hosting site, is
  flagged, except on institutional domains (ECPAT, UN agencies, ``.gov``, ``.int`` ...). A bare
  organisation home page such as ``https://www.example.org`` is not flagged.
- ``social_handle``: @handles, and social-network addresses with a path (``facebook.com/x``);
  these are reported as ``social_handle``, not ``url``.
- ``person_name``: a listed given name wherever it stands (sentence start, after a comma,
  before an age), a name with a surname near an age or a relationship word, a nickname, or
  any capitalised word after an honorific or "named/called". A declared pseudonym ("not her
  real name") is still flagged, with a message that says why (``hint="pseudonym"``).
- ``school``, ``institution`` (shelters, homes, hospitals, places of worship) and
  ``workplace`` (bars, hotels, factories ...): a generic word with a proper name, in either
  order ("Escuela ... Benito Juárez", "Sunrise Children's Home").
- ``id_number``: see :mod:`.safeguarding_ids` (identity words, python-stdnum formats).
- ``date_of_birth`` needs a day or a month next to a birth cue; "born in 2009" is not flagged.
- Flags of different kinds may overlap when they tell the writer different things (a school
  inside an age-with-place sentence); same-kind overlaps and conflicting readings of the same
  characters (a phone number that is really a date or a case number) are resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .safeguarding_contacts import find_contacts
from .safeguarding_ids import find_ids
from .safeguarding_names import find_names
from .safeguarding_places import find_age_places, find_ages, find_places
from .safeguarding_text import _clean_word, _given_names

__all__ = ["FLAG_MESSAGES", "HINT_MESSAGES", "Flag", "_clean_word", "_given_names",
           "find_identifying_details", "flag_message"]


@dataclass(frozen=True)
class Flag:
    kind: str
    start: int
    end: int
    excerpt: str
    hint: str = ""  # a reason that changes the advice (e.g. "pseudonym")


# Each message says what to change, in the reader's language.
FLAG_MESSAGES = {
    "email": _l("An email address can lead straight to a person. Remove it."),
    "phone": _l("A phone number can identify or reach a person. Remove it."),
    "url": _l("This web address may point to a personal page. Remove it or use a general link."),
    "social_handle": _l("A social media handle or profile identifies a person. Remove it."),
    "person_name": _l(
        "This looks like a real name. Replace it with a role, e.g. 'a 14-year-old girl', or "
        "with a pseudonym you say is one."
    ),
    "age_with_place": _l(
        "An exact age together with a small place can identify a child. Give an age range "
        "or a wider area."
    ),
    "address": _l("A street address can identify or locate a person. Remove it."),
    "school": _l("Naming a school can identify a child. Say 'a local school' instead."),
    "institution": _l(
        "Naming a shelter, home, hospital or place of worship can identify a child. Say 'a "
        "shelter' or 'a local hospital' instead."
    ),
    "workplace": _l(
        "Naming the bar, hotel, factory or other place where a child worked or was exploited "
        "can identify them. Say 'a bar in the city' instead."
    ),
    "id_number": _l("Case, file or identity numbers must never appear in a story. Remove it."),
    "date_of_birth": _l("A date of birth can identify a person. Give an age range instead."),
}
HINT_MESSAGES = {
    "pseudonym": _l(
        "This name is marked as not the real one, but a pseudonym that is a common first name "
        "may still be someone's name in the community. Prefer a role, e.g. 'a 14-year-old "
        "girl', or acknowledge the flag and say the name is invented."
    ),
}


def flag_message(kind: str, hint: str = "") -> str:
    """The advice shown for a flag, in the current locale."""
    message = HINT_MESSAGES.get(hint) or FLAG_MESSAGES.get(kind, "")
    return str(message)


# --- assembly ---------------------------------------------------------------------------------

# When two kinds claim the same characters only one reading is right: the higher one wins.
_PRIORITY = {
    "email": 9, "social_handle": 8, "url": 7, "date_of_birth": 6, "id_number": 5,
    "address": 4, "school": 3, "institution": 3, "workplace": 3, "phone": 2,
    "age_with_place": 1, "person_name": 1,
}
_PLACES = ("school", "institution", "workplace")
_CONFLICTS = {
    frozenset(p) for p in [
        ("email", "url"), ("email", "social_handle"), ("url", "social_handle"),
        ("phone", "date_of_birth"), ("phone", "id_number"), ("phone", "email"),
        ("phone", "url"), ("phone", "social_handle"), ("phone", "address"),
        ("person_name", "address"), ("person_name", "email"),
        ("person_name", "url"), ("person_name", "social_handle"), ("id_number", "date_of_birth"),
        ("id_number", "address"), ("address", "age_with_place"), ("id_number", "person_name"),
        *[(a, b) for a in _PLACES for b in _PLACES if a != b],
        *[(p, other) for p in _PLACES for other in ("person_name", "address", "id_number")],
    ]
}


def _resolve(text: str, raw: list[tuple]) -> list[Flag]:
    found = [(f[0], f[1], f[2], f[3] if len(f) > 3 else "") for f in raw]
    order = sorted(found, key=lambda f: (-_PRIORITY[f[0]], -(f[2] - f[1]), f[1]))
    kept: list[tuple[str, int, int, str]] = []
    for kind, s, e, hint in order:
        if s >= e:
            continue
        clash = any(
            s < ke and ks < e and (kind == kk or frozenset((kind, kk)) in _CONFLICTS)
            for kk, ks, ke, _ in kept
        )
        if not clash:
            kept.append((kind, s, e, hint))
    return [Flag(k, s, e, text[s:e], h) for k, s, e, h in sorted(kept, key=lambda f: f[1:3])]


def find_identifying_details(text: str, language: str) -> list[Flag]:
    """Flag details in ``text`` that could identify a child or survivor.

    Returns flags sorted by start; overlapping flags of the same kind are merged into one.
    """
    if not text:
        return []
    ages = find_ages(text)
    ids = find_ids(text)
    raw: list[tuple] = find_contacts(text, language, skip=[(s, e) for k, s, e in ids
                                                           if k == "id_number"])
    raw += find_names(text, ages)
    raw += find_age_places(text, ages)
    raw += find_places(text)
    raw += ids
    return _resolve(text, raw)
