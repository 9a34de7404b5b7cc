"""Stories speed: saving a story (both checkers run and findings are stored), the checker
endpoint on a long text, the published list, and the advocacy export, on 2,000 stories.
Targets (ours): p95 of a save under 150 ms, of the check of a 20,000-character story under
300 ms, of a list page under 100 ms; a 500-story .docx export under 5 s.

Run: PYTHONPATH=. python bench/stories.py  (HUB_BENCH_DATABASE_URL for PostgreSQL)
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade

from hub import create_app
from hub.extensions import db

SENTENCES = (
    "A young woman from a fishing community told our outreach team how she was recruited.",
    "Write to outreach.team@example.org for details about the programme.",
    "Some journalists still say child prostitution when they mean exploitation.",
    "The shelter follows survivors for two years after they leave.",
    "Hotel staff trained by the team alerted the hotline.",
    "Elders agreed to end the marriage of girls under eighteen.",
)
PASSWORD = "bench password 1"


def figures(name: str, samples: list[float], target_ms: float) -> None:
    samples = sorted(samples)
    p50 = statistics.median(samples) * 1000
    p95 = samples[int(len(samples) * 0.95) - 1] * 1000
    print(f"{name}: median {p50:.1f} ms, p95 {p95:.1f} ms, target {target_ms:.0f} ms, "
          f"ratio {p95 / target_ms:.2f}")


def main() -> None:
    from hub.blueprints.auth.service import create_user
    from hub.models import Member

    folder = tempfile.mkdtemp()
    url = os.environ.get("HUB_BENCH_DATABASE_URL")
    app = create_app({"DATA_DIR": folder, "DATABASE_URL": url, "SECRET_KEY": "bench",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "LOGIN_RATE_LIMIT": "1000 per minute",
                      "SAFEGUARDING_RATE_LIMIT": "100000 per minute"})
    rng = random.Random(4)
    with app.app_context():
        upgrade()
        member = Member(slug="bench-org", name="Bench Org", country_code="KE")
        db.session.add(member)
        db.session.flush()
        create_user("writer@example.org", "member", password=PASSWORD, member=member)
        create_user("rev1@example.org", "secretariat", password=PASSWORD)
        create_user("rev2@example.org", "secretariat", password=PASSWORD)
        db.session.commit()
    writer, reviewer = app.test_client(), app.test_client()
    writer.post("/api/v1/auth/login", json={"email": "writer@example.org", "password": PASSWORD})
    reviewer.post("/api/v1/auth/login", json={"email": "rev1@example.org", "password": PASSWORD})

    saves, ids = [], []
    for i in range(2000):
        body = " ".join(rng.choices(SENTENCES, k=12))
        payload = {"title": f"Story {i}", "body": body, "language": "en", "country": "KE",
                   "audiences": ["global_advocacy"], "storyteller": "adult_survivor",
                   "consent": {"obtained": True, "given_by": "the survivor",
                               "obtained_on": "2025-09-01", "audiences": ["global_advocacy"]}}
        start = time.perf_counter()
        response = writer.post("/api/v1/stories", json=payload)
        saves.append(time.perf_counter() - start)
        story = response.get_json()
        ids.append(story["id"])
        if i < 500:
            for flag in story["flags"]:
                writer.post(f"/api/v1/stories/{story['id']}/flags/{flag['n']}/acknowledge",
                            json={"reason": "public mailbox"})
            for client, action in ((writer, "submit"), (reviewer, "approve"),
                                   (reviewer, "publish")):
                client.post(f"/api/v1/stories/{story['id']}/transitions",
                            json={"action": action})
    figures("save a story (create, both checks, findings stored)", saves, 150)

    long_text = " ".join(rng.choices(SENTENCES, k=260))[:20_000]
    checks = []
    for _ in range(30):
        start = time.perf_counter()
        writer.post("/api/v1/safeguarding/check", json={"text": long_text, "language": "en"})
        checks.append(time.perf_counter() - start)
    figures(f"check a {len(long_text)}-character text", checks, 300)

    lists = []
    for page in range(1, 41):
        start = time.perf_counter()
        writer.get(f"/api/v1/stories?status=published&page={page}&per_page=20")
        lists.append(time.perf_counter() - start)
    figures("list page (20 of 2,000 visible stories)", lists, 100)

    year = time.gmtime().tm_year
    for fmt in ("csv", "docx"):
        start = time.perf_counter()
        response = reviewer.get(f"/api/v1/stories/export?period={year}&format={fmt}")
        took = time.perf_counter() - start
        print(f"export of 500 published stories as {fmt}: {took:.2f} s, "
              f"{len(response.data) / 1024:.0f} KB, target 5 s, ratio {took / 5:.2f}")


if __name__ == "__main__":
    main()
