"""The home page and the health check."""

from flask import jsonify, render_template

from hub.blueprints.main import bp
from hub.extensions import csrf
from hub.health import run_checks


@bp.get("/")
def home():
    """The home page; later features add their panels."""
    return render_template("main/home.html")


@bp.get("/healthz")
@csrf.exempt
def healthz():
    """200 {"status": "ok"} when the database and index are usable, else 503 with the problems."""
    problems = run_checks()
    if problems:
        return jsonify({"status": "unavailable", "problems": problems}), 503
    return jsonify({"status": "ok"})
