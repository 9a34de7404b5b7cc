"""Reporting reminders for focal points: their profile review is due, or an activity their
organisation organised has ended without a confirmed participation (indicator 4.2 counts only
confirmed ones). Shown on the home panel and mailed by `flask --app hub reminders send`."""

from flask import Blueprint

bp = Blueprint("reporting", __name__)


@bp.record_once
def _setup(state):
    from flask_login import current_user

    from hub.blueprints.reporting import cli, service
    from hub.templating import add_home_panel

    add_home_panel(state.app, "reporting/home_panel.html")
    state.app.jinja_env.globals["reporting_reminders"] = (
        lambda: service.reminders_for(current_user.member)
        if current_user.is_authenticated and current_user.role == "focal_point"
        and current_user.member is not None else [])
    state.app.cli.add_command(cli.reminders_cli)
