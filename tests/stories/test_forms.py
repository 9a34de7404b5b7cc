"""The story and resource forms fit the task: grouped checkboxes with their labels beside the
boxes, a story box sized for a story, defaults from the organisation, errors beside their
fields and in a summary at the top, and nothing typed lost when the form comes back."""

import re

from tests.helpers import csrf_token


def _person(make_member, make_user, role="focal_point"):
    member_id = make_member("voces", country="PE", name="Voces del Sur")
    from hub.extensions import db
    from hub.models import Member

    user = make_user(role, member_id=member_id)
    member = db.session.get(Member, member_id)
    member.languages = ["es", "en"]
    db.session.commit()
    return user


def test_new_story_form_defaults_and_layout(app, client_as, make_member, make_user):
    with app.app_context():
        person = _person(make_member, make_user)
    client = client_as(person)
    # A Spanish-speaking organisation browsing in French still starts in Spanish.
    html = client.get("/stories/new?lang=fr").get_data(as_text=True)
    assert re.search(r'<option selected value="es">|<option value="es" selected', html)
    assert re.search(r'<option selected value="PE">|<option value="PE" selected', html)
    assert re.search(r'<textarea[^>]*id="body"[^>]*rows="18"|<textarea[^>]*rows="18"[^>]*'
                     r'id="body"', html)
    themes = re.search(r'<fieldset class="field choices" id="themes".*?</fieldset>', html, re.S)
    assert themes and "<legend>Thèmes</legend>" in themes.group(0)
    # Each box and its label in one list item, the label right after the box.
    assert re.search(r'<li><input id="themes-0"[^>]*type="checkbox"[^>]*> <label '
                     r'for="themes-0">', themes.group(0))
    consent = re.search(r'<div class="field check">\s*<input[^>]*id="consent_obtained"[^>]*>'
                        r'\s*<label for="consent_obtained">', html)
    assert consent


def test_errors_beside_fields_and_in_a_summary_nothing_lost(app, client_as, make_member,
                                                           make_user):
    with app.app_context():
        person = _person(make_member, make_user)
    client = client_as(person)
    token = csrf_token(client.get("/stories/new").get_data(as_text=True))
    typed = "A long story that took an hour to write.\nSecond paragraph, still here."
    response = client.post("/stories/new", data={
        "csrf_token": token, "title": "", "body": typed, "language": "es", "country": "PE",
        "storyteller": "practitioner", "audiences": ["network_learning"],
        "consent_given_by": "the practitioner"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = re.search(r'<div class="flash flash-error error-summary".*?</div>', html, re.S)
    assert summary and 'href="#title"' in summary.group(0)
    assert re.search(r'<input[^>]*aria-describedby="title-error"', html)
    assert '<p class="error" id="title-error">' in html
    assert typed in html.replace("&#39;", "'")
    assert re.search(r'value="network_learning"[^>]*checked|checked[^>]*value="network_learning"',
                     html)
    assert 'value="the practitioner"' in html


def test_new_resource_language_from_the_organisation(app, client_as, make_member, make_user):
    with app.app_context():
        person = _person(make_member, make_user, role="member")
    html = client_as(person).get("/library/new?lang=en").get_data(as_text=True)
    assert re.search(r'<option selected value="es">|<option value="es" selected', html)
    assert re.search(r'<fieldset class="field choices" id="themes"', html)
    assert re.search(r'<textarea[^>]*rows="14"', html)


def test_secretariat_story_language_follows_the_interface(client_as, secretariat):
    html = client_as(secretariat).get("/stories/new?lang=es").get_data(as_text=True)
    assert re.search(r'<option selected value="es">|<option value="es" selected', html)
