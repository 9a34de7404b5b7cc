"""/api/v1/stories and /api/v1/safeguarding/check (shared/API.md, "Stories")."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Response, current_app, request
from flask_login import current_user, login_required

from hub import access
from hub.api.docs import file_answer, request_body
from hub.api.input import load_body as load_input
from hub.blueprints.stories import api_bp, check_api_bp, export, flags, serialise, service, workflow
from hub.blueprints.stories.schemas import (
    AcknowledgeSchema,
    CheckResultSchema,
    CheckSchema,
    CorrectionDecisionSchema,
    ExportQuerySchema,
    ModerationQuerySchema,
    StoryCreateSchema,
    StoryInputSchema,
    StoryListQuerySchema,
    StoryListSchema,
    StorySchema,
    TransitionSchema,
)
from hub.extensions import limiter
from hub.i18n import current_locale
from hub.models import Story
from hub.periods import parse_period, reporting_year


def _dict(story) -> dict:
    return serialise.story_dict(story, current_locale(), current_user)


def check_limit() -> str:
    return current_app.config["SAFEGUARDING_RATE_LIMIT"]


def per_user_key() -> str:
    """Rate-limit the checker per account (per address for the not signed in, who get 401)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or "unknown"


@check_api_bp.post("/check")
@login_required
@limiter.limit(check_limit, key_func=per_user_key)
@check_api_bp.response(200, CheckResultSchema)
@request_body(check_api_bp, CheckSchema)
def check():
    """Flag identifying details and outdated terms in `text`; stores nothing."""
    data = load_input(CheckSchema())
    return flags.check_text(data["text"], data["language"])


@api_bp.get("")
@api_bp.arguments(StoryListQuerySchema, location="query")
@api_bp.response(200, StoryListSchema)
def list_stories(args):
    """The stories you may see, newest first, by `status` and `member`."""
    member_id = None
    if args["member"]:
        member = service.resolve_member(args["member"])
        if member is None:
            return {"items": [], "total": 0, "page": args["page"], "per_page": args["per_page"]}
        member_id = member.id
    query = service.visible_query(current_user, status=args["status"], member_id=member_id)
    if args["q"]:
        query = service.search_filter(query, args["q"])
    if args["sort"] == "title":
        query = query.order_by(sa.func.lower(Story.title), Story.id)
    else:
        query = query.order_by(Story.updated_at.desc(), Story.id.desc())
    stories, total = service.load_list(query, args["page"], args["per_page"])
    return {"items": [_dict(s) for s in stories], "total": total, "page": args["page"],
            "per_page": args["per_page"]}


@api_bp.post("")
@login_required
@api_bp.response(201, StorySchema)
@request_body(api_bp, StoryCreateSchema)
def create_story():
    """A new draft, checked: its `flags` and `terminology` come back with it."""
    data = load_input(StoryCreateSchema())
    return _dict(service.create_story(data, current_user))


@api_bp.get("/export")
@login_required
@api_bp.arguments(ExportQuerySchema, location="query")
@api_bp.doc(responses=file_answer("text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
def export_stories(args):
    """Published stories of a period and audience, CSV or .docx (Secretariat only)."""
    access.require_secretariat()
    period = parse_period(args["period"], args["start"], args["end"],
                          default=reporting_year(date.today()))
    return export_response(period, args["audience"], args["format"])


def export_response(period, audience, fmt) -> Response:
    from hub.blueprints.audit import record_export

    data = export.rows(export.stories_for(period, audience), current_locale())
    record_export("stories", period=period, fmt=fmt, audience=audience, rows=len(data))
    name = f"stories-{period.id.replace('/', '_')}{'-' + audience if audience else ''}"
    if fmt == "docx":
        body = export.to_docx(data, period, audience)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = export.to_csv(data)
        mimetype = "text/csv; charset=utf-8"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@api_bp.get("/<int:story_id>")
@api_bp.response(200, StorySchema)
def get_story(story_id):
    """A story you may see (404 otherwise)."""
    return _dict(service.get_story(story_id, current_user))


@api_bp.patch("/<int:story_id>")
@login_required
@api_bp.response(200, StorySchema)
@request_body(api_bp, StoryInputSchema)
def update_story(story_id):
    """Change a draft or a story sent back for changes; the checks run again."""
    story = service.get_story(story_id, current_user)
    data = load_input(StoryInputSchema(), partial=True)
    service.update_story(story, data, current_user)
    return _dict(story)


@api_bp.post("/<int:story_id>/flags/<int:n>/acknowledge")
@login_required
@api_bp.response(200, StorySchema)
@request_body(api_bp, AcknowledgeSchema)
def acknowledge(story_id, n):
    """Keep the n-th flagged detail (0-based, the `n` of the flag) with a reason."""
    story = service.get_story(story_id, current_user)
    data = load_input(AcknowledgeSchema())
    service.acknowledge_flag(story, n, data["reason"], current_user)
    return _dict(story)


@api_bp.post("/<int:story_id>/transitions")
@login_required
@api_bp.response(200, StorySchema)
@request_body(api_bp, TransitionSchema)
def transition(story_id):
    """Move the story through the workflow: 409 for a move it forbids, 403 for your role."""
    story = service.get_story(story_id, current_user)
    data = load_input(TransitionSchema())
    workflow.transition(story, data["action"], data.get("comment") or "", current_user)
    return _dict(story)


@api_bp.get("/moderation")
@login_required
@api_bp.arguments(ModerationQuerySchema, location="query")
def moderation_queue(args):
    """What waits for the Secretariat, oldest first, each with `waiting_days` (working days
    since submission) and `overdue` (past HUB_MODERATION_SLA_DAYS); filters `language`,
    `region`, `storyteller`, `overdue`. Secretariat only."""
    from hub.blueprints.stories import queue

    access.require_secretariat()
    items = [queue.item_dict(i) for i in queue.queue(args)]
    return {"items": items, "total": len(items), "sla_days": queue.sla_days()}


@api_bp.post("/<int:story_id>/corrections")
@login_required
def propose_correction(story_id):
    """A correction of a published story (title, body, language, country, themes): it waits
    for a reviewer and shows only once approved. 202; 409 unless the story is published."""
    from hub.blueprints.stories import corrections

    story = service.get_story(story_id, current_user)
    data = load_input(StoryInputSchema(), partial=True)
    corrections.propose(story, data, current_user)
    return _dict(story), 202


@api_bp.post("/<int:story_id>/corrections/decision")
@login_required
@api_bp.arguments(CorrectionDecisionSchema)
def decide_correction(data, story_id):
    """A reviewer approves (`{"approve": true}`: the correction replaces the published text)
    or refuses the waiting correction. 409 when none waits."""
    from hub.blueprints.stories import corrections

    story = service.get_story(story_id, current_user)
    corrections.decide(story, data["approve"], data.get("comment") or "", current_user)
    return _dict(story)
