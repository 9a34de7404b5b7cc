"""The README's "Production" section is what CI runs (bench/deploy.py --check): the same
gunicorn and worker commands, the same settings, the same nginx server block."""

import importlib.util
import re
import shlex

from tests.conftest import ROOT


def bench_deploy():
    spec = importlib.util.spec_from_file_location("bench_deploy", ROOT / "bench" / "deploy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def production_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]


def blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def unit(section: str, name: str) -> dict[str, str]:
    [text] = [b for b in blocks(section, "ini") if b.startswith(f"# /etc/systemd/system/{name}")]
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_the_commands_are_the_ones_ci_runs():
    deploy, section = bench_deploy(), production_section()
    web = shlex.split(unit(section, "hub-web.service")["ExecStart"])
    assert web == ["/srv/hub/venv/bin/gunicorn",
                   *(a.format(bind="127.0.0.1:8000") for a in deploy.GUNICORN_ARGS)]
    jobs = shlex.split(unit(section, "hub-jobs.service")["ExecStart"])
    assert jobs == ["/srv/hub/venv/bin/flask", *deploy.WORKER_ARGS]
    shell = "\n".join(blocks(section, "sh"))
    assert "pip wheel --no-deps -w dist .\n" in shell
    assert "/srv/hub/venv/bin/flask --app hub db upgrade\n" in shell
    # Each unit's service reads the settings file and stops with SIGTERM.
    for name in ("hub-web.service", "hub-jobs.service"):
        service = unit(section, name)
        assert service["EnvironmentFile"] == "/srv/hub/hub.env"
        assert service["KillSignal"] == "SIGTERM"


def test_the_settings_are_the_ones_ci_sets():
    deploy, section = bench_deploy(), production_section()
    [env] = [b for b in blocks(section, "sh") if b.startswith("HUB_DATA_DIR=")]
    settings = dict(line.split("=", 1) for line in env.splitlines())
    # Every setting CI gives, with the same value where it is not CI's own address or path;
    # HUB_MAIL_SERVER is the only one CI leaves out (its mail goes to files).
    assert set(settings) == {*deploy.OWN_SETTINGS, *deploy.SETTINGS, "HUB_MAIL_SERVER"}
    assert {k: settings[k] for k in deploy.SETTINGS} == deploy.SETTINGS


def test_the_nginx_server_is_the_one_ci_runs_behind():
    deploy, section = bench_deploy(), production_section()
    [server] = blocks(section, "nginx")
    assert server.strip() == deploy.NGINX_SERVER.format(
        listen="443", cert="/etc/ssl/hub/cert.pem", key="/etc/ssl/hub/key.pem",
        upstream="127.0.0.1:8000")
    # gunicorn's graceful stop (on PostgreSQL) fits in the unit's stop timeout.
    import math

    from hub import gunicorn_conf

    graceful = math.ceil(sum(gunicorn_conf.request_bounds("postgresql+psycopg://h/hub").values())
                         ) + gunicorn_conf.MARGIN + 10
    assert int(unit(section, "hub-web.service")["TimeoutStopSec"]) > graceful
