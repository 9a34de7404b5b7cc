"""Issue 12: identifiers, names wherever they stand, institutions and workplaces, Portuguese,
and advice in the reader's language (the labelled set is measured in test_safeguarding.py)."""

import pytest

from hub.blueprints.stories.safeguarding import find_identifying_details
from hub.blueprints.stories.terminology import find_outdated_terms
from tests.stories.conftest import story_body


def _kinds(text, language="en"):
    return [(f.kind, f.excerpt) for f in find_identifying_details(text, language)]


@pytest.mark.parametrize(("text", "language", "number"), [
    ("The police kept passport no. XK-4410297 for months.", "en", "XK-4410297"),
    ("Son acte de naissance n° 2011/ABJ/00451 est au dossier.", "fr", "2011/ABJ/00451"),
    ("Su cédula 0912345678 quedó con el dueño del bar.", "es", "0912345678"),
    ("O processo n.º 0004567-12.2020.8.19.0001 tramita em segredo.", "pt", "0004567-12.2020"),
])
def test_identifier_after_an_identity_word(text, language, number):
    flags = find_identifying_details(text, language)
    assert any(f.kind == "id_number" and number in f.excerpt for f in flags), flags


@pytest.mark.parametrize(("text", "number"), [
    ("The girl's number 384.610.572-44 was on the recruiter's phone.", "384.610.572-44"),  # CPF
    ("A photo showed 12.345.678-5 written on her hand.", "12.345.678-5"),  # Chilean RUT
    ("The form still had 33445566R on it.", "33445566R"),  # Spanish DNI
])
def test_national_format_is_recognised_without_an_identity_word(text, number):
    assert ("id_number", number) in _kinds(text)


@pytest.mark.parametrize(("text", "language"), [
    ("Law 1098 of 2006 and article 44 protect children in Colombia.", "en"),
    ("La loi n° 2005-06 et le décret n° 2017-1234 s'appliquent.", "fr"),
    ("La Ley 26.061 y el Decreto 9-2009 rigen desde hace años.", "es"),
    ("O artigo 244-A e a Lei n.º 13.431/2017 protegem as crianças.", "pt"),
    ("The case study (ISBN 978-92-806-5012-3, doi:10.1016/j.chiabu.2020.104567) is online.",
     "en"),
    ("The case budget was USD 45,000 for 2019-2020 and 30 000 euros in 2021.", "en"),
    ("Le dossier couvre la période 2019-2020.", "fr"),
])
def test_statutes_references_money_and_years_are_not_identifiers(text, language):
    assert [k for k in _kinds(text, language) if k[0] == "id_number"] == []


@pytest.mark.parametrize(("text", "language", "name"), [
    ("Maya said the man had promised her a job.", "en", "Maya"),  # sentence start
    ("After the hearing, Aminata went home with her aunt.", "fr", "Aminata"),  # after a comma
    ("Maya (14) and her friend left the village.", "en", "Maya"),
    ("Maya, aged 14, left school.", "en", "Maya"),
    ("Everyone calls him Jojo.", "en", "Jojo"),  # a nickname
    ("O pequeno Pedrinho chorava.", "pt", "Pedrinho"),  # a diminutive
    ("Youssef avait 13 ans quand il a quitté Oujda.", "fr", "Youssef"),  # Arab world, in French
    ("Tendai was 12 when she started selling at the market.", "en", "Tendai"),  # Africa
])
def test_first_name_wherever_it_stands(text, language, name):
    assert ("person_name", name) in _kinds(text, language)


def test_public_figures_and_places_named_after_people_are_not_flagged():
    assert _kinds("Nelson Mandela said a society is judged by how it treats children.") == []
    assert _kinds("Les éducateurs travaillent à Saint-Louis et à San-Pédro.", "fr") == []


@pytest.mark.parametrize(("text", "language", "kind", "excerpt"), [
    ("She stayed at the Sunrise Children's Home for a year.", "en", "institution",
     "Sunrise Children's Home"),
    ("Il a été accueilli au foyer Les Colombes.", "fr", "institution", "foyer Les Colombes"),
    ("Vivió en la Casa Hogar San José.", "es", "institution", "Casa Hogar San José"),
    ("Ficou no abrigo Novo Amanhecer.", "pt", "institution", "abrigo Novo Amanhecer"),
    ("He washed dishes at the Golden Dragon karaoke bar.", "en", "workplace",
     "Golden Dragon karaoke bar"),
    ("Elle servait au maquis Le Baobab.", "fr", "workplace", "maquis Le Baobab"),
    ("Trabajaba en la ladrillera Los Hermanos.", "es", "workplace", "ladrillera Los Hermanos"),
    ("Trabalhava no Bar do Zé.", "pt", "workplace", "Bar do Zé"),
    ("Estudiaba en la Escuela Rural Mixta Francisco Morazán.", "es", "school",
     "Escuela Rural Mixta Francisco Morazán"),
    ("Estudava na Escola Estadual Castro Alves.", "pt", "school", "Escola Estadual Castro Alves"),
    ("She was in Grade 7 at Holy Cross Primary.", "en", "school", "Holy Cross Primary"),
])
def test_institutions_workplaces_and_schools_in_both_word_orders(text, language, kind, excerpt):
    assert (kind, excerpt) in _kinds(text, language)


def test_generic_institutions_are_not_flagged():
    for text, language in [("She stayed at the children's home for a year.", "en"),
                           ("Volunteers from the Rotary Club repainted the shelter.", "en"),
                           ("Elle a passé un an au foyer.", "fr"),
                           ("Fue atendida en el Hospital Regional.", "es"),
                           ("O refeitório do abrigo foi pintado.", "pt")]:
        assert _kinds(text, language) == [], text


def test_portuguese_age_with_a_named_small_place_and_a_relative():
    assert [k for k, _ in _kinds("Uma menina de 13 anos do povoado de Lagoa Seca.", "pt")] == [
        "age_with_place"]
    assert ("person_name", "Maria Aparecida") in _kinds(
        "A mãe, Maria Aparecida, assinou o termo.", "pt")
    assert _kinds("Meninas de 12 a 15 anos são as mais aliciadas no bairro.", "pt") == []


@pytest.mark.parametrize(("text", "language", "term"), [
    ("The defence said the girl had consented to meet him.", "en", "girl had consented"),
    ("Selon lui, l'adolescente aurait choisi cette vie.", "fr", "adolescente aurait choisi"),
    ("La prensa dijo que la niña eligió esa vida.", "es", "niña eligió esa vida"),
    ("O jornal falou em prostituição infantil.", "pt", "prostituição infantil"),
    ("A menina consentiu os encontros, disse a defesa.", "pt", "menina consentiu"),
])
def test_terminology_consent_and_portuguese(text, language, term):
    hits = find_outdated_terms(text, language)
    assert any(term in h.term or h.term in term for h in hits), hits


def test_research_consent_is_not_a_terminology_miss():
    assert find_outdated_terms("The children consented to take part in the interviews.",
                               "en") == []


def test_flag_advice_is_in_the_readers_language(member_user, as_):
    text = "Maya (not her real name), 14, stayed at the Casa Hogar San José."
    body = as_(member_user).post("/api/v1/safeguarding/check?lang=fr",
                                 json={"text": text, "language": "en"}).get_json()
    messages = {f["kind"]: f["message"] for f in body["flags"]}
    assert "prénom" in messages["person_name"] and "pseudonyme" in messages["person_name"]
    assert "foyer" in messages["institution"]
    body = as_(member_user).post("/api/v1/safeguarding/check?lang=es",
                                 json={"text": text, "language": "en"}).get_json()
    assert "seudónimo" in {f["kind"]: f["message"] for f in body["flags"]}["person_name"]


def test_saved_story_keeps_the_pseudonym_advice(member_user, as_):
    body = story_body(body="Grace (not her real name) told us how she was recruited.")
    story = as_(member_user).post("/api/v1/stories", json=body).get_json()
    flag = story["flags"][0]
    assert flag["kind"] == "person_name" and "not the real one" in flag["message"]
    page = as_(member_user).get(f"/stories/{story['id']}/edit")
    assert page.status_code == 200
    assert "not the real one" in page.get_data(as_text=True)
