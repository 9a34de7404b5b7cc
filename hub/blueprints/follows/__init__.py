"""Staying in touch: follows, saved searches, notification preferences, e-mail digests and
Atom feeds (shared/API.md, "Staying in touch")."""

from flask import Blueprint

from hub.api.base import ApiBlueprint

bp = Blueprint("follows", __name__)
api_bp = ApiBlueprint(
    "follows_api", __name__, url_prefix="/api/v1/me",
    description="What the signed-in person follows, saved searches, preferences, digest",
)


@bp.record_once
def _setup(state):
    from hub.blueprints.follows import cli, tracking

    state.app.cli.add_command(cli.digests_cli)
    tracking.install(state.app)
    state.app.jinja_env.globals["follow_state"] = tracking.follow_state


from hub.blueprints.follows import api, feeds, views  # noqa: E402, F401
