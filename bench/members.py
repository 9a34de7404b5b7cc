"""Directory speed: 2,000 members and 20,000 tag links; median and p95 of a query with q, two
filters and facets through the test client. Target: p95 under 50 ms.

Run: PYTHONPATH=. python bench/members.py  (HUB_BENCH_DATABASE_URL for PostgreSQL)
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from flask_migrate import upgrade

from hub import create_app
from hub.extensions import db

WORDS = (
    "campaign", "hotel", "tourism", "helpline", "research", "schools", "online", "safety",
    "law", "reform", "justice", "shelter", "survivors", "youth", "advocacy", "travel",
    "platforms", "training",
)


def build(app) -> None:
    from hub.blueprints.auth.service import create_user
    from hub.models import Country, Member, MemberTag, Tag

    rng = random.Random(7)
    with app.app_context():
        upgrade()
        tags = list(db.session.scalars(sa.select(Tag)))
        countries = list(db.session.scalars(sa.select(Country.code)))
        for i in range(2000):
            member = Member(slug=f"m-{i}", name=f"Member {i} {rng.choice(WORDS).title()}",
                            country_code=rng.choice(countries),
                            description=" ".join(rng.choices(WORDS, k=40)),
                            survivor_led=rng.random() < 0.1)
            member.languages = rng.sample(["en", "fr", "es", "pt", "ar"], 2)
            member.tag_links = [MemberTag(tag=t, note=" ".join(rng.choices(WORDS, k=8)),
                                          centre_of_expertise=rng.random() < 0.2)
                                for t in rng.sample(tags, 10)]
            db.session.add(member)
        create_user("bench@example.org", "secretariat", password="bench password 1")
        db.session.commit()
        links = db.session.scalar(sa.select(sa.func.count()).select_from(MemberTag))
        print(f"members: 2000, tag links: {links}")


def main() -> None:
    folder = tempfile.mkdtemp()
    url = os.environ.get("HUB_BENCH_DATABASE_URL")
    app = create_app({"DATA_DIR": folder, "DATABASE_URL": url, "SECRET_KEY": "bench",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    if url:
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    start = time.perf_counter()
    build(app)
    print(f"built in {time.perf_counter() - start:.1f} s")
    client = app.test_client()
    client.post("/api/v1/auth/login",
                json={"email": "bench@example.org", "password": "bench password 1"})
    queries = [f"/api/v1/members?q={w}&tag=trafficking&region={r}&per_page=20"
               for w in ("hotel", "traite", "research", "campaign", "online")
               for r in ("east-asia", "latin-america", "western-europe")]
    for q in queries:  # warm up
        assert client.get(q).status_code == 200
    timings = []
    for i in range(200):
        started = time.perf_counter()
        response = client.get(queries[i % len(queries)])
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"directory query (q + tag + region + facets), {len(timings)} runs: "
          f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms (target p95 < 50 ms)")


if __name__ == "__main__":
    main()
