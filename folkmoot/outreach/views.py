"""Pages for outreach: the log, an area's postcodes, coverage per meeting, and leaflets.
The rules live in services.py; the PDFs are drawn in leaflets.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly
from folkmoot.assemblies.services import is_member
from folkmoot.meetings.models import Meeting

from . import leaflets, services
from .forms import OutreachForm, PostcodeUnitsForm
from .models import OutreachActivity


def _assembly(slug: str) -> Assembly:
    return get_object_or_404(Assembly.objects.select_related("area"), slug=slug)


def _activity(slug: str, pk: int) -> OutreachActivity:
    return get_object_or_404(
        OutreachActivity.objects.select_related("assembly", "assembly__area"),
        assembly__slug=slug,
        pk=pk,
    )


def log(request: HttpRequest, slug: str) -> HttpResponse:
    """An assembly's outreach, newest first. Anyone may read it: it is evidence."""
    assembly = _assembly(slug)
    activities = list(services.log_list(assembly))
    insider = services.can_log(request.user, assembly)
    return render(
        request,
        "outreach/log.html",
        {
            "assembly": assembly,
            "activities": activities,
            "totals": services.log_totals(activities),
            "can_log": insider,
            "show_names": insider,
            "can_organise": services.can_organise(request.user, assembly),
            "can_manage_units": services.can_manage_units(request.user, assembly.area),
            "unit_count": assembly.area.units.count(),
        },
    )


@login_required
def new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(slug)
    if not services.can_log(request.user, assembly):
        raise PermissionDenied
    if request.method == "POST":
        form = OutreachForm(request.POST, assembly=assembly)
        if form.is_valid():
            form.instance.recorded_by = request.user
            form.save()
            messages.success(
                request,
                _("Thank you. Your outreach is recorded and counts towards the next meeting."),
            )
            return redirect("outreach:log", slug=assembly.slug)
    else:
        # Most people record outreach the day they do it.
        initial = {"done_on": timezone.localdate()}
        if request.GET.get("kind") in OutreachActivity.Kind.values:
            initial["kind"] = request.GET["kind"]
        meeting_pk = request.GET.get("meeting", "")
        if meeting_pk.isdigit() and assembly.meetings.filter(pk=meeting_pk).exists():
            initial["meeting"] = int(meeting_pk)
        form = OutreachForm(initial=initial, assembly=assembly)
    return render(
        request,
        "outreach/form.html",
        {"assembly": assembly, "form": form, "area_units": sorted(form.area_units)},
    )


@login_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    activity = _activity(slug, pk)
    assembly = activity.assembly
    if not services.can_edit(request.user, activity):
        raise PermissionDenied
    form = OutreachForm(request.POST or None, instance=activity, assembly=assembly)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved. The outreach log shows your changes."))
        return redirect("outreach:log", slug=assembly.slug)
    return render(
        request,
        "outreach/form.html",
        {
            "assembly": assembly,
            "form": form,
            "activity": activity,
            "area_units": sorted(form.area_units),
        },
    )


@login_required
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    activity = _activity(slug, pk)
    if not services.can_delete(request.user, activity):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_activity(activity)
        messages.success(request, _("Deleted. It no longer counts towards any meeting's outreach."))
        return redirect("outreach:log", slug=slug)
    return render(
        request, "outreach/delete.html", {"assembly": activity.assembly, "activity": activity}
    )


@login_required
def postcodes(request: HttpRequest, slug: str) -> HttpResponse:
    """Set the full postcodes of the assembly's area, which coverage is measured against."""
    assembly = _assembly(slug)
    area = assembly.area
    if not services.can_manage_units(request.user, area):
        raise PermissionDenied
    if request.method == "POST":
        form = PostcodeUnitsForm(request.POST, area=area)
        if form.is_valid():
            change = services.set_area_units(area, form.cleaned_data["lines"])
            messages.success(
                request,
                _(
                    "Saved. %(area)s now has %(total)s postcodes "
                    "(%(added)s added, %(removed)s taken out). Coverage now counts against them."
                )
                % {
                    "area": area.name,
                    "total": len(form.cleaned_data["lines"]),
                    "added": change.added,
                    "removed": change.removed,
                },
            )
            return redirect("outreach:log", slug=assembly.slug)
    else:
        form = PostcodeUnitsForm(initial={"lines": services.units_as_text(area)}, area=area)
    return render(
        request,
        "outreach/postcodes.html",
        {
            "assembly": assembly,
            "form": form,
            "prefixes": sorted(services.area_prefixes(area)),
            "unit_count": area.units.count(),
        },
    )


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("assembly", "assembly__area"), pk=pk)
    if not services.can_see_meeting_outreach(request.user, meeting):
        # Unpublished meetings are not announced yet: to everyone else they do not exist.
        raise Http404
    return meeting


def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    """Which of the area's postcodes were reached before a meeting, and the notice given."""
    meeting = _meeting(request, pk)
    assembly = meeting.assembly
    report = services.coverage_report(meeting)
    insider = services.can_log(request.user, assembly)
    return render(
        request,
        "outreach/coverage.html",
        {
            "meeting": meeting,
            "assembly": assembly,
            "report": report,
            "meeting_url": services.meeting_url(meeting),
            "when": services.when_text(meeting.starts_at, meeting.ends_at),
            "can_log": insider,
            "show_names": insider,
            "leaflets_delivered_url": reverse("outreach:new", args=[assembly.slug])
            + f"?kind={OutreachActivity.Kind.LEAFLETS}&meeting={meeting.pk}",
            "is_member": is_member(request.user, assembly),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def leaflet_a5(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _pdf(leaflets.leaflet_a5(meeting), f"leaflet-a5-{meeting.pk}.pdf")


def leaflet_a4(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _pdf(leaflets.leaflet_a4(meeting), f"leaflet-a4-{meeting.pk}.pdf")


def poster(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _pdf(leaflets.poster_a4(meeting), f"poster-{meeting.pk}.pdf")
