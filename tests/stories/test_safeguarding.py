"""Safeguarding checker: labelled-set recall/precision, offsets, each kind per language, speed."""

import itertools
import json
import time
from collections import Counter
from pathlib import Path

import pytest

from hub.blueprints.stories.safeguarding import (
    FLAG_MESSAGES,
    Flag,
    find_identifying_details,
    flag_message,
)

LABELLED = Path(__file__).parent.parent / "data" / "safeguarding" / "labelled.jsonl"
KINDS = {
    "email", "phone", "url", "social_handle", "person_name", "age_with_place", "address",
    "school", "institution", "workplace", "id_number", "date_of_birth",
}
LANGUAGES = ("en", "fr", "es", "pt")
# The goal of issue 12, per language: a miss is worse than a false alarm, and clean
# sentences (adults, organisations, places, years, statutes, ages without a place) stay clean.
LANGUAGE_RECALL_FLOOR = 0.97
LANGUAGE_PRECISION_FLOOR = 0.90
# Floors measured on the labelled set when this checker was written; raise them, never lower.
RECALL_FLOOR = 1.0
FALSE_FLAGS_FLOOR = 0  # false flags on clean sentences
PRECISION_FLOOR = 1.0


def _rows():
    with LABELLED.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _overlaps(kind, start, end, flags):
    return any(f.kind == kind and f.start < end and start < f.end for f in flags)


def _evaluate():
    """Return per-(language, kind) counts: expected, found, flagged, correct; and clean stats."""
    stats = Counter()
    clean_sentences = clean_false = 0
    for row in _rows():
        text, lang = row["text"], row["language"]
        got = find_identifying_details(text, lang)
        expected = []
        for e in row["flags"]:
            start = text.index(e["excerpt"])
            expected.append((e["kind"], start, start + len(e["excerpt"])))
        for kind, s, e in expected:
            stats[lang, kind, "expected"] += 1
            stats[lang, kind, "found"] += _overlaps(kind, s, e, got)
        for f in got:
            stats[lang, f.kind, "flagged"] += 1
            ok = any(k == f.kind and s < f.end and f.start < e for k, s, e in expected)
            stats[lang, f.kind, "correct"] += ok
        if not expected:
            clean_sentences += 1
            clean_false += len(got)
    return stats, clean_sentences, clean_false


def test_labelled_set_is_well_formed():
    rows = _rows()
    assert len(rows) >= 400
    flagged = [r for r in rows if r["flags"]]
    assert len(flagged) >= 55
    assert len(rows) - len(flagged) >= 30
    assert (len(rows) - len(flagged)) * 3 >= len(rows)  # at least a third clean
    for lang in LANGUAGES:
        assert sum(r["language"] == lang for r in rows) >= 80, lang
    for lang in ("en", "fr", "es"):
        kinds = {f["kind"] for r in flagged if r["language"] == lang for f in r["flags"]}
        assert kinds == KINDS, (lang, KINDS - kinds)
    pt_kinds = {f["kind"] for r in flagged if r["language"] == "pt" for f in r["flags"]}
    assert pt_kinds == KINDS, KINDS - pt_kinds
    for r in rows:
        for f in r["flags"]:
            assert f["excerpt"] in r["text"]


def test_recall_and_precision_on_labelled_set():
    stats, clean_sentences, clean_false = _evaluate()
    expected = sum(v for k, v in stats.items() if k[2] == "expected")
    found = sum(v for k, v in stats.items() if k[2] == "found")
    flagged = sum(v for k, v in stats.items() if k[2] == "flagged")
    correct = sum(v for k, v in stats.items() if k[2] == "correct")
    recall, precision = found / expected, correct / flagged
    for lang in ("en", "fr", "es"):
        for kind in sorted(KINDS):
            exp, fnd = stats[lang, kind, "expected"], stats[lang, kind, "found"]
            flg, cor = stats[lang, kind, "flagged"], stats[lang, kind, "correct"]
            print(f"{lang} {kind:15} recall {fnd}/{exp}  precision {cor}/{flg}")
    print(f"overall recall {recall:.3f} precision {precision:.3f}; "
          f"{clean_false} false flag(s) on {clean_sentences} clean sentences")
    assert recall >= 0.9
    assert clean_false * 10 <= clean_sentences
    assert recall >= RECALL_FLOOR
    assert precision >= PRECISION_FLOOR
    assert clean_false <= FALSE_FLAGS_FLOOR


def test_each_language_meets_the_recall_and_precision_goal():
    stats, _, _ = _evaluate()
    for lang in LANGUAGES:
        cells = {k: v for k, v in stats.items() if k[0] == lang}
        expected = sum(v for k, v in cells.items() if k[2] == "expected")
        found = sum(v for k, v in cells.items() if k[2] == "found")
        flagged = sum(v for k, v in cells.items() if k[2] == "flagged")
        correct = sum(v for k, v in cells.items() if k[2] == "correct")
        print(f"{lang}: recall {found}/{expected}, precision {correct}/{flagged}")
        assert found / expected >= LANGUAGE_RECALL_FLOOR, lang
        assert correct / flagged >= LANGUAGE_PRECISION_FLOOR, lang


def test_no_clean_sentence_is_flagged():
    flagged = [(r["text"], [(f.kind, f.excerpt) for f in find_identifying_details(
        r["text"], r["language"])]) for r in _rows() if not r["flags"]]
    assert [row for row in flagged if row[1]] == []


def test_offsets_match_excerpts_sorted_and_not_duplicated():
    for row in _rows():
        text = row["text"]
        flags = find_identifying_details(text, row["language"])
        assert flags == sorted(flags, key=lambda f: (f.start, f.end))
        for f in flags:
            assert isinstance(f, Flag)
            assert text[f.start:f.end] == f.excerpt
        for a, b in itertools.pairwise(flags):
            assert not (a.kind == b.kind and b.start < a.end)


def test_offsets_survive_accents_and_decomposed_text():
    text = "La petite Aï\u0308cha, 13 ans, vit au 24 Rue des Lilas. E\u0301crire à awa@mail.sn"
    flags = find_identifying_details(text, "fr")
    assert {f.kind for f in flags} >= {"address", "email"}
    for f in flags:
        assert text[f.start:f.end] == f.excerpt


CASES = [
    ("email", "en", "Write to her at jane.doe@example.com today.", "jane.doe@example.com"),
    ("email", "fr", "Écrivez-lui à awa.sow@orange.sn demain.", "awa.sow@orange.sn"),
    ("email", "es", "Escríbele a lupe [at] correo [dot] mx pronto.", "lupe [at] correo [dot] mx"),
    ("phone", "en", "Her number is (020) 7946 0958 at home.", "(020) 7946 0958"),
    ("phone", "fr", "Appelez le 01 45 67 89 12 le matin.", "01 45 67 89 12"),
    ("phone", "es", "Llámala al +52 55 1234 5678 hoy.", "+52 55 1234 5678"),
    ("url", "en", "See https://example.net/u/ana for her page.", "https://example.net/u/ana"),
    ("url", "fr", "Son blog : http://awa.over-blog.com tous les jours.", "http://awa.over-blog.com"),
    ("url", "es", "Ver www.mipagina.com/fotos/ana ahora.", "www.mipagina.com/fotos/ana"),
    ("social_handle", "en", "Find him on TikTok as @kofi.beats22 now.", "@kofi.beats22"),
    ("social_handle", "fr", "Sur Snapchat : awa_2010 chaque soir.", "awa_2010"),
    ("social_handle", "es", "Su perfil es tiktok.com/@yuli_baila.", "tiktok.com/@yuli_baila"),
    ("person_name", "en", "A 14-year-old named Rosa came to the shelter.", "Rosa"),
    ("person_name", "fr", "Une fillette prénommée Binta nous a parlé.", "Binta"),
    ("person_name", "es", "La pequeña Ximena, de 9 años, llegó sola.", "Ximena"),
    ("age_with_place", "en", "a 12-year-old girl from the village of Kalimpong",
     "12-year-old girl from the village of Kalimpong"),
    ("age_with_place", "fr", "une fille de 13 ans du quartier de Pikine",
     "13 ans du quartier de Pikine"),
    ("age_with_place", "es", "una niña de 11 años de la aldea Chuarrancho",
     "11 años de la aldea Chuarrancho"),
    ("address", "en", "She stayed at 221B Baker Street for a week.", "221B Baker Street"),
    ("address", "fr", "Il habite 15, rue Victor Hugo à Lyon.", "15, rue Victor Hugo"),
    ("address", "es", "Vive en Av. Insurgentes Sur 1602, CDMX.", "Av. Insurgentes Sur 1602"),
    ("school", "en", "He attends Greenfield High School.", "Greenfield High School"),
    ("school", "fr", "Elle va au collège Saint-Exupéry.", "collège Saint-Exupéry"),
    ("school", "es", "Va a la Escuela Benito Juárez.", "Escuela Benito Juárez"),
    ("id_number", "en", "Her national ID number is 19920304-5566.",
     "national ID number is 19920304-5566"),
    ("id_number", "fr", "Plainte n° PV-2022-118 déposée.", "Plainte n° PV-2022-118"),
    ("id_number", "es", "Su CURP es GOMC080605MDFRRR09.", "CURP es GOMC080605MDFRRR09"),
    ("date_of_birth", "en", "He was born on May 3, 2009 in the capital.", "born on May 3, 2009"),
    ("date_of_birth", "fr", "Né le 1er juin 2011, il est le cadet.", "Né le 1er juin 2011"),
    ("date_of_birth", "es", "Nació el 12 de octubre de 2007.", "Nació el 12 de octubre de 2007"),
]


@pytest.mark.parametrize(("kind", "language", "text", "excerpt"), CASES)
def test_each_kind_in_each_language(kind, language, text, excerpt):
    flags = find_identifying_details(text, language)
    start = text.index(excerpt)
    assert _overlaps(kind, start, start + len(excerpt), flags), flags


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Children aged 12 to 17 in rural areas are at risk.", "en"),
        ("A girl from a coastal province spoke at the forum.", "en"),
        ("The school asked for training on online safety.", "en"),
        ("Many survivors were 14 when exploited.", "en"),
        ("Visit https://www.example.org for the annual report.", "en"),
        ("Les filles de 13 ans du quartier participent aux ateliers.", "fr"),
        ("Depuis 12 ans, nous travaillons dans la commune.", "fr"),
        ("Hace 15 años trabajamos en el barrio.", "es"),
        ("Los niños de 12 años de la comunidad asisten al taller.", "es"),
    ],
)
def test_generic_mentions_are_not_flagged(text, language):
    assert find_identifying_details(text, language) == []


def test_declared_pseudonym_still_flags_with_a_message_saying_so():
    # Issue 12: a pseudonym that is a common first name may be someone's real name in the
    # community, so it is flagged, with advice that says the pseudonym was seen.
    text = "Maria (not her real name), 14, from the village of Kalimpong, spoke to us."
    flags = find_identifying_details(text, "en")
    names = [f for f in flags if f.kind == "person_name"]
    assert [f.excerpt for f in names] == ["Maria"]
    assert names[0].hint == "pseudonym"
    assert "not the real one" in flag_message("person_name", names[0].hint)
    assert flag_message("person_name") != flag_message("person_name", "pseudonym")
    assert "age_with_place" in [f.kind for f in flags]


def test_every_kind_has_a_message():
    assert set(FLAG_MESSAGES) == KINDS
    assert all(str(m) for m in FLAG_MESSAGES.values())


def test_empty_and_unknown_language():
    assert find_identifying_details("", "en") == []
    assert find_identifying_details("Call +66 81 234 5678.", "th")[0].kind == "phone"


def test_speed_of_a_long_story():
    sentences = [r["text"] for r in _rows()]
    story = " ".join(sentences * 4)
    words = len(story.split())
    story = " ".join(story.split()[:3000])
    assert words >= 3000
    find_identifying_details(story, "en")  # warm the caches (data files, compiled patterns)
    started = time.perf_counter()
    flags = find_identifying_details(story, "en")
    elapsed = time.perf_counter() - started
    print(f"3,000-word story: {elapsed * 1000:.1f} ms, {len(flags)} flags")
    assert flags
