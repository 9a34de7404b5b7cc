#!/usr/bin/env python3
"""The hub on its production path: the wheel in a fresh venv, run from an empty directory on a
throwaway PostgreSQL database and Redis, gunicorn (3 workers, the packaged settings) and a jobs
worker behind a real nginx terminating TLS. Clients bind to their own loopback addresses
(127.0.0.11, 127.0.0.12, ...) so the hub sees each as a different client through the proxy.

    python3 bench/deploy.py            mixed reads by 20 clients: requests/s, median, p95,
                                       search p95 and the workers' RSS before and after
    python3 bench/deploy.py --check    the CI stage: every check below, exit 1 if one fails

Checks: 12 members from 12 addresses sign in while a 13th address guessing passwords gets 429;
French messages from the wheel; 413 on a 20 MB form post with the workers' memory flat; an
upload with slow extraction answers in under 5 s and its text becomes searchable; 20 clients for
30 s of mixed reads and writes with no 5xx; after SIGTERM every usage event of the run is in
the database. Everything it starts is stopped, and its database dropped, even on failure.
Needs: nginx and openssl (Debian packages), PostgreSQL at 127.0.0.1:5432 (user postgres, no
password), Redis at 127.0.0.1:6379; run it with the checkout's .venv (psycopg, redis).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import random
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
MEMBERS = 24
WORDS = ["trafficking", "exploitation", "online", "tourism", "helpline", "prevention",
         "survivors", "justice", "marriage", "grooming", "reintegration", "safeguarding",
         "legislation", "research", "toolkit", "children", "community", "travel"]
COUNTRIES = ["KE", "NP", "TH", "PH", "BR", "FR", "GT", "IN", "KH", "SN", "UG", "PE"]
# A word only the slow DOCX holds: searchable once its extraction job is done.
SLOW_WORD = "zanzibarite"


def log(*parts) -> None:
    print(*parts, flush=True)


# ------------------------------------------------------------------ HTTP clients


class Client:
    """One client through nginx, from its own loopback address, with its own cookies."""

    def __init__(self, stage: Stage, address: str):
        self.stage, self.address = stage, address
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPSConnection | None = None

    def _connect(self) -> http.client.HTTPSConnection:
        if self.conn is None:
            self.conn = http.client.HTTPSConnection(
                "127.0.0.1", self.stage.https_port, timeout=60,
                source_address=(self.address, 0), context=self.stage.tls)
        return self.conn

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes, float]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            conn = self._connect()
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest):
                # nginx closed an idle keep-alive connection: one retry on a new one.
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - start
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, data, elapsed
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, payload=None, headers=None):
        body = json.dumps(payload).encode() if payload is not None else None
        status, data, elapsed = self.request(
            method, path, body, {"Content-Type": "application/json", **(headers or {})})
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return status, parsed, elapsed

    def login(self, email: str, password: str = PASSWORD) -> int:
        return self.json("POST", "/api/v1/auth/login", {"email": email, "password": password})[0]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def multipart(fields: dict, file_name: str, file_data: bytes, mime: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for key, value in fields.items():
        out.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n"
                  f"{value}\r\n".encode())
    out.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
              f"filename=\"{file_name}\"\r\nContent-Type: {mime}\r\n\r\n".encode())
    out.write(file_data)
    out.write(f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def slow_docx(rows: int = 12_000, cols: int = 8) -> bytes:
    """A DOCX holding one large table: many seconds of python-docx parsing (the file the issue
    measured took 31 s inside a request)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>r{r}c{c}</w:t></w:r></w:p></w:tc>"
                           for c in range(cols)) + "</w:tr>" for r in range(rows))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}">'
                f"<w:body><w:p><w:r><w:t>Quarterly helpline figures: {SLOW_WORD}.</w:t></w:r>"
                f"</w:p><w:tbl>{cells}</w:tbl></w:body></w:document>")
    doc_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            f'"application/xml"/><Override PartName="/word/document.xml" ContentType="{doc_type}"'
            "/></Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rel}" Target="word/document.xml"/></Relationships>'))
        z.writestr("word/document.xml", document)
    return out.getvalue()


# ------------------------------------------------------------------ the stage


SEED = r'''
import json, random, sys
from datetime import date
from hub import create_app
from hub.extensions import db
from hub.models import Member, MemberStatusChange
from hub.blueprints.auth import service as accounts
from hub.blueprints.library import service as library

members, words, countries, password = json.loads(sys.argv[1])
app = create_app()
out = {"members": [], "resources": []}
with app.app_context():
    rng = random.Random(2018)
    staff = accounts.create_user("secretariat@deploy.test", "secretariat", password=password,
                                 name="Secretariat")
    accounts.create_user("target@deploy.test", "secretariat", password=password, name="Target")
    orgs = []
    for i in range(members):
        member = Member(slug=f"deploy-{i}", name=f"Deploy member {i}",
                        country_code=countries[i % len(countries)])
        member.status_changes.append(MemberStatusChange(status="active",
                                                        effective_on=date(2020, 1, 1)))
        db.session.add(member)
        db.session.flush()
        user = accounts.create_user(f"member{i}@deploy.test", "member", password=password,
                                    name=f"Member {i}", member=member)
        orgs.append(member.id)
        out["members"].append(user.email)
    db.session.flush()
    for n in range(200):
        chosen = rng.sample(words, 4)
        resource = library.create_resource({
            "title": f"{chosen[0].title()} and {chosen[1]} in {countries[n % len(countries)]}",
            "summary": " ".join(rng.choice(words) for _ in range(40)),
            "body": " ".join(rng.choice(words) for _ in range(400)),
            "type": "research_report", "language": "en",
            "countries": [countries[n % len(countries)]],
            "organisations": [orgs[n % len(orgs)]], "visibility": "network",
        }, staff)
        out["resources"].append(resource.id)
    db.session.commit()
print(json.dumps(out))
'''

# What the README's "Production" section gives, word for word with its own addresses and paths
# (tests/deploy/test_readme.py holds them to it): the commands, the settings, nginx's server.
GUNICORN_ARGS = ["-c", "python:hub.gunicorn_conf", "--workers", "3", "--bind", "{bind}",
                 "hub:create_app()"]
WORKER_ARGS = ["--app", "hub", "jobs", "work"]
# The settings of hub.env with a fixed value; the others (HUB_DATA_DIR, HUB_DATABASE_URL,
# HUB_SECRET_KEY, HUB_PUBLIC_URL, HUB_RATELIMIT_STORAGE_URI, HUB_JOBS_URL) are the stage's own.
# HUB_MAIL_SERVER is the one setting the stage leaves out: its mail goes to DATA_DIR/mail.
SETTINGS = {
    "HUB_SESSION_COOKIE_SECURE": "true",
    "HUB_PROXY_HOPS": "1",
    # Text extraction runs in the jobs worker: a large file may take minutes there.
    "HUB_EXTRACT_TIMEOUT": "240",
}
OWN_SETTINGS = ("HUB_DATA_DIR", "HUB_DATABASE_URL", "HUB_SECRET_KEY", "HUB_PUBLIC_URL",
                "HUB_RATELIMIT_STORAGE_URI", "HUB_JOBS_URL")
NGINX_SERVER = """server {{
    listen {listen} ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    client_max_body_size 30m;           # above HUB_MAX_UPLOAD_MB: the hub answers 413 itself
    location / {{
        proxy_pass http://{upstream};
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Request-ID $request_id;
        proxy_read_timeout 120s;
    }}
}}"""
# The rest of nginx.conf: the stage's own files, nginx in the foreground.
NGINX = """
daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{server}
}}
"""


def nginx_conf(directory, port: int, app_port: int) -> str:
    server = NGINX_SERVER.format(listen=f"127.0.0.1:{port}", cert=f"{directory}/cert.pem",
                                 key=f"{directory}/key.pem", upstream=f"127.0.0.1:{app_port}")
    return NGINX.format(dir=directory, server=server)


def children(parent: int) -> list[int]:
    """The processes whose parent is `parent` (gunicorn's workers), from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{parent}\n" in status:
                pids.append(int(entry.name))
    return sorted(pids)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stage:
    """Builds and runs everything under one temporary directory; `close()` undoes it all."""

    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="hub-deploy-"))
        self.run_dir = self.tmp / "run"          # the empty working directory
        self.data_dir = self.tmp / "data"
        self.venv = self.tmp / "venv"
        self.nginx_dir = self.tmp / "nginx"
        for d in (self.run_dir, self.data_dir, self.nginx_dir):
            d.mkdir()
        self.database = f"{args.db_prefix}_{os.getpid()}_{int(time.time())}"
        self.redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
        self.app_port, self.https_port = free_port(), free_port()
        self.procs: dict[str, subprocess.Popen] = {}
        self.db_created = False
        self.tls: ssl.SSLContext | None = None
        self.timings: dict[str, float] = {}
        self.gunicorn_config = True
        # Usage events the checks themselves cause (sign-ins, searches, uploads).
        self.events: Counter = Counter()

    # -------------------------------------------------------------- helpers

    def sh(self, *cmd, env=None, cwd=None, capture=False, timeout=600) -> str:
        result = subprocess.run(cmd, env=env, cwd=cwd or self.run_dir, timeout=timeout,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n"
                               f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result.stdout if capture else ""

    def hub_env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
        env.pop("PYTHONPATH", None)
        own = {
            "HUB_DATA_DIR": str(self.data_dir),
            "HUB_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.database}",
            "HUB_SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
            "HUB_PUBLIC_URL": f"https://127.0.0.1:{self.https_port}",
            "HUB_RATELIMIT_STORAGE_URI": self.redis_url,
            "HUB_JOBS_URL": self.redis_url,
        }
        assert tuple(own) == OWN_SETTINGS
        env.update({"LANG": "C.UTF-8", **own, **SETTINGS})
        return env

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def start(self, name: str, cmd: list[str], env=None) -> subprocess.Popen:
        out = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(cmd, cwd=self.run_dir, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        process.log_file = out
        self.procs[name] = process
        return process

    def stop(self, name: str, sig=signal.SIGTERM, timeout: float = 60) -> int | None:
        process = self.procs.pop(name, None)
        if process is None:
            return None
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
        process.log_file.close()
        return process.returncode

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.tmp / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) \
            if path.exists() else ""

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self.sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atqc",
                       sql, capture=True).strip()

    def redis(self):
        import redis

        return redis.Redis.from_url(self.redis_url)

    # -------------------------------------------------------------- building and starting

    def build(self) -> None:
        t = time.monotonic()
        wheels = self.tmp / "wheel"
        self.sh(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels),
                str(ROOT), cwd=ROOT)
        [wheel] = wheels.glob("*.whl")
        if self.args.reuse_venv:
            # Development only: a venv made by an earlier run, the new wheel put in it.
            self.venv = Path(self.args.reuse_venv).resolve()
            if not (self.venv / "bin" / "python").exists():
                self.sh(sys.executable, "-m", "venv", str(self.venv))
                self.sh(self.bin("pip"), "install", "--quiet", str(wheel), timeout=900)
            self.sh(self.bin("pip"), "install", "--quiet", "--no-deps", "--force-reinstall",
                    str(wheel))
        else:
            self.sh(sys.executable, "-m", "venv", str(self.venv))
            self.sh(self.bin("pip"), "install", "--quiet", str(wheel), timeout=900)
        self.timings["wheel and venv"] = time.monotonic() - t
        log(f"   {wheel.name} installed in a fresh venv ({self.timings['wheel and venv']:.0f} s)")

    def prepare_services(self) -> None:
        import redis

        self.psql(f'CREATE DATABASE "{self.database}"')
        self.db_created = True
        try:
            self.redis().ping()
        except redis.exceptions.ConnectionError:
            # No Redis on the usual port: one of our own, stopped with the rest.
            port = free_port()
            self.start("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                 "--save", "", "--appendonly", "no"])
            self.redis_url = f"redis://127.0.0.1:{port}/{self.args.redis_db}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    self.redis().ping()
                    break
                except redis.exceptions.ConnectionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        self.redis().flushdb()

    def migrate_and_seed(self) -> dict:
        env = self.hub_env()
        self.sh(self.bin("flask"), "--app", "hub", "db", "upgrade", env=env)
        t = time.monotonic()
        seeded = json.loads(self.sh(self.bin("python"), "-c", SEED, json.dumps(
            [MEMBERS, WORDS, COUNTRIES, PASSWORD]), env=env, capture=True).splitlines()[-1])
        log(f"   migrated; seeded {len(seeded['members'])} members and "
            f"{len(seeded['resources'])} resources ({time.monotonic() - t:.0f} s)")
        return seeded

    def certificate(self) -> None:
        self.sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", str(self.nginx_dir / "key.pem"),
                "-out", str(self.nginx_dir / "cert.pem"))
        self.tls = ssl.create_default_context(cafile=str(self.nginx_dir / "cert.pem"))

    def serve(self) -> None:
        env = self.hub_env()
        try:
            self.sh(self.bin("python"), "-c", "import hub.gunicorn_conf", env=env)
        except RuntimeError:
            self.gunicorn_config = False
        args = [a.format(bind=f"127.0.0.1:{self.app_port}") for a in GUNICORN_ARGS]
        if not self.gunicorn_config:
            args = args[2:]
        self.start("gunicorn", [self.bin("gunicorn"), *args], env=env)
        self.start("worker", [self.bin("flask"), *WORKER_ARGS], env=env)
        self.certificate()
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.nginx_dir / sub).mkdir()
            os.chmod(self.nginx_dir / sub, 0o777)
        os.chmod(self.nginx_dir, 0o755)
        os.chmod(self.tmp, 0o755)
        conf = self.nginx_dir / "nginx.conf"
        conf.write_text(nginx_conf(self.nginx_dir, self.https_port, self.app_port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.start("nginx", [nginx, "-e", str(self.nginx_dir / "error.log"),
                             "-p", str(self.nginx_dir), "-c", str(conf)])
        deadline = time.monotonic() + 120
        client = Client(self, "127.0.0.1")
        while True:
            for name, process in self.procs.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited ({process.returncode}):\n{self.tail(name)}")
            try:
                status, _, _ = client.request("GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                client.close()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not answer through nginx:\n"
                                   f"{self.tail('gunicorn')}\n{self.tail('nginx')}")
            time.sleep(0.5)
        client.close()

    def worker_pids(self) -> list[int]:
        return children(self.procs["gunicorn"].pid)

    def worker_rss(self) -> dict[int, float]:
        """Resident memory of each gunicorn worker, in MB."""
        rss = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        rss[pid] = int(line.split()[1]) / 1024
            except OSError:
                pass
        return rss

    def close(self) -> None:
        for name in reversed(list(self.procs)):
            if name != "redis":
                self.stop(name, signal.SIGTERM, timeout=30)
        if self.db_created:
            try:
                self.psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            except Exception as error:
                log(f"   could not drop {self.database}: {error}")
        with contextlib.suppress(Exception):
            self.redis().flushdb()
        self.stop("redis")
        if self.args.keep:
            log(f"   kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


# ------------------------------------------------------------------ load


def address(n: int) -> str:
    return f"127.0.0.{n}"


def mixed_load(stage: Stage, emails: list[str], resource_ids: list[int], *, seconds: float,
               writes: bool, first_address: int) -> dict:
    """`len(emails)` clients, each from its own address, for `seconds`; returns latencies by
    kind, statuses, and the usage events they should have caused."""
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter = Counter()
    expected: Counter = Counter()
    logins: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    start_barrier = threading.Barrier(len(emails))

    def run(index: int, email: str) -> None:
        rng = random.Random(index)
        client = Client(stage, address(first_address + index))
        try:
            status = client.login(email)
            # Only a signed-in person's actions are usage events.
            signed_in = status == 200
            with lock:
                statuses[status] += 1
                logins[status] += 1
                if signed_in:
                    expected["sign_in"] += 1
            mine: list[int] = []
            start_barrier.wait()
            while time.monotonic() < deadline:
                roll = rng.random()
                word = rng.choice(WORDS)
                if writes and roll < 0.08:
                    kind = "create"
                    status, body, took = client.json("POST", "/api/v1/resources", {
                        "title": f"Field note on {word} {rng.randint(1, 10**6)}",
                        "summary": " ".join(rng.choice(WORDS) for _ in range(30)),
                        "type": "news", "language": "en", "visibility": "network"})
                    if status == 201:
                        mine.append(body["id"])
                        event = "resource_create"
                    else:
                        event = None
                elif writes and roll < 0.12 and mine:
                    kind = "update"
                    status, _, took = client.json("PATCH", f"/api/v1/resources/{mine[-1]}",
                                                  {"summary": f"Revised: {word}"})
                    event = "resource_update" if status == 200 else None
                elif roll < 0.50:
                    kind = "search"
                    status, _, took = client.json(
                        "GET", f"/api/v1/resources/search?q={word}&per_page=10")
                    event = "search" if status == 200 else None
                elif roll < 0.65:
                    kind = "library page"
                    status, _, took = client.request("GET", f"/library?q={word}")
                    event = "search" if status == 200 else None
                elif roll < 0.85:
                    kind = "resource"
                    status, _, took = client.json(
                        "GET", f"/api/v1/resources/{rng.choice(resource_ids)}")
                    event = None  # views are counted once per person and resource
                else:
                    kind = "directory"
                    status, _, took = client.json("GET", f"/api/v1/members?q={word}")
                    event = "directory_search" if status == 200 else None
                with lock:
                    latencies[kind].append(took)
                    statuses[status] += 1
                    if event and signed_in:
                        expected[event] += 1
        except Exception as error:  # a connection error is a failure of the run
            with lock:
                errors.append(f"{email}: {type(error).__name__}: {error}")
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(i, e), daemon=True)
               for i, e in enumerate(emails)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    return {"latencies": latencies, "statuses": statuses, "expected": expected,
            "errors": errors, "elapsed": elapsed, "logins": logins}


def figures(result: dict) -> str:
    every = [x for values in result["latencies"].values() for x in values]
    if not every:
        return "no requests"

    def p95(values):
        return statistics.quantiles(values, n=20)[18] * 1000 if len(values) >= 20 else \
            max(values) * 1000

    lines = [f"{len(every)} requests in {result['elapsed']:.1f} s: "
             f"{len(every) / result['elapsed']:.1f} requests/s, median "
             f"{statistics.median(every) * 1000:.0f} ms, p95 {p95(every):.0f} ms"]
    for kind, values in sorted(result["latencies"].items()):
        median = statistics.median(values) * 1000
        lines.append(f"  {kind:<13} {len(values):>5}  median {median:6.0f} ms  "
                     f"p95 {p95(values):6.0f} ms")
    lines.append("  statuses: " + ", ".join(f"{k}: {v}" for k, v in
                                            sorted(result["statuses"].items())))
    return "\n".join(lines)


def search_p95(result: dict) -> float:
    values = result["latencies"].get("search", [])
    return statistics.quantiles(values, n=20)[18] * 1000 if len(values) >= 20 else float("nan")


def rss_line(label: str, rss: dict[int, float]) -> str:
    return f"{label}: " + ", ".join(f"{mb:.0f} MB" for _, mb in sorted(rss.items())) + \
        f" (total {sum(rss.values()):.0f} MB)"


# ------------------------------------------------------------------ checks


class Checks:
    def __init__(self):
        self.results: list[tuple[str, bool, str]] = []

    def record(self, name: str, ok: bool, detail: str) -> None:
        self.results.append((name, ok, detail))
        log(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")

    @property
    def failed(self) -> list[str]:
        return [name for name, ok, _ in self.results if not ok]


def check_sign_in(stage: Stage, checks: Checks, emails: list[str]) -> None:
    guesser = Client(stage, address(23))
    guesses = [guesser.login("target@deploy.test", f"wrong guess {n}") for n in range(15)]
    guesser.close()
    members = []
    for i, email in enumerate(emails[:12]):
        client = Client(stage, address(11 + i))
        members.append(client.login(email))
        client.close()
    stage.events["sign_in"] += members.count(200)
    ok = 429 in guesses and all(s == 200 for s in members)
    checks.record("sign-in behind the proxy", ok,
                  f"guesser from 127.0.0.23: {Counter(guesses)}; 12 members from "
                  f"127.0.0.11-22: {Counter(members)}")


def check_french(stage: Stage, checks: Checks) -> None:
    client = Client(stage, address(24))
    status, page, _ = client.request("GET", "/sign-in", headers={"Accept-Language": "fr"})
    text = page.decode("utf-8", errors="replace")
    api_status, body, _ = client.json("GET", "/api/v1/resources/999999999",
                                      headers={"Accept-Language": "fr"})
    client.close()
    message = ((body or {}).get("error") or {}).get("message", "")
    html_fr, words_fr = 'lang="fr"' in text, "Se connecter" in text
    ok = (status == 200 and html_fr and words_fr and api_status == 404
          and message == "Rien n'a été trouvé à cette adresse.")
    checks.record("French messages from the wheel", ok,
                  f"/sign-in {status}, <html lang=fr> {html_fr}, 'Se connecter' {words_fr}; "
                  f"API {api_status} message {message!r}")


def check_body_limit(stage: Stage, checks: Checks) -> None:
    before = stage.worker_rss()
    client = Client(stage, address(25))
    body = b"email=a%40b.c&password=" + b"a" * (20 * 1024 * 1024)
    statuses = []
    for _ in range(3):
        status, _, _took = client.request(
            "POST", "/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded"})
        statuses.append(status)
        client.close()
    after = stage.worker_rss()
    growth = max((after.get(pid, 0) - mb for pid, mb in before.items()), default=0)
    ok = all(s == 413 for s in statuses) and growth < 15
    checks.record("413 on a 20 MB form post", ok,
                  f"statuses {statuses}; largest worker RSS growth {growth:.1f} MB "
                  f"({rss_line('before', before)}; {rss_line('after', after)})")


def check_slow_upload(stage: Stage, checks: Checks, email: str) -> None:
    client = Client(stage, address(26))
    signed_in = client.login(email)
    stage.events["sign_in"] += signed_in == 200
    data = slow_docx()
    body, content_type = multipart(
        {"title": "Quarterly figures", "type": "research_report", "language": "en",
         "visibility": "network"}, "figures.docx", data,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    status, answer, took = client.request("POST", "/api/v1/resources", body,
                                          {"Content-Type": content_type})
    answered = json.loads(answer) if answer.startswith(b"{") else {}
    if status in (201, 202):
        stage.events["resource_create"] += 1
    start = time.monotonic()
    found_after = None
    while status in (201, 202) and time.monotonic() - start < 180:
        s, result, _ = client.json("GET", f"/api/v1/resources/search?q={SLOW_WORD}")
        stage.events["search"] += s == 200
        if s == 200 and result["total"] >= 1:
            found_after = time.monotonic() - start
            break
        time.sleep(0.5)
    final = client.json("GET", f"/api/v1/resources/{answered.get('id')}")[1] or {}
    client.close()
    ok = status in (201, 202) and took < 5 and found_after is not None
    checks.record("an upload with slow extraction", ok,
                  f"sign-in {signed_in}; {len(data) // 1024} KB DOCX answered {status} in "
                  f"{took:.2f} s "
                  f"(extraction {answered.get('extraction')!r}); its text searchable "
                  + (f"{found_after:.1f} s later" if found_after is not None else
                     "not within 180 s") + f", now {final.get('extraction')!r}")


def count_events(stage: Stage, since: str) -> Counter:
    rows = stage.psql(f"SELECT event_type, count(*) FROM usage_event WHERE occurred_at >= "
                      f"'{since}' GROUP BY event_type", database=stage.database)
    found = Counter()
    for line in rows.splitlines():
        kind, _, n = line.partition("|")
        found[kind] = int(n)
    return found


# ------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="run the CI checks")
    parser.add_argument("--seconds", type=float, default=30, help="length of each load run")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("DEPLOY_REDIS_DB", 3)))
    parser.add_argument("--db-prefix", default=os.environ.get("DEPLOY_DB_PREFIX",
                                                              "hub_i10b_deploy"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--reuse-venv", metavar="DIR",
                        help="development: install the wheel into this venv (made once) "
                             "instead of a fresh one")
    args = parser.parse_args()

    began = time.monotonic()
    stage = Stage(args)
    checks = Checks()

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    try:
        log("== build the wheel, install it in a fresh venv")
        stage.build()
        stage.prepare_services()
        log(f"== database {stage.database}, Redis {stage.redis_url}; migrate and seed "
            f"(from the empty directory {stage.run_dir})")
        seeded = stage.migrate_and_seed()
        since = stage.psql("SELECT (now() at time zone 'utc')::timestamp(6)::text",
                           database=stage.database)
        log(f"== gunicorn (3 workers) + jobs worker behind nginx (TLS) on "
            f"https://127.0.0.1:{stage.https_port}")
        stage.serve()
        if not stage.gunicorn_config:
            checks.record("packaged gunicorn settings", False,
                          "hub.gunicorn_conf is not in the wheel: gunicorn ran without -c")
        emails = seeded["members"]
        clients = [emails[i % len(emails)] for i in range(args.clients)]
        if args.check:
            check_french(stage, checks)
            # Before the password guesser, whose failed attempts count against its address.
            check_slow_upload(stage, checks, emails[12])
            check_body_limit(stage, checks)
            check_sign_in(stage, checks, emails)

        log(f"== mixed reads: {args.clients} clients for {args.seconds:.0f} s through nginx "
            "(load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + ")")
        rss_before = stage.worker_rss()
        reads = mixed_load(stage, clients, seeded["resources"], seconds=args.seconds,
                           writes=False, first_address=31)
        rss_after = stage.worker_rss()
        log(figures(reads))
        p95_search = search_p95(reads)
        log(f"search p95 {p95_search:.0f} ms: target 300 ms, ratio {p95_search / 300:.2f}")
        errors_seen = sum(v for k, v in reads["statuses"].items() if k >= 500) + \
            len(reads["errors"])
        log(f"errors {errors_seen}: target 0")
        log(rss_line("workers' RSS before", rss_before))
        log(rss_line("workers' RSS after ", rss_after))
        log(f"workers' RSS after / before: ratio "
            f"{sum(rss_after.values()) / max(sum(rss_before.values()), 1):.2f}")
        log("load average (1, 5, 15 min): " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        failures = sum(v for k, v in reads["statuses"].items() if k >= 500)
        if reads["errors"]:
            log("errors: " + "; ".join(reads["errors"][:5]))

        if args.check:
            checks.record("mixed reads by 20 clients", failures == 0 and not reads["errors"],
                          f"{failures} 5xx, {len(reads['errors'])} connection errors")
            log(f"== mixed reads and writes: {args.clients} clients for {args.seconds:.0f} s")
            mixed = mixed_load(stage, clients, seeded["resources"], seconds=args.seconds,
                               writes=True, first_address=51)
            log(figures(mixed))
            bad = sum(v for k, v in mixed["statuses"].items() if k >= 500)
            signed = mixed["logins"][200]
            checks.record("20 clients, 30 s of mixed reads and writes", bad == 0
                          and not mixed["errors"] and signed == args.clients,
                          f"{signed} of {args.clients} clients signed in (sign-in answers "
                          f"{dict(mixed['logins'])}); {bad} 5xx, {len(mixed['errors'])} "
                          "connection errors"
                          + (f" ({mixed['errors'][0]})" if mixed["errors"] else ""))

            log("== SIGTERM to gunicorn and the worker")
            gunicorn_rc = stage.stop("gunicorn", signal.SIGTERM, timeout=90)
            worker_rc = stage.stop("worker", signal.SIGTERM, timeout=90)
            found = count_events(stage, since)
            expected = Counter()
            for result in (reads, mixed):
                expected.update(result["expected"])
            # And what the checks before the load did.
            expected.update(stage.events)
            # These types are counted exactly by the clients (views are deduplicated).
            missing = {k: (found.get(k, 0), n) for k, n in expected.items()
                       if found.get(k, 0) != n}
            # No event expected means no client was signed in: nothing was proved.
            checks.record("every usage event of the run is in the database after SIGTERM",
                          not missing and sum(expected.values()) > 0
                          and gunicorn_rc == 0 and worker_rc == 0,
                          f"gunicorn exit {gunicorn_rc}, worker exit {worker_rc}; in the "
                          f"database {dict(sorted(found.items()))}; expected at least "
                          f"{dict(sorted(expected.items()))}"
                          + (f"; differ (found, expected): {missing}" if missing else ""))
    except BaseException as error:
        checks.record("stage ran to the end", False, f"{type(error).__name__}: {error}")
        for name in ("gunicorn", "worker", "nginx"):
            if name in stage.procs:
                log(f"--- {name} log\n{stage.tail(name)}")
    finally:
        stage.close()
    log(f"== {len(checks.results) - len(checks.failed)} passed, {len(checks.failed)} failed "
        f"in {time.monotonic() - began:.0f} s")
    if checks.failed:
        log("failed: " + "; ".join(checks.failed))
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
