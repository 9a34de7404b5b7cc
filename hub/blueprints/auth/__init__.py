"""Signing in and out, password resets and personal API tokens."""

from flask import Blueprint

from hub.api.base import ApiBlueprint

bp = Blueprint("auth", __name__)
api_bp = ApiBlueprint(
    "auth_api", __name__, url_prefix="/api/v1/auth", description="Sign in, sign out, API tokens"
)

from hub.blueprints.auth import api, views  # noqa: E402, F401
