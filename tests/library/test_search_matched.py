"""The library tells the reader when results match most, not all, of the words."""

import pytest


@pytest.fixture
def resources(create, secretariat):
    create(secretariat, title="Training hotel staff to recognise child trafficking")
    create(secretariat, title="Former le personnel hôtelier à repérer la traite des enfants",
           language="fr")
    create(secretariat, title="Hotel industry revenue")


def test_api_says_which_match_it_did(resources, client_as):
    client = client_as(None)
    body = client.get("/api/v1/resources/search?q=how+can+hotels+train+staff+to+spot+"
                      "child+trafficking").get_json()
    assert body["matched"] == "most"
    assert body["total"] == 2
    body = client.get("/api/v1/resources/search?q=hotel+revenue").get_json()
    assert body["matched"] == "all" and body["total"] == 1


@pytest.mark.parametrize("locale, notice", [
    ("en", "Showing results that match most of your words"),
    ("fr", "Résultats correspondant à la plupart de vos mots"),
    ("es", "Resultados que coinciden con la mayoría de sus palabras"),
])
def test_page_shows_the_notice_in_the_reader_language(resources, client_as, locale, notice):
    client = client_as(None)
    html = client.get("/library?q=hotel+staff+trafficking",
                      headers={"Accept-Language": locale}).get_data(as_text=True)
    assert notice in html
    plain = client.get("/library?q=hotel+revenue",
                       headers={"Accept-Language": locale}).get_data(as_text=True)
    assert notice not in plain
