"""`flask --app hub users ...` and `demo`."""

import sqlalchemy as sa

from hub.extensions import db
from hub.models import Member, User


def test_users_create_with_password_from_stdin(app, runner, make_member):
    make_member("ecpat-demo-kenya")
    result = runner.invoke(
        args=["users", "create", "--email", "Ann@Example.org", "--password", "-", "--role",
              "focal_point", "--org", "ecpat-demo-kenya", "--name", "Ann"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ann@example.org"))
        assert user.role == "focal_point" and user.member.slug == "ecpat-demo-kenya"
    login = app.test_client().post(
        "/api/v1/auth/login", json={"email": "ann@example.org", "password": "a long password"}
    )
    assert login.status_code == 200


def test_users_create_refuses_bad_combinations(app, runner, make_member):
    make_member("some-org")
    no_org = runner.invoke(args=["users", "create", "--email", "a@example.org", "--password",
                                 "long enough pw", "--role", "member"])
    assert no_org.exit_code != 0 and "member organisation" in no_org.output
    secretariat_with_org = runner.invoke(args=[
        "users", "create", "--email", "b@example.org", "--password", "long enough pw",
        "--role", "secretariat", "--org", "some-org"])
    assert secretariat_with_org.exit_code != 0
    unknown_org = runner.invoke(args=["users", "create", "--email", "c@example.org", "--password",
                                      "long enough pw", "--role", "member", "--org", "nope"])
    assert unknown_org.exit_code != 0 and "nope" in unknown_org.output
    short = runner.invoke(args=["users", "create", "--email", "d@example.org", "--password",
                                "short", "--role", "admin"])
    assert short.exit_code != 0
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_users_create_refuses_duplicate_email(runner, admin):
    result = runner.invoke(args=["users", "create", "--email", admin.email, "--password",
                                 "long enough pw", "--role", "admin"])
    assert result.exit_code != 0 and "exists" in result.output


def test_reset_link_prints_a_working_link(app, runner, member_user):
    result = runner.invoke(args=["users", "reset-link", member_user.email])
    assert result.exit_code == 0
    link = result.output.strip()
    assert link.startswith("http://hub.test/reset-password/")
    client = app.test_client()
    assert client.get(link.removeprefix("http://hub.test")).status_code == 200
    assert runner.invoke(args=["users", "reset-link", "nobody@example.org"]).exit_code != 0


def test_demo_fills_an_empty_hub_once(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.ecpat.example" in result.output
    with app.app_context():
        members = db.session.scalars(sa.select(Member)).all()
        assert 90 <= len(members) <= 115
        countries = {m.country_code for m in members}
        assert len(countries) >= 85
        regions = {m.country.region_code for m in members}
        assert len(regions) == 10
        coalitions = sum(m.kind == "coalition" for m in members)
        assert 0.15 <= coalitions / len(members) <= 0.25
        assert any(m.survivor_led for m in members)
        assert db.session.scalar(sa.select(sa.func.count(User.id))) >= 4
    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0
    assert "already" in again.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Member.id))) == len(members)


def test_demo_passwords_printed_work(app, runner):
    output = runner.invoke(args=["demo"]).stdout  # stdout: the log goes to stderr
    client = app.test_client()
    response = client.post(
        "/api/v1/auth/login",
        json={"email": "admin@demo.ecpat.example", "password": _printed_password(output)},
    )
    assert response.status_code == 200


def _printed_password(output: str) -> str:
    for line in output.splitlines():
        if "password" in line.lower() and ":" in line:
            return line.split(":", 1)[1].strip()
    raise AssertionError(output)
