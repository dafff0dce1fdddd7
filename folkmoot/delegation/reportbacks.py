"""Report-backs: after each council meeting, every delegate who held a seat then tells their
body what was decided, how they voted and under which mandate.

A delegate "held a seat" at a meeting when they had taken it by the time the meeting started
(``seated_at``; for older records without it, their term had started that day) and had not
left it yet. Substitutes hold no seat until they step up.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from folkmoot.audit.services import record
from folkmoot.councils.models import CouncilMeeting, SeatVote

from .mandates import mandate_name
from .models import DelegateTerm, ReportBack

# With no earlier meeting of the assembly to go by, a meeting hears report-backs on the
# council meetings of this many days before it.
FIRST_MEETING_WINDOW_DAYS = 90


class ReportBackError(Exception):
    """A report-back that cannot be filed as asked; the message says why."""


def held_seat_at(term: DelegateTerm, when: datetime.datetime) -> bool:
    """Whether ``term`` held a seat (not as a substitute) at the moment ``when``."""
    if term.substitute:
        return False
    if term.ended_at is not None and term.ended_at <= when:
        return False
    if term.seated_at is not None:
        return term.seated_at <= when
    return term.starts_on <= timezone.localdate(when)


def _owed(
    terms: Iterable[DelegateTerm], meetings: Iterable[CouncilMeeting]
) -> list[tuple[DelegateTerm, CouncilMeeting]]:
    by_council: dict[int, list[DelegateTerm]] = defaultdict(list)
    for term in terms:
        by_council[term.member.council_id].append(term)
    return [
        (term, meeting)
        for meeting in meetings
        for term in by_council.get(meeting.council_id, [])
        if held_seat_at(term, meeting.starts_at)
    ]


def _terms(*, council=None, delegate=None, assembly=None, members=None):
    if isinstance(delegate, DelegateTerm):
        # The caller has read it already, with its member body.
        return [] if delegate.substitute else [delegate]
    # What the pages name of each: the delegate, and the body they sit for.
    terms = DelegateTerm.objects.filter(substitute=False).select_related(
        "person", "member__assembly", "member__member_council"
    )
    if council is not None:
        terms = terms.filter(member__council=council)
    if assembly is not None:
        terms = terms.filter(member__assembly=assembly)
    if members is not None:
        terms = terms.filter(member__in=members)
    if delegate is not None:
        terms = terms.filter(person=delegate)
    return list(terms)


def _with_filers(rows: Iterable[CouncilMeeting]) -> list[CouncilMeeting]:
    """Council meetings read one row per report-back filed on each (``filed_by``: the
    delegate term that filed it; one row with None if none did), each meeting once, in the
    rows' order, with ``filers``: the ids of the terms that reported back on it."""
    meetings: dict[int, CouncilMeeting] = {}
    for row in rows:
        if row.pk not in meetings:
            meetings[row.pk] = row
            row.filers = set()
        if row.filed_by is not None:
            meetings[row.pk].filers.add(row.filed_by)
    return list(meetings.values())


def council_meetings(council) -> list[CouncilMeeting]:
    """Every meeting of the council, held or to come, newest first, each with ``filers``
    (see ``_with_filers``). One query: the council's page lists its meetings from it, and
    ``missing_report_backs`` need not read them again."""
    return _with_filers(
        council.meetings.annotate(filed_by=F("report_backs__delegate_id")).order_by(
            "-starts_at", "-pk"
        )
    )


def missing_report_backs(
    *,
    council=None,
    delegate=None,
    assembly=None,
    members=None,
    meetings: Sequence[CouncilMeeting] | None = None,
    now: datetime.datetime | None = None,
) -> list[tuple[DelegateTerm, CouncilMeeting]]:
    """Report-backs owed and not filed, newest meeting first: for one council's meetings, one
    delegate (a ``DelegateTerm`` as read already, or a person for all their terms), one
    assembly's delegates, or the delegates of some member bodies (``members``). Two queries
    whatever the number of meetings and delegates; one when the council's meetings are given
    (``council_meetings``, or ``delegate_report_backs``), none when none of those was held."""
    now = now or timezone.now()
    if meetings is not None:
        meetings = [m for m in meetings if m.starts_at <= now]
        if not meetings:
            return []
    terms = _terms(council=council, delegate=delegate, assembly=assembly, members=members)
    if not terms:
        return []
    if meetings is None:
        meetings = _with_filers(
            CouncilMeeting.objects.filter(
                council_id__in={t.member.council_id for t in terms}, starts_at__lte=now
            )
            .select_related("council")
            .annotate(
                filed=FilteredRelation(
                    "report_backs", condition=Q(report_backs__delegate__in=[t.pk for t in terms])
                ),
                filed_by=F("filed__delegate_id"),
            )
            .order_by("-starts_at", "-pk")
        )
    return [
        (term, meeting) for term, meeting in _owed(terms, meetings) if term.pk not in meeting.filers
    ]


def report_backs_of(terms) -> list[ReportBack]:
    return list(
        ReportBack.objects.filter(delegate__in=terms)
        .select_related("meeting__council", "delegate__person")
        .order_by("-meeting__starts_at", "-pk")
    )


def delegate_report_backs(
    term: DelegateTerm, now: datetime.datetime | None = None
) -> tuple[list[ReportBack], list[tuple[DelegateTerm, CouncilMeeting]]]:
    """One delegate's report-backs, newest meeting first, and those they still owe (as
    ``missing_report_backs``), in one query: their council's meetings held so far (and any
    later one they reported back on), each with their report-back on it, if any. A delegate
    reports back only on their own council's meetings (``filing_problem``)."""
    now = now or timezone.now()
    rows = (
        term.member.council.meetings.annotate(
            report=FilteredRelation("report_backs", condition=Q(report_backs__delegate=term)),
            report_pk=F("report__pk"),
            report_text=F("report__text"),
            report_filed_at=F("report__filed_at"),
        )
        .filter(Q(starts_at__lte=now) | Q(report_pk__isnull=False))
        .order_by("-starts_at", "-pk")
    )
    meetings = []
    reports = []
    for meeting in rows:
        meeting.filers = set()
        if meeting.report_pk is not None:
            meeting.filers.add(term.pk)
            reports.append(
                ReportBack(
                    pk=meeting.report_pk,
                    delegate=term,
                    meeting=meeting,
                    text=meeting.report_text,
                    filed_at=meeting.report_filed_at,
                )
            )
        meetings.append(meeting)
    return reports, missing_report_backs(delegate=term, meetings=meetings, now=now)


# --- Filing -------------------------------------------------------------------------------------


def votes_at(term: DelegateTerm, meeting: CouncilMeeting) -> list[SeatVote]:
    """The delegate's votes on the questions of that meeting (withdrawn ones too)."""
    return list(
        SeatVote.objects.filter(delegate=term, question__meeting=meeting)
        .select_related("question", "mandate__member__assembly", "mandate__decision")
        .select_related("mandate__member__member_council", "mandate__source_question")
        .order_by("question__pk", "cast_at")
    )


def vote_words(vote: SeatVote) -> str:
    return vote.answer or ", ".join(vote.ranking) or _("abstain")


def draft_text(term: DelegateTerm, meeting: CouncilMeeting) -> str:
    """A starting point for the report: the meeting's questions and how the delegate voted,
    with the mandate behind each vote. The delegate adds what was decided and said."""
    votes = {v.question_id: v for v in votes_at(term, meeting) if v.withdrawn_at is None}
    lines = [
        _("Report-back from %(council)s, %(when)s.")
        % {
            "council": meeting.council,
            "when": date_format(timezone.localtime(meeting.starts_at), "j F Y"),
        },
        "",
    ]
    for question in meeting.questions.order_by("pk"):
        vote = votes.get(question.pk)
        if vote is None:
            lines.append(_("- %(q)s: I did not vote.") % {"q": question.title})
            continue
        mandate = mandate_name(vote.mandate) if vote.mandate_id else _("no mandate")
        lines.append(
            _("- %(q)s: I voted %(vote)s (%(mandate)s).")
            % {"q": question.title, "vote": vote_words(vote), "mandate": mandate}
        )
    lines += ["", _("What was decided, and anything else the assembly should know:"), ""]
    return "\n".join(lines)


def filing_problem(user, term: DelegateTerm, meeting: CouncilMeeting, now=None) -> str | None:
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False) or user.pk != term.person_id:
        return _("Only the delegate can file their report-back.")
    if meeting.council_id != term.member.council_id:
        return _("That meeting is of another council.")
    if meeting.starts_at > now:
        return _("Report back after the meeting.")
    if not held_seat_at(term, meeting.starts_at):
        return _("You did not hold a seat at that meeting.")
    if ReportBack.objects.filter(delegate=term, meeting=meeting).exists():
        return _("You have already reported back on this meeting.")
    return None


def file_report_back(term: DelegateTerm, meeting: CouncilMeeting, by, text: str) -> ReportBack:
    # NUL cannot be stored in PostgreSQL's text, and nobody means to type it.
    text = (text or "").replace("\x00", "").strip()
    problem = filing_problem(by, term, meeting)
    if problem:
        raise ReportBackError(problem)
    if not text:
        raise ReportBackError(_("Write your report: what was decided and how you voted."))
    try:
        with transaction.atomic():
            report = ReportBack.objects.create(delegate=term, meeting=meeting, text=text)
            record(
                "report_back.filed",
                f"delegate:{term.pk}",
                {
                    "report_back": report.pk,
                    "term": term.pk,
                    "meeting": meeting.pk,
                    "council": meeting.council_id,
                    "by": by.pk,
                },
            )
    except IntegrityError as error:
        raise ReportBackError(_("You have already reported back on this meeting.")) from error
    return report


# --- For the assembly's process check ----------------------------------------------------------


def _previous_meetings(meetings: Sequence) -> dict[int, datetime.datetime]:
    """When each meeting's assembly last met before it (not cancelled), where it had."""
    from folkmoot.meetings.models import Meeting

    if all(hasattr(m, "evidence_previous_start") for m in meetings):
        return {m.pk: m.evidence_previous_start for m in meetings if m.evidence_previous_start}
    earlier: dict[int, list[datetime.datetime]] = defaultdict(list)
    for assembly_id, starts_at in (
        Meeting.objects.filter(
            assembly_id__in={m.assembly_id for m in meetings},
            starts_at__lt=max(m.starts_at for m in meetings),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("assembly_id", "starts_at")
    ):
        earlier[assembly_id].append(starts_at)
    found = {}
    for m in meetings:
        before = [s for s in earlier[m.assembly_id] if s < m.starts_at]
        if before:
            found[m.pk] = max(before)
    return found


def report_back_counts(meetings: Sequence) -> dict[int, tuple[int | None, int]]:
    """For each assembly meeting: (report-backs due, report-backs received).

    Due: owed by the assembly's delegates for council meetings held before this meeting and
    after the assembly's previous meeting (or in the 90 days before it, if it is the first).
    Received: those filed before this meeting started. ``None`` due while the assembly has
    never had delegates. At most three queries for any number of meetings and assemblies (one
    while none of them has had delegates); one fewer when the meetings were read with
    ``legitimacy.services.with_evidence``, which knows each one's previous meeting.
    """
    if not meetings:
        return {}
    assembly_ids = {m.assembly_id for m in meetings}
    # Unordered: the terms' own order joins every council and level only to sort them.
    every_term = list(
        DelegateTerm.objects.filter(member__assembly_id__in=assembly_ids)
        .select_related("member")
        .order_by()
    )
    if not every_term:
        return {m.pk: (None, 0) for m in meetings}
    has_delegates = {t.member.assembly_id for t in every_term}
    terms = [t for t in every_term if not t.substitute]
    latest = max(m.starts_at for m in meetings)
    previous = _previous_meetings(meetings)
    first_window = datetime.timedelta(days=FIRST_MEETING_WINDOW_DAYS)
    windows = {
        m.pk: (previous.get(m.pk, m.starts_at - first_window), m.starts_at) for m in meetings
    }
    lo = min(w[0] for w in windows.values())
    council_meetings: dict[int, CouncilMeeting] = {}
    filed: dict[tuple[int, int], datetime.datetime] = {}
    if terms:
        # The council meetings and the report-backs filed on them, in one query.
        for pk, council_id, starts_at, delegate_id, filed_at in (
            CouncilMeeting.objects.filter(
                Q(starts_at__gte=lo) & Q(starts_at__lt=latest),
                council_id__in={t.member.council_id for t in terms},
            )
            .annotate(
                filed=FilteredRelation(
                    "report_backs",
                    condition=Q(report_backs__delegate_id__in=[t.pk for t in terms]),
                )
            )
            .order_by()
            .values_list("pk", "council_id", "starts_at", "filed__delegate_id", "filed__filed_at")
        ):
            council_meetings.setdefault(
                pk, CouncilMeeting(pk=pk, council_id=council_id, starts_at=starts_at)
            )
            if delegate_id is not None:
                filed[(delegate_id, pk)] = filed_at
    owed_by_assembly: dict[int, list[tuple[DelegateTerm, CouncilMeeting]]] = defaultdict(list)
    for term, cm in _owed(terms, council_meetings.values()):
        owed_by_assembly[term.member.assembly_id].append((term, cm))
    counts: dict[int, tuple[int | None, int]] = {}
    for m in meetings:
        if m.assembly_id not in has_delegates:
            counts[m.pk] = (None, 0)
            continue
        start, end = windows[m.pk]
        due = [(t, cm) for t, cm in owed_by_assembly[m.assembly_id] if start <= cm.starts_at < end]
        received = sum(
            1 for t, cm in due if (t.pk, cm.pk) in filed and filed[(t.pk, cm.pk)] < m.starts_at
        )
        counts[m.pk] = (len(due), received)
    return counts
