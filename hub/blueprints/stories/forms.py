"""The story form; its data goes through the API's schema and the same service."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from hub.blueprints.stories import service
from hub.forms import FORM_LANGUAGES, CheckboxesField
from hub.reference.languages import language_name


class StoryForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    # A story runs to several paragraphs: the box shows a screenful, not two lines.
    body = TextAreaField(_l("The story"), validators=[Length(max=100_000)],
                         render_kw={"rows": 18})
    language = SelectField(_l("Language of the story"))
    country = SelectField(_l("Country"), validators=[Optional()])
    themes = CheckboxesField(_l("Themes"))
    audiences = CheckboxesField(_l("Intended audiences"))
    storyteller = SelectField(_l("Who tells it"))
    member = SelectField(_l("Member organisation"), validators=[Optional()])
    consent_obtained = BooleanField(_l("Informed consent was obtained"))
    consent_given_by = StringField(_l("Consent given by (a role, never a name)"),
                                   validators=[Length(max=60)])
    consent_obtained_on = DateField(_l("Date consent was obtained"), validators=[Optional()])
    consent_audiences = CheckboxesField(_l("Audiences consented to"))
    guardian_consent = BooleanField(_l("A parent or guardian also consented"))

    def set_choices(self, locale: str, *, tags, countries, members) -> None:
        self.language.choices = [(c, language_name(c, locale)) for c in FORM_LANGUAGES]
        self.country.choices = [("", "—"), *countries]
        self.themes.choices = [(t.slug, t.label(locale)) for t in tags]
        self.audiences.choices = service.audience_choices()
        self.consent_audiences.choices = service.audience_choices()
        self.storyteller.choices = service.teller_choices()
        self.member.choices = [(str(m.id), m.name) for m in members]

    def fill(self, data: dict) -> None:
        for key in ("title", "body", "language", "themes", "audiences", "storyteller"):
            getattr(self, key).data = data[key]
        self.country.data = data["country"] or ""
        self.member.data = str(data["member"])
        consent = data.get("consent") or {}
        self.consent_obtained.data = consent.get("obtained")
        self.consent_given_by.data = consent.get("given_by") or ""
        self.consent_obtained_on.data = consent.get("obtained_on")
        self.consent_audiences.data = consent.get("audiences") or []
        self.guardian_consent.data = consent.get("guardian_consent")

    def payload(self, *, is_secretariat: bool) -> dict:
        """The API-shaped dict of what was submitted."""
        data = {
            "title": self.title.data or "", "body": self.body.data or "",
            "language": self.language.data, "country": self.country.data or None,
            "themes": self.themes.data or [], "audiences": self.audiences.data or [],
            "storyteller": self.storyteller.data,
            "consent": {
                "obtained": bool(self.consent_obtained.data),
                "given_by": (self.consent_given_by.data or "").strip() or None,
                "obtained_on": (self.consent_obtained_on.data.isoformat()
                                if self.consent_obtained_on.data else None),
                "audiences": self.consent_audiences.data or [],
                "guardian_consent": bool(self.guardian_consent.data),
            },
        }
        if is_secretariat and self.member.data:
            data["member"] = self.member.data
        return data
