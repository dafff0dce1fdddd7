from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm, FolkmootModelForm
from folkmoot.assemblies.models import Assembly
from folkmoot.meetings.models import Meeting

from . import services
from .models import OutreachActivity


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.title}, {services.when_text(obj.starts_at)}"


class OutreachForm(FolkmootModelForm):
    """Record one piece of outreach. Every postcode must be one of the area's postcodes."""

    error_css_class = "has-error"
    required_css_class = "required"

    postcodes = forms.CharField(
        label=_("Postcodes you covered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocapitalize": "characters"}),
        help_text=_(
            "One full postcode a line, like EH8 9YL. Leave empty for stalls, press or online."
        ),
    )

    class Meta:
        model = OutreachActivity
        fields = [
            "kind",
            "done_on",
            "meeting",
            "postcodes",
            "streets",
            "people_reached",
            "languages",
            "done_by",
            "notes",
        ]
        widgets = {
            "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "streets": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "streets": _("Optional. For example: Elm Road, the north end of Park Lane."),
            "people_reached": _("A rough number is fine: leaflets delivered, people spoken to."),
            "languages": _("For example: English, Polish, Urdu."),
            "done_by": _("Names or a group, for example: Ann and the tenants' group."),
        }
        field_classes = {"meeting": MeetingChoiceField}
        error_messages = {
            "kind": {"required": _("Choose what you did, for example: Leaflets through doors.")},
            "done_on": {
                "required": _("Enter the day you did it, like 2026-03-01."),
                "invalid": _("Enter the day you did it, like 2026-03-01."),
            },
        }

    def __init__(self, *args, assembly: Assembly, **kwargs):
        super().__init__(*args, **kwargs)
        self.assembly = assembly
        self.area_units = services.area_units(assembly.area)
        self.fields["meeting"].queryset = assembly.meetings.exclude(
            status=Meeting.Status.CANCELLED
        ).order_by("-starts_at")
        self.fields["meeting"].empty_label = _("Not for one meeting")
        self.fields["meeting"].help_text = _(
            "Outreach counts for any meeting in the weeks after it."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["postcodes"] = "\n".join(self.instance.units or [])

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(
                _("This date is in the future. Record outreach after you have done it.")
            )
        return done_on

    def clean_postcodes(self) -> list[str]:
        units, bad = services.parse_postcodes(self.cleaned_data["postcodes"])
        if bad:
            raise forms.ValidationError(
                _("These are not full postcodes: %(bad)s. Write each like EH8 9YL.")
                % {"bad": ", ".join(bad)}
            )
        unknown = [unit for unit in units if unit not in self.area_units]
        if unknown and not self.area_units:
            raise forms.ValidationError(
                _(
                    "This area has no list of postcodes yet, so we cannot count these. "
                    "An organiser can add the list first, or you can write the streets instead."
                )
            )
        if unknown:
            raise forms.ValidationError(
                _("These postcodes are not in %(area)s: %(unknown)s. Check them or take them out.")
                % {"area": self.assembly.area.name, "unknown": ", ".join(unknown)}
            )
        return units

    def save(self, commit: bool = True) -> OutreachActivity:
        self.instance.units = self.cleaned_data["postcodes"]
        self.instance.assembly = self.assembly
        return super().save(commit=commit)


class PostcodeUnitsForm(FolkmootForm):
    """Paste the full postcodes of an area, one a line, with optional household counts."""

    lines = forms.CharField(
        label=_("The area's postcodes"),
        widget=forms.Textarea(attrs={"rows": 14, "autocapitalize": "characters"}),
        help_text=_(
            "One full postcode a line. You can add how many households after a comma, "
            "like: EH8 9YL, 23"
        ),
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area

    def clean_lines(self) -> dict[str, int | None]:
        units, problems = services.parse_unit_lines(
            self.cleaned_data["lines"], services.area_prefixes(self.area)
        )
        if problems:
            raise forms.ValidationError(
                [
                    _("Line %(number)s (%(text)s): %(message)s")
                    % {"number": p.number, "text": p.text, "message": p.message}
                    for p in problems
                ]
            )
        return units
