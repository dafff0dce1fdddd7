"""The form for organisers' updates to the decision log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm

from .models import Decision


class ProgressUpdateForm(FolkmootForm):
    progress = forms.ChoiceField(
        label=_("How is it going?"),
        choices=Decision.Progress.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: We met the council on 3 May. They said yes."),
        error_messages={"required": _("Write what happened.")},
    )
