"""The demo: people follow a few things, and their next digest reads like a real one."""

import sqlalchemy as sa

from hub.demo import DEMO_PASSWORD
from hub.extensions import db
from hub.models import Follow, User
from tests.conftest import Person


def test_demo_people_follow_things_and_have_a_digest(app, runner, client_as):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        kinds = {k for (k,) in db.session.execute(sa.select(Follow.kind).distinct())}
        assert kinds == {"tag", "region", "member", "search"}
        followers = db.session.scalar(sa.select(sa.func.count(sa.distinct(Follow.user_id))))
        assert followers >= 20
        focal = db.session.scalar(sa.select(User).where(
            User.role == "focal_point", User.id.in_(sa.select(Follow.user_id))))
        person = Person(focal.id, focal.email, focal.role, focal.member_id,
                        password=DEMO_PASSWORD)
    client = client_as(person)
    body = client.get("/api/v1/me/digest").get_json()
    assert body["total"] > 5
    assert {g["follow"]["kind"] for g in body["groups"]} >= {"tag", "region"}
    page = client.get("/account/digest").get_data(as_text=True)
    assert body["groups"][0]["items"][0]["title"] in page
