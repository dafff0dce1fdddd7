"""The decision log: every decision an assembly made, and organisers' updates on how carrying
it out is going."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly, Role
from folkmoot.assemblies.services import has_role
from folkmoot.audit.services import record
from folkmoot.network.services import is_network_organiser

from .models import Decision, ProgressUpdate
from .voting import NotAllowed, VotingError


def can_update_decisions(user, assembly: Assembly) -> bool:
    return has_role(user, assembly, Role.Kind.ORGANISER) or is_network_organiser(user)


def add_progress_update(decision: Decision, by, progress: str, note: str) -> ProgressUpdate:
    if not can_update_decisions(by, decision.assembly):
        raise NotAllowed(_("Only organisers can add updates to a decision."))
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


def decision_log(assembly: Assembly):
    return (
        Decision.objects.filter(assembly=assembly)
        .select_related("proposal", "vote")
        .prefetch_related("updates")
        .order_by("-decided_at", "-pk")
    )
