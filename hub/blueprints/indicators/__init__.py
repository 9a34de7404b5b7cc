"""Indicators of the Strategic Results Framework: computation, the Secretariat's dashboard,
exports (CSV, XLSX, JSON, DHIS2) and versioned definitions."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from hub.api.base import ApiBlueprint

bp = Blueprint("indicators", __name__)
api_bp = ApiBlueprint(
    "indicators_api", __name__, url_prefix="/api/v1/indicators",
    description="Indicators, their explanations, exports and definitions (Secretariat)",
)


@bp.record_once
def _setup(state):
    from hub.blueprints.indicators import cli
    from hub.templating import NavItem, add_home_panel, add_nav_item

    add_nav_item(state.app, NavItem("indicators.dashboard", _l("Indicators"),
                                    audience="secretariat", position=60))
    add_home_panel(state.app, "indicators/home_panel.html")
    state.app.cli.add_command(cli.indicators_cli)


from hub.blueprints.indicators import api, views  # noqa: E402, F401
