"""Form pieces shared by the features' Flask-WTF forms."""

from wtforms import SelectMultipleField, widgets

# The content languages offered in forms (the API accepts every ISO 639-1 code the hub knows).
FORM_LANGUAGES = ("en", "fr", "es", "pt", "ru", "ar", "th", "de", "it", "nl")


def default_language(member, locale: str) -> str:
    """The content language a new story or resource starts with: the organisation's first
    working language the form offers, else the reader's UI language."""
    for code in (member.languages if member is not None else None) or []:
        if code in FORM_LANGUAGES:
            return code
    return locale


class CheckboxesField(SelectMultipleField):
    """A multiple choice drawn as a list of checkboxes (usable without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
