"""Back up, wipe, restore: the same members, accounts, resources (with their files), search
results and indicator figures."""

import io
import json
import shutil

import sqlalchemy as sa

from hub.extensions import db

SECRET_FREE = ("test-secret-key",)


def snapshot(client) -> dict:
    """What people see, through the API (the figures first: the reads below are usage too)."""
    indicators = client.get("/api/v1/indicators").get_json()
    members = client.get("/api/v1/members?per_page=100").get_json()
    resources = client.get("/api/v1/resources/search?q=&per_page=100").get_json()
    searched = client.get("/api/v1/resources/search?q=trafficking").get_json()
    return {
        "members": sorted((m["slug"], m["name"]) for m in members["items"]),
        "resources": sorted((r["id"], r["title"]) for r in resources["items"]),
        "search": [r["id"] for r in searched["items"]],
        "indicators": [(i["code"], i["value"], i.get("numerator"), i.get("denominator"))
                       for i in indicators["indicators"]],
    }


def test_backup_wipe_restore_round_trip(app, runner, client_as, make_member, make_user,
                                        secretariat, data_dir, tmp_path):
    staff = client_as(secretariat)
    members = [make_member(f"org-{n}", name=f"Organisation {n}") for n in range(3)]
    author = make_user("member", member_id=members[0])
    writer = client_as(author)
    created = writer.post("/api/v1/resources", content_type="multipart/form-data", data={
        "title": "Report on online trafficking", "type": "research_report", "language": "en",
        "visibility": "network", "organisations": str(members[0]),
        "file": (io.BytesIO(b"Trafficking of children online: what members see.\n" * 50),
                 "report.txt")})
    assert created.status_code in (201, 202), created.get_json()
    rid = created.get_json()["id"]
    staff.post("/api/v1/resources", json={
        "title": "Toolkit for schools", "type": "toolkit", "language": "fr",
        "body": "Prévention dans les écoles.", "organisations": [members[1]],
        "secretariat_coauthored": True, "visibility": "public"})
    writer.get(f"/api/v1/resources/{rid}")
    file_id = writer.get(f"/api/v1/resources/{rid}").get_json()["files"][0]["id"]
    with writer.get(f"/api/v1/resources/{rid}/files/{file_id}") as response:
        download = response.data
    before = snapshot(staff)
    assert before["search"] == [rid] and len(before["members"]) == 3
    assert any(value for _code, value, *_ in before["indicators"])

    result = runner.invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    settings = (tmp_path / "backup" / "settings.json").read_text()
    assert "SECRET_KEY" not in settings and not any(s in settings for s in SECRET_FREE)
    assert json.loads(settings)["DATA_DIR"] == str(data_dir)

    # The disaster: every row, every upload and the index gone.
    with app.app_context(), db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    shutil.rmtree(data_dir / "uploads")
    shutil.rmtree(data_dir / "search")
    assert client_as(None).post("/api/v1/auth/login", json={
        "email": secretariat.email, "password": secretariat.password}).status_code == 401

    result = runner.invoke(args=["restore", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    assert "search index is rebuilt" in result.output

    staff, writer = client_as(secretariat), client_as(author)
    after = snapshot(staff)
    assert after == before
    with writer.get(f"/api/v1/resources/{rid}/files/{file_id}") as response:
        assert response.data == download
    # New rows get new ids after the restored ones.
    again = staff.post("/api/v1/resources", json={"title": "After", "type": "news",
                                                  "language": "en", "visibility": "public"})
    assert again.status_code == 201 and again.get_json()["id"] > rid


def test_restore_refuses_a_hub_that_holds_data(app, runner, secretariat, tmp_path):
    assert runner.invoke(args=["backup", str(tmp_path / "b")]).exit_code == 0
    refused = runner.invoke(args=["restore", str(tmp_path / "b")])
    assert refused.exit_code == 1 and "--replace" in refused.output
    replaced = runner.invoke(args=["restore", "--replace", str(tmp_path / "b")])
    assert replaced.exit_code == 0, replaced.output
    with app.app_context():
        from hub.models import User

        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    assert runner.invoke(args=["backup", str(tmp_path / "b")]).exit_code == 1  # not empty
