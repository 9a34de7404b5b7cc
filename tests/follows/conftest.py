"""Fixtures for staying in touch: content made at chosen instants, digests sent at a chosen
`now`, and the mails read back from the data directory."""

import email
from datetime import UTC, date, datetime
from email import policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from hub.extensions import db


def at(text: str) -> datetime:
    """An instant in UTC from 'YYYY-MM-DD HH:MM:SS[.ffffff]'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def backdate(app):
    """Set a row's timestamp column (created_at, published_at...) to an instant."""

    def run(model, row_id, **columns):
        with app.app_context():
            db.session.execute(sa.update(model).where(model.id == row_id).values(**columns))
            db.session.commit()

    return run


@pytest.fixture
def make_resource(client_as, secretariat, backdate):
    """A resource created through the API (so it is indexed), then dated `created`."""
    from hub.models import Resource

    clients = []

    def make(created: str | None = None, **fields):
        body = {"title": "A resource", "type": "research_report", "language": "en",
                "visibility": "public", **fields}
        if not clients:
            clients.append(client_as(secretariat))
        response = clients[0].post("/api/v1/resources", json=body)
        assert response.status_code == 201, response.get_json()
        rid = response.get_json()["id"]
        if created:
            backdate(Resource, rid, created_at=at(created))
        return rid

    return make


@pytest.fixture
def bulk_resources(app):
    """Many resources at once, straight into the database (not indexed: for tag follows)."""
    from hub.models import Resource, Tag

    def make(n: int, created: str, *, title: str, themes=(), language="en"):
        with app.app_context():
            tags = list(db.session.scalars(sa.select(Tag).where(Tag.slug.in_(themes))))
            for i in range(n):
                db.session.add(Resource(title=f"{title} {i}", type="research_report",
                                        language=language, visibility="public",
                                        created_at=at(created), themes=tags))
            db.session.commit()

    return make


@pytest.fixture
def make_story(app):
    """A story row in a given status, published at `published`."""
    from hub.models import Story, StoryAudience, Tag

    def make(member_id, *, published: str | None = None, status="published", title="A story",
             themes=(), audiences=("global_advocacy",), country="KE", language="en"):
        with app.app_context():
            story = Story(member_id=member_id, title=title, body="What happened.",
                          language=language, country_code=country, teller="practitioner",
                          status=status, consent_obtained=True, consent_from="the survivor",
                          consent_date=date(2026, 1, 5),
                          published_at=at(published) if published else None)
            story.themes = list(db.session.scalars(sa.select(Tag).where(Tag.slug.in_(themes))))
            for kind in ("intended", "consented"):
                for audience in audiences:
                    story.audience_rows.append(StoryAudience(kind=kind, audience=audience))
            db.session.add(story)
            db.session.commit()
            return story.id

    return make


@pytest.fixture
def make_activity(app):
    from hub.models import Activity, Tag

    def make(*, created: str, starts: date, ends: date | None = None, title="A webinar",
             themes=(), region=None, organiser=None):
        with app.app_context():
            activity = Activity(title=title, kind="webinar", start_date=starts,
                                end_date=ends or starts, mode="online", region_code=region,
                                organiser_member_id=organiser, created_at=at(created))
            activity.themes = list(db.session.scalars(sa.select(Tag).where(
                Tag.slug.in_(themes))))
            db.session.add(activity)
            db.session.commit()
            return activity.id

    return make


@pytest.fixture
def set_created(app):
    """Date an account's creation (a digest never reaches back before it)."""
    from hub.models import User

    def run(person, when: str):
        with app.app_context():
            db.session.execute(sa.update(User).where(User.id == person.id)
                               .values(created_at=at(when)))
            db.session.commit()

    return run


@pytest.fixture
def send(runner):
    """`flask --app hub digests send --now NOW`; returns the command's output."""

    def run(now: str):
        result = runner.invoke(args=["digests", "send", "--now", now])
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture
def mails(data_dir):
    """The mails written so far, parsed, oldest first (optionally only to one address)."""

    def read(to: str | None = None):
        folder = Path(data_dir) / "mail"
        found = []
        for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if to is None or message["To"] == to:
                found.append(message)
        return found

    return read


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
