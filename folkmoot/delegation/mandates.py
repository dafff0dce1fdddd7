"""Mandates: issuing them (by a body's decision, or derived from the results below), finding
the one that binds a seat, and turning it into the terms the council rules check.

A new mandate on the same matter supersedes the old one; nothing is deleted, so the trail
shows every instruction a body gave and when.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from folkmoot.audit.services import record
from folkmoot.councils.models import CouncilMember, Question
from folkmoot.councils.rules import ANSWERS, MandateTerms
from folkmoot.decisions.models import Decision

from .models import DelegateTerm, Mandate

Instruction = Mandate.Instruction


class MandateError(Exception):
    """A mandate that cannot be issued as asked; the message says what to fix."""


def _check(instruction: str, ranking, split, allowed, question: Question | None, seats: int):
    if instruction not in Instruction.values:
        raise MandateError(_("Choose what the delegates are to do."))
    if instruction == Instruction.RANKING:
        options = list(question.options) if question is not None else []
        if question is None or question.kind != Question.Kind.RANKING:
            raise MandateError(_("A ranking mandate is for a question with options to rank."))
        if (
            len(set(ranking)) != len(ranking)
            or not ranking
            or any(o not in options for o in ranking)
        ):
            raise MandateError(_("Rank the question's options, each at most once."))
    if instruction == Instruction.SPLIT:
        if any(
            a not in ANSWERS or isinstance(n, bool) or not isinstance(n, int) or n < 0
            for a, n in split.items()
        ):
            raise MandateError(
                _("Split the seats between for, against and abstain, in whole numbers.")
            )
        if sum(split.values()) != seats:
            raise MandateError(
                _("The split must share out all %(seats)s seats.") % {"seats": seats}
            )
    if instruction == Instruction.DISCRETION and any(a not in ANSWERS for a in allowed):
        raise MandateError(_("The bounds can only be for, against or abstain."))


@transaction.atomic
def issue_mandate(
    member: CouncilMember,
    *,
    instruction: str,
    question: Question | None = None,
    ranking: list[str] | None = None,
    split: dict[str, int] | None = None,
    allowed: list[str] | None = None,
    text: str = "",
    decision: Decision | None = None,
    source_question: Question | None = None,
    derived: bool = False,
    by=None,
) -> Mandate:
    """Issue a mandate for ``member``'s seats on ``question`` (or a standing one), replacing
    the current one. It must come from a decision of the body (``decision``) or, for a
    council's seats above, from the referred question its own members decided."""
    ranking, split, allowed = list(ranking or []), dict(split or {}), list(allowed or [])
    if decision is None and source_question is None:
        raise MandateError(_("A mandate must come from a decision of the body."))
    if decision is not None and decision.body != member.body:
        raise MandateError(_("That decision was made by another body."))
    if question is not None and question.council_id != member.council_id:
        raise MandateError(_("That question is on another council's agenda."))
    _check(instruction, ranking, split, allowed, question, member.seats)
    now = timezone.now()
    current = Mandate.objects.select_for_update().filter(
        member=member, question=question, superseded_at__isnull=True
    )
    replaced = list(current.values_list("pk", flat=True))
    current.update(superseded_at=now)
    mandate = Mandate.objects.create(
        member=member,
        question=question,
        instruction=instruction,
        ranking=ranking,
        split=split,
        allowed=allowed,
        text=text.replace("\x00", "").strip(),
        decision=decision,
        source_question=source_question,
        derived=derived,
        created_by=by,
    )
    record(
        "mandate.issued",
        f"mandate:{mandate.pk}",
        {
            "mandate": mandate.pk,
            "member": member.pk,
            "council": member.council_id,
            "question": question.pk if question is not None else None,
            "instruction": instruction,
            "ranking": ranking,
            "split": split,
            "allowed": allowed,
            "decision": decision.pk if decision is not None else None,
            "source_question": source_question.pk if source_question is not None else None,
            "derived": derived,
            "replaces": replaced,
            "by": by.pk if by is not None else None,
        },
    )
    return mandate


def current_mandate(member: CouncilMember, question: Question) -> Mandate | None:
    return (
        Mandate.objects.filter(member=member, question=question, superseded_at__isnull=True)
        .select_related("decision", "source_question")
        .first()
    )


def standing_mandate(member: CouncilMember) -> Mandate | None:
    return (
        Mandate.objects.filter(member=member, question__isnull=True, superseded_at__isnull=True)
        .select_related("decision")
        .first()
    )


def mandates_on(member: CouncilMember, question: Question) -> tuple[Mandate | None, Mandate | None]:
    """``current_mandate`` and ``standing_mandate`` together, in one query."""
    found = {
        m.question_id: m
        for m in Mandate.objects.filter(
            Q(question=question) | Q(question__isnull=True),
            member=member,
            superseded_at__isnull=True,
        ).select_related("decision", "source_question")
    }
    return found.get(question.pk), found.get(None)


def mandate_name(mandate: Mandate) -> str:
    """How messages name a mandate, so a refused delegate knows which instruction binds them:
    "Elm Park Assembly's mandate of 3 March 2026 (Close the road to cars: Carried)"."""
    body = mandate.member.body
    when = date_format(timezone.localtime(mandate.created_at), "j F Y")
    source = mandate.decision.summary if mandate.decision_id else str(mandate.source_question)
    return _("%(body)s's mandate of %(when)s (%(source)s)") % {
        "body": body,
        "when": when,
        "source": source,
    }


def as_terms(mandate: Mandate | None) -> MandateTerms | None:
    """The mandate as the council rules check it."""
    if mandate is None:
        return None
    return MandateTerms(
        instruction=mandate.instruction,
        name=mandate_name(mandate),
        ranking=tuple(mandate.ranking),
        split=dict(mandate.split),
        allowed=tuple(mandate.allowed),
    )


def current_delegates(member: CouncilMember, *, substitutes: bool = False):
    """The people holding ``member``'s seats now (not substitutes unless asked)."""
    terms = DelegateTerm.objects.filter(member=member, ended_at__isnull=True).select_related(
        "person"
    )
    return terms if substitutes else terms.filter(substitute=False)


def seat_of(person, council) -> DelegateTerm | None:
    """The seat ``person`` holds on ``council`` now, if any (substitutes hold none)."""
    if not getattr(person, "is_authenticated", False):
        return None
    return (
        DelegateTerm.objects.filter(
            person=person, member__council=council, ended_at__isnull=True, substitute=False
        )
        .select_related("member", "member__assembly", "member__member_council")
        .first()
    )


# --- Issued by an assembly's organisers, from the assembly's decision log ---------------------


def can_issue_mandates(user, member: CouncilMember) -> bool:
    """An assembly's organisers write its decided mandates down; network organisers do not:
    only the assembly makes policy."""
    from folkmoot.assemblies.services import is_organiser

    return member.assembly_id is not None and is_organiser(user, member.assembly)


# What organisers may choose in the form (a split only ever comes from a council's cascade).
ISSUABLE = (
    Instruction.FOR,
    Instruction.AGAINST,
    Instruction.ABSTAIN,
    Instruction.RANKING,
    Instruction.DISCRETION,
)


def open_questions(member: CouncilMember):
    """Questions on the council's agenda that a mandate can still bind."""
    return Question.objects.filter(council_id=member.council_id).exclude(
        status=Question.Status.DECIDED
    )


def issue_from_decision(
    member: CouncilMember,
    by,
    *,
    decision: Decision | None,
    instruction: str,
    question: Question | None = None,
    ranking: list[str] | None = None,
    allowed: list[str] | None = None,
    text: str = "",
) -> Mandate:
    """An organiser records a mandate the assembly decided; it must name the decision."""
    if not can_issue_mandates(by, member):
        raise MandateError(_("Only the assembly's organisers can issue its delegates' mandates."))
    if decision is None:
        raise MandateError(_("Choose the assembly's decision that made this mandate."))
    if instruction not in ISSUABLE:
        raise MandateError(_("Choose what the delegates are to do."))
    if question is not None and question.status == Question.Status.DECIDED:
        raise MandateError(_("That question has already been decided."))
    return issue_mandate(
        member,
        instruction=instruction,
        question=question,
        ranking=ranking,
        allowed=allowed,
        text=text,
        decision=decision,
        by=by,
    )


def mandates_of(members: list[CouncilMember]) -> list[Mandate]:
    """Every mandate the bodies gave, current and superseded, newest first. Each mandate's
    member body is one of ``members`` as given, not read again."""
    by_pk = {member.pk: member for member in members}
    mandates = list(
        Mandate.objects.filter(member__in=members)
        .select_related("question", "decision__assembly", "source_question")
        .order_by("-created_at", "-pk")
    )
    for mandate in mandates:
        mandate.member = by_pk[mandate.member_id]
    return mandates
