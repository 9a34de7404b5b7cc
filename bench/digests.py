"""Digest speed and memory: 2,000 people following 5 to 20 things each (themes, regions,
members, saved searches with alerts), a week with 500 new items (resources, published stories,
upcoming activities, profile changes), then one weekly `digests send`. Target (ours): under
60 s for the run; memory flat (the traced memory after each batch of people does not grow).

Run: PYTHONPATH=. python bench/digests.py [--people 2000] [--items 500]
(HUB_BENCH_DATABASE_URL for PostgreSQL)
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from flask_migrate import upgrade

from hub import create_app
from hub.extensions import db

NOW = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # a Monday: the weekly digests are due
WEEK_START = NOW.replace(hour=0) - timedelta(days=7)
QUERIES = [
    {"q": "live streaming"}, {"q": "tourism", "language": ["en"]}, {"q": "marriage"},
    {"type": ["toolkit"]}, {"type": ["country_overview"], "sort": "newest"},
    {"q": "justice"}, {"q": "hotline", "type": ["research_report"]}, {"q": "survivors"},
]
WORDS = ["live", "streaming", "hotline", "tourism", "travel", "marriage", "justice",
         "survivors", "research", "report", "toolkit", "prevention", "schools", "online",
         "safety", "law", "reform", "offenders", "boys"]


def build(app, people: int, items: int, rng: random.Random) -> dict:
    from hub.models import (
        Activity,
        Country,
        Follow,
        Member,
        MemberRevision,
        NotificationPreference,
        Resource,
        SavedSearch,
        Story,
        StoryAudience,
        Tag,
        User,
    )

    with app.app_context():
        upgrade()
        tags = list(db.session.scalars(sa.select(Tag)))
        countries = list(db.session.scalars(sa.select(Country.code)))
        regions = sorted({c.region_code for c in db.session.scalars(sa.select(Country))})
        members = [Member(slug=f"m{i}", name=f"Member {i}", country_code=rng.choice(countries))
                   for i in range(100)]
        db.session.add_all(members)
        db.session.flush()
        users = []
        for i in range(people):
            m = rng.choice(members)
            users.append(User(email=f"p{i}@bench.example", name=f"Person {i}", role="member",
                              member_id=m.id, password_hash="x", locale=rng.choice(
                                  ["en", "en", "fr", "es"]),
                              created_at=WEEK_START - timedelta(days=60)))
        db.session.add_all(users)
        db.session.flush()
        follows = 0
        for u in users:
            n = rng.randint(5, 20)
            keys = set()
            rows = []
            while len(rows) < n:
                roll = rng.random()
                if roll < 0.4:
                    t = rng.choice(tags)
                    key, row = f"tag:{t.id}", {"kind": "tag", "tag_id": t.id}
                elif roll < 0.6:
                    r = rng.choice(regions)
                    key, row = f"region:{r}", {"kind": "region", "region_code": r}
                elif roll < 0.95:
                    m = rng.choice(members)
                    key, row = f"member:{m.id}", {"kind": "member", "member_id": m.id}
                else:
                    s = SavedSearch(user_id=u.id, name="Alert", query=rng.choice(QUERIES),
                                    alert="weekly")
                    db.session.add(s)
                    db.session.flush()
                    key, row = f"search:{s.id}", {"kind": "search", "saved_search_id": s.id}
                if key not in keys:
                    keys.add(key)
                    rows.append(Follow(user_id=u.id, key=key, **row))
            db.session.add_all(rows)
            follows += len(rows)
        db.session.add_all(NotificationPreference(user_id=u.id, digest="weekly")
                           for u in users)
        db.session.commit()

        def moment():
            return WEEK_START + timedelta(seconds=rng.randrange(7 * 86400))

        counts = {"resource": int(items * 0.7), "story": items // 10, "activity": items // 10}
        counts["profile"] = items - sum(counts.values())
        for i in range(counts["resource"]):
            text = " ".join(rng.choices(WORDS, k=40))
            db.session.add(Resource(
                title=f"Resource {i}: {' '.join(rng.choices(WORDS, k=4))}", body=text,
                summary=text[:200], language=rng.choice(["en", "fr", "es"]),
                type=rng.choice(["toolkit", "research_report", "country_overview", "news"]),
                visibility=rng.choice(["public", "network"]), created_at=moment(),
                themes=rng.sample(tags, 2), organisations=[rng.choice(members)],
                countries=[db.session.get(Country, rng.choice(countries))]))
        for i in range(counts["story"]):
            story = Story(member_id=rng.choice(members).id, title=f"Story {i}", body="Told.",
                          language="en", country_code=rng.choice(countries),
                          teller="practitioner", status="published", consent_obtained=True,
                          consent_from="the survivor", published_at=moment(),
                          themes=rng.sample(tags, 2))
            for kind in ("intended", "consented"):
                story.audience_rows.append(StoryAudience(kind=kind, audience="global_advocacy"))
            db.session.add(story)
        for i in range(counts["activity"]):
            start = date(2026, 4, 1) + timedelta(days=rng.randrange(60))
            db.session.add(Activity(title=f"Activity {i}", kind="webinar", start_date=start,
                                    end_date=start, mode="online", created_at=moment(),
                                    region_code=rng.choice(regions),
                                    organiser_member_id=rng.choice(members).id,
                                    themes=rng.sample(tags, 2)))
        for _ in range(counts["profile"]):
            m = rng.choice(members)
            db.session.add(MemberRevision(member_id=m.id, valid_from=moment(), reason="update",
                                          changes=[{"field": "description"}],
                                          snapshot={"name": m.name, "slug": m.slug}))
        db.session.commit()
        return {"people": people, "follows": follows, **counts}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    app = create_app({"DATA_DIR": folder, "SECRET_KEY": "bench",
                      "DATABASE_URL": os.environ.get("HUB_BENCH_DATABASE_URL"),
                      "USAGE_LOG": False})
    started = time.perf_counter()
    made = build(app, args.people, args.items, random.Random(14))
    print(f"built {made} in {time.perf_counter() - started:.1f} s")

    from hub.blueprints.follows.sending import send_due

    samples = []
    tracemalloc.start()

    def progress(report):
        samples.append((report.sent + report.empty, tracemalloc.get_traced_memory()[0]))

    with app.app_context():
        started = time.perf_counter()
        report = send_due(NOW, batch_size=250, progress=progress)
        took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sizes = sorted(report.sizes)
    print(f"digests: {report.sent} sent, {report.empty} empty, {report.failed} failed, "
          f"{report.skipped} not due, in {took:.1f} s ({took / max(1, args.people) * 1000:.1f} ms"
          f" a person); target 60 s, ratio {took / 60:.2f}")
    if sizes:
        print(f"mail size: median {sizes[len(sizes) // 2] / 1024:.1f} KB, "
              f"largest {sizes[-1] / 1024:.1f} KB (limit 50 KB)")
    print("traced memory after each batch (people done: MB): " + ", ".join(
        f"{n}: {m / 2**20:.1f}" for n, m in samples))
    print(f"traced peak {peak / 2**20:.1f} MB; max RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    with app.app_context():
        again = send_due(NOW)
    print(f"second run for the same window: {again.sent} sent")


if __name__ == "__main__":
    main()
