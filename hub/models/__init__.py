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
from hub.models.resource import (
    Resource,
    ResourceFile,
    SearchIndexChange,
    resource_country,
    resource_member,
    resource_region,
    resource_theme,
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
    "Resource",
    "ResourceFile",
    "SearchIndexChange",
    "SurvivorLedRequest",
    "Tag",
    "User",
    "member_country",
    "resource_country",
    "resource_member",
    "resource_region",
    "resource_theme",
]
