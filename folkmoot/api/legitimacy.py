"""Legitimacy in the API: the same assessment as the assembly's legitimacy page."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from folkmoot.assemblies.models import Assembly
from folkmoot.legitimacy.services import assess_assembly

router = Router(tags=["legitimacy"])


class MeetingEvidenceOut(Schema):
    meeting_id: int
    starts_at: datetime.datetime
    coverage_percent: float | None
    units_reached: int
    units_total: int
    notice_days: int | None
    attendees: int
    verified_residents: int
    self_declared_residents: int
    tallied_residents: int
    process_met: int
    process_counted: int
    process_missing: list[str]


class CheckOut(Schema):
    status: str
    detail: str
    evidence: MeetingEvidenceOut


class CriterionOut(Schema):
    key: str
    title: str
    status: str
    missing: list[str]
    checks: list[CheckOut]


class RulesOut(Schema):
    outreach_coverage_percent: int
    notice_days: int
    residents_per_meeting: int
    meetings_considered: int
    count_self_declared: bool
    process_percent: int
    outreach_window_days: int


class HistoryOut(Schema):
    meeting_id: int
    starts_at: datetime.datetime
    verdict: str


class LegitimacyOut(Schema):
    assembly_id: int
    verdict: str
    meetings_held: int
    rules: RulesOut
    criteria: list[CriterionOut]
    history: list[HistoryOut]


class ErrorOut(Schema):
    errors: dict[str, list[str]]


@router.get(
    "/assemblies/{assembly_id}/legitimacy",
    response={200: LegitimacyOut, 404: ErrorOut},
    summary="Is the assembly legitimate? Each criterion, the evidence and what is missing",
)
def assembly_legitimacy(request: HttpRequest, assembly_id: int):
    assembly = Assembly.objects.filter(pk=assembly_id).first()
    if assembly is None:
        return Status(404, {"errors": {"assembly_id": ["There is no assembly with that id."]}})
    assessment, history = assess_assembly(assembly, with_history=12)
    return {
        "assembly_id": assembly.pk,
        "verdict": str(assessment.verdict),
        "meetings_held": assessment.meetings_held,
        "rules": assessment.rules.__dict__,
        "criteria": [
            {
                "key": c.key,
                "title": c.title,
                "status": str(c.status),
                "missing": c.missing,
                "checks": [
                    {
                        "status": str(check.status),
                        "detail": check.detail,
                        "evidence": {
                            **check.evidence.__dict__,
                            "process_missing": list(check.evidence.process_missing),
                        },
                    }
                    for check in c.checks
                ],
            }
            for c in assessment.criteria
        ],
        "history": [
            {"meeting_id": m.pk, "starts_at": m.starts_at, "verdict": str(v)} for m, v in history
        ],
    }
