"""The home page and the health check."""

from flask import jsonify, render_template

from hub.blueprints.main import bp
from hub.extensions import csrf
from hub.health import run_checks, run_info


@bp.get("/")
def home():
    """The home page; later features add their panels."""
    return render_template("main/home.html")


@bp.get("/healthz")
@csrf.exempt
def healthz():
    """200 {"status": "ok"} when the database, index and job queue are usable, else 503 with
    the problems; plus `backlog` (jobs waiting or failed, index changes not applied) when
    there is one."""
    problems = run_checks()
    body = {"status": "unavailable", "problems": problems} if problems else {"status": "ok"}
    body.update(run_info())
    return jsonify(body), 503 if problems else 200
