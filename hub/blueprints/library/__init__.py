"""The resource library: resources with files, multilingual full-text search, pages and CLI."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from hub.api.base import ApiBlueprint

bp = Blueprint("library", __name__)
api_bp = ApiBlueprint(
    "library_api", __name__, url_prefix="/api/v1/resources",
    description="The resource library and its search",
)


@bp.record_once
def _setup(state):
    from hub.blueprints.library import cli, indexing
    from hub.health import register_check
    from hub.templating import NavItem, add_home_panel, add_nav_item

    indexing.install()
    add_nav_item(state.app, NavItem("library.search_page", _l("Library"), position=20))
    add_home_panel(state.app, "library/home_panel.html")
    register_check(state.app, "search_index", indexing.index_problem)
    state.app.cli.add_command(cli.search_cli)
    # One SearchIndex object per process; Whoosh handles are (re)opened after the fork.
    indexing.get_index(state.app)


from hub.blueprints.library import api, views  # noqa: E402, F401
