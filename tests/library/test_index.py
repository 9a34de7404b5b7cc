"""The index follows the database: rollbacks leave no trace, failed writes wait in the queue,
a lost or damaged index answers 503 until `flask --app hub search rebuild`."""

import shutil

import pytest
import sqlalchemy as sa

from hub.blueprints.library import indexing
from hub.extensions import db
from hub.models import Resource, SearchIndexChange
from hub.search import IndexBusy, SearchIndex
from tests.library.conftest import ids


def queued(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(SearchIndexChange))


def test_rolled_back_changes_never_reach_the_index(app, client_as, create, member_user):
    rid = create(member_user, title="Survivor participation charter").get_json()["id"]
    with app.app_context():
        db.session.add(Resource(title="Phantom grooming study", language="en", type="news",
                                visibility="public"))
        db.session.get(Resource, rid).title = "Renamed in a rolled back transaction"
        db.session.flush()
        db.session.rollback()
        # The next commit in the same session must not carry the forgotten changes.
        db.session.get(Resource, rid).summary = "kept"
        db.session.commit()
    assert queued(app) == 0
    client = client_as(None)
    assert client.get("/api/v1/resources/search?q=phantom").get_json()["total"] == 0
    assert ids(client.get("/api/v1/resources/search?q=charter").get_json()) == [rid]
    assert client.get("/api/v1/resources/search?q=rolled").get_json()["total"] == 0


def test_a_failing_index_write_keeps_the_change_until_a_drain(
        app, client_as, create, member_user, runner, monkeypatch):
    real_update, real_delete = SearchIndex.update, SearchIndex.delete

    def locked(self, docs):
        raise IndexBusy("locked by another process")

    monkeypatch.setattr(SearchIndex, "update", locked)
    monkeypatch.setattr(SearchIndex, "delete", locked)
    response = create(member_user, title="Live streaming of child sexual abuse")
    assert response.status_code == 201  # the resource is saved; the index catches up later
    rid = response.get_json()["id"]
    assert queued(app) == 1
    client = client_as(None)
    assert client.get("/api/v1/resources/search?q=streaming").get_json()["total"] == 0
    failed = runner.invoke(args=["search", "drain"])
    assert failed.exit_code != 0 and "1 changes stay queued" in failed.output
    monkeypatch.setattr(SearchIndex, "update", real_update)
    monkeypatch.setattr(SearchIndex, "delete", real_delete)
    result = runner.invoke(args=["search", "drain"])
    assert result.exit_code == 0, result.output
    assert "Applied 1 queued changes; 0 left." in result.output
    assert ids(client.get("/api/v1/resources/search?q=streaming").get_json()) == [rid]
    assert queued(app) == 0


def test_a_later_commit_drains_what_an_earlier_one_left(app, client_as, create, member_user,
                                                       monkeypatch):
    real_update = SearchIndex.update
    monkeypatch.setattr(SearchIndex, "update",
                        lambda self, docs: (_ for _ in ()).throw(IndexBusy("busy")))
    first = create(member_user, title="Helpline data from Nepal").get_json()["id"]
    monkeypatch.setattr(SearchIndex, "update", real_update)
    second = create(member_user, title="Helpline data from Peru").get_json()["id"]
    found = client_as(None).get("/api/v1/resources/search?q=helpline").get_json()
    assert sorted(ids(found)) == sorted([first, second])
    assert queued(app) == 0


def test_delete_while_the_index_fails_is_applied_later(app, client_as, create, member_user,
                                                      monkeypatch, runner):
    rid = create(member_user, title="Faith-based engagement guide").get_json()["id"]
    monkeypatch.setattr(SearchIndex, "delete",
                        lambda self, i: (_ for _ in ()).throw(OSError("disk full")))
    assert client_as(member_user).delete(f"/api/v1/resources/{rid}").status_code == 204
    monkeypatch.undo()
    # Rows are re-read from the database: the stale hit is not shown even before the drain.
    found = client_as(None).get("/api/v1/resources/search?q=faith").get_json()
    assert found["items"] == []
    assert runner.invoke(args=["search", "drain"]).exit_code == 0
    with app.app_context():
        assert rid not in indexing.get_index(app).all_ids()


def test_check_reports_missing_and_extra_documents(app, runner, create, member_user):
    keep = create(member_user, title="Research on boys").get_json()["id"]
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    idx = indexing.get_index(app)
    idx.delete([keep])
    idx.update([{"id": 999, "title": "ghost", "language": "en", "type": "news",
                 "visibility": "public"}])
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code != 0
    assert f"Missing from the index: {keep}" in result.output
    assert "In the index but not the database: 999" in result.output


@pytest.mark.parametrize("damage", ["lost", "corrupt"])
def test_lost_or_corrupt_index_answers_503_until_rebuilt(
        app, client_as, create, member_user, runner, data_dir, damage):
    rid = create(member_user, title="Legal reform on child marriage").get_json()["id"]
    root = data_dir / "search"
    if damage == "lost":
        shutil.rmtree(root)
    else:
        for path in root.glob("gen-*/*"):
            path.write_bytes(b"\x00garbage")
    # As a freshly started worker would see it.
    app.extensions.pop(indexing.EXTENSION).close()
    client = client_as(None)
    response = client.get("/api/v1/resources/search?q=marriage")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "search_unavailable" and "search rebuild" in error["message"]
    page = client.get("/library?q=marriage")
    assert page.status_code == 503 and "search rebuild" in page.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 503 and "search_index" in health.get_json()["problems"]
    # Writes still succeed; their changes wait in the queue.
    assert create(member_user, title="Child marriage toolkit").status_code == 201
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt the search index: 2 resources." in result.output
    assert client.get("/healthz").status_code == 200
    found = client.get("/api/v1/resources/search?q=marriage").get_json()
    assert rid in ids(found) and found["total"] == 2
    assert queued(app) == 0


def test_rebuild_keeps_serving_the_old_index(app, client_as, create, member_user):
    for i in range(5):
        create(member_user, title=f"Prevention campaign {i}")
    idx = indexing.get_index(app)
    seen = []

    def progress(n):
        seen.append(client_as(None).get("/api/v1/resources/search?q=prevention")
                    .get_json()["total"])

    with app.app_context():
        docs = list(indexing.iter_docs(db.session))
    idx.rebuild(iter(docs), progress=progress)
    assert seen == [5]
