"""Pages for finding, supporting and talking about assemblies. The rules live in services.py."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from folkmoot.legitimacy.services import assess_assembly, verdicts_for
from folkmoot.meetings.services import next_meeting, next_meetings_for
from folkmoot.network.services import is_network_organiser

from . import services
from .forms import (
    CommentForm,
    DirectorySearchForm,
    FindForm,
    ReportForm,
    StartAssemblyForm,
    SupportForm,
)
from .membership import can_see_members
from .models import Assembly, Comment, Supporter


def _support_rate(group, request) -> str:
    return settings.SUPPORT_FORM_RATE


def directory(request: HttpRequest) -> HttpResponse:
    """All assemblies, searchable by name, postcode, area and theme. htmx swaps only the list."""
    form = DirectorySearchForm(request.GET or None)
    assemblies = services.with_counts(Assembly.objects.all()).order_by(*services.DIRECTORY_ORDER)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        assemblies = services.search_assemblies(
            text=data["q"].strip(),
            postcode_prefix=data["postcode"],
            area=data["area"],
            theme_slug=data["theme"].slug if data["theme"] else "",
        )
    elif form.is_bound:
        assemblies = Assembly.objects.none()
    page = Paginator(assemblies, 24).get_page(request.GET.get("page"))
    # Read once: as a query, the page would be searched again inside the next meetings' query.
    page.object_list = list(page.object_list)
    verdicts = verdicts_for(page.object_list)
    next_meetings = next_meetings_for(page.object_list)
    for assembly in page.object_list:
        assembly.verdict = verdicts[assembly.pk]
        assembly.next_meeting = next_meetings.get(assembly.pk)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_start": is_network_organiser(request.user),
    }
    template = (
        "assemblies/_directory_results.html"
        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted")
        else "assemblies/directory.html"
    )
    return render(request, template, context)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(
        services.with_page_counts(Assembly.objects.select_related("area", "theme")), slug=slug
    )
    return render(
        request,
        "assemblies/detail.html",
        {
            "assembly": assembly,
            "postcodes": assembly.area.postcodes.all(),
            "member_count": assembly.member_count,
            "supporter_count": assembly.supporter_count,
            "comments": services.visible_comments(assembly, request.user),
            "comment_form": CommentForm(),
            "can_moderate": services.can_moderate(request.user, assembly),
            "can_see_supporters": services.can_see_supporters(request.user, assembly),
            "legitimacy": assess_assembly(assembly)[0],
            "next_meeting": next_meeting(assembly),
            "membership": services.current_membership(request.user, assembly),
            "is_organiser": services.is_organiser(request.user, assembly),
            "can_see_members": can_see_members(request.user, assembly),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def find(request: HttpRequest) -> HttpResponse:
    """Postcode in, the assemblies covering it out, or the support form if there are none."""
    form = FindForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        found = services.find_assemblies(form.cleaned_data["postcode"])
    gathering = 0
    if found is not None and not found.neighbourhood_assemblies:
        gathering = services.gathering_supporters(
            area=found.neighbourhood, sector=found.sector
        ).count()
    support_form = SupportForm(initial={"postcode": found.postcode}) if found else None
    return render(
        request,
        "assemblies/find.html",
        {"form": form, "found": found, "gathering": gathering, "support_form": support_form},
    )


def _handle_support(request: HttpRequest, assembly: Assembly | None) -> HttpResponse:
    if request.method == "POST":
        form = SupportForm(request.POST)
        if form.is_valid():
            # Every outcome (new, re-sent, already counted, or a bot caught by the trap) gets
            # the same answer, so the page never tells a stranger whether an email supports.
            if not form.is_bot:
                form.record(assembly)
            return redirect("assemblies:support_sent")
    else:
        form = SupportForm(initial={"postcode": request.GET.get("postcode", "")})
    return render(request, "assemblies/support.html", {"form": form, "assembly": assembly})


@ratelimit(key="ip", rate=_support_rate, method="POST", block=True)
def support(request: HttpRequest) -> HttpResponse:
    """Show support for an assembly where you live, whether or not one exists yet."""
    return _handle_support(request, assembly=None)


@ratelimit(key="ip", rate=_support_rate, method="POST", block=True)
def support_assembly(request: HttpRequest, slug: str) -> HttpResponse:
    return _handle_support(request, assembly=get_object_or_404(Assembly, slug=slug))


def support_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "assemblies/support_sent.html")


def support_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A button, not the link itself, confirms: mail scanners open links but do not press."""
    supporter = get_object_or_404(Supporter.objects.select_related("assembly", "area"), token=token)
    if request.method == "POST":
        services.confirm_support(supporter)
        return render(request, "assemblies/support_confirmed.html", {"supporter": supporter})
    return render(request, "assemblies/support_confirm.html", {"supporter": supporter})


def support_remove(request: HttpRequest, token: str) -> HttpResponse:
    supporter = Supporter.objects.filter(token=token).first()
    if supporter is None:
        return render(request, "assemblies/support_removed.html", {"already": True})
    if request.method == "POST":
        services.remove_support(supporter)
        return render(request, "assemblies/support_removed.html", {"already": False})
    return render(request, "assemblies/support_remove.html", {"supporter": supporter})


def _supporters_csv(filename: str, supporters) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        ["name", "email", "postcode", "area", "comment", "confirmed_at", "signed_up_at"]
    )
    for supporter in supporters:
        writer.writerow(
            [
                _csv_safe(supporter.name),
                supporter.email,
                supporter.postcode,
                supporter.area.name if supporter.area else "",
                _csv_safe(supporter.comment),
                supporter.confirmed_at.isoformat() if supporter.confirmed_at else "",
                supporter.created_at.isoformat(),
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheet programs running a supporter's text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def assembly_supporters(request: HttpRequest, slug: str, export: bool = False) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    if not services.can_see_supporters(request.user, assembly):
        raise PermissionDenied
    supporters = assembly.supporters.select_related("area").order_by("-created_at")
    if export:
        return _supporters_csv(f"{assembly.slug}-supporters.csv", supporters)
    return render(
        request,
        "assemblies/supporters.html",
        {
            "assembly": assembly,
            "supporters": supporters,
            "confirmed": sum(1 for s in supporters if s.confirmed_at),
        },
    )


@login_required
def gatherings(request: HttpRequest, export: bool = False) -> HttpResponse:
    """Network organisers: support gathering where there is no assembly yet."""
    if not is_network_organiser(request.user):
        raise PermissionDenied
    if export:
        supporters = (
            Supporter.objects.filter(assembly__isnull=True)
            .select_related("area")
            .order_by("area__name", "postcode_sector", "-created_at")
        )
        return _supporters_csv("supporters-without-an-assembly.csv", supporters)
    pending = Supporter.objects.filter(assembly__isnull=True, confirmed_at__isnull=True).count()
    return render(
        request,
        "assemblies/gatherings.html",
        {"gatherings": services.support_gatherings(), "pending": pending},
    )


@login_required
@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.post_comment(assembly, request.user, form.cleaned_data["body"])
        messages.success(request, _("Thank you. Your comment is on the page now."))
        return redirect(assembly.get_absolute_url() + "#comments")
    return render(
        request,
        "assemblies/comment_form.html",
        {"assembly": assembly, "form": form},
        status=400,
    )


@login_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("assembly", "author"), pk=pk, hidden_at__isnull=True
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.report_comment(comment, request.user, form.cleaned_data["reason"]):
            messages.success(request, _("Thank you. The organisers will look at that comment."))
        else:
            messages.info(request, _("You had already reported that comment. Thank you."))
        return redirect(comment.assembly.get_absolute_url() + "#comments")
    return render(request, "assemblies/comment_report.html", {"comment": comment, "form": form})


def _moderated_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("assembly"), pk=pk)
    if not services.can_moderate(request.user, comment.assembly):
        raise PermissionDenied
    return comment


@login_required
@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _moderated_comment(request, pk)
    services.hide_comment(comment, request.user)
    messages.success(request, _("The comment is hidden from the public. You can restore it."))
    return redirect(comment.assembly.get_absolute_url() + f"#comment-{comment.pk}")


@login_required
@require_POST
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _moderated_comment(request, pk)
    services.restore_comment(comment)
    messages.success(request, _("The comment is public again."))
    return redirect(comment.assembly.get_absolute_url() + f"#comment-{comment.pk}")


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Network organisers start an assembly and name its first organiser."""
    if not is_network_organiser(request.user):
        raise PermissionDenied
    initial = {"organiser_email": request.user.email}
    if request.GET.get("area"):
        initial["area"] = request.GET["area"]
    form = StartAssemblyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assembly = services.start_assembly(
                name=data["name"],
                area=data["area"],
                organiser=data["organiser_email"],
                kind=data["kind"],
                theme=data["theme"],
                about=data["about"],
                usual_meeting=data["usual_meeting"],
                venue=data["venue"],
            )
        except services.StartError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "%(name)s is started. Next: list the area's postcodes, plan the first "
                    "meeting and invite everyone."
                )
                % {"name": assembly.name},
            )
            return redirect(assembly)
    return render(request, "assemblies/start.html", {"form": form})
