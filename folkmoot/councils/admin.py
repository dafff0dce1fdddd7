"""Network organisers set councils up here: levels, councils, member bodies and their seats,
competences and meetings. Questions and referrals are run from the council pages; seat votes
are evidence and are never changed here."""

from django.contrib import admin

from .models import (
    Competence,
    Council,
    CouncilMeeting,
    CouncilMember,
    Level,
    Question,
    Referral,
    SeatVote,
)


class EvidenceAdmin(admin.ModelAdmin):
    """Read-only: the record shows what was done; nobody edits or deletes it."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["rank", "name"]
    list_display_links = ["name"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    fk_name = "council"
    extra = 1
    autocomplete_fields = ["assembly", "member_council"]


class CompetenceInline(admin.TabularInline):
    model = Competence
    extra = 1


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "theme", "area", "result_rule", "only_legitimate_vote"]
    list_filter = ["level", "theme", "result_rule"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["area", "conveners"]
    inlines = [CouncilMemberInline, CompetenceInline]


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    list_display = ["council", "assembly", "member_council", "seats"]
    list_filter = ["council"]
    search_fields = ["council__name", "assembly__name", "member_council__name"]
    autocomplete_fields = ["council", "assembly", "member_council"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["matter", "council", "granted"]
    list_filter = ["council"]
    search_fields = ["matter"]


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(admin.ModelAdmin):
    list_display = ["council", "starts_at", "place"]
    list_filter = ["council"]
    date_hierarchy = "starts_at"


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """The result is computed from the seat votes, never typed in."""

    list_display = ["title", "council", "kind", "status", "deadline", "decided_at"]
    list_filter = ["status", "kind", "council"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "competence", "parent", "raised_by"]
    readonly_fields = [
        "status",
        "result",
        "referred_at",
        "voting_opened_at",
        "decided_at",
        "created_at",
    ]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["question", "member", "status", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["question", "member", "proposal", "child_question"]
    readonly_fields = ["outcome", "decided_at"]


@admin.register(SeatVote)
class SeatVoteAdmin(EvidenceAdmin):
    list_display = ["question", "member", "delegate", "answer", "cast_at", "withdrawn_at"]
    list_filter = ["question__council"]
