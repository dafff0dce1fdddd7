"""Decisions in the API: proposals, votes and their results, and casting a ballot.

Reading is public and shows what the web pages show to someone who is not signed in: drafts are
never listed, people appear only by the public name the proposal page shows (who proposed it,
who moved it on), a vote gives counts of participants and never who voted or how, and a result
exists only once the vote has closed.

A council's own votes (its delegates electing its delegates to the council above, say) are
read the same way: a vote names its assembly or its council.

Casting a ballot is the one write: a signed-in member (the browser session, with its CSRF token)
casts through ``voting.cast_ballot``, so the API runs exactly the web form's rules and the
database's one-person-one-vote constraints. The answer never identifies the ballot.
"""

import datetime
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import paginate
from ninja.security import SessionAuth
from ninja.utils import check_csrf
from pydantic import StrictInt

from folkmoot.assemblies.models import Assembly
from folkmoot.decisions import proposals, results, voting
from folkmoot.decisions.bodies import owner
from folkmoot.decisions.models import Option, Proposal, Transition, Vote

# Made before api.py is imported: api.py adds this router at its end.
router = Router(tags=["decisions"])

from .api import ErrorOut, Pages, api  # noqa: E402
from .meetings import NotFound  # noqa: E402

PUBLIC_STATUSES = [s for s in Proposal.Status.values if s != Proposal.Status.DRAFT]
NO_ASSEMBLY = "There is no assembly with that id."
COUNCIL = Path(..., description="The council's id or its short name (slug).")
NO_PROPOSAL = "There is no proposal with that id."
NO_VOTE = "There is no vote with that id."


# --- Signing in -----------------------------------------------------------------------------


class MemberSession(SessionAuth):
    """The browser's session, like django-ninja's ``django_auth``, but nobody signed in is a
    401 before anything else, and a signed-in request without its CSRF token a 403 in plain
    words (someone else's page cannot vote for you)."""

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request):
            raise HttpError(
                403,
                "The security check failed: send the CSRF token (the csrftoken cookie) in "
                "the X-CSRFToken header.",
            )
        return request.COOKIES.get(self.param_name)


member_session = MemberSession(csrf=True)


@api.exception_handler(AuthenticationError)
def _not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"errors": {"__all__": ["Sign in to vote."]}}, status=exc.status_code
    )


# --- Shapes ---------------------------------------------------------------------------------

ProposalStatus = Literal["discussion", "voting", "decided", "withdrawn"]
Outcome = Literal["carried", "not_carried", "consensus", "blocked", "chosen"]


class ProposalOut(Schema):
    id: int
    assembly_id: int
    title: str
    status: ProposalStatus
    status_label: str
    outcome: Outcome | None = Field(description="Set once the proposal is decided.")
    proposed_by: str = Field(description="The public name shown on the proposal's page.")
    versions: int = Field(description="How many texts it has had (one per accepted change).")
    amendments: int = Field(description="Changes suggested to it, whatever became of them.")
    meeting_id: int | None = Field(description="The meeting whose agenda it is on, if any.")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_status_label(obj: Proposal) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_outcome(obj: Proposal) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_proposed_by(obj: Proposal) -> str:
        return obj.author.public_name

    @staticmethod
    def resolve_versions(obj: Proposal) -> int:
        if hasattr(obj, "version_count"):
            return obj.version_count
        return obj.versions.count()

    @staticmethod
    def resolve_amendments(obj: Proposal) -> int:
        if hasattr(obj, "amendment_count"):
            return obj.amendment_count
        return obj.amendments.count()

    @staticmethod
    def resolve_url(obj: Proposal) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class TransitionOut(Schema):
    from_status: str | None = Field(description="Empty for the first step (written as a draft).")
    to_status: str
    to_label: str
    at: datetime.datetime
    by: str = Field(description="The public name of who made the step.")
    note: str


class ProposalDetailOut(ProposalOut):
    text_html: str = Field(description="The current text, as sanitised HTML.")
    links: list[str] = Field(description="Links to documents (http and https only).")
    timeline: list[TransitionOut] = Field(description="Each step of its life, oldest first.")
    vote_ids: list[int] = Field(description="The votes on it (see /votes/{vote_id}).")

    @staticmethod
    def resolve_text_html(obj: Proposal) -> str:
        return str(proposals.body_html(obj.body))

    @staticmethod
    def resolve_links(obj: Proposal) -> list[str]:
        return proposals.links_of(obj)

    @staticmethod
    def resolve_timeline(obj: Proposal) -> list[dict]:
        return [
            {
                "from_status": step.from_status or None,
                "to_status": step.to_status,
                "to_label": str(step.get_to_status_display()),
                "at": step.at,
                "by": step.by.public_name,
                "note": step.note,
            }
            for step in obj.transitions.all()
        ]

    @staticmethod
    def resolve_vote_ids(obj: Proposal) -> list[int]:
        return sorted(vote.pk for vote in obj.votes.all())


class OptionOut(Schema):
    id: int = Field(description="Name options by this id in a ballot.")
    label: str


class VoteOut(Schema):
    id: int
    assembly_id: int | None = Field(
        description="The assembly whose vote it is (empty for a council's)."
    )
    council_id: int | None = Field(
        description="The council whose own vote it is, such as its election of delegates to the "
        "council above (empty for an assembly's). The delegates holding its seats vote in it."
    )
    proposal_id: int | None
    amendment_id: int | None
    meeting_id: int | None
    question: str
    method: str
    method_label: str
    settings: dict[str, Any] = Field(
        description="The method's settings: threshold, abstentions, quorum_people, "
        "quorum_percent, block_threshold, fallback, fallback_after, score_max, ..."
    )
    seats: int
    secret: bool
    mode: Literal["online", "room", "hybrid"]
    who: Literal["members", "verified", "checked_in"] = Field(
        description="Who may vote. In a council's vote, its members: the delegates holding its "
        "seats."
    )
    changeable: bool = Field(description="Whether a ballot may be changed until it closes.")
    status: Literal["ready", "open", "closed"]
    options: list[OptionOut] = Field(
        description="The choices of approval, score and ranked votes; empty for yes/no and "
        "consensus votes, whose answers are fixed (see POST /votes/{vote_id}/ballots)."
    )
    opened_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    participants: int = Field(description="How many people have voted online or been recorded.")
    result_available: bool
    url: str

    @staticmethod
    def resolve_proposal_id(obj: Vote) -> int | None:
        # A vote set up on a draft must not give the draft away.
        if obj.proposal_id and obj.proposal.status == Proposal.Status.DRAFT:
            return None
        return obj.proposal_id

    @staticmethod
    def resolve_method_label(obj: Vote) -> str:
        return str(obj.get_method_display())

    @staticmethod
    def resolve_settings(obj: Vote) -> dict:
        return dict(obj.rules or {})

    @staticmethod
    def resolve_options(obj: Vote) -> list[dict]:
        return [{"id": option.pk, "label": option.label} for option in obj.options.all()]

    @staticmethod
    def resolve_participants(obj: Vote) -> int:
        if hasattr(obj, "participant_count"):
            return obj.participant_count
        return voting.voted_count(obj)

    @staticmethod
    def resolve_result_available(obj: Vote) -> bool:
        return results.results_visible(obj)

    @staticmethod
    def resolve_url(obj: Vote) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class VoteDetailOut(VoteOut):
    eligible: int = Field(description="How many people may vote in it now.")
    method_explained: str = Field(description="How it is decided, in plain words.")

    @staticmethod
    def resolve_eligible(obj: Vote) -> int:
        return len(voting.eligible_people(obj))

    @staticmethod
    def resolve_method_explained(obj: Vote) -> str:
        from folkmoot.decisions.vote_views import method_words

        return method_words(obj)


class StageOut(Schema):
    number: int
    action: str
    votes: dict[str, Any]
    elected: list[str]
    excluded: list[str]
    transfers: Any
    non_transferable: Any
    note: str


class QuorumOut(Schema):
    required: int
    participants: int
    met: bool


class TurnoutOut(Schema):
    online: int
    room: int
    total: int
    eligible: int


class ResultOut(Schema):
    vote_id: int
    method: str
    outcome: str = Field(
        description="carried, not_carried, consensus, blocked or chosen (no_consensus when "
        "another consensus round is due)."
    )
    winners: list[str] = Field(description="Winning options by name, in order of election.")
    stages: list[StageOut] = Field(description="Every stage of the count.")
    details: dict[str, Any] = Field(description="Facts of the method: quota, thresholds, ...")
    explanation: str
    tie_breaks: list[str]
    quorum: QuorumOut | None
    turnout: TurnoutOut | None
    closed_at: datetime.datetime


class BallotIn(Schema):
    """One ballot. Fill in the field the vote's method uses and leave out the others."""

    answer: str | None = Field(
        None,
        description="Majority and qualified votes: for, against or abstain. Consensus: agree, "
        "stand_aside or block.",
    )
    reason: str | None = Field(
        None, description="Consensus: why you stand aside or block (needed for those)."
    )
    approved: list[int] | None = Field(None, description="Approval: the option ids you tick.")
    scores: dict[str, StrictInt] | None = Field(
        None, description="Score: every option id with its score, 0 to the vote's score_max."
    )
    ranking: list[int] | None = Field(
        None, description="Ranked votes and elections: option ids, first choice first."
    )


class CastOut(Schema):
    status: Literal["cast", "changed"]
    message: str


class ProposalFilters(Schema):
    status: ProposalStatus | None = Field(
        None, description="Only proposals in this state. Drafts are never public."
    )


class VoteFilters(Schema):
    status: Literal["ready", "open", "closed"] | None = Field(
        None, description="ready: set up but not open yet; open; closed (with a result)."
    )


# --- Reading --------------------------------------------------------------------------------


def _assembly_or_404(assembly_id: int) -> Assembly:
    assembly = Assembly.objects.filter(pk=assembly_id).first()
    if assembly is None:
        raise NotFound("assembly_id", NO_ASSEMBLY)
    return assembly


def _public_proposals() -> QuerySet[Proposal]:
    """Everything but drafts, with what an answer shows in a fixed number of queries."""
    return (
        Proposal.objects.exclude(status=Proposal.Status.DRAFT)
        .select_related("author")
        .annotate(
            version_count=Count("versions", distinct=True),
            amendment_count=Count("amendments", distinct=True),
        )
    )


def _votes_of(body, filters: VoteFilters) -> QuerySet[Vote]:
    """An assembly's or a council's votes, newest first."""
    found = _votes().filter(**owner(body))
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-created_at", "-pk")


def _votes() -> QuerySet[Vote]:
    return (
        Vote.objects.select_related("proposal")
        .annotate(participant_count=Count("participations", distinct=True))
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))
    )


@router.get(
    "/assemblies/{assembly_id}/proposals",
    response={200: list[ProposalOut], 400: ErrorOut, 404: ErrorOut},
    summary="An assembly's proposals, newest first (drafts are not public)",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_proposals(request: HttpRequest, assembly_id: int, filters: Query[ProposalFilters]):
    assembly = _assembly_or_404(assembly_id)
    found = _public_proposals().filter(assembly=assembly)
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-created_at", "-pk")


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One proposal: its text, state, outcome and every step of its life",
)
def get_proposal(request: HttpRequest, proposal_id: int):
    proposal = (
        _public_proposals()
        .prefetch_related(
            Prefetch("transitions", queryset=Transition.objects.select_related("by")),
            Prefetch("votes", queryset=Vote.objects.only("pk", "proposal_id")),
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        # A draft answers exactly like a proposal that does not exist.
        return Status(404, {"errors": {"proposal_id": [NO_PROPOSAL]}})
    return proposal


@router.get(
    "/assemblies/{assembly_id}/votes",
    response={200: list[VoteOut], 400: ErrorOut, 404: ErrorOut},
    summary="An assembly's votes and elections, newest first",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_votes(request: HttpRequest, assembly_id: int, filters: Query[VoteFilters]):
    return _votes_of(_assembly_or_404(assembly_id), filters)


@router.get(
    "/councils/{council}/votes",
    response={200: list[VoteOut], 400: ErrorOut, 404: ErrorOut},
    summary="A council's own votes (such as electing its delegates to the council above), "
    "newest first",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_council_votes(request: HttpRequest, filters: Query[VoteFilters], council: str = COUNCIL):
    from .councils import council_or_404  # defined after this router (see api.py)

    return _votes_of(council_or_404(council), filters)


@router.get(
    "/votes/{vote_id}",
    response={200: VoteDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One vote: the question, how it is decided, the options and how many voted",
)
def get_vote(request: HttpRequest, vote_id: int):
    vote = _votes().filter(pk=vote_id).first()
    if vote is None:
        return Status(404, {"errors": {"vote_id": [NO_VOTE]}})
    if vote.status == Vote.Status.OPEN and results.close_if_due(vote).status != vote.status:
        vote = _votes().get(pk=vote_id)
    return vote


@router.get(
    "/votes/{vote_id}/result",
    response={200: ResultOut, 400: ErrorOut, 404: ErrorOut},
    summary="A closed vote's result: winners, every stage of the count and the explanation",
)
def get_result(request: HttpRequest, vote_id: int):
    vote = Vote.objects.filter(pk=vote_id).first()
    if vote is None:
        return Status(404, {"errors": {"vote_id": [NO_VOTE]}})
    vote = results.close_if_due(vote)
    if not results.results_visible(vote):
        message = (
            "The result is published when the vote closes. This vote is still open."
            if vote.status == Vote.Status.OPEN
            else "The result is published when the vote closes. This vote has not opened yet."
        )
        return Status(404, {"errors": {"vote_id": [message]}})
    result = vote.result
    return {
        "vote_id": vote.pk,
        "method": vote.method,
        "outcome": result.get("outcome", ""),
        "winners": result.get("winners", []),
        "stages": result.get("stages", []),
        "details": result.get("details") or {},
        "explanation": result.get("explanation", ""),
        "tie_breaks": result.get("tie_breaks", []),
        "quorum": result.get("quorum"),
        "turnout": result.get("turnout"),
        "closed_at": vote.closed_at,
    }


# --- Casting a ballot -----------------------------------------------------------------------


def _ballot_field(vote: Vote, payload: BallotIn) -> str:
    """The field a refused ballot got wrong."""
    if vote.method == Vote.Method.CONSENSUS:
        if payload.answer in ("stand_aside", "block"):
            return "reason"
        return "answer"
    if vote.method in voting.FIXED_ANSWERS:
        return "answer"
    if vote.method == Vote.Method.APPROVAL:
        return "approved"
    if vote.method == Vote.Method.SCORE:
        return "scores"
    return "ranking"


def _content(payload: BallotIn) -> dict:
    return payload.model_dump(exclude_none=True)


def _cast_message(vote: Vote, changed: bool) -> str:
    if changed:
        return "Your vote is changed. The new one replaces the old one."
    if vote.secret:
        return (
            "Your vote is counted. It is secret: nobody can see how you voted. The result is "
            "published when the vote closes."
        )
    return "Your vote is counted. The result is published when the vote closes."


@router.post(
    "/votes/{vote_id}/ballots",
    auth=member_session,
    response={
        200: CastOut,
        201: CastOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        429: ErrorOut,
    },
    summary="Cast your ballot (signed in, with the CSRF token): the same rules as the vote page",
    description="201 when your ballot is counted; 200 when a vote that may be changed replaces "
    "your earlier ballot. 401: not signed in. 403: you may not vote in it (the message says "
    "why) or it is not open. 400: the ballot is not valid (the field is named). 409: you have "
    "already voted. The answer never identifies your ballot.",
)
def cast_ballot(request: HttpRequest, vote_id: int, payload: BallotIn):
    user = request.auth
    if getattr(settings, "RATELIMIT_ENABLE", True) and is_ratelimited(
        request,
        group="api-ballots",
        key="user",
        rate=settings.BALLOT_API_RATE,
        method="POST",
        increment=True,
    ):
        return Status(
            429, {"errors": {"__all__": ["Too many tries. Wait a minute and try again."]}}
        )
    vote = Vote.objects.select_related("assembly", "council").filter(pk=vote_id).first()
    if vote is None:
        return Status(404, {"errors": {"vote_id": [NO_VOTE]}})
    problem = voting.eligibility_problem(vote, user) or (
        None if voting.has_voted(vote, user) else voting.online_problem(vote, user)
    )
    if problem:
        return Status(403, {"errors": {"__all__": [problem]}})
    try:
        ballot = voting.cast_ballot(vote, user, _content(payload))
    except voting.BadBallot as error:
        return Status(400, {"errors": {_ballot_field(vote, payload): [str(error)]}})
    except voting.AlreadyVoted as error:
        return Status(409, {"errors": {"__all__": [str(error)]}})
    except voting.VotingError as error:  # not open, or a rule said no
        return Status(403, {"errors": {"__all__": [str(error)]}})
    if ballot is not None and ballot.changed:
        return Status(200, {"status": "changed", "message": _cast_message(vote, True)})
    return Status(201, {"status": "cast", "message": _cast_message(vote, False)})
