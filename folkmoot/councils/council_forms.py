"""Forms for council meetings. Times are entered in the network's time zone."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from folkmoot.meetings.services import network_timezone


class CouncilMeetingForm(forms.Form):
    error_css_class = "has-error"

    date = forms.DateField(
        label=_("Day"),
        help_text=_("For example 3/2/2026 for 3 February 2026."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"],
        error_messages={
            "invalid": _("Enter the day like 3/2/2026."),
            "required": _("Enter the day of the meeting."),
        },
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        help_text=_("For example 19:00 for 7pm."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": _("Enter the time like 19:00."),
            "required": _("Enter the time the meeting starts."),
        },
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("For example: Community Centre, 12 High Street, TB1 2AB."),
        error_messages={"required": _("Say where the council meets.")},
    )

    def clean(self):
        data = super().clean()
        day, start = data.get("date"), data.get("start_time")
        if day and start:
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(day, start), network_timezone()
            )
        return data


class CouncilMeetingNotesForm(forms.Form):
    error_css_class = "has-error"

    notes = forms.CharField(
        label=_("What the meeting decided"),
        help_text=_(
            "Say what was decided on each question, and anything the member bodies must do "
            "next. Delegates' report-backs tell their own bodies how they voted."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        error_messages={"required": _("Write what the meeting decided.")},
    )
