"""Usage log speed.

1. Overhead: median and p95 latency of a cheap signed-in request with the usage log on and
   off, interleaved in one run (a bearer-token API call, which logs `api_call`, and a
   directory search page, which logs `directory_search`). Target: ratio of medians < 1.10.
2. Bulk write: N events through the normal buffer path (row, add, batched flush): events/s.
3. Export: N events streamed as CSV through GET /api/v1/usage/export in a fresh process:
   time and peak RSS. Target: peak RSS under 200 MB.

Run: PYTHONPATH=. python bench/usage.py [--events 1000000] [--requests 2000]
     (HUB_BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from flask_migrate import upgrade

from hub import create_app
from hub.extensions import db

PASSWORD = "bench password 1"


def config(folder: str, url: str | None, **extra) -> dict:
    return {"DATA_DIR": folder, "DATABASE_URL": url, "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "RATELIMIT_ENABLED": False, **extra}


def prepare(folder: str, url: str | None):
    app = create_app(config(folder, url))
    with app.app_context():
        if url:
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
        upgrade()
        from hub.blueprints.auth.service import create_user
        from hub.models import Member

        member = Member(slug="bench-member", name="Bench member", country_code="KE")
        db.session.add(member)
        create_user("bench@example.org", "focal_point", password=PASSWORD, member=member)
        create_user("sec@example.org", "secretariat", password=PASSWORD)
        db.session.commit()
    return app


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def overhead(folder: str, url: str | None, requests: int) -> float:
    on = create_app(config(folder, url))
    off = create_app(config(folder, url, USAGE_LOG=False))
    clients = {}
    for name, app in (("on", on), ("off", off)):
        client = app.test_client()
        response = client.post("/api/v1/auth/login",
                               json={"email": "bench@example.org", "password": PASSWORD})
        assert response.status_code == 200, response.get_json()
        if name == "on":
            token = client.post("/api/v1/auth/tokens", json={"name": "bench"}).get_json()["token"]
        clients[name] = client
    bare = {"on": on.test_client(), "off": off.test_client()}
    header = {"Authorization": f"Bearer {token}"}
    cases = {
        "API GET /api/v1/auth/me (bearer)": lambda n: bare[n].get("/api/v1/auth/me",
                                                                  headers=header),
        "page GET /members?q=... (session)": lambda n: clients[n].get("/members?q=bench"),
    }
    worst = 0.0
    for label, call in cases.items():
        for name in ("on", "off"):  # warm up
            for _ in range(50):
                assert call(name).status_code == 200
        times = {"on": [], "off": []}
        for i in range(requests):
            order = ("on", "off") if i % 2 == 0 else ("off", "on")
            for name in order:
                start = time.perf_counter()
                response = call(name)
                times[name].append(time.perf_counter() - start)
                assert response.status_code == 200
        med = {n: statistics.median(t) * 1000 for n, t in times.items()}
        p95 = {n: percentile(t, 0.95) * 1000 for n, t in times.items()}
        ratio = med["on"] / med["off"]
        worst = max(worst, ratio)
        print(f"{label}: {requests} requests each")
        print(f"  with logging:    median {med['on']:.2f} ms, p95 {p95['on']:.2f} ms")
        print(f"  without logging: median {med['off']:.2f} ms, p95 {p95['off']:.2f} ms")
        print(f"  ratio of medians {ratio:.3f} (target < 1.10), of p95 "
              f"{p95['on'] / p95['off']:.3f}")
    from hub.blueprints.usage import log

    log.get_buffer(on).stop()
    return worst


def bulk_write(folder: str, url: str | None, events: int) -> None:
    from hub.blueprints.usage import log
    from hub.models import User

    app = create_app(config(folder, url, USAGE_SYNC=True))
    buffer = log.get_buffer(app)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "bench@example.org"))
        db.session.expunge(user)
    types = ["sign_in", "search", "resource_view", "resource_download", "directory_search"]
    start = time.perf_counter()
    base = datetime.now(UTC) - timedelta(days=700)
    for i in range(events):
        row = buffer.row(types[i % 5], user, "resource" if i % 5 in (2, 3) else None,
                         i % 600 if i % 5 in (2, 3) else None, "web",
                         {"query": f"query {i % 97}", "results": i % 13} if i % 5 in (1, 4)
                         else {})
        row["occurred_at"] = base + timedelta(seconds=i * 60)
        buffer.add(row)
        if i % 5000 == 4999:
            buffer.flush()
    buffer.flush()
    elapsed = time.perf_counter() - start
    print(f"bulk write: {events} events in {elapsed:.1f} s = {events / elapsed:,.0f} events/s")


EXPORT_CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from hub import create_app
app = create_app({cfg!r})
client = app.test_client()
r = client.post("/api/v1/auth/login", json={{"email": "sec@example.org", "password": {pw!r}}})
assert r.status_code == 200
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
response = client.get("/api/v1/usage/export?format=csv")
size = lines = 0
for chunk in response.response:
    size += len(chunk)
    lines += chunk.count(b"\\n") if isinstance(chunk, bytes) else chunk.count("\\n")
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{{lines - 1}} {{size}} {{elapsed}} {{before}} {{peak}}")
"""


def export(folder: str, url: str | None) -> None:
    code = EXPORT_CHILD.format(root=str(Path(__file__).resolve().parent.parent),
                               cfg=config(folder, url), pw=PASSWORD)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    rows, size, elapsed, before, peak = int(out[0]), int(out[1]), float(out[2]), int(out[3]), \
        int(out[4])
    print(f"export: {rows} events, {size / 1e6:.0f} MB of CSV in {elapsed:.1f} s "
          f"({rows / elapsed:,.0f} rows/s); peak RSS {peak / 1024:.0f} MB "
          f"(after start-up {before / 1024:.0f} MB; target < 200 MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = os.environ.get("HUB_BENCH_DATABASE_URL")
    print(f"database: {'PostgreSQL' if url else 'SQLite'}; data in {folder}")
    prepare(folder, url)
    ratio = overhead(folder, url, args.requests)
    bulk_write(folder, url, args.events)
    export(folder, url)
    print(f"overhead: worst ratio of medians {ratio:.3f}, target < 1.10: "
          f"{'met' if ratio < 1.10 else 'NOT met'}")
    print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}"
          " MB")


if __name__ == "__main__":
    main()
