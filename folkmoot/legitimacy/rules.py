"""Is an assembly legitimate? Computed from its own records, never declared.

The seed's three criteria, each checked at every one of the assembly's last N meetings:

1. Outreach: every reasonable effort to invite everyone — enough of the area's postcodes reached
   in the weeks before the meeting, and the invitation published early enough.
2. Attendance: regularly attended by enough distinct local residents.
3. Process: the network's process closely followed.

Everything here is plain Python on plain values, so each boundary can be tested exactly.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from folkmoot.network.translation import gettext as _
from folkmoot.network.translation import ngettext


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NEEDS_DATA = "needs_data"


class Verdict(StrEnum):
    LEGITIMATE = "legitimate"
    NOT_YET = "not_yet"
    NEEDS_DATA = "needs_data"


@dataclass(frozen=True)
class Rules:
    """The network's settings (Network model), as plain values."""

    outreach_coverage_percent: int = 80
    notice_days: int = 14
    residents_per_meeting: int = 150
    meetings_considered: int = 3
    count_self_declared: bool = False
    process_percent: int = 80
    outreach_window_days: int = 28


@dataclass(frozen=True)
class MeetingEvidence:
    """What one held meeting's records show."""

    meeting_id: int
    starts_at: datetime.datetime
    coverage_percent: float | None = None  # None: the area's postcodes are not listed
    units_reached: int = 0
    units_total: int = 0
    notice_days: int | None = None  # None: the invitation was never published
    attendees: int = 0
    verified_residents: int = 0
    self_declared_residents: int = 0
    tallied_residents: int = 0
    process_met: int = 0
    process_counted: int = 0
    process_missing: tuple[str, ...] = ()

    def residents(self, rules: Rules) -> int:
        """Distinct local residents that count, by the network's rule on self-declaration."""
        if rules.count_self_declared:
            return self.verified_residents + self.self_declared_residents + self.tallied_residents
        return self.verified_residents

    @property
    def process_percent(self) -> float | None:
        return None if self.process_counted == 0 else 100 * self.process_met / self.process_counted


@dataclass(frozen=True)
class MeetingCheck:
    """One criterion at one meeting."""

    evidence: MeetingEvidence
    status: Status
    detail: str


@dataclass
class Criterion:
    key: str
    title: str
    status: Status
    checks: list[MeetingCheck] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    verdict: Verdict
    criteria: list[Criterion]
    meetings_held: int
    rules: Rules

    @property
    def is_legitimate(self) -> bool:
        return self.verdict == Verdict.LEGITIMATE


def _combine(statuses: Sequence[Status]) -> Status:
    if Status.NOT_MET in statuses:
        return Status.NOT_MET
    if Status.NEEDS_DATA in statuses:
        return Status.NEEDS_DATA
    return Status.MET


def _next_meetings(checks: Sequence[MeetingCheck], rules: Rules) -> int:
    """How many more meetings must pass before this criterion is met: every meeting from the
    newest one that did not pass is still inside the window until enough good ones follow."""
    streak = 0
    for check in checks:  # newest first
        if check.status != Status.MET:
            break
        streak += 1
    return max(rules.meetings_considered - streak, 0)


def _outreach_status(meeting: MeetingEvidence, rules: Rules) -> Status:
    if meeting.coverage_percent is None:
        return Status.NEEDS_DATA
    coverage_ok = meeting.coverage_percent >= rules.outreach_coverage_percent
    notice_ok = meeting.notice_days is not None and meeting.notice_days >= rules.notice_days
    return Status.MET if coverage_ok and notice_ok else Status.NOT_MET


def _check_outreach(meeting: MeetingEvidence, rules: Rules) -> MeetingCheck:
    status = _outreach_status(meeting, rules)
    if status == Status.NEEDS_DATA:
        return MeetingCheck(meeting, status, _("The area's postcodes are not listed yet."))
    reach = _("%(percent)d%% of postcodes reached (%(reached)d of %(total)d)") % {
        "percent": int(meeting.coverage_percent),
        "reached": meeting.units_reached,
        "total": meeting.units_total,
    }
    if meeting.notice_days is None:
        notice = _("invitation never published")
    else:
        notice = ngettext(
            "invitation published %(days)d day before",
            "invitation published %(days)d days before",
            meeting.notice_days,
        ) % {"days": meeting.notice_days}
    return MeetingCheck(meeting, status, f"{reach}; {notice}.")


def _attendance_status(meeting: MeetingEvidence, rules: Rules) -> Status:
    return Status.MET if meeting.residents(rules) >= rules.residents_per_meeting else Status.NOT_MET


def _check_attendance(meeting: MeetingEvidence, rules: Rules) -> MeetingCheck:
    counted = meeting.residents(rules)
    status = _attendance_status(meeting, rules)
    if rules.count_self_declared:
        detail = _(
            "%(counted)d local residents (%(verified)d checked, %(declared)d say so, "
            "%(tallied)d counted by a teller)"
        ) % {
            "counted": counted,
            "verified": meeting.verified_residents,
            "declared": meeting.self_declared_residents,
            "tallied": meeting.tallied_residents,
        }
    else:
        detail = _("%(counted)d checked local residents (%(declared)d more say they live here)") % {
            "counted": counted,
            "declared": meeting.self_declared_residents + meeting.tallied_residents,
        }
    return MeetingCheck(meeting, status, f"{detail}; {meeting.attendees} {_('people in all')}.")


def _process_status(meeting: MeetingEvidence, rules: Rules) -> Status:
    percent = meeting.process_percent
    if percent is None:
        return Status.NEEDS_DATA
    return Status.MET if percent >= rules.process_percent else Status.NOT_MET


def _check_process(meeting: MeetingEvidence, rules: Rules) -> MeetingCheck:
    status = _process_status(meeting, rules)
    if status == Status.NEEDS_DATA:
        return MeetingCheck(meeting, status, _("No process steps can be checked yet."))
    detail = _("%(met)d of %(counted)d steps followed") % {
        "met": meeting.process_met,
        "counted": meeting.process_counted,
    }
    if meeting.process_missing:
        detail += " — " + _("missing: %(steps)s") % {"steps": ", ".join(meeting.process_missing)}
    return MeetingCheck(meeting, status, detail + ".")


def _hold_more(held: int, rules: Rules) -> str | None:
    if held >= rules.meetings_considered:
        return None
    more = rules.meetings_considered - held
    return ngettext("Hold %(count)d more meeting.", "Hold %(count)d more meetings.", more) % {
        "count": more
    }


def _outreach_missing(checks: list[MeetingCheck], rules: Rules) -> list[str]:
    missing: list[str] = []
    if any(c.status == Status.NEEDS_DATA for c in checks):
        missing.append(_("List the area's postcodes, so outreach coverage can be worked out."))
    needed = _next_meetings(checks, rules)
    if needed and checks:
        last = checks[0].evidence
        text = ngettext(
            "Before the next meeting, reach at least %(percent)d%% of the area's postcodes in "
            "the %(window)d days before it, and publish the invitation at least %(notice)d "
            "days ahead.",
            "Before each of the next %(count)d meetings, reach at least %(percent)d%% of the "
            "area's postcodes in the %(window)d days before it, and publish the invitation at "
            "least %(notice)d days ahead.",
            needed,
        ) % {
            "count": needed,
            "percent": rules.outreach_coverage_percent,
            "window": rules.outreach_window_days,
            "notice": rules.notice_days,
        }
        if last.coverage_percent is not None and last.coverage_percent < (
            rules.outreach_coverage_percent
        ):
            text += " " + _("Last time: %(percent)d%%.") % {"percent": int(last.coverage_percent)}
        missing.append(text)
    return missing


def _attendance_missing(checks: list[MeetingCheck], rules: Rules) -> list[str]:
    needed = _next_meetings(checks, rules)
    if not needed or not checks:
        return []
    who = _("local residents") if rules.count_self_declared else _("checked local residents")
    text = ngettext(
        "At least %(count)d %(who)s at the next meeting.",
        "At least %(count)d %(who)s at each of the next %(meetings)d meetings.",
        needed,
    ) % {"count": rules.residents_per_meeting, "who": who, "meetings": needed}
    last = checks[0].evidence.residents(rules)
    if last < rules.residents_per_meeting:
        text += " " + ngettext(
            "The last meeting had %(last)d: %(more)d more.",
            "The last meeting had %(last)d: %(more)d more.",
            last,
        ) % {"last": last, "more": rules.residents_per_meeting - last}
    return [text]


def _process_missing(checks: list[MeetingCheck], rules: Rules) -> list[str]:
    needed = _next_meetings(checks, rules)
    if not needed or not checks:
        return []
    text = ngettext(
        "Follow at least %(percent)d%% of the process steps at the next meeting.",
        "Follow at least %(percent)d%% of the process steps at each of the next %(count)d "
        "meetings.",
        needed,
    ) % {"percent": rules.process_percent, "count": needed}
    if checks[0].evidence.process_missing:
        text += " " + _("Last time these were missed: %(steps)s.") % {
            "steps": ", ".join(checks[0].evidence.process_missing)
        }
    return [text]


# Each criterion: its key, its status at one meeting, that status worded, and what is missing.
CRITERIA = [
    ("outreach", _outreach_status, _check_outreach, _outreach_missing),
    ("attendance", _attendance_status, _check_attendance, _attendance_missing),
    ("process", _process_status, _check_process, _process_missing),
]


def criterion_title(key: str, rules: Rules) -> str:
    if key == "outreach":
        return _("Everyone in the area was invited")
    if key == "attendance":
        return ngettext(
            "Regularly attended by at least %(count)d local resident",
            "Regularly attended by at least %(count)d local residents",
            rules.residents_per_meeting,
        ) % {"count": rules.residents_per_meeting}
    return _("The assembly process was followed")


def _criterion_status(statuses: Sequence[Status], held_enough: bool) -> Status:
    """A criterion over the window: not met until enough meetings were held."""
    if not held_enough or not statuses:
        return Status.NOT_MET
    return _combine(statuses)


def _verdict(statuses: Sequence[Status]) -> Verdict:
    if all(s == Status.MET for s in statuses):
        return Verdict.LEGITIMATE
    if Status.NOT_MET in statuses:
        return Verdict.NOT_YET
    return Verdict.NEEDS_DATA


def verdict(held_meetings: Sequence[MeetingEvidence], rules: Rules) -> Verdict:
    """``assess(held_meetings, rules).verdict``, decided the same way without wording any of
    it: for lists of many assemblies, where the wording took most of the time."""
    window = held_meetings[: rules.meetings_considered]
    held_enough = len(held_meetings) >= rules.meetings_considered
    return _verdict(
        [
            _criterion_status([status(meeting, rules) for meeting in window], held_enough)
            for _key, status, _check, _missing in CRITERIA
        ]
    )


def assess(held_meetings: Sequence[MeetingEvidence], rules: Rules) -> Assessment:
    """Assess an assembly from its held meetings (newest first; cancelled ones left out)."""
    window = list(held_meetings[: rules.meetings_considered])
    hold_more = _hold_more(len(held_meetings), rules)
    criteria: list[Criterion] = []
    for key, _status, check, missing in CRITERIA:
        checks = [check(meeting, rules) for meeting in window]
        status = _criterion_status([c.status for c in checks], held_enough=hold_more is None)
        gaps = missing(checks, rules)
        if hold_more:
            gaps.insert(0, hold_more)
        criteria.append(
            Criterion(
                key=key,
                title=criterion_title(key, rules),
                status=status,
                checks=checks,
                missing=list(dict.fromkeys(gaps)),
            )
        )
    return Assessment(
        verdict=_verdict([c.status for c in criteria]),
        criteria=criteria,
        meetings_held=len(held_meetings),
        rules=rules,
    )


def history(held_meetings: Sequence[MeetingEvidence], rules: Rules, limit: int = 12):
    """The verdict as it stood just after each of the last ``limit`` meetings, newest first."""
    return [
        (held_meetings[index], assess(held_meetings[index:], rules).verdict)
        for index in range(min(limit, len(held_meetings)))
    ]
