"""All models, imported here so Alembic and the app see the whole schema."""

from hub.models.geo import Country, Region
from hub.models.member import (
    Member,
    MemberLanguage,
    MemberSocialLink,
    MemberStatusChange,
    member_country,
)
from hub.models.profile import (
    Invitation,
    MemberReview,
    MemberRevision,
    MemberSearchEntry,
    SurvivorLedRequest,
)
from hub.models.tag import MemberTag, Tag
from hub.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "Country",
    "Invitation",
    "Member",
    "MemberLanguage",
    "MemberReview",
    "MemberRevision",
    "MemberSearchEntry",
    "MemberSocialLink",
    "MemberStatusChange",
    "MemberTag",
    "Region",
    "SurvivorLedRequest",
    "Tag",
    "User",
    "member_country",
]
