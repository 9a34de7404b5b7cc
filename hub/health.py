"""Health checks that /healthz runs; features register their own (the search index, say),
and figures it reports (the backlog of jobs and index changes)."""

from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask, current_app

from hub.extensions import db

# A check returns None when healthy, else a short description of what is wrong.
HealthCheck = Callable[[], str | None]


def register_check(app: Flask, name: str, check: HealthCheck) -> None:
    app.extensions.setdefault("hub_health_checks", {})[name] = check


def register_info(app: Flask, name: str, info: Callable[[], dict]) -> None:
    """Figures /healthz reports under `name` when there are any (a backlog, say)."""
    app.extensions.setdefault("hub_health_info", {})[name] = info


def database_check() -> str | None:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        return f"database unreachable: {type(error).__name__}"
    return None


def run_checks() -> dict[str, str]:
    """Every failing check's message by name; empty when all is well."""
    checks = {"database": database_check}
    checks.update(current_app.extensions.get("hub_health_checks", {}))
    problems = {}
    for name, check in checks.items():
        problem = check()
        if problem:
            problems[name] = problem
    return problems


def run_info() -> dict[str, dict]:
    """The registered figures by name, leaving out empty ones and any that cannot be read."""
    info = {}
    for name, figures in current_app.extensions.get("hub_health_info", {}).items():
        try:
            found = figures()
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            continue
        if found:
            info[name] = found
    return info
