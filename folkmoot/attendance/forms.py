from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm
from folkmoot.assemblies.models import Membership
from folkmoot.places.postcodes import PostcodeField

from .models import Residency
from .services import AttendanceError, clean_walk_in_name


def _clean_name(value: str) -> str:
    try:
        return clean_walk_in_name(value)
    except AttendanceError as error:
        raise forms.ValidationError(str(error)) from error


class WalkInForm(FolkmootForm):
    """Someone without an account checks in with their name and postcode."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("A first name and the first letter of your last name is fine."),
    )
    postcode = PostcodeField(
        label=_("Your postcode"),
        help_text=_("Where you live, like TB1 1AB. It shows whether you live in the area."),
    )

    def clean_name(self) -> str:
        return _clean_name(self.cleaned_data["name"])


# What a teller looked at. The stored text is the English phrase, shown as it is.
VERIFY_METHODS = [
    ("Letter or bill with their address", _("A letter or bill with their address")),
    ("ID with their address", _("ID with their address")),
    ("Known to the teller as a neighbour", _("I know them: they live here")),
]


class TellerWalkInForm(WalkInForm):
    """The teller adds someone new at the door, and can check their address in the same go."""

    name = forms.CharField(label=_("Their name"), max_length=80)
    postcode = PostcodeField(label=_("Their postcode"), help_text=_("Like TB1 1AB."))
    method = forms.ChoiceField(
        label=_("Did you see proof of their address?"),
        choices=[("", _("No, not checked (they say they live here)")), *VERIFY_METHODS],
        required=False,
        help_text=_("If you did, they count as a checked local resident straight away."),
    )


class TellerSearchForm(FolkmootForm):
    q = forms.CharField(label=_("Find a name"), required=False, max_length=80)


class VerifyForm(FolkmootForm):
    method = forms.ChoiceField(label=_("How did you check?"), choices=VERIFY_METHODS)


class ReasonForm(FolkmootForm):
    reason = forms.CharField(
        label=_("Why?"),
        max_length=300,
        help_text=_(
            "Everyone who checks the record can read this. For example: checked in "
            "twice under two names."
        ),
    )

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Say why, in a few words."))
        return value


class ResidencyCorrectionForm(ReasonForm):
    residency = forms.ChoiceField(label=_("Do they live in the area?"), choices=Residency.choices)
    method = forms.CharField(
        label=_("How was their address checked?"),
        max_length=120,
        required=False,
        help_text=_("Needed for 'checked'. For example: letter with address shown to a teller."),
    )
    field_order = ["residency", "method", "reason"]

    def clean(self):
        data = super().clean()
        if data.get("residency") == Residency.VERIFIED and not data.get("method", "").strip():
            self.add_error("method", _("Say how their address was checked."))
        return data


class AddPersonForm(ReasonForm):
    """An organiser adds someone who was there: a member, or a name and postcode."""

    member = forms.ModelChoiceField(
        label=_("A member"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Not a member (give name and postcode below)"),
    )
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    postcode = PostcodeField(label=_("Postcode"), required=False)
    residency = forms.ChoiceField(label=_("Do they live in the area?"), choices=Residency.choices)
    field_order = ["member", "name", "postcode", "residency", "reason"]

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            Membership.objects.filter(assembly=assembly, left_at__isnull=True)
            .select_related("person")
            .order_by("person__display_name")
        )
        self.fields["member"].label_from_instance = lambda m: m.person.public_name

    def clean(self):
        data = super().clean()
        if not data.get("member"):
            if not " ".join(data.get("name", "").split()):
                self.add_error("name", _("Choose a member, or enter a name and postcode."))
            if not data.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", _("Enter their postcode, like TB1 1AB."))
        return data


class AddTallyForm(ReasonForm):
    people = forms.IntegerField(label=_("How many people?"), min_value=1, max_value=10000)
    local_residents = forms.IntegerField(
        label=_("How many of them live in the area?"), min_value=0, max_value=10000
    )
    field_order = ["people", "local_residents", "reason"]

    def clean(self):
        data = super().clean()
        people, residents = data.get("people"), data.get("local_residents")
        if people is not None and residents is not None and residents > people:
            self.add_error("local_residents", _("This cannot be more than the number of people."))
        return data
