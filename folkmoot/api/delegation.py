"""Delegates and mandates in the API: who holds a seat, the instructions that bind them and the
decisions behind those instructions, every vote they cast, their report-backs and any recall.

Public, like the rest of the councils' records: a delegate appears by their public name, never
their email; a recall petition shows how many signed and how many were needed, never who signed
or who opened it; nobody who issued a mandate is named, the decision behind it is.
"""

import datetime
from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from folkmoot.delegation.models import DelegateTerm, Mandate, RecallPetition, ReportBack

# Made before api.py is imported: api.py adds this router at its end.
router = Router(tags=["delegation"])

from .api import ErrorOut, Pages  # noqa: E402
from .councils import (  # noqa: E402
    COUNCIL_REF,
    MEMBER_BODY,
    BodyOut,
    CouncilRefOut,
    SeatVoteOut,
    body_of,
    council_or_404,
    page_url,
    seat_votes,
)

NO_DELEGATE = "There is no delegate with that id."
NO_MANDATE = "There is no mandate with that id."


# --- Mandates -------------------------------------------------------------------------------


class DecisionRefOut(Schema):
    id: int
    summary: str
    decided_at: datetime.datetime
    proposal_id: int | None = Field(description="See /proposals/{proposal_id}.")
    vote_id: int | None = Field(description="See /votes/{vote_id} and its result.")


class MandateOut(Schema):
    id: int
    member_id: int = Field(
        description="The seat holding it binds (a council's member_bodies[].id)."
    )
    council: CouncilRefOut
    body: BodyOut = Field(description="The body that gave it.")
    question_id: int | None = Field(
        description="The council question it is for; empty for a standing mandate."
    )
    instruction: Literal["for", "against", "abstain", "ranking", "split", "discretion"]
    instruction_label: str
    ranking: list[str] = Field(description="For a ranking: the options, first choice first.")
    split: dict[str, int] = Field(description="For a split: seats per answer.")
    allowed: list[str] = Field(description="For discretion: the answers allowed (empty: any).")
    text: str = Field(description="The instruction in words.")
    decision: DecisionRefOut | None = Field(description="The body's decision that made it.")
    source_question_id: int | None = Field(
        description="For a council's seats above: the question referred to its own member bodies, "
        "whose decisions it was derived from."
    )
    derived: bool = Field(description="Worked out from decisions, not typed in.")
    created_at: datetime.datetime
    superseded_at: datetime.datetime | None
    in_force: bool

    @staticmethod
    def resolve_council(obj: Mandate) -> dict:
        council = obj.member.council
        return {"id": council.pk, "slug": council.slug, "name": council.name}

    @staticmethod
    def resolve_body(obj: Mandate) -> dict:
        return body_of(obj.member)

    @staticmethod
    def resolve_instruction_label(obj: Mandate) -> str:
        return str(obj.get_instruction_display())

    @staticmethod
    def resolve_in_force(obj: Mandate) -> bool:
        return obj.superseded_at is None


def _mandates() -> QuerySet[Mandate]:
    return Mandate.objects.select_related("member__council", "decision", *MEMBER_BODY).order_by(
        "-created_at", "-pk"
    )


class MandateFilters(Schema):
    in_force: bool = Field(False, description="Only the mandates in force now.")
    # Bounded like a database id: a larger number would overflow the query (a 500), not 404.
    question_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Only the mandates on this question."
    )
    standing: bool = Field(False, description="Only standing mandates (on no one question).")


@router.get(
    "/councils/{council}/mandates",
    response={200: list[MandateOut], 400: ErrorOut, 404: ErrorOut},
    summary="The mandates binding a council's seats, newest first, superseded ones too",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_mandates(request: HttpRequest, filters: Query[MandateFilters], council: str = COUNCIL_REF):
    found = _mandates().filter(member__council=council_or_404(council))
    if filters.in_force:
        found = found.filter(superseded_at__isnull=True)
    if filters.question_id is not None:
        found = found.filter(question_id=filters.question_id)
    if filters.standing:
        found = found.filter(question__isnull=True)
    return found


@router.get(
    "/mandates/{mandate_id}",
    response={200: MandateOut, 400: ErrorOut, 404: ErrorOut},
    summary="One mandate: the instruction and the decision behind it",
)
def get_mandate(request: HttpRequest, mandate_id: int):
    mandate = _mandates().filter(pk=mandate_id).first()
    if mandate is None:
        return Status(404, {"errors": {"mandate_id": [NO_MANDATE]}})
    return mandate


# --- Delegates ------------------------------------------------------------------------------


class ReportBackOut(Schema):
    id: int
    meeting_id: int
    meeting_starts_at: datetime.datetime
    text: str
    filed_at: datetime.datetime

    @staticmethod
    def resolve_meeting_starts_at(obj: ReportBack) -> datetime.datetime:
        return obj.meeting.starts_at


class RecallOut(Schema):
    id: int
    status: Literal["gathering", "voting", "recalled", "kept"]
    status_label: str
    reason: str
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    signatures: int = Field(description="How many members signed (never who).")
    threshold: int = Field(description="Signatures needed for a recall vote, fixed at opening.")
    vote_id: int | None = Field(
        description="The recall vote, once it opened: see /votes/{vote_id}."
    )

    @staticmethod
    def resolve_status_label(obj: RecallPetition) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_signatures(obj: RecallPetition) -> int:
        return obj.signature_count


class DelegateOut(Schema):
    id: int
    name: str = Field(description="The delegate's public name.")
    member_id: int = Field(description="The seat holding (a council's member_bodies[].id).")
    body: BodyOut = Field(description="The body they represent.")
    council: CouncilRefOut
    substitute: bool
    starts_on: datetime.date
    ends_on: datetime.date
    ended_at: datetime.datetime | None = Field(
        description="Set when the term ended early or ran out."
    )
    end_reason: Literal["term", "recalled", "resigned"] | None
    end_reason_label: str | None
    mandates: list[MandateOut] = Field(
        description="The body's mandates in force at some time during the term, newest first."
    )
    seat_votes: list[SeatVoteOut] = Field(description="Every vote they cast, withdrawn ones too.")
    report_backs: list[ReportBackOut] = Field(description="Newest first.")
    recall_petitions: list[RecallOut] = Field(description="Newest first.")
    url: str | None

    @staticmethod
    def resolve_name(obj: DelegateTerm) -> str:
        return obj.person.public_name

    @staticmethod
    def resolve_body(obj: DelegateTerm) -> dict:
        return body_of(obj.member)

    @staticmethod
    def resolve_council(obj: DelegateTerm) -> dict:
        council = obj.member.council
        return {"id": council.pk, "slug": council.slug, "name": council.name}

    @staticmethod
    def resolve_end_reason(obj: DelegateTerm) -> str | None:
        return obj.end_reason or None

    @staticmethod
    def resolve_end_reason_label(obj: DelegateTerm) -> str | None:
        return str(obj.get_end_reason_display()) if obj.end_reason else None

    @staticmethod
    def resolve_report_backs(obj: DelegateTerm):
        return obj.reports.all()

    @staticmethod
    def resolve_mandates(obj: DelegateTerm) -> list[Mandate]:
        return obj.term_mandates

    @staticmethod
    def resolve_url(obj: DelegateTerm) -> str | None:
        return page_url(obj)


def _term_mandates(term: DelegateTerm) -> QuerySet[Mandate]:
    """The body's mandates on that council in force at some time between the term's first day
    and its end (or now)."""
    starts = timezone.make_aware(datetime.datetime.combine(term.starts_on, datetime.time.min))
    return _mandates().filter(
        Q(superseded_at__isnull=True) | Q(superseded_at__gte=starts),
        member=term.member,
        created_at__lte=term.ended_at or timezone.now(),
    )


@router.get(
    "/delegates/{delegate_id}",
    response={200: DelegateOut, 400: ErrorOut, 404: ErrorOut},
    summary="One delegate's term: whom they represent, their mandates, every vote they cast, "
    "their report-backs and any recall",
)
def get_delegate(request: HttpRequest, delegate_id: int):
    term = (
        DelegateTerm.objects.select_related("person", "member__council", *MEMBER_BODY)
        .prefetch_related(
            Prefetch("seat_votes", queryset=seat_votes()),
            Prefetch("reports", queryset=ReportBack.objects.select_related("meeting")),
            Prefetch(
                "recall_petitions",
                queryset=RecallPetition.objects.annotate(
                    signature_count=Count("signatures")
                ).order_by("-opened_at", "-pk"),
            ),
        )
        .filter(pk=delegate_id)
        .first()
    )
    if term is None:
        return Status(404, {"errors": {"delegate_id": [NO_DELEGATE]}})
    term.term_mandates = list(_term_mandates(term))
    return term
