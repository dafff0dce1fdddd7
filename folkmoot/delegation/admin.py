"""Elections, delegates' terms, recall and report-backs. Mandates and recall signatures are
evidence (mandates are only issued through delegation/mandates.py), so here they can be read
but not added, changed or deleted."""

from django.contrib import admin

from folkmoot.councils.admin import EvidenceAdmin

from .models import (
    DelegateTerm,
    Election,
    Mandate,
    RecallPetition,
    RecallSignature,
    ReportBack,
)


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["member", "seats", "substitutes", "term_starts", "term_ends", "declared_at"]
    raw_id_fields = ["member", "vote", "by_election_for"]
    readonly_fields = ["declared_at"]


@admin.register(DelegateTerm)
class DelegateTermAdmin(admin.ModelAdmin):
    list_display = ["person", "member", "substitute", "starts_on", "ends_on", "end_reason"]
    list_filter = ["substitute", "end_reason", "member__council"]
    search_fields = ["person__display_name", "person__email"]
    raw_id_fields = ["member", "election"]
    autocomplete_fields = ["person"]


@admin.register(Mandate)
class MandateAdmin(EvidenceAdmin):
    list_display = ["member", "question", "instruction", "derived", "created_at", "superseded_at"]
    list_filter = ["instruction", "derived"]


@admin.register(RecallPetition)
class RecallPetitionAdmin(admin.ModelAdmin):
    list_display = ["delegate", "status", "threshold", "opened_at", "closed_at"]
    list_filter = ["status"]
    raw_id_fields = ["delegate", "opened_by", "vote"]
    readonly_fields = ["threshold", "opened_at", "closed_at"]


@admin.register(RecallSignature)
class RecallSignatureAdmin(EvidenceAdmin):
    list_display = ["petition", "person", "signed_at"]


@admin.register(ReportBack)
class ReportBackAdmin(admin.ModelAdmin):
    list_display = ["delegate", "meeting", "filed_at"]
    raw_id_fields = ["delegate", "meeting"]
