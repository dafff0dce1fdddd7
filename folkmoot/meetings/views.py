"""Pages for planning meetings, answering invitations and reading minutes.

The rules live in services.py; these views parse input, call a service and say what happened.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from folkmoot.assemblies.models import Assembly
from folkmoot.assemblies.services import is_member
from folkmoot.attendance import services as attendance_services
from folkmoot.legitimacy.models import ProcessRecord, ProcessStep
from folkmoot.network.models import Network
from folkmoot.outreach import services as outreach_services

from . import services
from .forms import AgendaItemForm, CancelForm, MeetingForm, MinutesForm, RsvpForm
from .models import AgendaItem, Meeting, Minutes, Rsvp


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("assembly", "assembly__area", "facilitator", "note_taker"),
        pk=pk,
    )


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting(pk)
    if not services.can_manage(request.user, meeting):
        raise PermissionDenied
    return meeting


def assembly_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """An assembly's meetings: the next ones first, then the past ones."""
    assembly = get_object_or_404(Assembly, slug=slug)
    upcoming = list(
        services.with_rsvp_counts(services.upcoming_meetings(assembly, include_cancelled=True))
    )
    past = list(services.with_rsvp_counts(services.past_meetings(assembly)))
    return render(
        request,
        "meetings/list.html",
        {
            "assembly": assembly,
            "upcoming": upcoming,
            "past": past,
            "can_manage": services.can_manage(request.user, assembly),
        },
    )


def _after_the_meeting(meeting, user, minutes, can_manage) -> list[tuple[bool, str, str]] | None:
    """What is left to do once a meeting is over, for the people who do it: (done, what, link)."""
    if meeting.is_cancelled or not services.is_past(meeting) or not user.is_authenticated:
        return None
    if not (can_manage or user.pk in (meeting.facilitator_id, meeting.note_taker_id)):
        return None
    recorded = ProcessRecord.objects.filter(
        meeting=meeting, step__active=True, step__rule=ProcessStep.Rule.RECORDED
    ).count()
    to_record = ProcessStep.objects.filter(active=True, rule=ProcessStep.Rule.RECORDED).count()
    return [
        (
            recorded >= to_record,
            _("The facilitator records which steps of the process happened"),
            reverse("legitimacy:meeting_process", args=[meeting.pk]),
        ),
        (
            minutes is not None and minutes.published_at is not None,
            _("The note-taker publishes the minutes"),
            reverse("meetings:minutes", args=[meeting.pk]),
        ),
        (
            meeting.attendance_closed_at is not None,
            _("An organiser closes attendance, so the count is final"),
            reverse("attendance:close", args=[meeting.pk]),
        ),
    ]


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What, when, where, getting in, the agenda, who is coming (counts only) and the minutes."""
    meeting = _meeting(pk)
    user = request.user
    can_manage = services.can_manage(user, meeting)
    minutes = services._minutes_of(meeting)
    can_read_minutes = services.can_read_minutes(user, meeting)
    rsvps = []
    if can_manage:
        rsvps = list(meeting.rsvps.select_related("person").order_by("answer", "person__pk"))
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "assembly": meeting.assembly,
            "span": services.format_span(meeting.starts_at, meeting.ends_at),
            "access": services.access_lines(meeting),
            "agenda": list(meeting.agenda.all()),
            "counts": services.rsvp_counts(meeting),
            "my_rsvp": services.rsvp_of(meeting, user),
            "answers": Rsvp.Answer.choices,
            "rsvps": rsvps,
            "is_past": services.is_past(meeting),
            "can_manage": can_manage,
            "user_is_member": is_member(user, meeting.assembly),
            "can_write_minutes": services.can_write_minutes(user, meeting),
            "minutes": minutes if can_read_minutes else None,
            "minutes_hidden": minutes is not None
            and minutes.published_at is not None
            and not can_read_minutes,
            "minutes_html": mark_safe(services.minutes_html(minutes))  # noqa: S308 (sanitised)
            if minutes is not None and can_read_minutes
            else "",
            "minutes_updated": minutes is not None and services.minutes_were_updated(minutes),
            # The other parts of a meeting's life, linked from _more_links.html.
            "can_tell": attendance_services.can_tell(user, meeting),
            "can_log": outreach_services.can_log(user, meeting.assembly),
            "attendance": attendance_services.counts(meeting),
            "after": _after_the_meeting(meeting, user, minutes, can_manage),
        },
    )


@login_required
def new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    if not services.can_manage(request.user, assembly):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, assembly=assembly)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(assembly, request.user, **form.meeting_fields())
        except services.MeetingError as error:
            form.add_error(None, str(error))
        else:
            if form.is_in_past:
                messages.warning(
                    request,
                    _(
                        "That day is in the past, so the meeting is saved as a record of one "
                        "that already happened. Nobody is invited to it."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "The meeting is planned. Next, add the agenda, then send the invitation "
                        "so members and supporters hear about it."
                    ),
                )
                notice = Network.current().notice_days
                if meeting.starts_at - timezone.now() < datetime.timedelta(days=notice):
                    messages.warning(
                        request,
                        _(
                            "This meeting is less than %(days)d days away, so its invitation "
                            "cannot go out %(days)d days ahead: it will still happen, but it "
                            "will not count towards the assembly's legitimacy."
                        )
                        % {"days": notice},
                    )
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "assembly": assembly})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so it cannot be changed."))
        return redirect(meeting)
    form = MeetingForm(request.POST or None, assembly=meeting.assembly, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.update_meeting(meeting, request.user, **form.meeting_fields())
        except services.MeetingError as error:
            form.add_error(None, str(error))
        else:
            if outcome.notified:
                messages.success(
                    request,
                    _("Saved. Everyone who was invited or said they would come gets an email."),
                )
            else:
                messages.success(request, _("Saved."))
            if form.is_in_past:
                messages.warning(request, _("Note: this meeting is in the past."))
            return redirect(meeting)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "assembly": meeting.assembly, "meeting": meeting},
    )


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda, and a form to add an item."""
    meeting = _managed_meeting(request, pk)
    locked = services.agenda_locked_reason(meeting)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            services.add_agenda_item(
                meeting, form.cleaned_data["title"], form.cleaned_data["details"]
            )
        except services.MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Added to the agenda. Add another, or go back to the meeting.")
            )
        return redirect("meetings:agenda", pk=meeting.pk)
    if request.method == "POST" and locked:
        messages.error(request, locked)
        return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "assembly": meeting.assembly,
            "agenda": list(meeting.agenda.all()),
            "form": form,
            "locked": locked,
        },
        status=400 if form.errors else 200,
    )


def _agenda_item(request: HttpRequest, pk: int, item_pk: int) -> AgendaItem:
    meeting = _managed_meeting(request, pk)
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=meeting
    )


@login_required
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _agenda_item(request, pk, item_pk)
    locked = services.agenda_locked_reason(item.meeting)
    if locked:
        messages.error(request, locked)
        return redirect("meetings:agenda", pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(
                item, form.cleaned_data["title"], form.cleaned_data["details"]
            )
        except services.MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The agenda item is changed."))
        return redirect("meetings:agenda", pk=pk)
    return render(
        request,
        "meetings/agenda_item.html",
        {"meeting": item.meeting, "item": item, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _agenda_item(request, pk, item_pk)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose up or down."))
        return redirect("meetings:agenda", pk=pk)
    try:
        services.move_agenda_item(item, direction)
    except services.MeetingError as error:
        messages.error(request, str(error))
    return redirect(reverse("meetings:agenda", kwargs={"pk": pk}) + f"#item-{item.pk}")


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _agenda_item(request, pk, item_pk)
    try:
        services.remove_agenda_item(item)
    except services.MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” is off the agenda.") % {"title": item.title})
    return redirect("meetings:agenda", pk=pk)


@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the invitation to members and supporters (once)."""
    meeting = _managed_meeting(request, pk)
    if request.method == "POST":
        try:
            sent = services.publish_invitation(meeting)
        except services.MeetingError as error:
            messages.error(request, str(error))
        else:
            if sent:
                messages.success(
                    request,
                    _(
                        "The invitation is on its way to every member and supporter. "
                        "Their answers show on this page."
                    ),
                )
            else:
                messages.info(
                    request, _("The invitation had already been sent. Nothing new was sent.")
                )
        return redirect(meeting)
    return render(
        request,
        "meetings/publish.html",
        {
            "meeting": meeting,
            "assembly": meeting.assembly,
            "span": services.format_span(meeting.starts_at, meeting.ends_at),
            "recipient_count": len(services.recipients_for(meeting)),
            "agenda_count": meeting.agenda.count(),
            "is_past": services.is_past(meeting),
            # Sending it later than the network's notice period costs the meeting its outreach.
            "notice_days": outreach_services.notice_days(timezone.now(), meeting.starts_at),
            "notice_needed": Network.current().notice_days,
        },
    )


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting is already cancelled."))
        return redirect(meeting)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_meeting(meeting, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "The meeting is cancelled. It stays on the list, marked cancelled. Everyone "
                "who was invited or said they would come gets an email."
            ),
        )
        return redirect(meeting)
    return render(
        request,
        "meetings/cancel.html",
        {
            "meeting": meeting,
            "assembly": meeting.assembly,
            "span": services.format_span(meeting.starts_at, meeting.ends_at),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    """Say whether you are coming. Only counts are public."""
    meeting = _meeting(pk)
    if request.method != "POST":
        return redirect(reverse("meetings:detail", kwargs={"pk": pk}) + "#coming")
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers."))
    else:
        try:
            answer = services.set_rsvp(meeting, request.user, form.cleaned_data["answer"])
        except services.MeetingError as error:
            messages.error(request, str(error))
        else:
            thanks = {
                Rsvp.Answer.YES: _("Thank you. See you there! You can change your answer here."),
                Rsvp.Answer.MAYBE: _("Thank you. You can change your answer here when you know."),
                Rsvp.Answer.NO: _("Thank you for telling us. You can change your answer here."),
            }
            messages.success(request, thanks[answer.answer])
    return redirect(reverse("meetings:detail", kwargs={"pk": pk}) + "#coming")


@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The note-taker or an organiser writes the minutes, then publishes them."""
    meeting = _meeting(pk)
    if not services.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    if meeting.is_cancelled:
        messages.error(request, _("This meeting was cancelled, so it has no minutes."))
        return redirect(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    was_published = minutes is not None and minutes.published_at is not None
    form = MinutesForm(request.POST or None, instance=minutes)
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            saved = services.save_minutes(
                meeting,
                request.user,
                body=form.cleaned_data["body"],
                members_only=form.cleaned_data["members_only"],
                publish=publish,
            )
        except services.MeetingError as error:
            form.add_error(None, str(error))
        else:
            if saved.published_at is None:
                messages.success(
                    request,
                    _("Draft saved. Only you and the organisers can see it until you publish it."),
                )
                return redirect("meetings:minutes", pk=meeting.pk)
            if not was_published:
                messages.success(request, _("The minutes are published on the meeting page."))
            else:
                messages.success(
                    request, _("The minutes are changed. The page shows when they were updated.")
                )
            return redirect(reverse("meetings:detail", kwargs={"pk": pk}) + "#minutes")
    return render(
        request,
        "meetings/minutes_form.html",
        {
            "meeting": meeting,
            "assembly": meeting.assembly,
            "form": form,
            "minutes": minutes,
            "preview": mark_safe(services.minutes_html(minutes))  # noqa: S308 (sanitised)
            if minutes
            else "",
        },
        status=400 if form.errors else 200,
    )
