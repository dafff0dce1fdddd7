"""Forms for council questions: putting one on the agenda, referring it, and a seat's vote.
Every one works without JavaScript: radio buttons, plain selects and number boxes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm

from .models import Competence, Council, CouncilMeeting, Question


class QuestionForm(FolkmootForm):
    title = forms.CharField(
        label=_("The question"),
        max_length=200,
        help_text=_("Short and clear, for example: Close Market Street to cars on Saturdays?"),
    )
    text = forms.CharField(
        label=_("Background (if you like)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What people need to know to decide."),
    )
    kind = forms.ChoiceField(
        label=_("What kind of answer"),
        choices=Question.Kind.choices,
        initial=Question.Kind.YES_NO,
        widget=forms.RadioSelect,
    )
    options = forms.CharField(
        label=_("Options to rank (only for a ranking)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option on each line."),
    )
    competence = forms.ModelChoiceField(
        label=_("Is it one of the council's own matters?"),
        queryset=Competence.objects.none(),
        required=False,
        empty_label=_("No: the member bodies decide it"),
        help_text=_(
            "Anything that is not one of the matters the member bodies gave the council goes "
            "down to every member body to decide."
        ),
    )
    meeting = forms.ModelChoiceField(
        label=_("At a council meeting (if any)"),
        queryset=CouncilMeeting.objects.none(),
        required=False,
        empty_label=_("Not at a meeting"),
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = council.competences.all()
        self.fields["meeting"].queryset = council.meetings.order_by("-starts_at")
        if not council.competences.exists():
            del self.fields["competence"]
        if not council.meetings.exists():
            del self.fields["meeting"]


class ReferForm(FolkmootForm):
    deadline = forms.DateTimeField(
        label=_("The member bodies decide by"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Give assemblies time to talk about it at a meeting: a month is usual. A body that "
            "has not decided by then is recorded as missing the deadline, and its seats abstain."
        ),
    )


class YesNoVoteForm(FolkmootForm):
    answer = forms.ChoiceField(
        label=_("Your seat's vote"),
        choices=[("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))],
        widget=forms.RadioSelect,
    )


class RankingVoteForm(FolkmootForm):
    """A number box per option: 1 for the first choice, 2 for the next... blank to leave an
    option out. Leaving every box blank abstains."""

    def __init__(self, *args, options: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(options)
        for index, option in enumerate(self.options):
            self.fields[f"rank_{index}"] = forms.IntegerField(
                label=option,
                required=False,
                min_value=1,
                max_value=len(self.options),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def clean(self):
        cleaned = super().clean()
        numbers = {}
        for index, option in enumerate(self.options):
            number = cleaned.get(f"rank_{index}")
            if number is not None:
                numbers[option] = number
        if len(set(numbers.values())) != len(numbers):
            raise forms.ValidationError(_("Give each option a different number."))
        cleaned["ranking"] = sorted(numbers, key=numbers.get)
        return cleaned
