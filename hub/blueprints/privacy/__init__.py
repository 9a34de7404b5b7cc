"""People's data rights (shared/API.md, "Governance"): the privacy notice (versioned, in
English, French and Spanish) and its acceptance, a person's export of everything the hub
holds about them, and an admin's erasure of a person that keeps their organisation's work."""

from flask import Blueprint

from hub.api.base import ApiBlueprint

bp = Blueprint("privacy", __name__)
me_api_bp = ApiBlueprint("me_api", __name__, url_prefix="/api/v1/me",
                         description="The signed-in person's own data")
users_api_bp = ApiBlueprint("users_api", __name__, url_prefix="/api/v1/users",
                            description="Accounts (admin)")


@bp.record_once
def _setup(state):
    from flask_login import current_user

    from hub.blueprints.privacy import service

    state.app.jinja_env.globals["privacy_to_accept"] = (
        lambda: current_user.is_authenticated and service.needs_acceptance(current_user))
    state.app.jinja_env.globals["privacy_version"] = service.PRIVACY_VERSION


from hub.blueprints.privacy import api, views  # noqa: E402, F401
