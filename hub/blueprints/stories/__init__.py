"""Stories for advocacy: writing with safeguarding and terminology checks, consent, moderation
and publication, notifications, pages and the Secretariat's advocacy export."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from hub.api.base import ApiBlueprint
from hub.blueprints.stories.signals import story_withdrawn
from hub.i18n import format_list

bp = Blueprint("stories", __name__)
api_bp = ApiBlueprint(
    "stories_api", __name__, url_prefix="/api/v1/stories",
    description="Stories, their consent and moderation",
)
check_api_bp = ApiBlueprint(
    "safeguarding_api", __name__, url_prefix="/api/v1/safeguarding",
    description="Safeguarding and terminology checks of a text",
)

__all__ = ["api_bp", "bp", "check_api_bp", "story_withdrawn"]


@bp.record_once
def _setup(state):
    from hub.templating import NavItem, add_home_panel, add_nav_item

    state.app.config.setdefault("SAFEGUARDING_RATE_LIMIT", "60 per minute;600 per hour")
    add_nav_item(state.app, NavItem("stories.published", _l("Stories"), position=30))
    add_nav_item(state.app, NavItem("stories.moderation", _l("Moderation"),
                                    audience="secretariat", position=31))
    add_home_panel(state.app, "stories/home_panel.html")
    add_home_panel(state.app, "stories/moderation_panel.html")
    from hub.blueprints.stories import cli

    state.app.cli.add_command(cli.stories_cli)
    state.app.jinja_env.globals.update(_template_helpers())


def _template_helpers() -> dict:
    from flask_login import current_user

    from hub.blueprints.stories import flags, service, workflow
    from hub.blueprints.stories.safeguarding import FLAG_MESSAGES

    notice_labels = {
        "submit": _l("Submitted for review"),
        "request_changes": _l("Changes requested"),
        "approve": _l("Approved"),
        "publish": _l("Published"),
        "reject": _l("Not accepted"),
    }
    return {
        "story_notices": lambda: workflow.notifications_for(current_user),
        "notice_label": lambda action: notice_labels.get(action, action),
        "flag_message": lambda kind: FLAG_MESSAGES.get(kind, ""),
        "audience_names": lambda codes: format_list(
            str(service.AUDIENCE_LABELS[c]) for c in codes if c in service.AUDIENCE_LABELS),
        "flags_of": flags.story_flags,
        "moderation_summary": _moderation_summary,
    }


def _moderation_summary() -> dict:
    from hub.blueprints.stories import queue

    return queue.summary()


from hub.blueprints.stories import api, views  # noqa: E402, F401
