"""The audit log (shared/API.md, "Governance"): every change made by Secretariat staff or
admins, every export and erase, written in the change's own transaction, append-only,
readable at /audit and /api/v1/audit, exportable to CSV and pruned after a retention period."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from hub.api.base import ApiBlueprint

bp = Blueprint("audit", __name__)
api_bp = ApiBlueprint(
    "audit_api", __name__, url_prefix="/api/v1/audit",
    description="The audit log (Secretariat)",
)


@bp.record_once
def _setup(state):
    from hub.blueprints.audit import cli, log
    from hub.templating import NavItem, add_nav_item

    log.install()
    add_nav_item(state.app, NavItem("audit.log_page", _l("Audit"), audience="secretariat",
                                    position=90))
    state.app.cli.add_command(cli.audit_cli)


from hub.blueprints.audit import api, views  # noqa: E402, F401
from hub.blueprints.audit.log import acting_as, record, record_export  # noqa: E402, F401
