"""Benchmark the library search: relevance against SQLite FTS5 and PostgreSQL full-text search,
then rebuild throughput, API search latency and create-and-index.

Usage: .venv/bin/python bench/search.py [--docs 20000] [--queries 40] [--dir DIR]
           [--postgres postgresql://postgres@127.0.0.1:5432/DB] [--relevance-only]
           [--skip-relevance]
First scores the hub, FTS5 and PostgreSQL FTS on the graded set of tests/data/search (nDCG@10,
recall@10, MRR per query class, side by side; PostgreSQL is skipped with a message when no
database is given or reachable; $HUB_BENCH_POSTGRES works too). Then builds a throwaway hub
(SQLite) under DIR, inserts N resources of ~400 words (mixed languages), rebuilds the index as
`flask search rebuild` does, times queries through the Flask test client against a bare
SearchIndex.search() of the same query, and prints the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
from flask_migrate import upgrade

from hub import create_app
from hub.demo.library import PHRASES, SENTENCES
from hub.extensions import db

LANGS = ["en"] * 5 + ["fr"] * 2 + ["es"] * 2 + ["pt"]
TYPES = ["research_report", "country_overview", "toolkit", "policy_brief", "news"]
COUNTRIES = ["KE", "TH", "BR", "FR", "SN", "PE", "IN", "PH", "US", "RU", "MA", "FJ"]
QUERIES = {
    "one word": [{"q": w} for w in ("trafficking", "grooming", "shelters", "tourism", "schools",
                                    "justice", "marriage", "helplines")],
    "three words": [{"q": q} for q in ("online sexual exploitation", "hotel staff training",
                                       "psychosocial support services", "child marriage girls")],
    "phrase": [{"q": q} for q in ('"live streaming"', '"access to justice"',
                                  '"forced marriage"', '"false job offers"')],
    "filtered, all facets": [{"q": "exploitation", "language": ["en", "fr"],
                              "type": ["research_report", "toolkit"], "theme": ["ocse"],
                              "region": ["east-asia", "latin-america", "western-europe"],
                              "year_from": 2015, "year_to": 2024}],
    "cross-language": [{"q": q} for q in ("traite", "trata", "mariage forcé", "OCSE", "SECTT")],
    "questions": [{"q": q} for q in (
        "how can hotels train staff to spot child trafficking",
        "comment protéger les enfants en ligne",
        "¿cómo denunciar la explotación sexual infantil?",
        "what should teachers do to protect pupils from online grooming")],
    "old terms, filtered": [{"q": "child pornography", "language": ["pt"]},
                            {"q": "child prostitution", "language": ["fr"]},
                            {"q": "child sex tourism", "language": ["es"]}],
}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def body_text(rng, lang, words=400):
    themes = sorted(PHRASES)
    out, n = [], 0
    while n < words:
        bank = PHRASES[rng.choice(themes)][lang]
        s = rng.choice(SENTENCES[lang]).format(doc="report", a=rng.choice(bank),
                                                b=rng.choice(bank), c=rng.choice(bank),
                                                country="the country")
        out.append(s)
        n += len(s.split())
    return " ".join(out)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--dir")
    ap.add_argument("--postgres", default=os.environ.get("HUB_BENCH_POSTGRES"))
    ap.add_argument("--relevance-only", action="store_true")
    ap.add_argument("--skip-relevance", action="store_true")
    args = ap.parse_args()
    if not args.skip_relevance:
        from search_relevance import compare  # bench/ is on sys.path when run as a script

        compare(args.postgres)
    if args.relevance_only:
        return
    root = Path(args.dir or tempfile.mkdtemp(prefix="hub-bench-"))
    app = create_app({"DATA_DIR": str(root), "SECRET_KEY": "bench", "TESTING": False})
    from hub.blueprints.library import indexing
    from hub.models import Member, Resource, SearchIndexChange, Tag, User

    rng = random.Random(7)
    with app.app_context():
        upgrade()
        member = Member(slug="bench", name="Bench member", country_code="KE")
        db.session.add(member)
        db.session.flush()
        user = User(email="bench@example.org", role="member", member_id=member.id)
        db.session.add(user)
        db.session.commit()
        uid, mid = user.id, member.id
        tag_ids = {t.slug: t.id for t in db.session.scalars(sa.select(Tag))}
        # Bulk insert: bypasses the session events on purpose (the rebuild below indexes).
        t0 = time.perf_counter()
        rows, links, countries = [], [], []
        for i in range(1, args.docs + 1):
            lang = rng.choice(LANGS)
            theme = rng.choice(sorted(PHRASES))
            rows.append({"id": i, "title": f"{rng.choice(PHRASES[theme][lang])} {i}",
                         "summary": rng.choice(SENTENCES[lang]).format(
                             doc="report", a=rng.choice(PHRASES[theme][lang]), b="", c="",
                             country="the country"),
                         "body": body_text(rng, lang), "language": lang,
                         "type": rng.choice(TYPES), "visibility": "public",
                         "published_on": date(rng.randint(2010, 2025), 1 + i % 12, 1 + i % 28),
                         "secretariat_coauthored": False, "created_by_id": uid})
            links.append({"resource_id": i, "tag_id": tag_ids[theme]})
            countries.append({"resource_id": i, "country_code": rng.choice(COUNTRIES)})
        from hub.models import resource_country, resource_member, resource_theme

        db.session.execute(sa.insert(Resource), rows)
        db.session.execute(sa.insert(resource_theme), links)
        db.session.execute(sa.insert(resource_country), countries)
        db.session.execute(sa.insert(resource_member),
                           [{"resource_id": i, "member_id": mid} for i in range(1, args.docs + 1)])
        db.session.commit()
        print(f"inserted {args.docs} resources in {time.perf_counter() - t0:.1f} s")

        idx = indexing.get_index(app)
        t0 = time.perf_counter()
        idx.rebuild(indexing.iter_docs(db.session))
        took = time.perf_counter() - t0
        print(f"full rebuild: {args.docs / took:.0f} docs/s ({took:.1f} s)")
        size = sum(p.stat().st_size for p in (root / "search").rglob("*") if p.is_file())
        print(f"index size on disk: {size / 1e6:.1f} MB")

    client = app.test_client()
    client.get("/api/v1/resources/search?q=warmup")
    print(f"\n{'query kind':<22}{'API median':>11}{'API p95':>10}{'bare median':>13}"
          f"{'bare p95':>10}{'ratio':>7}")
    for kind, variants in QUERIES.items():
        api, bare = [], []
        for n in range(args.queries):
            params = variants[n % len(variants)]
            t0 = time.perf_counter()
            r = client.get("/api/v1/resources/search", query_string=params)
            api.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, r.get_json()
            filters = {k: v for k, v in params.items() if k != "q"}
            t0 = time.perf_counter()
            idx.search(params["q"], filters=filters)
            bare.append((time.perf_counter() - t0) * 1000)
        ratio = statistics.median(api) / statistics.median(bare)
        print(f"{kind:<22}{statistics.median(api):>9.1f}ms{pct(api, 95):>8.1f}ms"
              f"{statistics.median(bare):>11.1f}ms{pct(bare, 95):>8.1f}ms{ratio:>6.2f}x")

    with app.test_request_context():
        from flask_login import login_user
        login_user(db.session.get(User, uid))
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = str(uid)
        sess["_fresh"] = True
    times = []
    for i in range(30):
        t0 = time.perf_counter()
        r = client.post("/api/v1/resources", json={
            "title": f"Fresh report {i} on online grooming", "type": "news", "language": "en",
            "visibility": "public", "body": body_text(rng, "en")})
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 201, r.get_json()
    found = client.get("/api/v1/resources/search?q=fresh").get_json()["total"]
    with app.app_context():
        left = db.session.scalar(sa.select(sa.func.count()).select_from(SearchIndexChange))
    print(f"\ncreate-and-index (API, 30 resources): median {statistics.median(times):.1f} ms, "
          f"p95 {pct(times, 95):.1f} ms; findable {found}/30, queue left {left}")
    print(f"worker RSS with the searcher open: {rss_mb():.0f} MB")
    print(f"data under {root}")


if __name__ == "__main__":
    main()
