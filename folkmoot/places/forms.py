from django import forms

from folkmoot.assemblies.forms import FolkmootModelForm

from .models import AreaPostcode
from .postcodes import InvalidPostcode, normalise_prefix


class AreaPostcodeForm(FolkmootModelForm):
    """Admins type postcode prefixes however they like; they are stored normalised."""

    class Meta:
        model = AreaPostcode
        fields = ["prefix"]

    def clean_prefix(self) -> str:
        try:
            return normalise_prefix(self.cleaned_data["prefix"])
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error
