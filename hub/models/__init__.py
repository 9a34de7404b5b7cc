"""All models, imported here so Alembic and the app see the whole schema."""

from hub.models.geo import Country, Region
from hub.models.member import (
    Member,
    MemberLanguage,
    MemberSocialLink,
    MemberStatusChange,
    member_country,
)
from hub.models.tag import MemberTag, Tag
from hub.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "Country",
    "Member",
    "MemberLanguage",
    "MemberSocialLink",
    "MemberStatusChange",
    "MemberTag",
    "Region",
    "Tag",
    "User",
    "member_country",
]
