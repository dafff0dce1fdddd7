"""Forms for meetings. Times are entered in the network's time zone (settings.TIME_ZONE)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from folkmoot.accounts.models import User
from folkmoot.assemblies.forms import FolkmootForm, FolkmootModelForm
from folkmoot.assemblies.models import Assembly

from .models import AgendaItem, Meeting, Minutes, Rsvp
from .services import EDITABLE_FIELDS, current_members, network_timezone


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.public_name


def day_field() -> forms.DateField:
    """The day of a meeting (an assembly's or a council's), typed or picked."""
    return forms.DateField(
        label=_("Day"),
        help_text=_("For example 3/2/2026 for 3 February 2026."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"],
        error_messages={
            "invalid": _("Enter the day like 3/2/2026."),
            "required": _("Enter the day of the meeting."),
        },
    )


def start_time_field() -> forms.TimeField:
    return forms.TimeField(
        label=_("Starts at"),
        help_text=_("For example 19:00 for 7pm."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": _("Enter the time like 19:00."),
            "required": _("Enter the time the meeting starts."),
        },
    )


def local_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A day and a time as people in the network mean them (its time zone, summer time too)."""
    return timezone.make_aware(datetime.datetime.combine(day, time), network_timezone())


class MeetingForm(FolkmootForm):
    """When, where and how to get in. The day and times are in the network's time zone."""

    error_css_class = "has-error"
    required_css_class = "required"

    title = forms.CharField(
        label=_("What is it called?"),
        max_length=150,
        initial="Assembly meeting",
        help_text=_("For example: Assembly meeting, or Housing meeting."),
        error_messages={"required": _("Give the meeting a name.")},
    )
    date = day_field()
    start_time = start_time_field()
    end_time = forms.TimeField(
        label=_("Ends at (if you know)"),
        required=False,
        help_text=_("For example 21:00 for 9pm. If empty, calendars show two hours."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter the time like 21:00.")},
    )
    venue = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("For example: St Aidan's Hall."),
        error_messages={"required": _("Enter where the meeting is.")},
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_("Street and postcode, so people can find it."),
    )
    online_link = forms.URLField(
        label=_("Link to join online (if any)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a full web address, starting with https://")},
    )
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    hearing_loop = forms.BooleanField(label=_("Hearing loop"), required=False)
    childcare = forms.BooleanField(label=_("Childcare"), required=False)
    interpretation = forms.CharField(
        label=_("Interpretation"),
        max_length=200,
        required=False,
        help_text=_("Languages, including sign language, for example: BSL, Polish."),
    )
    accessibility_notes = forms.CharField(
        label=_("Other access notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: quiet room, seats with arms, nearest bus stop."),
    )
    facilitator = PersonChoiceField(
        label=_("Facilitator"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("The member who chairs the meeting."),
    )
    note_taker = PersonChoiceField(
        label=_("Note-taker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("The member who writes the minutes."),
    )

    ACCESS_FIELDS = ("step_free", "hearing_loop", "childcare")

    def __init__(self, *args, assembly: Assembly, meeting: Meeting | None = None, **kwargs):
        self.assembly = assembly
        self.meeting = meeting
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(meeting)
        super().__init__(*args, **kwargs)
        members = current_members(assembly)
        for name in ("facilitator", "note_taker"):
            queryset = members
            chosen = getattr(meeting, f"{name}_id", None) if meeting else None
            if chosen:  # someone chosen who has since left stays choosable
                queryset = (
                    User.objects.filter(pk__in=members.values("pk"))
                    | User.objects.filter(pk=chosen)
                ).distinct()
            self.fields[name].queryset = queryset.order_by("display_name", "pk")

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        start = timezone.localtime(meeting.starts_at, network_timezone())
        end = timezone.localtime(meeting.ends_at, network_timezone()) if meeting.ends_at else None
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0) if end else None,
            "venue": meeting.venue,
            "address": meeting.address,
            "online_link": meeting.online_link,
            "step_free": meeting.step_free,
            "hearing_loop": meeting.hearing_loop,
            "childcare": meeting.childcare,
            "interpretation": meeting.interpretation,
            "accessibility_notes": meeting.accessibility_notes,
            "facilitator": meeting.facilitator_id,
            "note_taker": meeting.note_taker_id,
        }

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start:
            data["starts_at"] = local_moment(day, start)
            data["ends_at"] = None
            if end:
                if end <= start:
                    self.add_error(
                        "end_time",
                        _("The end time must be after the start time (%(start)s).")
                        % {"start": start.strftime("%H:%M")},
                    )
                else:
                    data["ends_at"] = local_moment(day, end)
        return data

    @property
    def is_in_past(self) -> bool:
        starts_at = self.cleaned_data.get("starts_at")
        return starts_at is not None and starts_at < timezone.now()

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in EDITABLE_FIELDS}
        for name in ("title", "venue", "address", "interpretation", "accessibility_notes"):
            fields[name] = fields[name].strip()
        return fields


class AgendaItemForm(FolkmootModelForm):
    error_css_class = "has-error"

    class Meta:
        model = AgendaItem
        fields = ["title", "details"]
        labels = {"title": _("Item"), "details": _("Details (if you like)")}
        help_texts = {
            "title": _("A few words, for example: Saving the library."),
            "details": _("What people should know or read before the meeting."),
        }
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Write what the item is about.")}}

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Write what the item is about."))
        return title


class CancelForm(FolkmootForm):
    error_css_class = "has-error"

    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_("Everyone who was invited or said they would come gets this in an email."),
        error_messages={"required": _("Say why, so people understand.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why, so people understand."))
        return reason


class RsvpForm(FolkmootForm):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)


class MinutesForm(FolkmootModelForm):
    error_css_class = "has-error"

    class Meta:
        model = Minutes
        fields = ["body", "members_only"]
        labels = {
            "body": _("Minutes"),
            "members_only": _("Only members of the assembly can read them"),
        }
        help_texts = {
            "body": _(
                "What was said and decided. You can use Markdown: *italic*, **bold**, "
                "- for a list, ## for a heading."
            ),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        error_messages = {"body": {"required": _("Write the minutes before you save them.")}}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write the minutes before you save them."))
        return body
