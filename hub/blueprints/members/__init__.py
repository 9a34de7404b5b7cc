"""Member profiles, expertise tags, the expertise directory and coverage map, and people."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from hub.api.base import ApiBlueprint

bp = Blueprint("members", __name__)
api_bp = ApiBlueprint(
    "members_api", __name__, url_prefix="/api/v1/members",
    description="Member profiles and the expertise directory",
)
tags_api_bp = ApiBlueprint(
    "tags_api", __name__, url_prefix="/api/v1/tags", description="The expertise vocabulary"
)


@bp.record_once
def _setup(state):
    from hub.blueprints.members import history, search
    from hub.templating import NavItem, add_home_panel, add_nav_item

    search.install()
    add_nav_item(state.app, NavItem("members.directory_page", _l("Members"), position=10))
    add_nav_item(state.app, NavItem("members.coverage", _l("Expertise map"),
                                    audience="signed_in", position=11))
    add_home_panel(state.app, "members/home_panel.html")
    state.app.jinja_env.globals["member_review_due"] = history.review_due


from hub.blueprints.members import api, cli, views  # noqa: E402, F401
