"""Several gunicorn workers create and edit resources at once: no LockError reaches anyone and
every change ends up in the index."""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from hub.blueprints.library import indexing
from hub.extensions import db
from hub.models import Resource, SearchIndexChange

THREADS, PER_THREAD = 6, 8


def call(url, method="GET", body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_concurrent_writers_lose_nothing(app, live_server, member_user, client_as):
    token = client_as(member_user).post("/api/v1/auth/tokens", json={"name": "load"}) \
        .get_json()["token"]

    def work(thread: int) -> list[tuple]:
        results = []
        for i in range(PER_THREAD):
            status, body = call(f"{live_server}/api/v1/resources", "POST", {
                "title": f"Concurrent report {thread}-{i} on sextortion", "type": "news",
                "language": "en", "visibility": "public"}, token)
            results.append(("create", status, body))
            if status == 201 and i % 2:
                status, _ = call(f"{live_server}/api/v1/resources/{body['id']}", "PATCH",
                                 {"summary": f"edited by thread {thread}"}, token)
                results.append(("edit", status, None))
        return results

    with ThreadPoolExecutor(THREADS) as pool:
        results = [r for part in pool.map(work, range(THREADS)) for r in part]
    failures = [r for r in results if r[1] not in (200, 201)]
    assert failures == []
    created = {body["id"] for kind, _, body in results if kind == "create"}
    assert len(created) == THREADS * PER_THREAD
    with app.app_context():
        in_db = set(db.session.scalars(sa.select(Resource.id)))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchIndexChange)) == 0
        assert indexing.get_index(app).all_ids() == in_db == created
    status, found = call(f"{live_server}/api/v1/resources/search?q=sextortion&per_page=100")
    assert status == 200 and found["total"] == THREADS * PER_THREAD
    status, edited = call(f"{live_server}/api/v1/resources/search?q=edited&per_page=100")
    assert edited["total"] == THREADS * (PER_THREAD // 2)
