"""Forms of the members pages (CSRF-protected by Flask-WTF). The profile form's repeated
parts (tags, social media) are plain inputs the view reads; this form carries the token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length


class ProfileForm(FlaskForm):
    pass


class InvitationForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[InputRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), choices=[SelectChoice("member", _l("Member staff")),
                                            SelectChoice("focal_point", _l("Focal point"))])


class AcceptInvitationForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[InputRequired(), Length(max=200)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class TagForm(FlaskForm):
    group = SelectField(_l("Group"), choices=[SelectChoice("manifestation", _l("Manifestation")),
                                              SelectChoice("area", _l("Area of work"))])
    label_en = StringField(_l("Label in English"), validators=[Length(max=200)])
    label_fr = StringField(_l("Label in French"), validators=[Length(max=200)])
    label_es = StringField(_l("Label in Spanish"), validators=[Length(max=200)])
    description_en = StringField(_l("Description in English"), validators=[Length(max=500)])
    description_fr = StringField(_l("Description in French"), validators=[Length(max=500)])
    description_es = StringField(_l("Description in Spanish"), validators=[Length(max=500)])
    retired = BooleanField(_l("Retired (kept on profiles, no longer offered)"))
