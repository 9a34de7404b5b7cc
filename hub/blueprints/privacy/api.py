"""/api/v1/me/export and /api/v1/users/<id>/erase (shared/API.md, "Governance")."""

from flask import request
from flask_login import current_user, login_required

from hub.blueprints.audit import record_export
from hub.blueprints.privacy import me_api_bp, service, users_api_bp


@me_api_bp.get("/export")
@login_required
def export_me():
    """Everything the hub holds about the signed-in person, as JSON (the export is audited)."""
    data = service.personal_data(current_user)
    record_export("personal_data", user=current_user.id)
    return data


@users_api_bp.post("/<int:user_id>/erase")
@login_required
def erase_user(user_id):
    """Erase a person `{"reason"}` (admin): name, e-mail, sign-in and tokens go; their
    organisation's content and pseudonymous usage counts stay. 200 with the erased account."""
    body = request.get_json(silent=True)
    reason = body.get("reason") if isinstance(body, dict) else None
    user = service.erase(user_id, reason, current_user)
    return {"id": user.id, "erased_at": user.erased_at.isoformat(timespec="seconds")}
