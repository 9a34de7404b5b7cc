"""The demo step gives the activity and usage pages, and indicators 4.2 and 4.5, data."""

from datetime import date

import sqlalchemy as sa

from hub.blueprints.usage import reports
from hub.extensions import db
from hub.models import Activity, ActivityParticipation, Member, UsageEvent, UsageMonthly
from hub.periods import Period


def test_demo_has_activities_and_usage(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        activities = db.session.scalars(sa.select(Activity)).all()
        assert 12 <= len(activities) <= 20
        assert len({a.kind for a in activities}) >= 6
        assert len({a.region_code for a in activities if a.region_code}) >= 3
        assert any(a.start_date > date.today() for a in activities)
        statuses = set(db.session.scalars(sa.select(ActivityParticipation.status)))
        assert {"confirmed", "pending"} <= statuses
        active = db.session.scalar(sa.select(sa.func.count()).select_from(Member).where(
            Member.status == "active"))
        users = db.session.scalar(sa.select(sa.func.count(sa.distinct(UsageEvent.member_id))))
        # Most members use the hub; some do not.
        assert 0.6 * active <= users < active
        oldest = db.session.scalar(sa.select(sa.func.min(UsageEvent.occurred_at)))
        assert (date.today() - oldest.date()).days > 600
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageMonthly).where(
            UsageMonthly.source == "import")) > 0
        year = reports.summary(Period("last", date.today().replace(day=1, year=date.today().year
                                                                     - 1), date.today()))
        assert year["no_results"] and year["resources"] and year["active_members"] > 50
    client = app.test_client()
    assert client.get("/activities?when=all").status_code == 200
