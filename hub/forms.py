"""Form pieces shared by the features' Flask-WTF forms."""

from wtforms import SelectMultipleField, widgets

# The content languages offered in forms (the API accepts every ISO 639-1 code the hub knows).
FORM_LANGUAGES = ("en", "fr", "es", "pt", "ru", "ar", "th", "de", "it", "nl")


class CheckboxesField(SelectMultipleField):
    """A multiple choice drawn as a list of checkboxes (usable without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
