"""Fixtures: a migrated database and a fresh data directory per test, people of each role,
a real server process and a real browser for end-to-end tests.

SQLite (default): the migrations run once into a template file, copied for every test.
PostgreSQL (HUB_TEST_DATABASE_URL set): the migrations run once into that database; each
test starts from its tables truncated and the reference rows (regions, countries, tags)
put back as the migrations left them.
"""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from hub import create_app
from hub.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def _worker_database_url(url: str | None) -> str | None:
    """Under pytest-xdist each worker gets its own PostgreSQL database, `<name>_<worker>`,
    created on first use next to the one named by HUB_TEST_DATABASE_URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


TEST_DATABASE_URL = _worker_database_url(os.environ.get("HUB_TEST_DATABASE_URL"))
PASSWORD = "correct horse battery"


def base_config(data_dir: Path, database_url: str | None) -> dict:
    return {
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        # A cheap hash keeps the suite fast; production uses scrypt (hub.config).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "PUBLIC_URL": "http://hub.test",
        "RATELIMIT_STORAGE_URI": "memory://",
        # Jobs run as soon as their transaction commits, in the request; the tests of
        # tests/jobs run the real queue with a worker instead.
        "JOBS_IMMEDIATE": True,
    }


@dataclass
class Template:
    kind: str
    path: Path | None = None
    snapshot: dict | None = None


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Template:
    """Run the real migrations once for the session."""
    folder = tmp_path_factory.mktemp("template")
    app = create_app(base_config(folder, TEST_DATABASE_URL))
    with app.app_context():
        if TEST_DATABASE_URL:
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
        upgrade()
        if not TEST_DATABASE_URL:
            db.engine.dispose()
            return Template("sqlite", path=folder / "hub.sqlite3")
        snapshot = {}
        with db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                rows = [dict(r._mapping) for r in connection.execute(table.select())]
                if rows:
                    snapshot[table.name] = rows
        db.engine.dispose()
        return Template("postgresql", snapshot=snapshot)


def _reset_postgresql(app, snapshot: dict) -> None:
    with app.app_context(), db.engine.begin() as connection:
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        for table in db.metadata.sorted_tables:
            if table.name in snapshot:
                connection.execute(table.insert(), snapshot[table.name])
                if "id" in table.c and isinstance(table.c.id.type, sa.Integer):
                    connection.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f"(SELECT MAX(id) FROM \"{table.name}\"))"
                    ))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def app_config(template_database, data_dir) -> dict:
    """The settings of this test's hub; a test may change them before asking for `app`."""
    if template_database.kind == "sqlite":
        shutil.copy(template_database.path, data_dir / "hub.sqlite3")
    return base_config(data_dir, TEST_DATABASE_URL)


@pytest.fixture
def app(template_database, app_config):
    """A hub with a migrated database holding only the reference data."""
    app = create_app(app_config)
    if template_database.kind == "postgresql":
        _reset_postgresql(app, template_database.snapshot)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@dataclass
class Person:
    id: int
    email: str
    role: str
    member_id: int | None
    password: str = PASSWORD


@pytest.fixture
def make_member(app):
    """Create a member organisation; returns its id."""
    from hub.models import Member, MemberStatusChange

    counter = {"n": 0}

    def make(slug=None, *, country="KE", name=None, **fields):
        counter["n"] += 1
        slug = slug or f"member-{counter['n']}"
        with app.app_context():
            member = Member(
                slug=slug, name=name or f"Member {slug}", country_code=country, **fields
            )
            member.status_changes.append(
                MemberStatusChange(status=member.status or "active", effective_on=date.today())
            )
            db.session.add(member)
            db.session.commit()
            return member.id

    return make


@pytest.fixture
def make_user(app):
    """Create an account of a role (member staff get a member unless one is given)."""
    from hub.blueprints.auth import service
    from hub.models import Member

    counter = {"n": 0}

    def make(role="member", *, member_id=None, email=None, password=PASSWORD, name="", locale=None):
        counter["n"] += 1
        email = email or f"{role}{counter['n']}@example.org"
        with app.app_context():
            member = None
            if role in ("member", "focal_point"):
                if member_id is None:
                    slug = f"org-of-{counter['n']}-{role}"
                    member = Member(slug=slug, name=f"Org {counter['n']}", country_code="KE")
                    db.session.add(member)
                else:
                    member = db.session.get(Member, member_id)
            user = service.create_user(email, role, password=password, name=name, member=member,
                                       locale=locale)
            db.session.commit()
            return Person(user.id, user.email, role, user.member_id, password)

    return make


@pytest.fixture
def member_user(make_user) -> Person:
    return make_user("member")


@pytest.fixture
def focal_point(make_user) -> Person:
    return make_user("focal_point")


@pytest.fixture
def secretariat(make_user) -> Person:
    return make_user("secretariat")


@pytest.fixture
def admin(make_user) -> Person:
    return make_user("admin")


def sign_in(client, person: Person) -> None:
    """Sign a test client in through the API."""
    response = client.post(
        "/api/v1/auth/login", json={"email": person.email, "password": person.password}
    )
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def client_as(app):
    """A test client signed in as `person` (None: anonymous)."""

    def make(person: Person | None):
        client = app.test_client()
        if person is not None:
            sign_in(client, person)
        return client

    return make


@pytest.fixture
def as_(client_as):
    """One signed-in test client per person (None: anonymous), reused within a test."""
    clients = {}

    def get(person):
        key = None if person is None else person.id
        if key not in clients:
            clients[key] = client_as(person)
        return clients[key]

    return get


@pytest.fixture
def post_story(as_):
    """POST a story (`tests.helpers.story_body` with `fields`) as `person`; returns the JSON
    (asserting 201)."""
    from tests.helpers import story_body

    def make(person, **fields):
        response = as_(person).post("/api/v1/stories", json=story_body(**fields))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


@pytest.fixture
def move(as_):
    """POST a story transition as `person`; returns the response."""

    def make(person, story_id, action, comment=""):
        return as_(person).post(f"/api/v1/stories/{story_id}/transitions",
                                json={"action": action, "comment": comment})

    return make


# ---------------------------------------------------------------- end-to-end


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serve(config: dict):
    """The hub under gunicorn (two workers) in its own process, with these settings."""
    import time
    import urllib.request

    port = _free_port()
    env = dict(os.environ)
    for key, value in config.items():
        if value is not None and key != "TESTING":
            env[f"HUB_{key}"] = str(value)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a loaded machine (CI, parallel workers) starts it slowly
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the hub's server process did not start")
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def live_server(app, app_config):
    """The hub under gunicorn (two workers) in its own process, on this test's database."""
    with _serve(app_config) as url:
        yield url


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright. CI requires it (HUB_REQUIRE_BROWSER=1);
    elsewhere the browser tests are skipped when it is not installed."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("HUB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


# ---------------------------------------------------------------- the demo network


@dataclass
class DemoNetwork:
    """The demo network built once for the session: a data directory (index, uploads and, on
    SQLite, the database) to copy, the PostgreSQL template database, and an account per role."""

    folder: Path
    database: str | None
    accounts: dict


def _database_url(name: str) -> str:
    return sa.engine.make_url(TEST_DATABASE_URL).set(database=name).render_as_string(
        hide_password=False)


def _postgresql(statement: str) -> None:
    """Run CREATE or DROP DATABASE on the test database's server."""
    engine = sa.create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


@contextmanager
def _shared_lock(path: Path):
    """A lock every xdist worker of this run sees, so that one of them builds what all share."""
    import fcntl

    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _demo_accounts() -> dict:
    from hub.demo import DEMO_PASSWORD
    from hub.models import Member, User

    def first(role):
        return db.session.scalars(
            sa.select(User.email).join(Member, User.member_id == Member.id)
            .where(User.role == role, Member.status == "active", User.active.is_(True))
            .order_by(User.id)).first()

    emails = {"anonymous": None, "member": first("member"), "focal_point": first("focal_point"),
              "secretariat": "secretariat@demo.ecpat.example",
              "admin": "admin@demo.ecpat.example"}
    return {"password": DEMO_PASSWORD, "emails": emails}


@pytest.fixture(scope="session")
def demo_network(template_database, tmp_path_factory) -> DemoNetwork:
    """`flask --app hub demo` run once per test run (shared by the xdist workers)."""
    import json

    from hub.demo import build_demo

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, ready = shared / "demo-network", shared / "demo-network.json"
    database = f"{sa.engine.make_url(TEST_DATABASE_URL).database}_demo" if TEST_DATABASE_URL \
        else None
    with _shared_lock(shared / "demo-network.lock"):
        if ready.exists():
            return DemoNetwork(folder, database, json.loads(ready.read_text()))
        folder.mkdir()
        if database:
            _postgresql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            _postgresql(f'CREATE DATABASE "{database}"')
        else:
            shutil.copy(template_database.path, folder / "hub.sqlite3")
        app = create_app(base_config(folder, database and _database_url(database)))
        with app.app_context():
            if database:
                upgrade()
            build_demo(echo=lambda line: None)
            accounts = _demo_accounts()
            db.session.remove()
            db.engine.dispose()
        ready.write_text(json.dumps(accounts))
        return DemoNetwork(folder, database, accounts)


@pytest.fixture
def demo_config(demo_network, tmp_path):
    """The settings of a hub on this test's own copy of the demo network (database, index
    and files)."""
    data = tmp_path / "demo"
    shutil.copytree(demo_network.folder, data)
    url = None
    if demo_network.database:
        name = f"{demo_network.database}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        with _shared_lock(demo_network.folder.parent / "demo-network.lock"):
            # CREATE DATABASE ... TEMPLATE wants the template to itself: one copy at a time.
            _postgresql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _postgresql(f'CREATE DATABASE "{name}" TEMPLATE "{demo_network.database}"')
        url = _database_url(name)
    yield base_config(data, url)
    if url:
        _postgresql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_app(demo_network, demo_config):
    """A hub on this test's own copy of the demo network."""
    app = create_app(demo_config)
    app.config["DEMO_ACCOUNTS"] = demo_network.accounts
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_server(demo_app, demo_config):
    """The demo network's hub served by gunicorn, as `live_server` does."""
    with _serve(demo_config) as url:
        yield url
