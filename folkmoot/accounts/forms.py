from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm, FolkmootModelForm
from folkmoot.places.postcodes import PostcodeField

from .models import User


class SignupDetailsForm(FolkmootForm):
    """What allauth's sign-up form asks besides email and password."""

    error_css_class = "has-error"
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("How other people in your assembly see you. A first name is fine."),
    )
    postcode = PostcodeField(
        label=_("Your postcode"),
        required=False,
        help_text=_("So we can show your neighbourhood assembly. You can add it later."),
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.postcode = self.cleaned_data.get("postcode") or ""
        user.save(update_fields=["display_name", "postcode"])


class ProfileForm(FolkmootModelForm):
    error_css_class = "has-error"
    postcode = PostcodeField(
        label=_("Your postcode"),
        required=False,
        help_text=_("Where you live, so we can show your neighbourhood assembly."),
    )

    class Meta:
        model = User
        fields = ["display_name", "postcode", "show_name_to_members", "allow_organiser_contact"]

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter a name. A first name is fine."))
        return name


class DeleteAccountForm(FolkmootForm):
    error_css_class = "has-error"
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=10,
        help_text=_("This cannot be undone."),
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        # Exactly the word asked for: the message says capitals, so "delete" is not enough.
        if value != "DELETE":
            raise forms.ValidationError(_("Type the word DELETE in capitals to confirm."))
        return value
