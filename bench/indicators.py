"""Indicator speed at the issue's size: 2,000 members, 50 activities, 20,000 resources and
1,000,000 usage events over three years (plus a year of imported monthly history).

Prints: all indicators for one reporting year with the region breakdown (target < 1 s), the
XLSX export (target < 5 s), and the ratio of the 4.5 computation to one hand-written SQL
COUNT(DISTINCT member) over the same events (target < 3x). Also the API end to end.

Run: PYTHONPATH=. python bench/indicators.py [--scale 0.1]
     (HUB_BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL; its schema is dropped)
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from flask_migrate import upgrade

from hub import create_app
from hub.extensions import db

EVENT_TYPES = ("sign_in", "sign_out", "search", "directory_search", "resource_view",
               "resource_download", "resource_create", "resource_update", "story_create",
               "story_submit", "profile_update", "profile_review", "activity_report", "api_call")
WEIGHTS = (20, 8, 20, 5, 25, 8, 1, 1, 1, 1, 2, 1, 1, 6)
FIRST_DAY = datetime(2023, 7, 1, tzinfo=UTC)
SECONDS = int((datetime(2026, 7, 1, tzinfo=UTC) - FIRST_DAY).total_seconds())


def insert(table, rows, chunk=20_000):
    for i in range(0, len(rows), chunk):
        db.session.execute(table.insert(), rows[i:i + chunk])


def build(app, scale: float) -> None:
    from hub.blueprints.auth.service import create_user
    from hub.models import (
        Activity,
        ActivityParticipation,
        Country,
        Member,
        MemberRevision,
        MemberSocialLink,
        MemberStatusChange,
        MemberTag,
        Resource,
        Story,
        StoryAudience,
        Tag,
        UsageEvent,
        UsageMonthly,
        resource_member,
    )

    rng = random.Random(11)
    n_members = max(20, int(2000 * scale))
    n_resources = int(20_000 * scale)
    n_events = int(1_000_000 * scale)
    with app.app_context():
        upgrade()
        tags = list(db.session.execute(sa.select(Tag.id, Tag.slug)))
        countries = list(db.session.scalars(sa.select(Country.code)))[:120]
        now = datetime(2026, 11, 1, tzinfo=UTC)
        members, changes, tag_rows, social, revisions = [], [], [], [], []
        for i in range(1, n_members + 1):
            joined = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
            status = rng.choices(["active", "suspended", "former"], [90, 4, 6])[0]
            left = joined + timedelta(days=rng.randrange(200, 3000)) if status == "former" \
                else None
            country = rng.choice(countries)
            members.append({"id": i, "slug": f"m-{i}", "name": f"Member {i}",
                            "country_code": country, "kind": "organisation",
                            "survivor_led": rng.random() < 0.1, "description": "",
                            "status": status, "joined_on": joined, "left_on": left,
                            "created_at": now, "updated_at": now})
            changes.append({"member_id": i, "status": "active", "effective_on": joined,
                            "recorded_at": now})
            if status != "active":
                changes.append({"member_id": i, "status": status,
                                "effective_on": left or date(2025, 3, 1), "recorded_at": now})
            chosen = rng.sample(tags, 6)
            tag_rows += [{"member_id": i, "tag_id": t.id, "centre_of_expertise": False,
                          "note": ""} for t in chosen]
            if rng.random() < 0.6:
                social.append({"member_id": i, "platform": "facebook",
                               "url": f"https://facebook.example/{i}", "position": 0})
            snap = {"slug": f"m-{i}", "country": country,
                    "survivor_led": members[-1]["survivor_led"],
                    "social_media": [], "tags": [{"slug": t.slug} for t in chosen[:3]],
                    "status": "active"}
            revisions.append({"member_id": i, "valid_from": datetime(2020, 1, 1, tzinfo=UTC),
                              "reason": "import", "changes": [], "snapshot": snap})
            if rng.random() < 0.5:
                later = dict(snap, tags=[{"slug": t.slug} for t in chosen],
                             social_media=[{"platform": "x", "url": "https://x.example"}])
                revisions.append({"member_id": i, "valid_from": datetime(
                    2024, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(1000)),
                    "reason": "update", "changes": [], "snapshot": later})
        insert(Member.__table__, members)
        insert(MemberStatusChange.__table__, changes)
        insert(MemberTag.__table__, tag_rows)
        insert(MemberSocialLink.__table__, social)
        insert(MemberRevision.__table__, revisions)

        activities, participations = [], []
        for a in range(1, 51):
            start = date(2023, 7, 1) + timedelta(days=rng.randrange(1090))
            activities.append({"id": a, "title": f"Activity {a}", "description": "",
                               "kind": "webinar", "start_date": start,
                               "end_date": start + timedelta(days=rng.randrange(3)),
                               "mode": "online", "created_at": now, "updated_at": now})
            for k, m in enumerate(rng.sample(range(1, n_members + 1), min(40, n_members))):
                participations.append({"activity_id": a, "member_id": m,
                                       "role": "lead" if k == 0 else "participant",
                                       "staff_count": 1,
                                       "status": rng.choices(["confirmed", "pending"],
                                                             [85, 15])[0],
                                       "created_at": now})
        insert(Activity.__table__, activities)
        insert(ActivityParticipation.__table__, participations)

        resources, authors = [], []
        for r in range(1, n_resources + 1):
            resources.append({
                "id": r, "title": f"Resource {r}", "summary": "", "body": "", "language": "en",
                "type": rng.choice(["research_report", "country_overview", "toolkit", "news"]),
                "published_on": date(2015, 1, 1) + timedelta(days=rng.randrange(4200)),
                "secretariat_coauthored": rng.random() < 0.15, "visibility": "network",
                "created_at": now, "updated_at": now})
            for m in rng.sample(range(1, n_members + 1), rng.choice((0, 1, 1, 2))):
                authors.append({"resource_id": r, "member_id": m})
        insert(Resource.__table__, resources)
        insert(resource_member, authors)

        monthly = []
        for m in range(1, n_members + 1):
            for month in range(12):
                day = date(2022, 7, 1)
                first = date(day.year + (day.month - 1 + month) // 12,
                             (day.month - 1 + month) % 12 + 1, 1)
                for event_type in rng.sample(("search", "resource_view", "sign_in"), 2):
                    monthly.append({"month": first, "member_id": m, "event_type": event_type,
                                    "count": rng.randrange(1, 6), "source": "import",
                                    "created_at": now})
        insert(UsageMonthly.__table__, monthly)
        stories, audiences = [], []
        for s in range(1, int(3000 * scale) + 1):
            published = FIRST_DAY + timedelta(seconds=rng.randrange(SECONDS))
            stories.append({"id": s, "member_id": rng.randrange(1, n_members + 1),
                            "title": f"Story {s}", "body": "", "language": "en",
                            "teller": "practitioner", "status": "published",
                            "consent_obtained": True, "guardian_consent": False,
                            "created_at": now, "updated_at": now, "published_at": published})
            for audience in rng.sample(("global_advocacy", "local_media", "network_learning"),
                                       rng.randrange(1, 3)):
                audiences.append({"story_id": s, "kind": "intended", "audience": audience})
        insert(Story.__table__, stories)
        insert(StoryAudience.__table__, audiences)
        db.session.commit()

        done = 0
        member_weights = [rng.paretovariate(1.2) for _ in range(n_members)]
        while done < n_events:
            size = min(100_000, n_events - done)
            mids = rng.choices(range(1, n_members + 1), member_weights, k=size)
            kinds = rng.choices(EVENT_TYPES, WEIGHTS, k=size)
            rows = [{"occurred_at": FIRST_DAY + timedelta(seconds=rng.randrange(SECONDS)),
                     "event_type": kinds[j],
                     "member_id": mids[j] if rng.random() > 0.03 else None,
                     "user_key": "bench", "channel": "web"} for j in range(size)]
            insert(UsageEvent.__table__, rows)
            db.session.commit()
            done += size
        create_user("bench@example.org", "secretariat", password="bench password 1")
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(sa.text("VACUUM ANALYZE"))
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        print(f"members {n_members}, activities 50, participations {len(participations)}, "
              f"resources {n_resources}, usage events {n_events}, monthly rows {len(monthly)}")


def timed(fn, runs=5):
    fn()  # warm up
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        values.append(time.perf_counter() - started)
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database a previous run left (--data-dir / "
                             "HUB_BENCH_DATABASE_URL) instead of building it again")
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    folder = args.data_dir or tempfile.mkdtemp()
    url = os.environ.get("HUB_BENCH_DATABASE_URL")
    app = create_app({"DATA_DIR": folder, "DATABASE_URL": url, "SECRET_KEY": "bench",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    if not args.reuse:
        if url:
            with app.app_context(), db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        started = time.perf_counter()
        build(app, args.scale)
        print(f"built in {time.perf_counter() - started:.1f} s")
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")

    from hub.blueprints.indicators import compute, exports, population, render
    from hub.models import UsageEvent
    from hub.periods import parse_id

    period = parse_id("2025July")
    with app.test_request_context():
        all_time = timed(lambda: render.report_dict(compute.compute(period), "region"))
        report = compute.compute(period)
        print("2025July: " + ", ".join(
            f"{code} {r.value}" for code, r in report.results.items()))
        xlsx_time = timed(lambda: exports.xlsx_bytes(compute.compute(period, explain=True),
                                                     "en"), runs=3)
        size = len(exports.xlsx_bytes(compute.compute(period, explain=True), "en"))

        def usage_indicator():
            states = population.member_states()
            members = {m for m, s in states.items()
                       if population.active_during(s, period.start, period.end)}
            counts = compute._event_counts(period, exclude=compute.NOT_QUALIFYING)
            return sum(1 for m in members if counts.get(m, 0) >= 3), len(members)

        baseline_query = sa.select(sa.func.count(sa.distinct(UsageEvent.member_id))).where(
            UsageEvent.occurred_at >= period.starts_at,
            UsageEvent.occurred_at < period.ends_before,
            UsageEvent.event_type.not_in(compute.NOT_QUALIFYING))
        usage_time = timed(usage_indicator, runs=7)
        baseline = timed(lambda: db.session.execute(baseline_query).scalar(), runs=7)
    client = app.test_client()
    client.post("/api/v1/auth/login",
                json={"email": "bench@example.org", "password": "bench password 1"})
    api_time = timed(lambda: client.get("/api/v1/indicators?period=2025July&by=region"), runs=3)
    print(f"all indicators, one reporting year, by region: {all_time * 1000:.0f} ms "
          f"(target 1000 ms; ratio {all_time / 1.0:.2f})")
    print(f"API GET /api/v1/indicators?period=2025July&by=region: {api_time * 1000:.0f} ms")
    print(f"XLSX export ({size // 1024} KiB): {xlsx_time * 1000:.0f} ms "
          f"(target 5000 ms; ratio {xlsx_time / 5.0:.2f})")
    print(f"4.5 computation {usage_time * 1000:.0f} ms vs hand-written COUNT(DISTINCT member) "
          f"{baseline * 1000:.0f} ms: {usage_time / baseline:.2f}x (target < 3x)")


if __name__ == "__main__":
    main()
