"""The audit log: a row for each kind of Secretariat write, export and erase, in the same
transaction as the change, never changed or deleted by the app, read by the Secretariat only."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from hub.extensions import db
from hub.models import AuditEntry, Tag


def test_who_may_read_the_log(as_, make_user, secretariat, admin):
    for role in ("member", "focal_point"):
        person = make_user(role)
        assert as_(person).get("/api/v1/audit").status_code == 403
        assert as_(person).get("/audit").status_code == 403
    assert as_(None).get("/api/v1/audit").status_code == 401
    assert as_(None).get("/audit").status_code == 302
    for person in (secretariat, admin):
        assert as_(person).get("/api/v1/audit").status_code == 200
        assert as_(person).get("/audit").status_code == 200


def test_member_and_tag_changes_by_the_secretariat_have_rows(as_, secretariat, make_member,
                                                             audit_rows):
    member_id = make_member("alpha", name="Alpha")
    response = as_(secretariat).patch(f"/api/v1/members/{member_id}",
                                      json={"name": "Alpha Network", "status": "suspended"})
    assert response.status_code == 200, response.get_json()
    rows = audit_rows(AuditEntry.object_type == "member")
    assert len(rows) == 1
    assert rows[0]["action"] == "member.update" and rows[0]["actor_id"] == secretariat.id
    assert rows[0]["object_id"] == str(member_id)
    assert rows[0]["changes"]["name"] == ["Alpha", "Alpha Network"]
    assert rows[0]["changes"]["status"] == ["active", "suspended"]

    labels = {"en": "Street children", "fr": "Enfants des rues", "es": "Niños de la calle"}
    assert as_(secretariat).post("/api/v1/tags", json={"slug": "street-children",
                                 "group": "area", "labels": labels}).status_code == 201
    assert as_(secretariat).patch("/api/v1/tags/street-children",
                                  json={"retired": True}).status_code == 200
    rows = audit_rows(AuditEntry.object_type == "tag")
    assert [r["action"] for r in rows] == ["tag.create", "tag.update"]
    assert rows[0]["changes"]["label_fr"] == [None, "Enfants des rues"]
    assert rows[1]["changes"] == {"retired": [False, True]}


def test_a_focal_points_own_edit_is_not_a_secretariat_write(as_, focal_point, audit_rows):
    response = as_(focal_point).patch(f"/api/v1/members/{focal_point.member_id}",
                                      json={"description": "We work on the coast."})
    assert response.status_code == 200
    assert audit_rows(AuditEntry.object_type == "member") == []


def test_role_change_deactivation_and_confirmation(app, as_, secretariat, make_user, audit_rows):
    focal = make_user("focal_point")
    colleague = make_user("member", member_id=focal.member_id)
    url = f"/api/v1/members/{focal.member_id}/people/{colleague.id}"
    assert as_(secretariat).patch(url, json={"role": "focal_point"}).status_code == 200
    assert as_(secretariat).patch(url, json={"active": False}).status_code == 200
    rows = audit_rows(AuditEntry.object_type == "user", AuditEntry.object_id == str(colleague.id))
    assert [r["action"] for r in rows] == ["user.update", "user.update"]
    assert rows[0]["changes"] == {"role": ["member", "focal_point"]}
    assert rows[1]["changes"] == {"active": [True, False]}


def test_story_moderation_never_copies_the_text(as_, member_user, secretariat, create_story,
                                                move, audit_rows):
    story_id = create_story(member_user)  # the text speaks of a "trusted neighbour"
    assert move(member_user, story_id, "submit").status_code == 200
    assert move(secretariat, story_id, "request_changes", "Please remove the age").status_code \
        == 200
    rows = audit_rows(AuditEntry.object_type == "story")
    # The author's own submission is not a Secretariat write; the request for changes is.
    assert [r["action"] for r in rows] == ["story.request_changes"]
    assert rows[0]["changes"]["status"] == ["submitted", "changes_requested"]
    response = as_(secretariat).patch(f"/api/v1/stories/{story_id}",
                                      json={"body": "A girl told us about a cruel offer."})
    assert response.status_code == 200, response.get_json()
    rows = audit_rows(AuditEntry.object_type == "story")
    assert rows[-1]["action"] == "story.update"
    assert set(rows[-1]["changes"]) >= {"body"}
    dumped = json.dumps(rows, ensure_ascii=False)
    for text in ("trusted neighbour", "cruel offer", "remove the age", "A voice from the coast"):
        assert text not in dumped
    page = as_(secretariat).get("/audit?object_type=story").get_data(as_text=True)
    assert "body changed" in page and "trusted neighbour" not in page


def test_definitions_and_exports_have_rows(as_, secretariat, member_user, audit_rows):
    response = as_(secretariat).post("/api/v1/indicators/definitions/4.5",
                                     json={"params": {"threshold": 5}, "valid_from": "2026-07-01"})
    assert response.status_code == 201, response.get_json()
    rows = audit_rows(AuditEntry.object_type == "indicator_definition")
    assert rows[0]["action"] == "indicator_definition.create"
    assert rows[0]["changes"]["params"] == [None, {"threshold": 5}]

    assert as_(secretariat).get("/api/v1/indicators/export?period=2025July&format=csv") \
        .status_code == 200
    assert as_(secretariat).get("/api/v1/usage/export?period=2025July").status_code == 200
    assert as_(secretariat).get("/api/v1/stories/export?period=2025July&format=csv") \
        .status_code == 200
    rows = audit_rows(AuditEntry.action == "export")
    assert [(r["object_type"], r["changes"]["period"][1], r["actor_id"]) for r in rows] == [
        ("indicators", "2025July", secretariat.id), ("usage", "2025July", secretariat.id),
        ("stories", "2025July", secretariat.id)]
    # A refused export leaves no row.
    assert as_(member_user).get("/api/v1/indicators/export?period=2025July").status_code == 403
    assert len(audit_rows(AuditEntry.action == "export")) == 3


def test_participation_confirmation_has_a_row(as_, secretariat, make_member, make_user,
                                              audit_rows):
    from hub.models import Tag as TagModel

    alpha, beta = make_member("alpha"), make_member("beta")
    reporter = make_user("member", member_id=beta)
    with as_(secretariat).application.app_context():
        theme = db.session.scalars(sa.select(TagModel.slug).order_by(TagModel.slug)).first()
    response = as_(secretariat).post("/api/v1/activities", json={
        "title": "Online safety training", "kind": "training", "themes": [theme],
        "starts_on": "2026-03-02", "ends_on": "2026-03-04", "mode": "online",
        "lead_members": [alpha]})
    assert response.status_code == 201, response.get_json()
    activity_id = response.get_json()["id"]
    url = f"/api/v1/activities/{activity_id}/participants"
    report = as_(reporter).post(url, json={"staff_count": 2}).get_json()
    assert as_(secretariat).patch(f"{url}/{report['id']}",
                                  json={"status": "confirmed"}).status_code == 200
    actions = [r["action"] for r in audit_rows(AuditEntry.object_type == "activity")]
    assert actions == ["activity.create", "activity.participant_confirm"]


def test_a_failed_write_leaves_no_row(app, secretariat):
    """The row is written in the change's transaction: a rollback takes both away."""
    from hub.blueprints.audit import acting_as
    from hub.models import User

    with app.app_context():
        actor = db.session.get(User, secretariat.id)
        with acting_as(actor):
            tag = db.session.scalar(sa.select(Tag).order_by(Tag.id))
            tag.label_en = "Renamed"
            db.session.flush()  # the audit row is now in the transaction
            assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 1
            db.session.add(Tag(slug=tag.slug, group=tag.group, label_en="x", label_fr="x",
                               label_es="x"))
            with pytest.raises(sa.exc.IntegrityError):
                db.session.commit()
            db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
        assert db.session.get(Tag, tag.id).label_en != "Renamed"


def test_rows_are_never_changed_or_deleted(app, as_, secretariat):
    from hub.blueprints.audit.log import AuditImmutable

    labels = {"en": "Street children", "fr": "Enfants des rues", "es": "Niños de la calle"}
    as_(secretariat).post("/api/v1/tags", json={"slug": "street-children", "group": "area",
                                               "labels": labels})
    with app.app_context():
        row = db.session.scalar(sa.select(AuditEntry))
        row.action = "tag.nothing"
        with pytest.raises(AuditImmutable):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalar(sa.select(AuditEntry)))
        with pytest.raises(AuditImmutable):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(AuditImmutable):
            db.session.execute(sa.update(AuditEntry).values(note="edited"))
        db.session.rollback()
        with pytest.raises(AuditImmutable):
            db.session.execute(sa.delete(AuditEntry))
        db.session.rollback()
        # Below the app, the database refuses an update too.
        with pytest.raises(sa.exc.DatabaseError), db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE audit_entry SET note = 'edited'"))
        rows = db.session.execute(sa.select(AuditEntry.action, AuditEntry.note)).all()
        assert sorted(rows) == [("tag.create", ""), ("user.sign_in", "")]


def test_filters_and_csv(as_, secretariat, admin, make_member, audit_rows):
    member_id = make_member("alpha", name="Alpha")
    as_(secretariat).patch(f"/api/v1/members/{member_id}", json={"name": "Alpha Two"})
    as_(admin).patch(f"/api/v1/members/{member_id}", json={"acronym": "=HYPERLINK(1)"})
    client = as_(admin)
    # Secretariat staff's sign-ins are in the log too.
    assert client.get(f"/api/v1/audit?actor={secretariat.email}&action=user.sign_in") \
        .get_json()["total"] == 1
    data = client.get(f"/api/v1/audit?actor={secretariat.email}&action=member.update").get_json()
    assert [i["action"] for i in data["items"]] == ["member.update"]
    item = data["items"][0]
    assert set(item) >= {"id", "at", "actor", "action", "object_type", "object_id", "changes"}
    assert item["actor"]["id"] == secretariat.id and item["changes"]["name"] == ["Alpha",
                                                                                "Alpha Two"]
    assert client.get(f"/api/v1/audit?actor={admin.id}&object_type=member").get_json()[
        "total"] == 1
    assert client.get("/api/v1/audit?action=member.").get_json()["total"] == 2
    assert client.get(f"/api/v1/audit?object_type=member&object_id={member_id}") \
        .get_json()["total"] == 2
    today = datetime.now(UTC).date().isoformat()
    assert client.get(f"/api/v1/audit?since={today}&until={today}&object_type=member") \
        .get_json()["total"] == 2
    assert client.get("/api/v1/audit?until=2000-01-01").get_json()["total"] == 0
    bad = client.get("/api/v1/audit?since=yesterday")
    assert bad.status_code == 422
    response = client.get("/api/v1/audit?format=csv&object_type=member")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["action"] for r in rows] == ["member.update", "member.update"]
    assert json.loads(rows[1]["changes"])["name"] == ["Alpha", "Alpha Two"]


def test_prune_keeps_the_retention_period(app, runner):
    from hub.blueprints.audit import service

    assert app.config["AUDIT_RETENTION_MONTHS"] == 84
    with app.app_context():
        for when in (datetime(2018, 1, 5, tzinfo=UTC), datetime(2019, 11, 30, tzinfo=UTC),
                     datetime(2019, 12, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)):
            db.session.add(AuditEntry(at=when, action="export", object_type="usage"))
        db.session.commit()
        now = datetime(2026, 12, 1, tzinfo=UTC)
        assert service.cutoff(84, now) == datetime(2019, 12, 1, tzinfo=UTC)
        assert service.prune(84, now) == 2
        db.session.commit()
        kept = list(db.session.scalars(sa.select(AuditEntry.at).order_by(AuditEntry.at)))
        assert [k.date().isoformat() for k in kept] == ["2019-12-01", "2026-11-01"]
    result = runner.invoke(args=["audit", "prune", "--months", "1"])
    assert result.exit_code == 0, result.output
    assert "Removed" in result.output


def test_operators_cli_changes_and_exports_are_logged_as_the_system(runner, audit_rows,
                                                                    tmp_path):
    result = runner.invoke(args=["indicators", "define", "4.5", "--param", "threshold=5",
                                 "--valid-from", "2026-07-01"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["indicators", "export", "--period", "2025July", "--format",
                                 "csv", "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    rows = audit_rows(AuditEntry.actor_id.is_(None))
    assert [(r["action"], r["object_type"]) for r in rows] == [
        ("indicator_definition.create", "indicator_definition"), ("export", "indicators")]
    assert rows[1]["changes"]["via"] == [None, "cli"]
