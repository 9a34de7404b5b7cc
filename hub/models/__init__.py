"""All models, imported here so Alembic and the app see the whole schema."""

from hub.models.activity import (
    Activity,
    ActivityChange,
    ActivityParticipation,
    activity_resource,
    activity_theme,
)
from hub.models.audit import AuditEntry
from hub.models.follow import (
    DigestSend,
    FeedToken,
    Follow,
    NotificationPreference,
    SavedSearch,
)
from hub.models.geo import Country, Region
from hub.models.indicator import IndicatorDefinition
from hub.models.indicator_target import IndicatorSignoff, IndicatorTarget
from hub.models.job import JobFailure
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
from hub.models.reminder import Reminder
from hub.models.resource import (
    Resource,
    ResourceFile,
    SearchIndexChange,
    resource_country,
    resource_member,
    resource_region,
    resource_theme,
)
from hub.models.story import (
    Notification,
    Story,
    StoryAudience,
    StoryFlag,
    StoryTransition,
    story_theme,
)
from hub.models.tag import MemberTag, Tag
from hub.models.usage import UsageEvent, UsageMonthly
from hub.models.user import ApiToken, User

__all__ = [
    "Activity",
    "ActivityChange",
    "ActivityParticipation",
    "ApiToken",
    "AuditEntry",
    "Country",
    "DigestSend",
    "FeedToken",
    "Follow",
    "IndicatorDefinition",
    "IndicatorSignoff",
    "IndicatorTarget",
    "Invitation",
    "JobFailure",
    "Member",
    "MemberLanguage",
    "MemberReview",
    "MemberRevision",
    "MemberSearchEntry",
    "MemberSocialLink",
    "MemberStatusChange",
    "MemberTag",
    "Notification",
    "NotificationPreference",
    "Region",
    "Reminder",
    "Resource",
    "ResourceFile",
    "SavedSearch",
    "SearchIndexChange",
    "Story",
    "StoryAudience",
    "StoryFlag",
    "StoryTransition",
    "SurvivorLedRequest",
    "Tag",
    "UsageEvent",
    "UsageMonthly",
    "User",
    "activity_resource",
    "activity_theme",
    "member_country",
    "resource_country",
    "resource_member",
    "resource_region",
    "resource_theme",
    "story_theme",
]
