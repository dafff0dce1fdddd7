"""Forms for tellers: the count from the room, and paper ranked ballots as a BLT file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm

from . import room
from .models import Vote

M = Vote.Method


class RoomCountForm(FolkmootForm):
    reason = forms.CharField(
        label=_("Why are you correcting the count?"),
        max_length=300,
        required=False,
        help_text=_("Needed when there is already a count. The old count is kept."),
    )

    def __init__(self, *args, vote: Vote, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        reason = self.fields.pop("reason")
        for key, label in room.room_answers(vote):
            self.fields[f"count_{key}"] = forms.IntegerField(
                label=label,
                min_value=0,
                initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={"min_value": _("A count cannot be less than 0.")},
            )
        if vote.method == M.APPROVAL:
            self.fields["count_people"] = forms.IntegerField(
                label=_("How many people voted in the room?"),
                min_value=0,
                initial=0,
                help_text=_("People may raise a hand for more than one option."),
            )
        if correcting:
            reason.required = True
            reason.error_messages["required"] = _("Say why you are correcting the count.")
            self.fields["reason"] = reason

    def counts(self) -> dict[str, int]:
        return {
            name.removeprefix("count_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("count_")
        }


class BltUploadForm(FolkmootForm):
    file = forms.FileField(
        label=_("The BLT file of the paper ballots"),
        help_text=_("The candidates' names in the file must be the same as in this vote."),
    )
    reason = forms.CharField(
        label=_("Why are you replacing the ballots? (only when replacing)"),
        max_length=300,
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too big (the limit is 5 MB)."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not a text file (UTF-8).")) from error
