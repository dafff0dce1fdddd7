"""Councils in the API: councils and their seats, the questions on their agendas, the referrals
down to the member bodies, the seats' votes, results and the trace of each result.

All of it is a public accountability record, the same for anyone, signed in or not. Delegates
appear by their public name only, never by email; raisers of questions and conveners are not
named. Delegates and mandates are in ``delegation.py``, which uses the shapes defined here.
"""

import datetime
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Least
from django.http import HttpRequest
from django.urls import NoReverseMatch
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from folkmoot.councils.models import (
    Competence,
    Council,
    CouncilMember,
    Question,
    Referral,
    SeatVote,
)
from folkmoot.councils.trace import trace
from folkmoot.decisions.models import Proposal
from folkmoot.delegation.models import DelegateTerm
from folkmoot.legitimacy.services import verdicts_for

# Made before api.py is imported: api.py adds this router at its end.
router = Router(tags=["councils"])

from .api import AreaOut, ErrorOut, Pages, ThemeOut  # noqa: E402
from .meetings import NotFound  # noqa: E402

NO_COUNCIL = "There is no council with that id or short name."
NO_QUESTION = "There is no council question with that id."
Legitimacy = Literal["legitimate", "not_yet", "needs_data"]


def page_url(obj) -> str | None:
    """The object's page on the site; empty while the site has no such page."""
    try:
        return settings.SITE_URL + obj.get_absolute_url()
    except NoReverseMatch:
        return None


# --- Shapes shared with delegation.py ---------------------------------------------------------


class BodyOut(Schema):
    kind: Literal["assembly", "council"]
    id: int = Field(
        description="The assembly's id (see /assemblies/{assembly_id}) or the council's."
    )
    slug: str
    name: str


def body_of(member: CouncilMember) -> dict:
    """A member body as the API names it (``member`` with its assembly or council joined)."""
    body = member.body
    kind = "assembly" if member.assembly_id else "council"
    return {"kind": kind, "id": body.pk, "slug": body.slug, "name": body.name}


MEMBER_BODY = ("member__assembly", "member__member_council")


class CouncilRefOut(Schema):
    id: int
    slug: str
    name: str


class SeatVoteOut(Schema):
    id: int
    question_id: int
    question_title: str
    member_id: int = Field(description="The member body's seat holding (member_bodies[].id).")
    body: BodyOut
    delegate_id: int = Field(description="See /delegates/{delegate_id}.")
    delegate_name: str = Field(description="The delegate's public name.")
    answer: Literal["for", "against", "abstain"] | None = Field(
        description="For a for-or-against question; empty for a ranking."
    )
    ranking: list[str] = Field(description="For a ranking question: options, first choice first.")
    mandate_id: int | None = Field(
        description="The mandate it was cast under (see /mandates/{mandate_id}); empty when there "
        "was none and the seat abstained or used the standing mandate's discretion."
    )
    cast_at: datetime.datetime
    counts: bool = Field(description="False once withdrawn (the delegate was recalled).")
    withdrawn_at: datetime.datetime | None
    withdrawn_reason: str

    @staticmethod
    def resolve_question_title(obj: SeatVote) -> str:
        return obj.question.title

    @staticmethod
    def resolve_body(obj: SeatVote) -> dict:
        return body_of(obj.member)

    @staticmethod
    def resolve_delegate_name(obj: SeatVote) -> str:
        return obj.delegate.person.public_name

    @staticmethod
    def resolve_answer(obj: SeatVote) -> str | None:
        return obj.answer or None

    @staticmethod
    def resolve_counts(obj: SeatVote) -> bool:
        return obj.withdrawn_at is None


def seat_votes() -> QuerySet[SeatVote]:
    """Seat votes with everything SeatVoteOut shows, in one query."""
    return SeatVote.objects.select_related("question", "delegate__person", *MEMBER_BODY).order_by(
        "cast_at", "pk"
    )


# --- Councils -------------------------------------------------------------------------------


class LevelOut(Schema):
    name: str
    rank: int = Field(description="1 for the level just above the assemblies.")


class CouncilOut(Schema):
    id: int
    slug: str
    name: str
    level: LevelOut
    theme: ThemeOut | None
    area: AreaOut | None
    result_rule: Literal["seats", "bodies", "residents", "double", "consensus"]
    result_rule_label: str
    cascade_rule: Literal["majority", "proportional"] = Field(
        description="How its own delegates to the council above are mandated on a question "
        "referred down from there."
    )
    cascade_rule_label: str
    only_legitimate_vote: bool = Field(
        description="Whether only delegates of legitimate assemblies vote."
    )
    member_count: int = Field(description="Its member bodies: assemblies or councils below.")
    seats: int = Field(description="All its member bodies' seats.")
    seats_filled: int = Field(description="Seats held by a delegate now (not substitutes).")
    url: str | None

    @staticmethod
    def resolve_area(obj: Council) -> dict | None:
        if obj.area is None:
            return None
        return {
            "name": obj.area.name,
            "slug": obj.area.slug,
            "kind": obj.area.kind,
            "postcodes": [p.prefix for p in obj.area.postcodes.all()],
        }

    @staticmethod
    def resolve_result_rule_label(obj: Council) -> str:
        return str(obj.get_result_rule_display())

    @staticmethod
    def resolve_cascade_rule_label(obj: Council) -> str:
        return str(obj.get_cascade_rule_display())

    @staticmethod
    def resolve_member_count(obj: Council) -> int:
        return obj.body_count

    @staticmethod
    def resolve_seats(obj: Council) -> int:
        return obj.seat_count

    @staticmethod
    def resolve_seats_filled(obj: Council) -> int:
        return obj.filled_count

    @staticmethod
    def resolve_url(obj: Council) -> str | None:
        return page_url(obj)


class CompetenceOut(Schema):
    matter: str
    granted: str = Field(description="How the member bodies delegated it.")


class HolderOut(Schema):
    id: int = Field(description="The delegate's id: see /delegates/{delegate_id}.")
    name: str = Field(description="The delegate's public name.")
    since: datetime.date
    until: datetime.date
    substitute: bool


class MemberBodyOut(Schema):
    id: int = Field(description="This seat holding's id: mandates and referrals name it member_id.")
    body: BodyOut
    seats: int
    holders: list[HolderOut] = Field(description="Delegates now, then substitutes.")
    vacancies: int = Field(description="Seats with no delegate now.")
    legitimacy: Legitimacy | None = Field(
        description="For an assembly, as /assemblies/{assembly_id}/legitimacy; empty for a council."
    )


class CouncilDetailOut(CouncilOut):
    about: str
    competences: list[CompetenceOut] = Field(
        description="Matters its member bodies delegated to it; anything else is referred down."
    )
    member_bodies: list[MemberBodyOut]
    sits_on: list[CouncilRefOut] = Field(description="The councils above it sends delegates to.")

    @staticmethod
    def resolve_member_bodies(obj: Council) -> list[dict]:
        rows = []
        for member in obj.members.all():
            holders = member.current_terms
            sitting = sum(1 for term in holders if not term.substitute)
            rows.append(
                {
                    "id": member.pk,
                    "body": body_of(member),
                    "seats": member.seats,
                    "holders": [
                        {
                            "id": term.pk,
                            "name": term.person.public_name,
                            "since": term.starts_on,
                            "until": term.ends_on,
                            "substitute": term.substitute,
                        }
                        for term in holders
                    ],
                    "vacancies": max(member.seats - sitting, 0),
                    "legitimacy": (
                        str(obj.verdicts[member.assembly_id]) if member.assembly_id else None
                    ),
                }
            )
        return rows

    @staticmethod
    def resolve_sits_on(obj: Council) -> list[dict]:
        return [
            {"id": seat.council.pk, "slug": seat.council.slug, "name": seat.council.name}
            for seat in obj.seats_above.all()
        ]


def _councils() -> QuerySet[Council]:
    """Councils with their counts annotated (subqueries: no join multiplies another). A member
    body fills at most its own seats, however many delegates it has at a changeover."""
    bodies = CouncilMember.objects.filter(council=OuterRef("pk")).order_by().values("council")
    sitting = (
        DelegateTerm.objects.filter(member=OuterRef("pk"), ended_at__isnull=True, substitute=False)
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    filled = Sum(Least("seats", Coalesce(Subquery(sitting), 0)))
    return (
        Council.objects.select_related("level", "theme", "area")
        .prefetch_related("area__postcodes")
        .annotate(
            body_count=Coalesce(Subquery(bodies.annotate(n=Count("pk")).values("n")), 0),
            seat_count=Coalesce(Subquery(bodies.annotate(n=Sum("seats")).values("n")), 0),
            filled_count=Coalesce(Subquery(bodies.annotate(n=filled).values("n")), 0),
        )
    )


def council_or_404(ref: str, councils: QuerySet[Council] | None = None) -> Council:
    """The council named by its id or its short name (an id wins when both could match)."""
    councils = Council.objects.all() if councils is None else councils
    found = None
    if ref.isascii() and ref.isdigit():
        found = councils.filter(pk=int(ref)).first()
    found = found or councils.filter(slug=ref).first()
    if found is None:
        raise NotFound("council", NO_COUNCIL)
    return found


COUNCIL_REF = Path(..., description="The council's id or its short name (slug).")


@router.get(
    "/councils",
    response={200: list[CouncilOut], 400: ErrorOut},
    summary="List councils, lowest level first",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_councils(request: HttpRequest):
    return _councils().order_by("level__rank", "name", "pk")


@router.get(
    "/councils/{council}",
    response={200: CouncilDetailOut, 404: ErrorOut},
    summary="One council: its competences, member bodies, seats, who holds them and vacancies",
)
def get_council(request: HttpRequest, council: str = COUNCIL_REF):
    terms = DelegateTerm.objects.filter(ended_at__isnull=True).select_related("person")
    found = council_or_404(
        council,
        _councils().prefetch_related(
            Prefetch("competences", queryset=Competence.objects.order_by("matter")),
            Prefetch(
                "members",
                queryset=CouncilMember.objects.select_related("assembly", "member_council")
                .prefetch_related(
                    Prefetch(
                        "delegate_terms",
                        queryset=terms.order_by("substitute", "starts_on", "pk"),
                        to_attr="current_terms",
                    )
                )
                .order_by("pk"),
            ),
            Prefetch("seats_above", queryset=CouncilMember.objects.select_related("council")),
        ),
    )
    found.verdicts = verdicts_for([m.assembly for m in found.members.all() if m.assembly_id])
    return found


# --- Questions, referrals, results --------------------------------------------------------------

QuestionStatus = Literal["draft", "referred", "voting", "decided"]


class QuestionOut(Schema):
    id: int
    council: CouncilRefOut
    title: str
    kind: Literal["yes_no", "ranking"]
    status: QuestionStatus
    status_label: str
    competence: CompetenceOut | None = Field(
        description="The competence it falls within; empty when it must be referred down."
    )
    parent_id: int | None = Field(
        description="The question of the council above that was referred down as this one."
    )
    meeting_id: int | None
    deadline: datetime.datetime | None = Field(description="Member bodies decide by then.")
    referred_at: datetime.datetime | None
    voting_opened_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    created_at: datetime.datetime
    url: str | None

    @staticmethod
    def resolve_council(obj: Question) -> dict:
        return {"id": obj.council.pk, "slug": obj.council.slug, "name": obj.council.name}

    @staticmethod
    def resolve_status_label(obj: Question) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_url(obj: Question) -> str | None:
        return page_url(obj)


class ReferralOut(Schema):
    id: int
    member_id: int
    body: BodyOut
    status: Literal["pending", "decided", "missed"]
    status_label: str
    decided_at: datetime.datetime | None
    outcome: Any = Field(description="What the body decided: an answer, a ranking or a split.")
    proposal_id: int | None = Field(
        description="For an assembly: the proposal on its agenda (see /proposals/{proposal_id})."
    )
    child_question_id: int | None = Field(
        description="For a council below: its own question (see /council-questions/{question_id})."
    )

    @staticmethod
    def resolve_body(obj: Referral) -> dict:
        return body_of(obj.member)

    @staticmethod
    def resolve_status_label(obj: Referral) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_proposal_id(obj: Referral) -> int | None:
        # As in /proposals: a draft is nobody's business yet.
        if obj.proposal_id and obj.proposal.status == Proposal.Status.DRAFT:
            return None
        return obj.proposal_id


class QuestionDetailOut(QuestionOut):
    text: str
    options: list[str] = Field(description="For a ranking question: the options to rank.")
    referrals: list[ReferralOut] = Field(description="One per member body it was sent down to.")
    seat_votes: list[SeatVoteOut] = Field(description="Every seat's vote, withdrawn ones too.")
    result: dict[str, Any] | None = Field(
        description="Set once decided. How it came about: /council-questions/{question_id}/trace."
    )


class QuestionFilters(Schema):
    status: QuestionStatus | None = Field(None, description="Only questions in this state.")


def _questions() -> QuerySet[Question]:
    return Question.objects.select_related("council", "competence")


@router.get(
    "/councils/{council}/questions",
    response={200: list[QuestionOut], 400: ErrorOut, 404: ErrorOut},
    summary="The questions on a council's agenda, newest first",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_questions(
    request: HttpRequest, filters: Query[QuestionFilters], council: str = COUNCIL_REF
):
    found = _questions().filter(council=council_or_404(council))
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-created_at", "-pk")


@router.get(
    "/council-questions/{question_id}",
    response={200: QuestionDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One council question: its referrals to the member bodies, the seats' votes and "
    "the result",
)
def get_question(request: HttpRequest, question_id: int):
    question = (
        _questions()
        .prefetch_related(
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("proposal", *MEMBER_BODY).order_by("pk"),
            ),
            Prefetch("seat_votes", queryset=seat_votes()),
        )
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        return Status(404, {"errors": {"question_id": [NO_QUESTION]}})
    return question


@router.get(
    "/council-questions/{question_id}/trace",
    response={200: dict[str, Any], 400: ErrorOut, 404: ErrorOut},
    summary="How a council result came about: per member body its seats' votes, the mandate "
    "behind each and the decision behind each mandate, down through every level",
    description="The same trace as the question's page: ``question``, ``council``, "
    "``result`` and ``bodies``, one per member body with its ``referral``, ``mandate``, "
    "``votes`` (each with the mandate it was cast under and the assembly decision behind it, "
    "with the vote's tally and the meeting's attendance) and, for a council below, the "
    "``child`` trace of the question referred to it.",
)
def question_trace(request: HttpRequest, question_id: int):
    question = (
        Question.objects.select_related("council__level", "competence")
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        return Status(404, {"errors": {"question_id": [NO_QUESTION]}})
    return trace(question)
