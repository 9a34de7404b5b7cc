"""Writing and sending the digests that are due (`flask --app hub digests send`, and the
jobs worker every ten minutes).

`send_due(now)` is the whole run. It owns its transactions, one per batch of people, as a
request does: each person's window is recorded (unique per person and window end) and their
mail queued in the same transaction, and the mail leaves (through the jobs worker, which
retries it) only once that commits, so a second run, or a concurrent one, never sends the
same window again. A mail that cannot be written leaves its window unrecorded for the next
run. Nothing goes to deactivated people or to staff of a member that is not active.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from hub import jobs, uow
from hub.blueprints.follows import digest as digests
from hub.blueprints.follows import links
from hub.extensions import db
from hub.mail import send_mail
from hub.models import DigestSend, Follow, Member, NotificationPreference, SavedSearch, User
from hub.models.base import utcnow

log = logging.getLogger(__name__)
MAX_BYTES = 50 * 1024
JOB = "digests.send_due"


@dataclass
class RunReport:
    sent: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    sizes: list[int] = field(default_factory=list)


def render(d: digests.Digest, *, send_id: int | None, locale: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a digest in `locale`, under 50 KB together (groups
    are shortened, then dropped, with a link to the rest, when they would not fit)."""
    from hub.blueprints.follows import service

    with force_locale(locale):
        groups = list(d.groups)
        while True:
            context = _context(d, groups, send_id, locale, service)
            text = render_template("follows/digest_mail.txt", **context)
            html = render_template("follows/digest_mail.html", **context)
            if len(text.encode()) + len(html.encode()) < MAX_BYTES - 4096 or not groups:
                break
            # Too long for a mail: keep the first groups, and say how much more there is.
            last = groups[-1]
            if len(last.items) > 1:
                keep = len(last.items) // 2
                groups[-1] = digests.Group(last.follow, last.items[:keep],
                                           last.more + len(last.items) - keep)
            else:
                groups.pop()
        total = d.total
        if d.cadence == "daily":
            subject = ngettext("Your daily Hub digest: %(num)d new item",
                               "Your daily Hub digest: %(num)d new items", total)
        else:
            subject = ngettext("Your weekly Hub digest: %(num)d new item",
                               "Your weekly Hub digest: %(num)d new items", total)
    return str(subject), text, html


KIND_LABELS = {
    "tag": lambda: _("Theme"),
    "region": lambda: _("Region"),
    "member": lambda: _("Member"),
    "search": lambda: _("Saved search"),
}
ITEM_LABELS = {
    "resource": lambda: _("Library"),
    "story": lambda: _("Story"),
    "activity": lambda: _("Activity"),
    "profile": lambda: _("Profile updated"),
}


def _more_url(f: Follow, click):
    if f.kind == "tag":
        return links.public_url("/library", click=click, theme=f.tag.slug, sort="newest")
    if f.kind == "region":
        return links.public_url("/library", click=click, region=f.region_code, sort="newest")
    if f.kind == "member":
        return links.public_url(f"/members/{f.member.slug}", click=click)
    params = dict(f.saved_search.query or {})
    params.setdefault("sort", "newest")
    return links.public_url("/library", click=click, **params)


def _context(d, groups, send_id, locale, service) -> dict:
    click = links.click_token(send_id) if send_id is not None else None
    kinds = {k: str(label()) for k, label in KIND_LABELS.items()}
    items = {k: str(label()) for k, label in ITEM_LABELS.items()}
    return {
        "digest": d,
        "groups": [{
            "kind": kinds[g.follow.kind],
            "label": service.follow_label(g.follow, locale),
            "more": g.more,
            "more_url": _more_url(g.follow, click),
            "entries": [{"kind": items[i.kind], "title": i.title or "—",
                         "url": links.public_url(i.path, click=click), "language": i.language,
                         "note": i.note} for i in g.items],
        } for g in groups],
        "locale": locale,
        "start": d.start, "end": d.end,
        "unsubscribe_url": links.public_url(
            f"/digest/unsubscribe/{links.unsubscribe_token(d.user.id)}"),
        "preferences_url": links.public_url("/account", click=click),
        "follows_url": links.public_url("/account/follows", click=click),
    }


def deliver(d: digests.Digest, send: DigestSend, locale: str) -> int:
    """Queue one digest's mail (sent once the transaction commits), with RFC 8058 one-click
    unsubscribe headers; returns its size."""
    subject, text, html = render(d, send_id=send.id, locale=locale)
    unsubscribe = links.public_url(f"/digest/unsubscribe/{links.unsubscribe_token(d.user.id)}")
    send_mail(d.user.email, subject, text, html=html, after_commit=True, headers={
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    })
    return len(text.encode()) + len(html.encode())


def _locale_of(user) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def send_due(now: datetime | None = None, *, batch_size: int = 500,
             progress=None) -> RunReport:
    """Send every digest due at `now` (default: the current time, UTC); `progress(report)`
    is called after each batch of people."""
    from hub.blueprints.follows import service

    now = now or utcnow()
    report = RunReport()
    session = db.session()
    # The run reads what is new once and commits once per person: keep what it read.
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        _run(now, report, service, batch_size, progress)
    finally:
        session.expire_on_commit = expire
    return report


def _run(now: datetime, report: RunReport, service, batch_size: int, progress) -> None:
    last_id = 0
    content_cache: dict[tuple, digests.Content] = {}
    while True:
        people = list(db.session.scalars(
            digests.recipients_query().where(User.id > last_id).limit(batch_size)
            .options(so.selectinload(User.member).selectinload(Member.language_links))))
        if not people:
            break
        last_id = people[-1].id
        ids = [p.id for p in people]
        prefs = {p.user_id: p for p in db.session.scalars(
            sa.select(NotificationPreference).where(NotificationPreference.user_id.in_(ids)))}
        searches = defaultdict(list)
        for s in db.session.scalars(sa.select(SavedSearch).where(SavedSearch.user_id.in_(ids))):
            searches[s.user_id].append(s)
        follows = defaultdict(list)
        for f in db.session.scalars(
                sa.select(Follow).where(Follow.user_id.in_(ids))
                .options(so.joinedload(Follow.tag), so.joinedload(Follow.member),
                         so.joinedload(Follow.saved_search))):
            follows[f.user_id].append(f)
        last_ends = digests.last_window_ends(ids)

        due = []
        for person in people:
            preference = prefs.get(person.id) or service.preferences_of(person)
            cadence = service.mail_cadence(preference, searches[person.id])
            window = digests.due_window(person, preference, cadence, last_ends.get(person.id),
                                        now)
            if window is None:
                report.skipped += 1
                continue
            due.append((person, cadence, window))
        if due:
            start = min(w[0] for _, _, w in due)
            end = max(w[1] for _, _, w in due)
            content = content_cache.get((start, end))
            if content is None:
                content_cache.clear()
                content = content_cache[(start, end)] = digests.load_content(start, end)
            composed = [(person, digests.compose(
                person, follows[person.id], content, w_start, w_end, cadence,
                digests.person_languages(person))) for person, cadence, (w_start, w_end) in due]
            _send_batch(composed, report)
        db.session.expunge_all()
        if progress is not None:
            progress(report)


def _record(person, d: digests.Digest) -> DigestSend:
    send = DigestSend(user_id=person.id, member_id=person.member_id, cadence=d.cadence,
                      window_start=d.start, window_end=d.end, item_count=d.total,
                      status="sent" if d.groups else "empty", sent_at=utcnow())
    db.session.add(send)
    return send


def _queue(person, d: digests.Digest, send: DigestSend) -> bool:
    """Write the person's mail and queue it for after the commit; False if it could not be
    written (the window is then not recorded, so the next run tries again)."""
    if not d.groups:
        return True
    try:
        db.session.flush()  # the row's id goes into the digest's links
        send.size = deliver(d, send, _locale_of(person))
    except Exception:
        log.exception("Digest for user %s not written", person.id)
        db.session.delete(send)
        return False
    return True


def _try(composed: list) -> list | None:
    """Record and queue a batch in one transaction; None when a window was already recorded
    (by a concurrent run): then nothing of the batch is kept, its mails included."""
    results = []
    try:
        with uow.transaction():
            for person, d in composed:
                send = _record(person, d)
                results.append((d, send if _queue(person, d, send) else None))
    except IntegrityError:
        return None
    return results


def _send_batch(composed: list, report: RunReport) -> None:
    """The batch in one transaction; if another run got there first, person by person, and
    each window already recorded is left to the run that recorded it."""
    results = _try(composed)
    if results is None:
        results = []
        for pair in composed:
            one = _try([pair])
            if one is None:
                report.skipped += 1
            else:
                results += one
    for d, send in results:
        if send is None:
            report.failed += 1
        elif d.groups:
            report.sent += 1
            report.sizes.append(send.size)
        else:
            report.empty += 1


@jobs.periodic(JOB, minute="*/10")
def send_due_digests() -> None:
    """Every ten minutes, in the worker: send the digests that are due (usually none)."""
    report = send_due()
    if report.sent or report.failed:
        log.info("digests: %d sent, %d empty, %d failed", report.sent, report.empty,
                 report.failed)
