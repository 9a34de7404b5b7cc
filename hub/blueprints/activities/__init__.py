"""Capacity development activities: who led and took part in what (indicator 4.2)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from hub.api.base import ApiBlueprint

bp = Blueprint("activities", __name__)
api_bp = ApiBlueprint(
    "activities_api", __name__, url_prefix="/api/v1/activities",
    description="Capacity development activities, their leads and participants",
)


@bp.record_once
def _setup(state):
    from hub.templating import NavItem, add_home_panel, add_nav_item, add_profile_panel

    add_nav_item(state.app, NavItem("activities.list_page", _l("Activities"), position=30))
    add_home_panel(state.app, "activities/home_panel.html")
    add_profile_panel(state.app, "activities/profile_panel.html")
    state.app.jinja_env.globals["member_activities"] = views.member_activities


from hub.blueprints.activities import api, views  # noqa: E402, F401
