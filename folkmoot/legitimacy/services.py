"""Gathering an assembly's records into evidence, and recording hand-checked process steps.

The decisions themselves are in rules.py and process.py (no database there); this module reads
the records those rules need, in a fixed number of queries however many meetings there are.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from folkmoot.assemblies.models import Assembly
from folkmoot.assemblies.services import is_organiser
from folkmoot.attendance.services import count_annotations, counts_from
from folkmoot.meetings.models import AgendaItem, Meeting
from folkmoot.network.models import Network
from folkmoot.outreach.services import coverage_for_meetings, notice_days

from . import process, rules
from .models import ProcessRecord, ProcessStep


def rules_for(network: Network | None = None) -> rules.Rules:
    network = network or Network.current()
    return rules.Rules(
        outreach_coverage_percent=network.outreach_coverage_percent,
        notice_days=network.notice_days,
        residents_per_meeting=network.residents_per_meeting,
        meetings_considered=network.meetings_considered,
        count_self_declared=network.count_self_declared,
        process_percent=network.process_percent,
        outreach_window_days=network.outreach_window_days,
    )


def process_steps() -> list[process.Step]:
    return [
        process.Step(id=s.pk, name=s.name, rule=s.rule, days=s.days)
        for s in ProcessStep.objects.filter(active=True)
    ]


def with_evidence(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with what their evidence needs read in the same query: agenda items, minutes,
    attendance counts, and when the assembly last met before each (for report-backs)."""
    return meetings.annotate(**_evidence_expressions())


@functools.cache
def _evidence_expressions() -> dict:
    """Built once, as ``count_annotations``: each query copies the expressions it is given."""
    agenda = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    previous = (
        Meeting.objects.filter(
            assembly_id=OuterRef("assembly_id"), starts_at__lt=OuterRef("starts_at")
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    return {
        "evidence_agenda_items": Coalesce(Subquery(agenda), 0),
        "evidence_minutes_published_at": F("minutes__published_at"),
        "evidence_previous_start": Subquery(previous),
        **count_annotations(),
    }


def _with_evidence(meetings: Sequence[Meeting]) -> list[Meeting]:
    """The meetings as ``with_evidence`` reads them: as given if they were read so, else
    read again in one query."""
    if all(hasattr(m, "evidence_agenda_items") for m in meetings):
        return list(meetings)
    read = {m.pk: m for m in with_evidence(Meeting.objects.filter(pk__in=[m.pk for m in meetings]))}
    return [read[m.pk] for m in meetings]


def _steps_and_records(
    meetings: Sequence[Meeting],
) -> tuple[list[process.Step], dict[int, dict[int, tuple[bool, str]]]]:
    """The active process steps, and what was recorded for each meeting against them, in one
    query."""
    steps: dict[int, process.Step] = {}
    recorded: dict[int, dict[int, tuple[bool, str]]] = defaultdict(dict)
    rows = (
        ProcessStep.objects.filter(active=True)
        .annotate(
            record=FilteredRelation(
                "records", condition=Q(records__meeting_id__in=[m.pk for m in meetings])
            )
        )
        .order_by("position", "pk")
        .values_list(
            "pk", "name", "rule", "days", "record__meeting_id", "record__met", "record__note"
        )
    )
    for pk, name, rule, days, meeting_id, met, note in rows:
        steps.setdefault(pk, process.Step(id=pk, name=name, rule=rule, days=days))
        if meeting_id is not None:
            recorded[meeting_id][pk] = (met, note)
    return list(steps.values()), recorded


def _facts_for(
    meetings: Sequence[Meeting], recorded: dict[int, dict[int, tuple[bool, str]]]
) -> dict[int, process.MeetingFacts]:
    """``meetings`` read with ``with_evidence``."""
    from folkmoot.delegation.reportbacks import report_back_counts

    report_backs = report_back_counts(meetings)
    return {
        m.pk: process.MeetingFacts(
            starts_at=m.starts_at,
            invitation_published_at=m.invitation_published_at,
            agenda_items=m.evidence_agenda_items,
            facilitator_named=m.facilitator_id is not None,
            note_taker_named=m.note_taker_id is not None,
            minutes_published_at=m.evidence_minutes_published_at,
            report_backs_due=report_backs[m.pk][0],
            report_backs_received=report_backs[m.pk][1],
            recorded={step: met for step, (met, _note) in recorded[m.pk].items()},
            notes={step: note for step, (_met, note) in recorded[m.pk].items()},
        )
        for m in meetings
    }


def process_for(meeting: Meeting, now: datetime.datetime | None = None) -> process.ProcessResult:
    """Which process steps one meeting followed, as the records stand now."""
    meetings = _with_evidence([meeting])
    steps, recorded = _steps_and_records(meetings)
    facts = _facts_for(meetings, recorded)[meeting.pk]
    return process.evaluate(steps, facts, now or timezone.now())


def evidence_for(
    meetings: Sequence[Meeting], now: datetime.datetime | None = None
) -> list[rules.MeetingEvidence]:
    """Evidence for each meeting, in the order given. A fixed number of queries for any
    number of meetings, one fewer for meetings read with ``with_evidence``."""
    now = now or timezone.now()
    if not meetings:
        return []
    meetings = _with_evidence(meetings)
    steps, recorded = _steps_and_records(meetings)
    facts = _facts_for(meetings, recorded)
    coverage = coverage_for_meetings(meetings)
    evidence = []
    for meeting in meetings:
        # The evidence keeps the counts and the missing steps' names, not each step's wording.
        result = process.evaluate(steps, facts[meeting.pk], now, worded=False)
        counts = counts_from(meeting)
        reach = coverage[meeting.pk]
        evidence.append(
            rules.MeetingEvidence(
                meeting_id=meeting.pk,
                starts_at=meeting.starts_at,
                coverage_percent=reach.percent,
                units_reached=reach.reached,
                units_total=reach.total,
                notice_days=notice_days(meeting.invitation_published_at, meeting.starts_at),
                attendees=counts.attendees,
                verified_residents=counts.verified_residents,
                self_declared_residents=counts.self_declared_residents,
                tallied_residents=counts.tallied_residents,
                process_met=result.met,
                process_counted=result.counted,
                process_missing=tuple(result.missing),
            )
        )
    return evidence


def held_meetings(assembly: Assembly, at: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings that took place (not cancelled) by a moment, newest first."""
    return (
        Meeting.objects.filter(assembly=assembly, starts_at__lte=at or timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
    )


def assess_assembly(
    assembly: Assembly, at: datetime.datetime | None = None, *, with_history: int = 0
) -> tuple[rules.Assessment, list]:
    """The assembly's legitimacy at a moment (now by default), and optionally its history:
    the verdict as it stood after each of its last ``with_history`` meetings."""
    at = at or timezone.now()
    checked = rules_for()
    needed = checked.meetings_considered + max(with_history - 1, 0)
    held = held_meetings(assembly, at)
    # The evidence is read for the meetings considered only, however many were held.
    meetings = list(with_evidence(held.filter(pk__in=held.values("pk")[:needed])))
    evidence = evidence_for(meetings, at)
    assessment = rules.assess(evidence, checked)
    past = rules.history(evidence, checked, limit=with_history) if with_history else []
    return assessment, [(meetings[i], verdict) for i, (_e, verdict) in enumerate(past)]


# What the evidence reads of a meeting, besides what ``with_evidence`` adds.
EVIDENCE_FIELDS = (
    "assembly_id",
    "starts_at",
    "invitation_published_at",
    "facilitator_id",
    "note_taker_id",
)


def verdicts_for(
    assemblies: Iterable[Assembly], at: datetime.datetime | None = None
) -> dict[int, rules.Verdict]:
    """Each assembly's verdict, for lists: a fixed number of queries for the whole page, and
    no wording of evidence nobody reads."""
    at = at or timezone.now()
    checked = rules_for()
    ids = [a.pk for a in assemblies]
    if not ids:
        return {}
    latest = (
        Meeting.objects.filter(assembly_id__in=ids, starts_at__lte=at)
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("assembly_id")],
                order_by=[F("starts_at").desc(), F("pk").desc()],
            )
        )
        .filter(recency__lte=checked.meetings_considered)
        .values("pk")
    )
    meetings = list(
        with_evidence(Meeting.objects.filter(pk__in=latest).only(*EVIDENCE_FIELDS)).order_by(
            "assembly_id", "-starts_at", "-pk"
        )
    )
    by_assembly: dict[int, list[rules.MeetingEvidence]] = defaultdict(list)
    for meeting, evidence in zip(meetings, evidence_for(meetings, at), strict=True):
        by_assembly[meeting.assembly_id].append(evidence)
    return {pk: rules.verdict(by_assembly.get(pk, []), checked) for pk in ids}


# --- Recording hand-checked steps ----------------------------------------------------------


def can_record_process(user, meeting: Meeting) -> bool:
    """The meeting's facilitator records the steps; organisers may too."""
    if not user.is_authenticated:
        return False
    return meeting.facilitator_id == user.pk or is_organiser(user, meeting.assembly)


class ProcessNotYet(ValueError):
    """Steps are recorded at or after the meeting, not before."""


def record_steps(
    meeting: Meeting, by, answers: dict[int, tuple[bool, str]], now: datetime.datetime | None = None
) -> int:
    """Record the facilitator's answers for hand-checked steps. Returns how many changed."""
    now = now or timezone.now()
    if meeting.starts_at.date() > timezone.localtime(now).date():
        raise ProcessNotYet
    recordable = set(
        ProcessStep.objects.filter(
            active=True, rule=ProcessStep.Rule.RECORDED, pk__in=answers
        ).values_list("pk", flat=True)
    )
    changed = 0
    with transaction.atomic():
        for step_id, (met, note) in answers.items():
            if step_id not in recordable:
                continue
            record, created = ProcessRecord.objects.get_or_create(
                meeting=meeting,
                step_id=step_id,
                defaults={"met": met, "note": note, "recorded_by": by},
            )
            if created:
                changed += 1
            elif record.met != met or record.note != note:
                record.met, record.note, record.recorded_by = met, note, by
                record.save(update_fields=["met", "note", "recorded_by", "recorded_at"])
                changed += 1
    return changed
