"""Questions on a council's agenda, and referring them down to the member bodies.

Subsidiarity: a question outside the council's competences must go down to every member body
(one within them may, by choice). Each assembly sees it as a proposal on its own agenda; each
council a level down gets a question of its own and refers it on at once, through any number
of levels. Conveners keep the agenda; organisers of member assemblies may raise questions too;
delegates administer and do not set the agenda.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Role
from folkmoot.audit.services import record
from folkmoot.decisions import proposals
from folkmoot.decisions.models import Proposal
from folkmoot.network.services import is_network_organiser

from .errors import CouncilError
from .models import Competence, Council, CouncilMeeting, CouncilMember, Question, Referral
from .referrals import is_overdue, mark_missed, settle

Status = Question.Status
MAX_OPTIONS = 20


# --- Who may do what ---------------------------------------------------------------------------


def can_convene(user, council: Council) -> bool:
    """The council's conveners keep its agenda; network organisers may always step in."""
    if not getattr(user, "is_authenticated", False):
        return False
    return council.conveners.filter(pk=user.pk).exists() or is_network_organiser(user)


def can_raise(user, council: Council) -> bool:
    """Conveners, network organisers, and organisers of the council's member assemblies."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_convene(user, council):
        return True
    today = timezone.localdate()
    return Role.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        person=user,
        kind=Role.Kind.ORGANISER,
        starts_on__lte=today,
        assembly__council_seats__council=council,
    ).exists()


def agenda(council: Council) -> QuerySet[Question]:
    """A council's questions, newest first."""
    return council.questions.select_related("competence", "meeting").order_by("-created_at", "-pk")


# --- Putting a question on the agenda ----------------------------------------------------------


def clean_options(kind: str, options: list[str] | str) -> list[str]:
    """The options of a ranking question (one per line), or [] for a yes/no question."""
    if kind not in Question.Kind.values:
        raise CouncilError(_("Choose what kind of answer the question needs."))
    if kind == Question.Kind.YES_NO:
        return []
    if isinstance(options, str):
        options = options.splitlines()
    options = [str(o).replace("\x00", "") for o in options]
    cleaned = [o.strip()[:200] for o in options if o.strip()]
    if len(cleaned) < 2:
        raise CouncilError(_("Write at least two options to rank, one on each line."))
    if len({o.casefold() for o in cleaned}) != len(cleaned):
        raise CouncilError(_("Two options have the same name. Make each one different."))
    if len(cleaned) > MAX_OPTIONS:
        raise CouncilError(_("There are too many options: at most %(n)s.") % {"n": MAX_OPTIONS})
    return cleaned


@transaction.atomic
def raise_question(
    council: Council,
    by,
    *,
    title: str,
    text: str = "",
    kind: str = Question.Kind.YES_NO,
    options: list[str] | str = (),
    competence: Competence | None = None,
    meeting: CouncilMeeting | None = None,
) -> Question:
    """Put a question on the council's agenda. Outside its competences it must be referred
    to the member bodies before anyone votes on it."""
    if not can_raise(by, council):
        raise CouncilError(
            _(
                "Only the conveners of %(council)s and organisers of its member assemblies can "
                "put questions on its agenda."
            )
            % {"council": council.name}
        )
    # NUL cannot be stored in PostgreSQL's text, and nobody means to type it.
    title, text = title.replace("\x00", "").strip(), text.replace("\x00", "")
    if not title:
        raise CouncilError(_("Write the question."))
    cleaned = clean_options(kind, options)
    if competence is not None and competence.council_id != council.pk:
        raise CouncilError(_("Choose one of this council's own competences."))
    if meeting is not None and meeting.council_id != council.pk:
        raise CouncilError(_("Choose one of this council's own meetings."))
    question = Question.objects.create(
        council=council,
        meeting=meeting,
        title=title[:200],
        text=text.strip(),
        kind=kind,
        options=cleaned,
        competence=competence,
        raised_by=by,
    )
    record(
        "council_question.raised",
        f"council-question:{question.pk}",
        {
            "question": question.pk,
            "council": council.pk,
            "title": question.title,
            "kind": kind,
            "options": cleaned,
            "competence": competence.pk if competence else None,
            "meeting": meeting.pk if meeting else None,
            "by": by.pk,
        },
    )
    return question


# --- Referring it down -------------------------------------------------------------------------


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "D j M Y, H:i")


def referral_text(question: Question, council: Council, deadline: datetime.datetime) -> str:
    """The proposal an assembly finds on its agenda: who asks, by when, and where to read
    the council's question."""
    parts = [
        _(
            "**Referred by %(council)s.** The council asks each of its member bodies to decide "
            "this question. Your delegates on the council will vote as this assembly decides."
        )
        % {"council": council.name},
        _("Please decide by %(when)s.") % {"when": _when(deadline)},
        _("[Read the question on the council's agenda](%(url)s)")
        % {"url": question.get_absolute_url()},
    ]
    if question.text:
        parts.append(question.text)
    if question.kind == Question.Kind.RANKING:
        parts.append(
            _(
                "Rank these options. Set up a ranked-choice vote with exactly these options, "
                "so the council can read the assembly's order:"
            )
            + "\n\n"
            + "\n".join(f"- {option}" for option in question.options)
        )
    else:
        parts.append(
            _("If this proposal is carried, your delegates vote for; if not, they vote against.")
        )
    return "\n\n".join(parts)


def _propose_to(member: CouncilMember, question: Question, by, deadline) -> Proposal:
    """The referral as a proposal on the assembly's own agenda, open for discussion. The
    person referring speaks for the council, not as a member of the assembly."""
    proposal = proposals.submit_proposal(
        member.assembly,
        by,
        title=question.title[:200],
        body=referral_text(question, member.council, deadline),
        authorised=True,
        referred_from=question.pk,
    )
    proposals.open_for_discussion(proposal, by)
    return proposal


def _child_question(member: CouncilMember, question: Question, by) -> Question:
    child = Question.objects.create(
        council=member.member_council,
        title=question.title,
        text=question.text,
        kind=question.kind,
        options=list(question.options),
        parent=question,
        raised_by=by,
    )
    record(
        "council_question.raised",
        f"council-question:{child.pk}",
        {
            "question": child.pk,
            "council": child.council_id,
            "title": child.title,
            "kind": child.kind,
            "options": child.options,
            "parent": question.pk,
            "by": by.pk,
        },
    )
    return child


def _refer_down(
    question: Question, by, deadline, seen: frozenset[int], tree: list[Question]
) -> list[Referral]:
    """Create one referral per member body, and cascade into member councils at once.
    Every question made on the way is added to ``tree``, parents before their children."""
    council = question.council
    if council.pk in seen:
        raise CouncilError(
            _("%(council)s is a member of itself through the councils below it.")
            % {"council": council.name}
        )
    seen = seen | {council.pk}
    tree.append(question)
    now = timezone.now()
    question.status = Status.REFERRED
    question.deadline = deadline
    question.referred_at = now
    question.save(update_fields=["status", "deadline", "referred_at"])
    made = []
    members = council.members.select_related("assembly", "member_council", "council")
    for member in members:
        if member.assembly_id:
            proposal = _propose_to(member, question, by, deadline)
            made.append(
                Referral.objects.create(question=question, member=member, proposal=proposal)
            )
        else:
            child = _child_question(member, question, by)
            made.append(
                Referral.objects.create(question=question, member=member, child_question=child)
            )
            _refer_down(child, by, deadline, seen, tree)
    record(
        "council_question.referred",
        f"council-question:{question.pk}",
        {
            "question": question.pk,
            "council": council.pk,
            "deadline": deadline,
            "referrals": [
                {
                    "referral": r.pk,
                    "member": r.member_id,
                    "proposal": r.proposal_id,
                    "child_question": r.child_question_id,
                }
                for r in made
            ],
            "by": by.pk,
        },
    )
    return made


@transaction.atomic
def refer(question: Question, by, deadline: datetime.datetime) -> list[Referral]:
    """Send the question down to every member body with a deadline. Returns the referrals
    made at this council's level (the cascade makes more below)."""
    question = Question.objects.select_for_update().select_related("council").get(pk=question.pk)
    council = question.council
    if not can_convene(by, council):
        raise CouncilError(
            _("Only the conveners of %(council)s can refer its questions.")
            % {"council": council.name}
        )
    if question.parent_id is not None:
        raise CouncilError(
            _("This question came from the council above and was referred on already.")
        )
    if question.status != Status.DRAFT:
        raise CouncilError(_("This question has already been referred or voted on."))
    if deadline is None or deadline <= timezone.now():
        raise CouncilError(_("Choose a deadline in the future."))
    if not council.members.exists():
        raise CouncilError(
            _("%(council)s has no member bodies yet, so there is no one to refer it to.")
            % {"council": council.name}
        )
    tree: list[Question] = []
    made = _refer_down(question, by, deadline, frozenset(), tree)
    # A council below with no member bodies yet has nothing to wait for: its seats above
    # abstain. Settled once the whole tree exists, the deepest first.
    for referred in reversed(tree):
        settle(referred, by)
    return made


def must_refer(question: Question) -> bool:
    """Outside the council's competences, the member bodies decide."""
    return question.competence_id is None


# --- Deadlines ---------------------------------------------------------------------------------


@transaction.atomic
def expire_overdue(question: Question, now: datetime.datetime | None = None) -> int:
    """Past the deadline, bodies that have not decided are recorded as missing it, and the
    cascade settles (their seats abstain). Councils below go first, so a council whose own
    members answered in time still answers above. Returns how many referrals were missed."""
    now = now or timezone.now()
    question = Question.objects.select_related("council").get(pk=question.pk)
    if not is_overdue(question, now):
        return 0
    missed = 0
    pending = (  # of=("self",): PostgreSQL cannot lock an outer join's nullable side
        Referral.objects.select_for_update(of=("self",))
        .filter(question=question, status=Referral.Status.PENDING)
        .select_related("question", "child_question")
    )
    for referral in pending:
        if referral.child_question_id:
            missed += expire_overdue(referral.child_question, now)
            referral.refresh_from_db()
            if referral.status != Referral.Status.PENDING:
                continue
        mark_missed(referral, note="no decision by the deadline")
        missed += 1
    settle(question)
    return missed


def close_due_referrals(now: datetime.datetime | None = None) -> int:
    """Every referral past its deadline (``manage.py close_due_referrals``, from cron)."""
    now = now or timezone.now()
    due = Question.objects.filter(
        deadline__lte=now, referrals__status=Referral.Status.PENDING
    ).distinct()
    # The councils at the top first: they expire the levels below on the way.
    top_first = sorted(due, key=lambda q: (q.parent_id is not None, q.pk))
    return sum(expire_overdue(question, now) for question in top_first)
