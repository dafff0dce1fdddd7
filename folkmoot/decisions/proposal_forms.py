"""Forms for proposals, amendments, their discussion and agendas. The rules are in proposals.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import CommentForm, FolkmootForm, FolkmootModelForm
from folkmoot.meetings.services import format_when

from . import proposals
from .models import Amendment, Proposal


class ProposalForm(FolkmootModelForm):
    error_css_class = "has-error"
    required_css_class = "required"

    class Meta:
        model = Proposal
        fields = ["title", "body", "links"]
        labels = {
            "title": _("Title"),
            "body": _("What you propose"),
            "links": _("Links to documents (if any)"),
        }
        help_texts = {
            "title": _("A few words, like: Plant fruit trees on Elm Green."),
            "body": _(
                "Say what the assembly should do, and why. You can use *italic*, **bold** "
                "and lists that start with - ."
            ),
            "links": _("One web address on each line, starting with https://"),
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Give your proposal a short title.")},
            "body": {"required": _("Write what you propose.")},
        }

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the proposal a short title."))
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write what you propose."))
        return body

    def clean_links(self) -> str:
        try:
            return "\n".join(proposals.clean_links(self.cleaned_data["links"]))
        except proposals.ProposalError as error:
            raise forms.ValidationError(error.message) from error


class MoveForm(FolkmootForm):
    error_css_class = "has-error"
    to = forms.ChoiceField(
        label=_("What happens now"), choices=Proposal.Status.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("What was decided (only when it is decided)"),
        choices=[("", "—"), *Proposal.Outcome.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Why (if you like)"),
        max_length=300,
        required=False,
        help_text=_("Everyone can read this on the proposal's page."),
    )

    def __init__(self, *args, moves=None, **kwargs):
        super().__init__(*args, **kwargs)
        if moves is not None:
            labels = dict(Proposal.Status.choices)
            self.fields["to"].choices = [(to, labels[to]) for to in moves]

    def clean(self):
        data = super().clean()
        if data.get("to") == Proposal.Status.DECIDED and not data.get("outcome"):
            self.add_error("outcome", _("Choose what was decided."))
        return data


class AmendmentForm(FolkmootModelForm):
    error_css_class = "has-error"
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Amendment
        fields = ["text", "reason", "based_on"]
        labels = {
            "text": _("The proposal as you would change it"),
            "reason": _("Why (if you like)"),
        }
        help_texts = {
            "text": _(
                "Change the words below. Everyone will see what you took out and what you added."
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the proposal as you would change it."))
        return text


class ProposalCommentForm(CommentForm):
    """The assembly's comment form, plus which comment you are replying to (if any)."""

    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(CommentForm.Meta):
        fields = ["body"]


class AgendaForm(FolkmootForm):
    error_css_class = "has-error"
    meeting = forms.ModelChoiceField(
        label=_("Which meeting"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Coming meetings whose agenda can still change."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        from folkmoot.meetings.models import Meeting

        field = self.fields["meeting"]
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        field.label_from_instance = lambda m: f"{m.title} — {format_when(m.starts_at)}"
