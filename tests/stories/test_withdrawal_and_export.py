"""Withdrawal of consent purges a story everywhere at once; the advocacy export."""

import csv
import io
from datetime import UTC, datetime

import pytest
from docx import Document

from hub.blueprints.stories import story_withdrawn
from hub.extensions import db
from hub.models import Notification, Story, StoryFlag

SECRET_TITLE = "Lanterns over the estuary"
SECRET_WORD = "kingfisher"


@pytest.fixture
def published(make_member, make_user, bring_to):
    member_id = make_member("delta-org", name="Delta Action")
    writer = make_user("member", member_id=member_id)
    story_id = bring_to(writer, "published", title=SECRET_TITLE,
                        body=f"A survivor speaks about the {SECRET_WORD} boats and recovery.")
    return writer, story_id


def _export(client, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"/api/v1/stories/export?{query}")


def test_withdrawal_purges_the_story_everywhere(app, published, make_user, move, as_):
    writer, story_id = published
    staff, outsider = make_user("secretariat"), make_user("member")
    year = datetime.now(UTC).year
    # Everywhere before: page, list, search, export.
    assert SECRET_TITLE in as_(None).get("/stories").get_data(as_text=True)
    assert SECRET_TITLE in as_(outsider).get(f"/stories?q={SECRET_WORD}").get_data(as_text=True)
    assert SECRET_WORD in _export(as_(staff), period=year, format="csv").get_data(as_text=True)

    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    story_withdrawn.connect(receiver)
    try:
        response = move(writer, story_id, "withdraw_consent", "The survivor asked us to.")
    finally:
        story_withdrawn.disconnect(receiver)
    assert response.status_code == 200
    assert response.get_json()["status"] == "consent_withdrawn"
    assert received == [{"story_id": story_id, "member_id": writer.member_id}]

    for person in (None, outsider):
        client = as_(person)
        assert client.get(f"/api/v1/stories/{story_id}").status_code == 404
        assert client.get(f"/stories/{story_id}").status_code == 404
        assert client.get("/api/v1/stories").get_json()["total"] == 0
        assert SECRET_TITLE not in client.get("/stories").get_data(as_text=True)
        assert SECRET_TITLE not in client.get(f"/stories?q={SECRET_WORD}").get_data(as_text=True)
        assert client.get(f"/api/v1/stories?q={SECRET_WORD}").get_json()["total"] == 0
    csv_text = _export(as_(staff), period=year, format="csv").get_data(as_text=True)
    assert SECRET_WORD not in csv_text and SECRET_TITLE not in csv_text
    docx = Document(io.BytesIO(_export(as_(staff), period=year, format="docx").data))
    assert SECRET_TITLE not in "\n".join(p.text for p in docx.paragraphs)
    home = as_(writer).get("/").get_data(as_text=True)
    assert SECRET_TITLE not in home

    with app.app_context():
        story = db.session.get(Story, story_id)
        assert story.title == "" and story.body == ""
        assert story.published_at is not None  # indicator 2.4 still counts it
        assert story.withdrawn_at is not None
        assert db.session.query(StoryFlag).filter_by(story_id=story_id).count() == 0
        assert all(n.title == "" and n.comment == "" for n in
                   db.session.query(Notification).filter_by(story_id=story_id))
    # Its organisation and the Secretariat keep the record, without the text.
    record = as_(staff).get(f"/api/v1/stories/{story_id}").get_json()
    assert record["title"] == "" and record["body"] == ""
    assert [t["action"] for t in record["transitions"]][-1] == "withdraw_consent"
    assert record["transitions"][-1]["comment"] == "The survivor asked us to."


def test_the_secretariat_may_record_a_withdrawal(published, make_user, move):
    _writer, story_id = published
    response = move(make_user("secretariat"), story_id, "withdraw_consent")
    assert response.status_code == 200
    assert response.get_json()["title"] == ""


def test_export_for_the_secretariat_only(published, make_user, as_):
    writer, _ = published
    for person, want in ((None, 401), (writer, 403), (make_user("focal_point"), 403),
                         (make_user("admin"), 200)):
        assert _export(as_(person), format="csv").status_code == want


def test_export_by_period_and_audience(app, make_member, make_user, bring_to, as_):
    member_id = make_member("bay-org", name="Bay Network", country="TH")
    writer = make_user("member", member_id=member_id)
    media = bring_to(writer, "published", title="For the papers", country="TH",
                     themes=["ocse"], audiences=["local_media"],
                     consent={"obtained": True, "given_by": "the survivor",
                              "obtained_on": "2025-09-01", "audiences": ["local_media"]})
    advocacy = bring_to(writer, "published", title="For the UN", country="TH",
                        audiences=["global_advocacy"])
    old = bring_to(writer, "published", title="Long ago")
    bring_to(writer, "approved", title="Not yet out")
    with app.app_context():
        db.session.get(Story, old).published_at = datetime(2019, 3, 1, tzinfo=UTC)
        db.session.commit()
    staff = as_(make_user("secretariat"))
    year = datetime.now(UTC).year

    response = _export(staff, period=year, format="csv", audience="local_media")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [int(r["id"]) for r in rows] == [media]
    row = rows[0]
    assert row["member"] == "Bay Network" and row["country"] == "Thailand"
    assert row["themes"] and row["audiences"] == "Local media"

    rows = list(csv.DictReader(io.StringIO(
        _export(staff, period=year, format="csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert {int(r["id"]) for r in rows} == {media, advocacy}
    rows = list(csv.DictReader(io.StringIO(
        _export(staff, period="2018July", format="csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert [int(r["id"]) for r in rows] == [old]

    response = _export(staff, period=year, format="docx", audience="global_advocacy")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "For the UN" in text and "Bay Network" in text and "For the papers" not in text
    assert "Not yet out" not in text

    assert _export(staff, period="someday", format="csv").status_code == 422
    assert _export(staff, period=year, format="pdf").status_code == 422
    assert _export(staff, period=year, audience="everyone").status_code == 422


def test_export_page_downloads_a_dossier(published, make_user, as_):
    staff = as_(make_user("secretariat"))
    page = staff.get("/stories/export")
    assert page.status_code == 200 and "Word" in page.get_data(as_text=True)
    year = datetime.now(UTC).year
    response = staff.get(f"/stories/export?period={year}&format=docx&audience=")
    assert response.status_code == 200
    assert SECRET_TITLE in "\n".join(
        p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert staff.get("/stories/export?period=nope&format=csv").status_code == 422
    assert as_(published[0]).get("/stories/export").status_code == 403
