"""Forms for votes: setting one up, and the ballot for each method. Every ballot form works
without JavaScript. Counts in the room are in room_forms.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm
from folkmoot.meetings.models import Meeting

from . import voting
from .bodies import is_council
from .models import Vote

M = Vote.Method


class VoteSetupForm(FolkmootForm):
    question = forms.CharField(
        label=_("The question"),
        max_length=300,
        error_messages={"required": _("Write the question people will answer.")},
        help_text=_(
            "For example: Should we run a weekly food stall? or: Who should be our delegates?"
        ),
    )
    method = forms.ChoiceField(
        label=_("How it is decided"),
        choices=Vote.Method.choices,
        widget=forms.RadioSelect,
        initial=M.MAJORITY,
    )
    options = forms.CharField(
        label=_("Options or candidates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One on each line. Needed for approval, score, ranked choice and elections. "
            "Not used for yes/no and consensus votes."
        ),
    )
    seats = forms.IntegerField(
        label=_("Seats to fill (elections by STV)"),
        min_value=1,
        max_value=50,
        initial=1,
        required=False,
    )
    threshold = forms.ChoiceField(
        label=_("Majority needed (qualified majority)"),
        choices=[("2/3", _("Two thirds (2/3)")), ("3/4", _("Three quarters (3/4)"))],
        initial="2/3",
        required=False,
    )
    abstentions = forms.ChoiceField(
        label=_("Abstentions"),
        choices=[
            ("excluded", _("Not counted: only for and against are compared")),
            ("counted", _("Counted: an abstention works like a vote against")),
        ],
        initial="excluded",
        required=False,
    )
    quorum_people = forms.IntegerField(
        label=_("Quorum: at least this many people must vote"),
        min_value=0,
        required=False,
        help_text=_("Leave empty for no quorum."),
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum: at least this share of those who may vote (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty for no quorum."),
    )
    block_threshold = forms.IntegerField(
        label=_("Consensus: how many blocks stop it"),
        min_value=1,
        initial=1,
        required=False,
    )
    fallback = forms.ChoiceField(
        label=_("Consensus: if there is no consensus, decide by a vote"),
        choices=[
            ("", _("No: without consensus, the proposal is blocked or not carried")),
            ("1/2", _("Yes, by a simple majority")),
            ("2/3", _("Yes, by a two-thirds majority")),
            ("3/4", _("Yes, by a three-quarters majority")),
        ],
        required=False,
    )
    fallback_after = forms.IntegerField(
        label=_("Consensus: use that vote from round number"),
        min_value=1,
        required=False,
        help_text=_("Each new consensus vote on the same proposal is the next round."),
    )
    score_max = forms.IntegerField(
        label=_("Score: highest score"),
        min_value=1,
        max_value=10,
        initial=5,
        required=False,
        help_text=_("People give each option a score from 0 to this number."),
    )
    secret = forms.BooleanField(
        label=_("Secret ballot"),
        required=False,
        help_text=_("Nobody can see who voted how. Results are shown after it closes."),
    )
    mode = forms.ChoiceField(
        label=_("Where people vote"),
        choices=Vote.Mode.choices,
        widget=forms.RadioSelect,
        initial=Vote.Mode.ONLINE,
    )
    who = forms.ChoiceField(
        label=_("Who may vote"),
        choices=Vote.Who.choices,
        widget=forms.RadioSelect,
        initial=Vote.Who.MEMBERS,
    )
    meeting = forms.ModelChoiceField(
        label=_("At the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not at a meeting"),
        help_text=_("Needed for votes in the room and for 'checked in' voters."),
    )
    changeable = forms.BooleanField(
        label=_("People may change their vote until it closes"),
        required=False,
        help_text=_("Not possible with a secret ballot."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes (if you like)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("After this time no more votes are taken. You still press 'Close' to count."),
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        if is_council(body):
            # A council's delegates vote online; who may vote is fixed (see voting.py).
            for name in ("mode", "who", "meeting"):
                del self.fields[name]
        else:
            self.fields["meeting"].queryset = Meeting.objects.filter(assembly=body).order_by(
                "-starts_at"
            )

    def setup(self, *, proposal=None, amendment=None) -> voting.VoteSetup:
        data = self.cleaned_data
        method = data["method"]
        rules: dict = {}
        if method == M.QUALIFIED:
            rules["threshold"] = data.get("threshold") or "2/3"
        if method in (M.MAJORITY, M.QUALIFIED, M.CONSENSUS):
            rules["abstentions"] = data.get("abstentions") or "excluded"
        if data.get("quorum_people"):
            rules["quorum_people"] = data["quorum_people"]
        if data.get("quorum_percent"):
            rules["quorum_percent"] = data["quorum_percent"]
        if method == M.CONSENSUS:
            rules["block_threshold"] = data.get("block_threshold") or 1
            if data.get("fallback"):
                rules["fallback"] = data["fallback"]
                rules["fallback_after"] = data.get("fallback_after") or 1
        if method == M.SCORE:
            rules["score_max"] = data.get("score_max") or 5
        return voting.VoteSetup(
            question=data["question"],
            method=method,
            options=(data.get("options") or "").splitlines(),
            rules=rules,
            seats=data.get("seats") or 1,
            secret=data.get("secret", False),
            mode=data.get("mode") or Vote.Mode.ONLINE,
            who=data.get("who") or Vote.Who.MEMBERS,
            changeable=data.get("changeable", False),
            closes_at=data.get("closes_at"),
            meeting=data.get("meeting"),
            proposal=proposal,
            amendment=amendment,
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            # Still say what is wrong with the options, so both problems show at once.
            problem = voting.options_problem(data.get("method", ""), data.get("options", ""))
            if problem and "options" not in self.errors:
                self.add_error("options", problem)
            return data
        for name, problem in voting.setup_problems(self.body, self.setup()).items():
            if name in self.fields:
                self.add_error(name, problem)
            else:
                self.add_error(None, problem)
        return data


# --- Ballots --------------------------------------------------------------------------------


class BallotForm(FolkmootForm):
    """The ballot paper for one vote. ``content()`` gives the ballot in its stored shape."""

    def __init__(self, *args, vote: Vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.options = list(vote.options.all())

    def content(self) -> dict:
        raise NotImplementedError


class MajorityBallotForm(BallotForm):
    answer = forms.ChoiceField(
        label=_("Your vote"),
        choices=[("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose For, Against or Abstain.")},
    )

    def content(self) -> dict:
        return {"answer": self.cleaned_data["answer"]}


class ConsensusBallotForm(BallotForm):
    answer = forms.ChoiceField(
        label=_("Where do you stand?"),
        choices=[
            ("agree", _("I agree")),
            ("stand_aside", _("I stand aside: I will not stop it, but I will not help")),
            ("block", _("I block: this must not go ahead")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose agree, stand aside or block.")},
    )
    reason = forms.CharField(
        label=_("Why? (needed if you stand aside or block)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone will see your reason."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("answer") in ("stand_aside", "block")
            and not (data.get("reason") or "").strip()
        ):
            self.add_error(
                "reason", _("Say why you stand aside or block, so everyone can hear it.")
            )
        return data

    def content(self) -> dict:
        return {"answer": self.cleaned_data["answer"], "reason": self.cleaned_data["reason"]}


class ApprovalBallotForm(BallotForm):
    approved = forms.MultipleChoiceField(
        label=_("Tick every option you are happy with"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one option.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved"].choices = [(str(o.pk), o.label) for o in self.options]

    def content(self) -> dict:
        return {"approved": self.cleaned_data["approved"]}


class ScoreBallotForm(BallotForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _low, high = voting.score_range(self.vote)
        for option in self.options:
            self.fields[f"option_{option.pk}"] = forms.IntegerField(
                label=option.label,
                min_value=0,
                max_value=high,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": _("Give %(option)s a score from 0 to %(high)s.")
                    % {"option": option.label, "high": high},
                    "min_value": _("The lowest score is 0."),
                    "max_value": _("The highest score is %(high)s.") % {"high": high},
                    "invalid": _("Write a whole number from 0 to %(high)s.") % {"high": high},
                },
            )

    def content(self) -> dict:
        return {"scores": {str(o.pk): self.cleaned_data[f"option_{o.pk}"] for o in self.options}}


class RankedBallotForm(BallotForm):
    """A number per option: 1 for the first choice, 2 for the next... Leave the rest blank."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        count = len(self.options)
        choices = [("", _("—"))] + [(str(n), str(n)) for n in range(1, count + 1)]
        for option in self.options:
            self.fields[f"rank_{option.pk}"] = forms.TypedChoiceField(
                label=option.label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def clean(self):
        data = super().clean()
        ranks = {
            o: data.get(f"rank_{o.pk}")
            for o in self.options
            if data.get(f"rank_{o.pk}") is not None
        }
        if not ranks:
            raise forms.ValidationError(
                _("Put the number 1 next to your first choice."), code="empty"
            )
        by_number: dict[int, list] = {}
        for option, number in ranks.items():
            by_number.setdefault(number, []).append(option.label)
        for number, labels in sorted(by_number.items()):
            if len(labels) > 1:
                raise forms.ValidationError(
                    _("You gave number %(number)s to %(names)s. Give each one a different number.")
                    % {"number": number, "names": _(" and ").join(labels)},
                    code="duplicate",
                )
        used = sorted(by_number)
        expected = list(range(1, len(used) + 1))
        if used != expected:
            missing = next(n for n in expected if n not in by_number)
            raise forms.ValidationError(
                _(
                    "There is no number %(missing)s. Number your choices 1, 2, 3 and so on "
                    "with no gaps."
                )
                % {"missing": missing},
                code="gap",
            )
        return data

    def content(self) -> dict:
        ranked = [
            (self.cleaned_data[f"rank_{o.pk}"], str(o.pk))
            for o in self.options
            if self.cleaned_data.get(f"rank_{o.pk}") is not None
        ]
        return {"ranking": [pk for _number, pk in sorted(ranked)]}


def ballot_form_class(vote: Vote) -> type[BallotForm]:
    if vote.method in (M.MAJORITY, M.QUALIFIED):
        return MajorityBallotForm
    if vote.method == M.CONSENSUS:
        return ConsensusBallotForm
    if vote.method == M.APPROVAL:
        return ApprovalBallotForm
    if vote.method == M.SCORE:
        return ScoreBallotForm
    return RankedBallotForm


def initial_for(vote: Vote, content: dict | None) -> dict:
    """Fill the ballot form with a ballot already cast (open, changeable votes)."""
    if not content:
        return {}
    if "answer" in content:
        return {"answer": content["answer"], "reason": content.get("reason", "")}
    if "approved" in content:
        return {"approved": content["approved"]}
    if "scores" in content:
        return {f"option_{k}": v for k, v in content["scores"].items()}
    return {f"rank_{pk}": str(n) for n, pk in enumerate(content.get("ranking", []), 1)}
