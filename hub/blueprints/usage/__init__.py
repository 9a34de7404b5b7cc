"""The usage log: what members do on the hub (for indicators 4.5 and 4.2), written without
slowing requests, pruned into monthly counts, exported pseudonymised, summarised for the
Secretariat."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from hub.api.base import ApiBlueprint

bp = Blueprint("usage", __name__)
api_bp = ApiBlueprint(
    "usage_api", __name__, url_prefix="/api/v1/usage",
    description="The usage log (Secretariat)",
)


@bp.record_once
def _setup(state):
    from hub.blueprints.usage import cli, log
    from hub.templating import NavItem, add_nav_item

    log.install(state.app)
    add_nav_item(state.app, NavItem("usage.overview", _l("Usage"), audience="secretariat",
                                    position=80))
    state.app.cli.add_command(cli.usage_cli)


from hub.blueprints.usage import api, views  # noqa: E402, F401
from hub.blueprints.usage.log import flush  # noqa: E402, F401  (exports, tests, CLI)
