"""The hub under gunicorn (its packaged settings) behind a real nginx with the configuration CI
and the README use: a refused large body is read to its end before the connection closes, so
the client always gets the hub's 413 (never nginx's 502), and the workers' memory stays flat."""

import functools
import http.client
import importlib.util
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, _free_port
from tests.deploy.test_server import serve, stop

pytestmark = pytest.mark.slow

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MB = 1024 * 1024


@functools.cache
def bench_deploy():
    spec = importlib.util.spec_from_file_location("bench_deploy", ROOT / "bench" / "deploy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def behind_nginx(app, app_config, tmp_path):
    """(https port, TLS context, gunicorn process): the hub with 2 workers behind nginx."""
    if not os.path.exists(NGINX) or not shutil.which("openssl"):
        pytest.skip("needs nginx and openssl")
    gunicorn, _url, app_port = serve(app_config, tmp_path / "gunicorn.log")
    # Outside pytest's private temporary folder: nginx's workers (another user) write the
    # bodies they receive here.
    conf_dir = Path(tempfile.mkdtemp(prefix="hub-test-nginx-"))
    os.chmod(conf_dir, 0o755)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (conf_dir / sub).mkdir()
        os.chmod(conf_dir / sub, 0o777)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(conf_dir / "key.pem"), "-out", str(conf_dir / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    port = _free_port()
    (conf_dir / "nginx.conf").write_text(
        bench_deploy().nginx_conf(conf_dir, port, app_port))
    nginx = subprocess.Popen([NGINX, "-e", str(conf_dir / "error.log"), "-p", str(conf_dir),
                              "-c", str(conf_dir / "nginx.conf")], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tls = ssl.create_default_context(cafile=str(conf_dir / "cert.pem"))
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if nginx.poll() is not None or time.monotonic() > deadline:
                stop(gunicorn)
                pytest.fail(f"nginx did not start: {(conf_dir / 'error.log').read_text()}")
            time.sleep(0.1)
    try:
        yield port, tls, gunicorn
    finally:
        os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(timeout=30)
        stop(gunicorn)
        shutil.rmtree(conf_dir, ignore_errors=True)


def post(port, tls, path, body, content_type):
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=tls)
    try:
        connection.request("POST", path, body=body, headers={
            "Content-Type": content_type, "Accept-Language": "fr"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def worker_rss(master: int) -> dict[int, int]:
    """KB resident, per gunicorn worker."""
    rss = {}
    for pid in bench_deploy().children(master):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        rss[pid] = int(status.split("VmRSS:")[1].split()[0])
    return rss


def test_a_refused_large_body_gets_the_hubs_413_through_nginx(behind_nginx):
    port, tls, gunicorn = behind_nginx
    form = b"email=a%40b.c&password=" + b"a" * (20 * MB)
    login = b'{"email": "a@b.c", "password": "' + b"a" * (20 * MB) + b'"}'
    post(port, tls, "/sign-in", b"email=a", "application/x-www-form-urlencoded")  # warm up
    before = worker_rss(gunicorn.pid)
    pages = [post(port, tls, "/sign-in", form, "application/x-www-form-urlencoded")
             for _ in range(6)]
    answers = [post(port, tls, "/api/v1/auth/login", login, "application/json")
               for _ in range(6)]
    after = worker_rss(gunicorn.pid)
    assert [status for status, _ in pages + answers] == [413] * 12
    assert all("trop volumineux" in page and 'lang="fr"' in page for _, page in pages)
    assert all(json.loads(body)["error"]["code"] == "too_large" for _, body in answers)
    growth = max(after.get(pid, 0) - kb for pid, kb in before.items())
    assert growth < 10 * 1024, (before, after)


def test_gunicorn_reads_a_refused_body_to_its_end_before_closing(app, app_config, tmp_path):
    """Without nginx: the client that sends the whole announced body gets the 413 and then a
    clean end of the connection (no reset while it is still sending)."""
    gunicorn, _url, port = serve(app_config, tmp_path / "gunicorn.log")
    size = 20 * MB
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(b"POST /sign-in HTTP/1.1\r\nHost: hub\r\nContent-Type: "
                               b"application/x-www-form-urlencoded\r\nContent-Length: "
                               + str(size).encode() + b"\r\n\r\n")
            chunk = b"a" * (256 * 1024)
            for _ in range(size // len(chunk)):
                connection.sendall(chunk)  # a reset would raise here
            answer = b""
            while data := connection.recv(65536):
                answer += data
    finally:
        stop(gunicorn)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert answer.rstrip().endswith(b"</html>")
