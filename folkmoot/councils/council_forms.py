"""Forms for council meetings. Times are entered in the network's time zone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm
from folkmoot.meetings.forms import day_field, local_moment, start_time_field


class CouncilMeetingForm(FolkmootForm):
    error_css_class = "has-error"

    date = day_field()
    start_time = start_time_field()
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
            data["starts_at"] = local_moment(day, start)
        return data


class CouncilMeetingNotesForm(FolkmootForm):
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
