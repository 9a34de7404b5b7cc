"""How queries are read: question words dropped, "all words" first, else "most words"."""

from __future__ import annotations

import pytest

from hub.search.query import min_should_match
from tests.search.conftest import make_doc


@pytest.fixture
def hotels(index):
    index.update([
        make_doc(1, "Training hotel staff to recognise child trafficking",
                 "Front desk and housekeeping staff learn the signs of trafficking."),
        make_doc(2, "Child trafficking routes in East Africa", "Traffickers move children."),
        make_doc(3, "Hotel industry revenue", "Room rates and occupancy."),
        make_doc(4, "Former le personnel hôtelier à repérer la traite des enfants",
                 "Les hôtels et la traite.", language="fr"),
        make_doc(5, "Road traffic safety near schools", "Crossing patrols protect children."),
    ])
    return index


def test_a_question_finds_what_its_topic_words_find(hotels):
    found = hotels.search("how can hotels train staff to spot child trafficking")
    assert found.matched == "most"
    assert found.ids[0] == 1  # the document with most of the words comes first
    assert 4 in found.ids  # the French guide: hotels + child trafficking through the thesaurus
    assert 3 not in found.ids and 5 not in found.ids  # one word in common is not "most"


def test_the_issue_example_on_few_documents(hotels):
    found = hotels.search("hotel staff trafficking")
    assert found.ids[0] == 1
    assert found.matched == "most" and 4 in found.ids


def test_all_words_when_enough_documents_have_them(index):
    index.update([make_doc(i, f"Child trafficking report {i}", "Hotel staff were trained.")
                  for i in range(1, 8)]
                 + [make_doc(20, "Hotel staff", "Child protection in hotels.")])
    found = index.search("hotel staff trafficking")
    assert found.matched == "all"
    assert set(found.ids) == set(range(1, 8))


def test_short_queries_still_need_every_word(hotels):
    found = hotels.search("hotel revenue")
    assert found.matched == "all" and found.ids == [3]
    assert hotels.search("hotel wildlife").ids == []


@pytest.mark.parametrize("q, first", [("comment protéger les enfants en ligne", 1),
                                      ("¿Cómo proteger a los niños en internet?", 2),
                                      ("como proteger as crianças na internet", 3)])
def test_question_words_of_the_query_language_are_dropped(index, q, first):
    index.update([
        make_doc(1, "Protéger les enfants en ligne", "Guide pour les parents.", language="fr"),
        make_doc(2, "Proteger a los niños en internet", "Guía para familias.", language="es"),
        make_doc(3, "Proteger as crianças na internet", "Guia para as famílias.",
                 language="pt"),
    ])
    found = index.search(q)
    # "comment", "cómo", "como" are not in the documents: the one with every other word is first.
    assert found.ids[0] == first
    assert found.total == 1 or found.matched == "most"


def test_facets_count_the_most_words_match(hotels):
    found = hotels.search("how can hotels train staff to spot child trafficking")
    assert dict(found.facets["language"]) == {"en": found.total - 1, "fr": 1}
    fr_only = hotels.search("how can hotels train staff to spot child trafficking",
                            filters={"language": "fr"})
    assert fr_only.ids == [4] and fr_only.matched == "most"


def test_minimum_should_match_shrinks_with_length():
    assert [min_should_match(n) for n in (1, 2, 3, 4, 5, 6, 8, 10)] == [1, 2, 2, 3, 3, 4, 5, 6]
