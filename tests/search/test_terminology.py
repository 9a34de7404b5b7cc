"""Terminology as concepts, accent-aware matching, cross-language reach and acronyms."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from hub.search.thesaurus import DEFAULT_PATH, Thesaurus
from tests.search.conftest import make_doc


def test_every_replaced_term_has_a_preferred_term_in_its_language():
    rows = defaultdict(lambda: defaultdict(set))
    with open(DEFAULT_PATH, encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines):
            rows[row["concept"]][row["lang"]].add(row.get("status") or "")
    replaced = {(c, lang) for c, langs in rows.items() for lang, st in langs.items()
                if "replaced" in st}
    assert len({c for c, _ in replaced}) >= 5
    assert {lang for _, lang in replaced} >= {"en", "fr", "es", "pt", "ru", "ar", "th", "de",
                                              "it"}
    for concept, lang in replaced:
        assert "preferred" in rows[concept][lang], (concept, lang)


@pytest.fixture
def csam(index):
    index.update([
        make_doc(1, "Child pornography legislation", "A review of laws from 1999."),
        make_doc(2, "Child sexual abuse material online", "Trends in reports."),
        make_doc(3, "La pédopornographie dans le Code pénal", "Analyse.", language="fr"),
        make_doc(4, "Hash lists for CSAM", "Detecting known files."),
        make_doc(5, "Training material for coaches", "Preventing child sexual abuse in sport."),
        make_doc(6, "Детская порнография в интернете", "Обзор законов.", language="ru"),
    ])
    return index


def test_old_term_finds_new_documents_own_wording_and_preferred_term_first(csam):
    found = csam.search("child pornography")
    assert set(found.ids) == {1, 2, 3, 4, 6}
    assert found.ids[0] == 1  # the words as typed
    # The Luxembourg Guidelines' term and its acronym before the other old terms.
    assert found.ids.index(2) < found.ids.index(3) and found.ids.index(4) < found.ids.index(3)
    assert any("child sexual abuse material" in e["added"] for e in found.expansions)


def test_new_term_finds_old_documents_and_the_acronym_only_one(csam):
    found = csam.search("child sexual abuse material")
    assert found.ids[0] == 2
    assert {1, 3, 4, 6} <= set(found.ids)
    # The acronym-only document ranks with the spelt-out ones, above mere shared words.
    assert found.ids.index(4) < found.ids.index(5)
    assert csam.search("CSAM").ids[0] in (2, 4) and 5 not in csam.search("CSAM").ids


@pytest.fixture
def accents(index):
    index.update([
        make_doc(1, "La traite des enfants au Bénin", "Les trafiquants.", language="fr"),
        make_doc(2, "Les traités internationaux ratifiés", "Les traités.", language="fr"),
        make_doc(3, "Enfants exploités dans la pêche", "La pêche artisanale.", language="fr"),
        make_doc(4, "Péché, honte et silence", "Les chefs religieux.", language="fr"),
        make_doc(5, "Protección de la niñez", "Educación sexual.", language="es"),
    ])
    return index


def test_an_exact_accented_form_outranks_a_folded_one(accents):
    assert accents.search("traite").ids[0] == 1
    found = accents.search("traités")
    assert found.ids[0] == 2
    assert found.expansions == []  # "traités" (treaties) is not the concept "traite"
    assert accents.search("péché").ids[0] == 4
    assert accents.search("pêche").ids[0] == 3


def test_typing_without_accents_still_finds(accents):
    assert accents.search("proteccion ninez").ids == [5]
    assert accents.search("educacion sexual").ids == [5]
    assert set(accents.search("peche").ids) == {3, 4}


@pytest.mark.parametrize("lang, title", [
    ("ru", "Детские браки в Центральной Азии"),
    ("ar", "زواج الأطفال في اليمن"),
    ("th", "การแต่งงานในวัยเด็กในประเทศไทย"),
    ("pt", "Casamento infantil em Moçambique"),
    ("it", "Matrimoni precoci nelle comunità migranti"),
    ("de", "Kinderehe in Deutschland"),
    ("nl", "Kindhuwelijk in Nederland"),
])
def test_an_english_query_reaches_every_analysed_language(index, lang, title):
    index.update([make_doc(1, title, language=lang),
                  make_doc(2, "Child marriage in South Asia"),
                  make_doc(3, "Unrelated report", language=lang)])
    assert index.search("child marriage", filters={"language": lang}).ids == [1]


@pytest.mark.parametrize("lang, title", [
    ("ru", "Сексуальная эксплуатация детей в сфере путешествий и туризма"),
    ("ar", "الاستغلال الجنسي للأطفال في السفر والسياحة"),
    ("th", "การแสวงประโยชน์ทางเพศจากเด็กในการเดินทางและการท่องเที่ยว"),
    ("it", "Turismo sessuale minorile"),
])
def test_an_old_term_reaches_other_languages_too(index, lang, title):
    index.update([make_doc(1, title, language=lang)])
    assert index.search("child sex tourism", filters={"language": lang}).ids == [1]
    assert index.search("SECTT", filters={"language": lang}).ids == [1]


@pytest.mark.parametrize("acronym, lang, text", [
    ("OCSE", "fr", "L'exploitation sexuelle des enfants en ligne"),
    ("SECTT", "es", "Explotación sexual de niños en viajes y turismo"),
    ("ESCNNA", "es", "Explotación sexual comercial de niñas, niños y adolescentes"),
    ("ESC", "pt", "Exploração sexual comercial de crianças e adolescentes"),
    ("EST", "es", "La explotación sexual en el turismo"),
    ("OPSC", "en", "Optional Protocol on the sale of children"),
    ("UPR", "fr", "L'Examen périodique universel"),
    ("CSEM", "de", "Material sexueller Ausbeutung von Kindern"),
])
def test_acronyms_and_expansions_both_ways(index, acronym, lang, text):
    index.update([make_doc(1, text, language=lang),
                  make_doc(2, f"Note on {acronym}", language="en"),
                  make_doc(3, "Annual financial statement", language=lang)])
    assert set(index.search(acronym).ids) == {1, 2}
    assert 2 in index.search(text).ids  # the acronym-only note, from the expansion


def test_a_later_file_can_mark_an_existing_term(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("concept,lang,term,status\ncsam,en,child pornography,preferred\n",
                     encoding="utf-8")
    th = Thesaurus.load(extra)
    terms = [t for t in th.concepts["csam"] if t.text == "child pornography"]
    assert len(terms) == 1 and terms[0].preferred
