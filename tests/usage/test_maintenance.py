"""Prune (roll-ups keep every figure), import of history (all or nothing), the streamed
export and the Secretariat's pages."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from hub.blueprints.usage import reports, service
from hub.extensions import db
from hub.models import UsageEvent, UsageMonthly
from hub.periods import Period

EVERYTHING = Period("all", date(2000, 1, 1), date(2100, 1, 1))


def add_events(app, rows):
    """rows: (datetime, event_type, member_id)"""
    with app.app_context():
        for when, event_type, member_id in rows:
            db.session.add(UsageEvent(occurred_at=when, event_type=event_type,
                                      member_id=member_id, user_key="k" * 64, channel="web"))
        db.session.commit()


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@pytest.fixture
def history(app, make_member):
    a, b = make_member("alpha"), make_member("beta")
    rows = []
    for month in (1, 2, 3):
        rows += [(datetime(2020, month, 5, 10, tzinfo=UTC), "sign_in", a)] * month
        rows += [(datetime(2020, month, 28, 23, 59, tzinfo=UTC), "search", b)]
    rows += [(datetime(2020, 1, 31, 23, 59, 59, tzinfo=UTC), "sign_in", None)]  # Secretariat
    rows += [(datetime.now(UTC), "sign_in", a)]
    add_events(app, rows)
    return a, b


def figures(app):
    with app.app_context():
        return (reports.counts_by_month_member_type(EVERYTHING),
                reports.summary(Period("2020", date(2020, 1, 1), date(2020, 12, 31)))["months"])


def test_prune_keeps_the_monthly_counts_and_is_idempotent(app, runner, history):
    a, b = history
    before = figures(app)
    result = runner.invoke(args=["usage", "prune"])
    assert result.exit_code == 0, result.output
    assert "deleted 10 raw events" in result.output
    assert figures(app) == before
    assert count(app, UsageEvent) == 1  # this month's event stays raw
    with app.app_context():
        rows = {(r.month, r.member_id, r.event_type): r.count
                for r in db.session.scalars(sa.select(UsageMonthly))}
        assert {r.source for r in db.session.scalars(sa.select(UsageMonthly))} == {"rollup"}
    assert rows[(date(2020, 3, 1), a, "sign_in")] == 3
    assert rows[(date(2020, 2, 1), b, "search")] == 1
    again = runner.invoke(args=["usage", "prune"])
    assert again.exit_code == 0 and "deleted 0 raw events" in again.output
    assert figures(app) == before and count(app, UsageMonthly) == 6


def test_prune_respects_the_retention_setting(app, history):
    with app.app_context():
        result = service.prune(12, today=date(2020, 3, 15))
        assert result.events_deleted == 0
        result = service.prune(1, today=date(2020, 3, 15))
        # Keeping a month from 15 March keeps February whole: only January is rolled up.
        assert result.months == ["2020-01"]
    assert count(app, UsageEvent, UsageEvent.occurred_at < datetime(2020, 2, 1)) == 0
    assert count(app, UsageEvent) == 8


def test_prune_late_events_add_to_an_existing_rollup(app, history):
    a, _ = history
    with app.app_context():
        service.prune(36)
    add_events(app, [(datetime(2020, 3, 9, tzinfo=UTC), "sign_in", a)])
    with app.app_context():
        service.prune(36)
        row = db.session.scalar(sa.select(UsageMonthly).where(
            UsageMonthly.month == date(2020, 3, 1), UsageMonthly.member_id == a,
            UsageMonthly.event_type == "sign_in"))
        assert row.count == 4


def write(tmp_path, text):
    path = tmp_path / "history.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_loads_every_row(app, runner, make_member, tmp_path):
    a = make_member("alpha")
    make_member("beta")
    result = runner.invoke(args=["usage", "import", write(tmp_path, (
        "month,member,event_type,count\n2017-07,alpha,sign_in,12\n"
        "2017-07,beta,search,3\n2017-08,alpha,resource_download,1\n"))])
    assert result.exit_code == 0, result.output
    assert "Imported 3" in result.output
    with app.app_context():
        rows = db.session.scalars(sa.select(UsageMonthly).order_by(UsageMonthly.id)).all()
        first = rows[0]
        assert (first.month, first.event_type, first.count, first.source) == (
            date(2017, 7, 1), "sign_in", 12, "import")
        assert rows[0].member_id == a
        counts = reports.counts_by_month_member_type(EVERYTHING)
    assert counts[("2017-07", a, "sign_in")] == 12
    # The same history again is refused as a whole.
    again = runner.invoke(args=["usage", "import", write(tmp_path, (
        "month,member,event_type,count\n2017-09,alpha,sign_in,1\n"
        "2017-07,alpha,sign_in,12\n"))])
    assert again.exit_code == 1
    assert "line 3:" in again.output and "already imported" in again.output
    assert count(app, UsageMonthly) == 3


def test_import_is_all_or_nothing_with_line_numbers(app, runner, make_member, tmp_path):
    make_member("alpha")
    result = runner.invoke(args=["usage", "import", write(tmp_path, (
        "month,member,event_type,count\n"
        "2017-07,alpha,sign_in,12\n"        # line 2: fine
        "2017-13,alpha,sign_in,1\n"         # line 3: bad month
        "2017-07,nobody,sign_in,1\n"        # line 4: unknown member
        "2017-07,alpha,dancing,1\n"         # line 5: unknown event type
        "2017-07,alpha,search,0\n"          # line 6: not positive
        "2017-07,alpha,search,two\n"        # line 7: not an integer
        "2017-07,alpha,sign_in,4\n"         # line 8: repeats line 2
        "2017-07,alpha\n"                   # line 9: too few columns
        "2999-01,alpha,search,1\n"))])      # line 10: future
    assert result.exit_code == 1
    out = result.output
    for line, words in ((3, "2017-13"), (4, "nobody"), (5, "dancing"), (6, "positive"),
                        (7, "positive"), (8, "repeats line 2"), (9, "4 columns"),
                        (10, "future")):
        assert f"line {line}:" in out and words in out, (line, out)
    assert "line 2:" not in out
    assert "nothing imported" in out
    assert count(app, UsageMonthly) == 0


@pytest.mark.parametrize("text", ["", "when,who,what,n\n2017-07,alpha,sign_in,1\n",
                                  "month,member,event_type,count\n"])
def test_import_refuses_a_bad_file(app, runner, make_member, tmp_path, text):
    make_member("alpha")
    result = runner.invoke(args=["usage", "import", write(tmp_path, text)])
    assert result.exit_code == 1
    assert "line 1" in result.output or "no rows" in result.output
    assert count(app, UsageMonthly) == 0


def test_export_is_secretariat_only_and_pseudonymised(app, client_as, make_user, secretariat,
                                                      history):
    a, _ = history
    member = make_user("focal_point", member_id=a)
    assert client_as(None).get("/api/v1/usage/export").status_code == 401
    assert client_as(member).get("/api/v1/usage/export").status_code == 403
    response = client_as(secretariat).get("/api/v1/usage/export?period=2020&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.is_streamed
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == list(service.EXPORT_COLUMNS)
    assert len(rows) == 10
    assert rows[0]["occurred_at"] == "2020-01-05T10:00:00Z"
    assert {r["member"] for r in rows} == {"alpha", "beta", ""}
    text = response.get_data(as_text=True)
    assert "@" not in text
    month = client_as(secretariat).get("/api/v1/usage/export?period=202002")
    assert len(list(csv.DictReader(io.StringIO(month.get_data(as_text=True))))) == 3
    dates = client_as(secretariat).get("/api/v1/usage/export?start=2020-03-01&end=2020-03-31")
    assert len(list(csv.DictReader(io.StringIO(dates.get_data(as_text=True))))) == 4
    for bad in ("format=xlsx", "period=2020Z", "start=2020-01-01"):
        response = client_as(secretariat).get(f"/api/v1/usage/export?{bad}")
        assert response.status_code == 422, bad
        assert response.get_json()["error"]["code"] == "invalid"


def test_export_defuses_spreadsheet_formulas(app, client_as, secretariat):
    client = client_as(secretariat)
    client.get("/api/v1/members?q=" + "=HYPERLINK(1)")
    text = client.get("/api/v1/usage/export").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text


def test_usage_page_for_the_secretariat_only(app, client_as, make_user, secretariat, history):
    a, _ = history
    member = make_user("focal_point", member_id=a)
    assert client_as(member).get("/usage").status_code == 403
    assert client_as(None).get("/usage").status_code == 302
    client = client_as(member)
    client.get("/api/v1/members?q=zebra+trafficking")
    client.get("/api/v1/members?q=Zebra+Trafficking")
    page = client_as(secretariat).get("/usage?period=2020")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "2020-03" in html and "Member alpha" in html
    current = client_as(secretariat).get("/usage").get_data(as_text=True)
    # Both spellings of the same failed search are one line, counted twice.
    assert "zebra trafficking" in current
    assert client_as(secretariat).get("/usage?period=nonsense").status_code == 422


def test_summary_counts_active_members_per_month(app, history):
    with app.app_context():
        data = reports.summary(Period("2020Q1", date(2020, 1, 1), date(2020, 3, 31)))
    assert [m["active"] for m in data["months"]] == [2, 2, 2]
    assert data["active_members"] == 2
    assert data["by_type"] == {"sign_in": 6, "search": 3}
