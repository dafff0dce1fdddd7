"""Forms for membership and roles. The rules themselves live in membership.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import FolkmootForm
from .models import Membership, Role


class VerifyResidencyForm(FolkmootForm):
    method = forms.CharField(
        label=_("How did you check?"),
        max_length=120,
        help_text=_("For example: letter with address shown, or I know where they live."),
        error_messages={"required": _("Say how you checked that they live here.")},
    )

    def clean_method(self) -> str:
        method = self.cleaned_data["method"].strip()
        if not method:
            raise forms.ValidationError(_("Say how you checked that they live here."))
        return method


class RemoveMemberForm(FolkmootForm):
    reason = forms.CharField(
        label=_("Why are you removing them?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text=_("Other organisers can read this. Up to 300 characters."),
        error_messages={"required": _("Say why you are removing this member.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why you are removing this member."))
        return reason


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.person.public_name


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (2025-03-01) whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GrantRoleForm(FolkmootForm):
    membership = MemberChoiceField(
        label=_("Who?"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a member"),
        help_text=_("Only members of this assembly can have a role."),
        error_messages={"required": _("Choose the member who will do this.")},
    )
    kind = forms.ChoiceField(
        label=_("Which role?"),
        choices=[("", _("Choose a role")), *Role.Kind.choices],
        help_text=_(
            "Organisers run the assembly. Facilitators chair meetings. Tellers count people "
            "and votes. Note-takers write the minutes."
        ),
        error_messages={"required": _("Choose a role.")},
    )
    starts_on = forms.DateField(
        label=_("From"),
        widget=DateInput,
        help_text=_("The first day they do it."),
        error_messages={
            "required": _("Give the first day."),
            "invalid": _("Write a date like 2025-03-01."),
        },
    )
    ends_on = forms.DateField(
        label=_("Until (if you like)"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty if there is no end date yet."),
        error_messages={"invalid": _("Write a date like 2025-03-01.")},
    )

    def __init__(self, *args, assembly, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.filter(assembly=assembly, left_at__isnull=True)
            .select_related("person")
            .order_by("person__display_name", "pk")
        )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return data
