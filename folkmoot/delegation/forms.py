"""Forms for elections, appointments, mandates, recall and report-backs. Each one works
without JavaScript: choices are checkboxes, radio buttons and plain selects."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm
from folkmoot.assemblies.membership_forms import DateInput
from folkmoot.councils.models import Question
from folkmoot.councils.rules import ANSWERS
from folkmoot.decisions.decision_log import decision_log

from . import elections
from .mandates import ISSUABLE, Instruction


class PersonChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.person.public_name


class ElectionForm(FolkmootForm):
    candidates = PersonChoiceField(
        label=_("Candidates"),
        queryset=None,
        help_text=_("Tick the members who stand. There must be more candidates than places."),
    )
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=50)
    substitutes = forms.IntegerField(
        label=_("Substitutes (if you like)"),
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
        help_text=_(
            "The people elected after the seats are filled become substitutes, in the order "
            "they were elected. If a delegate leaves, the first substitute takes the seat."
        ),
    )
    term_starts = forms.DateField(label=_("The term starts"), widget=DateInput)
    term_ends = forms.DateField(label=_("The term ends"), widget=DateInput)
    closes_at = forms.DateTimeField(
        label=_("Voting closes"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The result is declared, and the seats taken, when the vote closes."),
    )
    secret = forms.BooleanField(
        label=_("Secret ballot"),
        required=False,
        initial=True,
        help_text=_("Nobody can see who voted for whom. We recommend it for elections."),
    )

    def __init__(self, *args, member, by_election_for=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.by_election_for = by_election_for
        self.fields["candidates"].queryset = elections.eligible_candidates(
            member, by_election=by_election_for is not None
        )
        if member.member_council_id is not None:
            self.fields["candidates"].help_text = _(
                "Tick the delegates who stand: people who hold a seat on %(council)s now. "
                "There must be more candidates than places."
            ) % {"council": member.member_council}
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("term_starts", today)
            self.initial.setdefault(
                "term_ends",
                by_election_for.ends_on
                if by_election_for is not None
                else today + datetime.timedelta(days=365),
            )
            self.initial.setdefault(
                "seats",
                elections.vacancies(member) if by_election_for is not None else member.seats,
            )
            self.initial.setdefault(
                "closes_at",
                (timezone.localtime() + datetime.timedelta(days=7)).replace(
                    hour=20, minute=0, second=0, microsecond=0
                ),
            )

    def setup(self) -> elections.ElectionSetup:
        data = self.cleaned_data
        return elections.ElectionSetup(
            candidates=[m.person for m in data["candidates"]],
            seats=data["seats"],
            substitutes=data.get("substitutes") or 0,
            term_starts=data["term_starts"],
            term_ends=data["term_ends"],
            closes_at=data["closes_at"],
            secret=data.get("secret", False),
            by_election_for=self.by_election_for,
        )


class DelegateChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return f"{obj.person.public_name} ({obj.member.body})"


class AppointForm(FolkmootForm):
    delegates = DelegateChoiceField(
        label=_("Who the council appointed"),
        queryset=None,
        help_text=_("Only the council's own current delegates can be sent up."),
    )
    minute = forms.CharField(
        label=_("The council's decision, in its words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: minute 4, meeting of 3 March 2026: agreed to send Ann and Bo."),
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    ends_on = forms.DateField(label=_("Until"), widget=DateInput)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegates"].queryset = elections.appointable(member)
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("ends_on", today + datetime.timedelta(days=365))


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.summary} ({obj.decided_at:%d %b %Y})"


ANSWER_CHOICES = [
    ("for", _("For")),
    ("against", _("Against")),
    ("abstain", _("Abstain")),
]


class MandateForm(FolkmootForm):
    decision = DecisionChoiceField(
        label=_("The assembly's decision"),
        queryset=None,
        empty_label=_("Choose a decision"),
        help_text=_("A mandate is what the assembly decided. Choose that decision from its log."),
    )
    instruction = forms.ChoiceField(
        label=_("The delegates must"), widget=forms.RadioSelect, choices=()
    )
    allowed = forms.MultipleChoiceField(
        label=_("Discretion: the answers they may give"),
        choices=ANSWER_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick none to leave any answer to their judgement."),
    )
    text = forms.CharField(
        label=_("The instruction in words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For example, the bounds of their discretion: support it only if it is free."),
    )

    def __init__(self, *args, member, question: Question | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["decision"].queryset = decision_log(member.assembly)
        ranking = question is not None and question.kind == Question.Kind.RANKING
        self.fields["instruction"].choices = [
            (value, label)
            for value, label in Instruction.choices
            if value in ISSUABLE and (ranking or value != Instruction.RANKING)
        ]
        self.rank_fields = []
        if ranking:
            options = [("", _("Not ranked"))] + [(o, o) for o in question.options]
            for place in range(1, len(question.options) + 1):
                name = f"rank_{place}"
                self.fields[name] = forms.ChoiceField(
                    label=_("Choice %(n)s") % {"n": place}, choices=options, required=False
                )
                self.rank_fields.append(name)

    def ranked_fields(self):
        return [self[name] for name in self.rank_fields]

    def clean(self):
        data = super().clean()
        ranking = [data.get(name) for name in self.rank_fields if data.get(name)]
        data["ranking"] = ranking
        if data.get("instruction") == Instruction.RANKING and not ranking:
            self.add_error("rank_1", _("Put the options in the order the assembly decided."))
        if data.get("instruction") != Instruction.DISCRETION:
            data["allowed"] = []
        data["allowed"] = [a for a in data.get("allowed") or [] if a in ANSWERS]
        return data


class RecallForm(FolkmootForm):
    reason = forms.CharField(
        label=_("Why should this delegate be recalled?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_("Everyone who signs will read this. Your signature is the first."),
    )


class CouncilRecallForm(FolkmootForm):
    minute = forms.CharField(
        label=_("The council's decision, in its words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: minute 7, meeting of 3 March 2026: agreed to recall Ann."),
    )


class ReportBackForm(FolkmootForm):
    text = forms.CharField(
        label=_("Your report-back"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
        help_text=_(
            "What was decided, how you voted and under which mandate. We started it for you "
            "from the record of your votes."
        ),
    )
