"""Home page, health check, the language switch, and reference data (regions, countries)."""

from flask import Blueprint

from hub.api.base import ApiBlueprint

bp = Blueprint("main", __name__)
api_bp = ApiBlueprint(
    "reference_api", __name__, url_prefix="/api/v1", description="Regions and countries"
)

from hub.blueprints.main import api, guards, views  # noqa: E402, F401
