"""The decision log: every decision an assembly (or a council, by its delegates' votes) made,
and organisers' updates on how carrying it out is going."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from folkmoot.audit.services import record

from .bodies import Body, can_update_decisions, is_council, owner
from .models import Decision, ProgressUpdate
from .voting import NotAllowed, VotingError

__all__ = ["add_progress_update", "can_update_decisions", "decision_log", "only_updaters"]


def only_updaters(body: Body) -> str:
    if is_council(body):
        return _("Only the council's conveners can add updates to a decision.")
    return _("Only organisers can add updates to a decision.")


def add_progress_update(decision: Decision, by, progress: str, note: str) -> ProgressUpdate:
    if not can_update_decisions(by, decision.body):
        raise NotAllowed(only_updaters(decision.body))
    if progress not in Decision.Progress.values:
        raise VotingError(_("Choose how it is going."))
    note = note.strip()
    if not note:
        raise VotingError(_("Write what happened."))
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            decision=decision, progress=progress, note=note, by=by
        )
        Decision.objects.filter(pk=decision.pk).update(progress=progress)
        decision.progress = progress
        record(
            "decision.progress",
            f"decision:{decision.pk}",
            {"decision": decision.pk, "progress": progress, "update": update.pk, "by": by.pk},
        )
    return update


def decision_log(body: Body):
    return (
        Decision.objects.filter(**owner(body))
        .select_related("proposal", "vote", "assembly", "council")
        .prefetch_related("updates")
        .order_by("-decided_at", "-pk")
    )
