"""The directory sorted by relevance, name or last update, and taken away as CSV with the
fields the reader may see."""

import csv
import io

from hub.extensions import db
from hub.models import Member


def _rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_sort_by_name_and_recently_updated(app, client, client_as, member_user, network):
    names = [m["name"] for m in client.get("/api/v1/members?sort=name").get_json()["items"]]
    assert names == sorted(names) and len(names) == 6  # the five active ones and Org 1
    with app.app_context():
        member = db.session.get(Member, network["uganda-care"])
        member.description = "Helpline for children and young people"
        db.session.commit()
    first = client.get("/api/v1/members?sort=updated").get_json()["items"][0]
    assert first["slug"] == "uganda-care"
    assert client.get("/api/v1/members?sort=colour").status_code == 422
    html = client.get("/members?sort=updated").get_data(as_text=True)
    assert html.index("Uganda Care") < html.index("Andes Ninez")


def test_csv_as_the_reader_may_see_it(client, client_as, member_user, network):
    public = _rows(client.get("/members.csv?region=latin-america"))
    assert [r["Name"] for r in public] == ["Andes Ninez", "Lima Red"]
    assert "Description" not in public[0] and "Survivor-led" not in public[0]
    assert public[0]["Country"] == "Colombia"
    full = _rows(client_as(member_user).get("/members.csv?region=latin-america&lang=es"))
    assert full[0]["Descripción"] == "Campaña en el sector hotelero"
    assert {r["Nombre"]: r["Dirigida por sobrevivientes"] for r in full} == {
        "Andes Ninez": "no", "Lima Red": "sí"}
    assert client.get("/members.csv?region=atlantis").status_code == 422
