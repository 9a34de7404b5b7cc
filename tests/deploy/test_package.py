"""The wheel is the whole hub: built with `pip wheel`, installed into a fresh virtual environment
and run from an empty directory, with no checkout on the path."""

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, _free_port

pytestmark = pytest.mark.slow

SKIPPED = shutil.ignore_patterns(
    ".git", ".venv", "instance", "build", "*.egg-info", "__pycache__", "*.mo", ".*_cache"
)


def run(*args, cwd, env, stdin=None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
        timeout=300, check=False,
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """`pip wheel .` of a copy of the checkout (so the build leaves the checkout alone)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=SKIPPED)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", source,
        cwd=tmp, env=dict(os.environ))
    (built,) = (tmp / "dist").glob("*.whl")
    return built


def test_the_wheel_carries_migrations_catalogs_templates_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "hub/migrations/env.py", "hub/migrations/alembic.ini", "hub/migrations/script.py.mako",
        "hub/translations/fr/LC_MESSAGES/messages.mo",
        "hub/translations/es/LC_MESSAGES/messages.mo",
        "hub/templates/base.html", "hub/static/hub.css", "hub/gunicorn_conf.py",
    }
    assert expected <= names
    versions = {p.name for p in (ROOT / "migrations" / "versions").glob("0*.py")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("hub/migrations/versions/")} \
        >= versions
    data = {str(p.relative_to(ROOT)) for p in (ROOT / "hub").rglob("*.csv")}
    assert data and data <= names


def test_installed_hub_runs_from_an_empty_directory(wheel, tmp_path):
    """db upgrade, users create and a French page under gunicorn's packaged settings, with the
    hub imported from the fresh environment only (its dependencies borrowed from this one)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                    cwd=tmp_path, env={}).strip())
    # Only the dependencies come from here: a .pth line adds the folder, whose own .pth files
    # (among them the editable install of the checkout) are not read.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel,
        cwd=tmp_path, env=dict(os.environ))

    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HUB_", "PYTHON"))}
    env["HUB_PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
    where = run(python, "-c", "import hub; print(hub.__file__)", cwd=empty, env=env)
    assert where.startswith(str(site)), where

    flask = [python, "-m", "flask", "--app", "hub"]
    run(*flask, "db", "upgrade", cwd=empty, env=env)
    run(*flask, "users", "create", "--email", "sam@example.org", "--password", "-",
        "--role", "secretariat", cwd=empty, env=env, stdin="a long enough password\n")
    assert "(head)" in run(*flask, "db", "current", cwd=empty, env=env)

    port = _free_port()
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "python:hub.gunicorn_conf", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "hub:create_app()"],
        cwd=empty, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline
                time.sleep(0.3)
        with urllib.request.urlopen(f"{url}/sign-in?lang=fr", timeout=10) as response:
            page = response.read().decode()
        assert 'lang="fr"' in page and "Mot de passe" in page
        login = urllib.request.Request(
            f"{url}/api/v1/auth/login?lang=fr", method="POST",
            data=json.dumps({"email": "sam@example.org", "password": "wrong password"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(login, timeout=10)
        assert refused.value.code == 401
        with refused.value:
            message = json.loads(refused.value.read())["error"]["message"]
        assert "mot de passe" in message.lower()
        login.data = json.dumps({"email": "sam@example.org",
                                 "password": "a long enough password"}).encode()
        with urllib.request.urlopen(login, timeout=10) as response:
            assert json.loads(response.read())["user"]["role"] == "secretariat"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server.stdout.close()
    assert sorted(p.name for p in empty.iterdir()) == ["instance"]
