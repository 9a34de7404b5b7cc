"""Signing in and out, password resets and personal API tokens."""

from flask import Blueprint

from hub.api.base import ApiBlueprint

bp = Blueprint("auth", __name__)
api_bp = ApiBlueprint(
    "auth_api", __name__, url_prefix="/api/v1/auth", description="Sign in, sign out, API tokens"
)

from hub.blueprints.auth import api, views  # noqa: E402, F401
from hub.blueprints.auth.standing import refuse_writes_of_inactive_members  # noqa: E402

bp.before_app_request(refuse_writes_of_inactive_members)
