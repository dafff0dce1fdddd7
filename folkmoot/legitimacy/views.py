"""The legitimacy page of an assembly, and the process page of a meeting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly
from folkmoot.meetings.models import Meeting
from folkmoot.meetings.services import can_manage as can_manage_meetings

from . import services
from .forms import ProcessRecordForm
from .models import ProcessRecord, ProcessStep


def assembly_legitimacy(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly.objects.select_related("area", "theme"), slug=slug)
    assessment, history = services.assess_assembly(assembly, with_history=12)
    return render(
        request,
        "legitimacy/assembly.html",
        {
            "assembly": assembly,
            "assessment": assessment,
            "history": history,
            "can_plan": can_manage_meetings(request.user, assembly),
        },
    )


def meeting_process(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("assembly"), pk=pk)
    can_record = services.can_record_process(request.user, meeting)
    steps = list(ProcessStep.objects.filter(active=True, rule=ProcessStep.Rule.RECORDED))
    records = {r.step_id: r for r in ProcessRecord.objects.filter(meeting=meeting)}
    form = None
    if can_record:
        form = ProcessRecordForm(request.POST or None, steps=steps, records=records)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = services.record_steps(meeting, request.user, form.answers())
            except services.ProcessNotYet:
                messages.error(
                    request, _("You can record these on the day of the meeting or after it.")
                )
                return redirect("legitimacy:meeting_process", pk=meeting.pk)
            messages.success(
                request,
                _("Saved. %(count)d answers changed. The assembly's legitimacy page now uses them.")
                % {"count": changed},
            )
            return redirect("legitimacy:meeting_process", pk=meeting.pk)
    return render(
        request,
        "legitimacy/meeting_process.html",
        {
            "meeting": meeting,
            "result": services.process_for(meeting),
            "form": form,
        },
    )
