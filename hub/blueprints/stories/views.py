"""Pages: published stories, a story, the write/edit form with its flags, my organisation's
stories, the Secretariat's moderation queue and the advocacy export. No JavaScript."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from hub import access, uow
from hub.access import secretariat_required
from hub.api.errors import flatten_fields
from hub.blueprints.stories import api, bp, corrections, flags, serialise, service, workflow
from hub.blueprints.stories.forms import StoryForm
from hub.blueprints.stories.schemas import ExportQuerySchema, StoryInputSchema
from hub.errors import HubError
from hub.extensions import db
from hub.forms import default_language
from hub.i18n import current_locale
from hub.models import Country, Member, Story, Tag
from hub.periods import parse_period, reporting_year
from hub.reference.names import country_name, region_name

PER_PAGE = 20


def _page() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 10_000))
    except ValueError:
        return 1


def _labels() -> dict:
    return {"status": service.STATUS_LABELS, "audience": service.AUDIENCE_LABELS,
            "teller": service.TELLER_LABELS,
            "action": {**workflow.ACTION_LABELS, **corrections.ACTION_LABELS}}


@bp.get("/stories")
def published():
    """Published stories you may see, newest first (`sort=title`: by title), with a word
    search."""
    q = (request.args.get("q") or "").strip()[:200]
    sort = "title" if request.args.get("sort") == "title" else "date"
    query = service.visible_query(current_user, status="published")
    if q:
        query = service.search_filter(query, q)
    if sort == "title":
        query = query.order_by(sa.func.lower(Story.title), Story.id)
    else:
        query = query.order_by(Story.published_at.desc(), Story.id.desc())
    page = _page()
    stories, total = service.load_list(query, page, PER_PAGE)
    members = _member_names(stories)
    return render_template("stories/published.html", stories=stories, total=total, page=page,
                           per_page=PER_PAGE, q=q, members=members, labels=_labels(),
                           can_create=service.can_create(current_user), sort=sort)


def _member_names(stories) -> dict[int, str]:
    ids = {s.member_id for s in stories}
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Member.id, Member.name).where(Member.id.in_(ids)))
                .all())


@bp.get("/stories/mine")
@login_required
def mine():
    """My organisation's stories, every status, most recently changed first."""
    if current_user.member_id is None:
        return redirect(url_for("stories.moderation"))
    query = (sa.select(Story).where(Story.member_id == current_user.member_id)
             .order_by(Story.updated_at.desc(), Story.id.desc()))
    page = _page()
    stories, total = service.load_list(query, page, PER_PAGE)
    pending = {s.id: len(flags.unacknowledged(s)) for s in stories}
    return render_template("stories/mine.html", stories=stories, total=total, page=page,
                           per_page=PER_PAGE, labels=_labels(), pending=pending)


@bp.get("/stories/moderation")
@secretariat_required
def moderation():
    """The Secretariat's queue, oldest submission first, with working days waited, overdue
    marks, flags and consent summary; filters by language, region, storyteller, overdue."""
    from hub.blueprints.stories import queue as moderation_queue
    from hub.blueprints.stories.schemas import ModerationQuerySchema

    filters = ModerationQuerySchema().validate(request.args)
    chosen = (ModerationQuerySchema().load(request.args) if not filters
              else ModerationQuerySchema().load({}))
    waiting = moderation_queue.queue(chosen)
    queue = [w["story"] for w in waiting]
    items = []
    for entry, story in zip(waiting, queue, strict=True):
        found = flags.story_flags(story)
        items.append({
            **entry,
            "story": story,
            "flags": [f for f in found if f.source == "safeguarding"],
            "terms": [f for f in found if f.source == "terminology"],
            "approvals": len(workflow.approver_ids(story)),
            "needed": workflow.approvals_needed(story),
            "publishable": service.publishable_audiences(story),
        })
    from hub.reference.regions import REGION_CODES

    return render_template("stories/moderation.html", items=items, labels=_labels(),
                           members=_member_names(queue), filters=request.args,
                           regions=[(c, region_name(c, current_locale())) for c in REGION_CODES],
                           sla_days=moderation_queue.sla_days(),
                           period=reporting_year(date.today()).id)


@bp.get("/stories/<int:story_id>")
def story_page(story_id):
    """A story; for its organisation and the Secretariat also consent, flags, the workflow
    record and the moves they may make."""
    story = service.get_story(story_id, current_user)
    return _render_story(story)


def _render_story(story: Story, status: int = 200, error: str | None = None):
    data = serialise.story_dict(story, current_locale(), current_user)
    member = db.session.get(Member, story.member_id)
    return render_template("stories/story.html", story=story, data=data, member=member,
                           labels=_labels(), manage=service.can_manage(current_user, story),
                           error=error, actors=_actor_names(story)), status


def _actor_names(story: Story) -> dict:
    from hub.models import User

    ids = {t.actor_id for t in story.transitions if t.actor_id}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.name, User.email, User.role)
                              .where(User.id.in_(ids)))
    return {i: (name or email) for i, name, email, _role in rows}


def _form() -> StoryForm:
    form = StoryForm()
    locale = current_locale()
    tags = list(db.session.scalars(sa.select(Tag).where(Tag.retired.is_(False))
                                   .order_by(Tag.position)))
    countries = sorted(((c, country_name(c, locale))
                        for c in db.session.scalars(sa.select(Country.code))),
                       key=lambda pair: pair[1])
    members = (list(db.session.scalars(sa.select(Member).where(Member.status == "active")
                                       .order_by(Member.name)))
               if current_user.is_secretariat else [])
    form.set_choices(locale, tags=tags, countries=countries, members=members)
    return form


def _show(form: StoryForm, fields: dict) -> None:
    for name, messages in (fields or {}).items():
        key = name.replace("consent.guardian_consent", "guardian_consent")
        key = key.replace("consent.", "consent_").split(".")[0]
        field = getattr(form, key, None)
        target = field if field is not None and hasattr(field, "errors") else form.title
        target.errors = [*list(target.errors or []), *messages]


def _save(form: StoryForm, story: Story | None):
    """Validate and save; returns the story, or None after putting errors on the form."""
    payload = form.payload(is_secretariat=current_user.is_secretariat)
    try:
        data = StoryInputSchema().load(payload, partial=story is not None)
    except ValidationError as error:
        _show(form, flatten_fields(error.messages))
        return None
    try:
        if story is None:
            story = service.create_story(data, current_user)
        elif story.status == "published":
            from hub.blueprints.stories.corrections import CORRECTABLE, propose

            propose(story, {k: v for k, v in data.items() if k in CORRECTABLE}, current_user)
        else:
            service.update_story(story, data, current_user)
    except HubError as error:
        uow.rollback()
        if error.status in (403, 404, 409):
            raise
        _show(form, error.fields or {"title": [str(error.message)]})
        return None
    pending = len(flags.unacknowledged(story))
    if pending:
        flash(_("Saved. %(n)d detail(s) could identify someone: see the flags below.",
                n=pending), "error")
    else:
        flash(_("The story was saved."), "success")
    return story


@bp.route("/stories/new", methods=["GET", "POST"])
@login_required
def new_story():
    """Write a story (a draft for my organisation; the Secretariat chooses the member)."""
    access.require(service.can_create(current_user))
    form = _form()
    status = 200
    if request.method == "GET":
        member = current_user.member
        form.language.data = default_language(member, current_locale())
        form.country.data = member.country_code if member is not None else ""
    if form.validate_on_submit():
        story = _save(form, None)
        if story is not None:
            return redirect(url_for("stories.edit_story", story_id=story.id))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("stories/edit.html", form=form, story=None, flags=[], terms=[],
                           labels=_labels()), status


@bp.route("/stories/<int:story_id>/edit", methods=["GET", "POST"])
@login_required
def edit_story(story_id):
    """Edit a draft or a story sent back; the flags found at the last save are listed."""
    story = service.get_story(story_id, current_user)
    access.require(service.can_manage(current_user, story))
    editable = story.status in (*service.EDITABLE_STATUSES, "published")
    form = _form()
    status = 200
    if request.method == "POST":
        if not editable:
            return _render_story(story, 409, _("Only a draft or a story sent back for changes "
                                               "can be edited."))
        if form.validate_on_submit():
            if _save(form, story) is not None:
                return redirect(url_for("stories.edit_story", story_id=story.id))
            status = 422
        else:
            status = 422
    else:
        form.fill(serialise.story_dict(story, current_locale(), current_user))
    found = flags.story_flags(story)
    return render_template(
        "stories/edit.html", form=form, story=story, labels=_labels(), editable=editable,
        flags=[f for f in found if f.source == "safeguarding"],
        terms=[f for f in found if f.source == "terminology"],
        actions=workflow.allowed_actions(story, current_user, manages=True),
        problems=service.consent_problems(story),
    ), status


@bp.post("/stories/<int:story_id>/flags/<int:n>/acknowledge")
@login_required
def acknowledge_flag(story_id, n):
    """Keep a flagged detail, with a reason; back to the form."""
    story = service.get_story(story_id, current_user)
    from flask_wtf.csrf import validate_csrf

    validate_csrf(request.form.get("csrf_token"))
    try:
        service.acknowledge_flag(story, n, request.form.get("reason", ""), current_user)
    except HubError as error:
        uow.rollback()
        if error.status in (403, 404):
            raise
        message = error.message or next(iter((error.fields or {}).values()), [""])[0]
        flash(str(message), "error")
    else:
        flash(_("The flag was acknowledged."), "success")
    return redirect(url_for("stories.edit_story", story_id=story.id) + f"#flag-{n}")


@bp.post("/stories/<int:story_id>/transition")
@login_required
def transition(story_id):
    """Make a move (submit, request changes, approve, publish, reject, withdraw consent)."""
    story = service.get_story(story_id, current_user)
    from flask_wtf.csrf import validate_csrf

    validate_csrf(request.form.get("csrf_token"))
    action = request.form.get("action", "")
    try:
        workflow.transition(story, action, request.form.get("comment", ""), current_user)
    except HubError as error:
        uow.rollback()
        message = str(error.message or "")
        if error.fields:
            message = " ".join([message, *[m for ms in error.fields.values() for m in ms]])
        db.session.refresh(story)
        return _render_story(story, error.status, message.strip())
    flash(_("Done: %(action)s.", action=str(workflow.ACTION_LABELS[action]).lower()),
          "success")
    if action == "withdraw_consent" or not service.can_see(current_user, story):
        return redirect(url_for("stories.mine") if current_user.member_id
                        else url_for("stories.moderation"))
    return redirect(url_for("stories.story_page", story_id=story.id))


@bp.get("/stories/export")
@secretariat_required
def export_page():
    """The advocacy export: choose period, audience and format (Secretariat)."""
    if request.args.get("format"):
        errors = ExportQuerySchema().validate(request.args)
        if not errors:
            args = ExportQuerySchema().load(request.args)
            try:
                period = parse_period(args["period"], args["start"], args["end"],
                                      default=reporting_year(date.today()))
            except HubError as error:
                errors = error.fields or {"period": [str(error.message)]}
            else:
                return api.export_response(period, args["audience"], args["format"])
        return render_template("stories/export.html", errors=flatten_fields(errors),
                               args=request.args, labels=_labels()), 422
    return render_template("stories/export.html", errors={}, labels=_labels(),
                           args={"period": reporting_year(date.today()).id})


@bp.post("/stories/<int:story_id>/correction")
@login_required
def decide_correction(story_id):
    """A reviewer applies or refuses the correction waiting on a published story."""
    story = service.get_story(story_id, current_user)
    approve = request.form.get("decision") == "approve"
    try:
        corrections.decide(story, approve, request.form.get("comment", ""), current_user)
    except HubError as error:
        uow.rollback()
        if error.status in (403, 404):
            raise
        return _render_story(story, error.status, str(error.message or ""))
    flash(_("The correction now shows.") if approve else _("The correction was refused."),
          "success")
    return redirect(url_for("stories.story_page", story_id=story.id))
