"""Issue 12: notices and mails name no story; withdrawal erases the story's saved mails."""

from email import message_from_bytes

from hub.extensions import db
from hub.models import Notification

TITLE = "The girl from Lamu harbour"
COMMENT = "Remove the name of the island."


def _mails(data_dir):
    folder = data_dir / "mail"
    return {p.name: message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))}


def _text(message):
    return f"{message['Subject']}\n{message.get_payload(decode=True).decode('utf-8')}"


def test_every_recipient_gets_a_neutral_subject_and_a_link(
        app, make_user, create_story, move, reviewers, data_dir):
    focal = make_user("focal_point", locale="fr")
    writer = make_user("member", member_id=focal.member_id, locale="es")
    story = create_story(writer, title=TITLE)
    move(writer, story["id"], "submit", COMMENT)
    move(reviewers[0], story["id"], "request_changes", COMMENT)
    mails = _mails(data_dir)
    recipients = {m["To"] for m in mails.values()}
    assert {focal.email, writer.email, reviewers[0].email, reviewers[1].email} <= recipients
    for message in mails.values():
        text = _text(message)
        assert TITLE not in text and "Lamu" not in text and COMMENT not in text
        assert f"http://hub.test/stories/{story['id']}" in text
    to_focal = next(m for m in mails.values() if m["To"] == focal.email)
    assert "histoire" in to_focal["Subject"].lower()  # in the recipient's language
    with app.app_context():
        assert all(n.title == "" for n in db.session.query(Notification))


def test_withdrawal_erases_the_storys_saved_mails_only(
        app, make_user, bring_to, move, data_dir, as_):
    writer = make_user("member")
    kept = bring_to(writer, "approved", title="Another story")
    withdrawn = bring_to(writer, "published", title=TITLE)
    before = _mails(data_dir)
    about = [n for n, m in before.items() if f"/stories/{withdrawn}" in _text(m)]
    assert about  # the submission, approval and publication notices
    response = move(writer, withdrawn, "withdraw_consent", "The survivor asked us to.")
    assert response.status_code == 200
    after = _mails(data_dir)
    assert not any(f"/stories/{withdrawn}" in _text(m) for m in after.values())
    assert any(f"/stories/{kept}" in _text(m) for m in after.values())
    assert set(after) == set(before) - set(about)
    for person in (writer,):
        home = as_(person).get("/").get_data(as_text=True)
        assert TITLE not in home
