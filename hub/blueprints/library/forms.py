"""The upload and edit form; its data goes through the API's schema and the same service."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from hub.blueprints.library.service import TYPE_LABELS, VISIBILITY_LABELS
from hub.forms import FORM_LANGUAGES, CheckboxesField
from hub.reference.languages import language_name


class ResourceForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=500)])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=20_000)],
                            render_kw={"rows": 5})
    body = TextAreaField(_l("Text"), validators=[Length(max=2_000_000)],
                         render_kw={"rows": 14})
    file = FileField(_l("File (PDF, DOCX, ODT or TXT)"))
    language = SelectField(_l("Language of the content"))
    type = SelectField(_l("Type"))
    themes = CheckboxesField(_l("Themes"))
    countries = StringField(_l("Countries covered (ISO codes, comma-separated)"),
                            validators=[Length(max=2000)])
    regions = CheckboxesField(_l("Regions covered"))
    published_on = DateField(_l("Publication date"), validators=[Optional()])
    organisations = CheckboxesField(_l("Authoring members"), coerce=int)
    secretariat_coauthored = BooleanField(_l("Co-authored by the Secretariat"))
    url = StringField(_l("External link"), validators=[Length(max=500)])
    visibility = SelectField(_l("Who may see it"))
    translation_of = StringField(_l("Translation of resource number"),
                                 validators=[Optional(), Length(max=12)])

    def set_choices(self, locale: str, choices: dict, *, creating: bool) -> None:
        detect = [("", _l("Detect from the text"))] if creating else []
        self.language.choices = detect + [(c, language_name(c, locale)) for c in FORM_LANGUAGES]
        self.type.choices = [(k, v) for k, v in TYPE_LABELS.items()]
        self.visibility.choices = [(k, v) for k, v in VISIBILITY_LABELS.items()]
        self.themes.choices = [(t.slug, t.label(locale)) for t in choices["tags"]]
        from hub.reference.names import region_name

        self.regions.choices = [(r.code, region_name(r.code, locale)) for r in choices["regions"]]
        self.organisations.choices = [(m.id, m.name) for m in choices["members"]]

    def payload(self, *, is_secretariat: bool) -> dict:
        """The API-shaped dict of what was submitted."""
        data = {
            "title": self.title.data or "", "summary": self.summary.data or "",
            "body": self.body.data or "", "type": self.type.data,
            "themes": self.themes.data or [], "regions": self.regions.data or [],
            "countries": [c.strip() for c in (self.countries.data or "").split(",") if c.strip()],
            "published_on": self.published_on.data.isoformat() if self.published_on.data else None,
            "url": (self.url.data or "").strip() or None, "visibility": self.visibility.data,
            "organisations": self.organisations.data or [],
        }
        if self.language.data:
            data["language"] = self.language.data
        if is_secretariat:
            data["secretariat_coauthored"] = bool(self.secretariat_coauthored.data)
        ref = (self.translation_of.data or "").strip()
        data["translation_of"] = ref or None
        return data
