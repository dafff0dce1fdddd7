"""Which steps of the network's process a meeting followed: plain functions on plain values.

A step is *met* or *not met* once it can be known; until then it is *pending* (the minutes are
not due yet, the meeting has not happened) and does not count either way. A step that cannot
apply yet (report-backs before the assembly has delegates) is *not applicable*.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from folkmoot.network.translation import gettext as _
from folkmoot.network.translation import ngettext


class StepStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    PENDING = "pending"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Step:
    """One step of the template (a plain copy of ProcessStep)."""

    id: int
    name: str
    rule: str
    days: int | None = None


@dataclass(frozen=True)
class MeetingFacts:
    """What the records say about one meeting, as far as the process is concerned."""

    starts_at: datetime.datetime
    invitation_published_at: datetime.datetime | None
    agenda_items: int
    facilitator_named: bool
    note_taker_named: bool
    minutes_published_at: datetime.datetime | None
    # None while the assembly has no delegates: the step does not apply yet.
    report_backs_due: int | None = None
    report_backs_received: int = 0
    recorded: dict[int, bool] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StepResult:
    step: Step
    status: StepStatus
    evidence: str


@dataclass(frozen=True)
class ProcessResult:
    steps: list[StepResult]

    @property
    def met(self) -> int:
        return sum(1 for r in self.steps if r.status == StepStatus.MET)

    @property
    def counted(self) -> int:
        """Steps that count: met or not met (pending and not applicable do not)."""
        return sum(1 for r in self.steps if r.status in (StepStatus.MET, StepStatus.NOT_MET))

    @property
    def percent(self) -> float | None:
        return None if self.counted == 0 else 100 * self.met / self.counted

    @property
    def missing(self) -> list[str]:
        return [r.step.name for r in self.steps if r.status == StepStatus.NOT_MET]


def _days(value: int | None) -> int:
    return value if value is not None else 0


def _decide(
    step: Step, facts: MeetingFacts, now: datetime.datetime
) -> tuple[StepStatus, Callable[[], str]]:
    """Decide one step for one meeting at a moment in time; the evidence is worded only when
    it is asked for (see ``evaluate``)."""
    held = facts.starts_at <= now

    if step.rule == "agenda_published":
        days = _days(step.days)
        deadline = facts.starts_at - datetime.timedelta(days=days)
        published = facts.invitation_published_at
        if published is not None and published <= deadline and facts.agenda_items:
            ahead = (facts.starts_at - published).days
            return (
                StepStatus.MET,
                lambda: (
                    ngettext(
                        "Published %(days)d day before, with the agenda.",
                        "Published %(days)d days before, with the agenda.",
                        ahead,
                    )
                    % {"days": ahead}
                ),
            )
        if published is not None and published <= deadline:
            return StepStatus.NOT_MET, lambda: _("Published in time, but with no agenda items.")
        if now < deadline:
            return StepStatus.PENDING, lambda: _("Not published yet: there is still time.")
        if published is None:
            return StepStatus.NOT_MET, lambda: _("The invitation was never published.")
        ahead = max((facts.starts_at - published).days, 0)
        return (
            StepStatus.NOT_MET,
            lambda: (
                ngettext(
                    "Published only %(ahead)d day before (%(days)d needed).",
                    "Published only %(ahead)d days before (%(days)d needed).",
                    ahead,
                )
                % {"ahead": ahead, "days": days}
            ),
        )

    if step.rule == "roles_named":
        if facts.facilitator_named and facts.note_taker_named:
            return StepStatus.MET, lambda: _("Facilitator and note-taker were named.")
        if not held:
            return StepStatus.PENDING, lambda: _("Name them before the meeting.")
        gaps = []
        if not facts.facilitator_named:
            gaps.append(_("no facilitator"))
        if not facts.note_taker_named:
            gaps.append(_("no note-taker"))
        return StepStatus.NOT_MET, lambda: _("Not named: %(gaps)s.") % {"gaps": ", ".join(gaps)}

    if step.rule == "minutes_published":
        days = _days(step.days)
        due = facts.starts_at + datetime.timedelta(days=days)
        published = facts.minutes_published_at
        if published is not None and published <= due:
            return StepStatus.MET, lambda: _("Minutes published in time.")
        if published is not None:
            late = (published - due).days + 1
            return (
                StepStatus.NOT_MET,
                lambda: (
                    ngettext(
                        "Minutes published %(late)d day late.",
                        "Minutes published %(late)d days late.",
                        late,
                    )
                    % {"late": late}
                ),
            )
        if now <= due:
            return StepStatus.PENDING, lambda: _("Minutes are not due yet.")
        return StepStatus.NOT_MET, lambda: _("No minutes published.")

    if step.rule == "report_backs":
        if facts.report_backs_due is None or facts.report_backs_due == 0:
            return StepStatus.NOT_APPLICABLE, lambda: _("No delegates to report back yet.")
        if facts.report_backs_received >= facts.report_backs_due:
            return StepStatus.MET, lambda: _("Every delegate reported back.")
        if not held:
            return StepStatus.PENDING, lambda: _("Report-backs are due by the meeting.")
        return (
            StepStatus.NOT_MET,
            lambda: (
                _("%(got)d of %(due)d delegates reported back.")
                % {"got": facts.report_backs_received, "due": facts.report_backs_due}
            ),
        )

    # Recorded by the facilitator.
    if step.id in facts.recorded:
        note = facts.notes.get(step.id, "")
        if facts.recorded[step.id]:
            return StepStatus.MET, lambda: note or _("Recorded as done.")
        return StepStatus.NOT_MET, lambda: note or _("Recorded as not done.")
    if not held:
        return StepStatus.PENDING, lambda: _("To be recorded at the meeting.")
    return StepStatus.NOT_MET, lambda: _("Not recorded by the facilitator.")


def evaluate_step(step: Step, facts: MeetingFacts, now: datetime.datetime) -> StepResult:
    """Decide one step for one meeting at a moment in time."""
    status, evidence = _decide(step, facts, now)
    return StepResult(step=step, status=status, evidence=evidence())


def evaluate(
    steps: list[Step], facts: MeetingFacts, now: datetime.datetime, *, worded: bool = True
) -> ProcessResult:
    """Every step for one meeting. Unworded, each step's evidence is left empty and the
    decisions are the same: for legitimacy, which needs only the counts and the missing
    steps' names, wording every step of every meeting on a list took most of its time."""
    if worded:
        return ProcessResult(steps=[evaluate_step(step, facts, now) for step in steps])
    return ProcessResult(
        steps=[StepResult(step, _decide(step, facts, now)[0], "") for step in steps]
    )
