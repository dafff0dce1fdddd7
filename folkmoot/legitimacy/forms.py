from django import forms
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.forms import FolkmootForm


class ProcessRecordForm(FolkmootForm):
    """One yes/no question per hand-checked step, with a short note."""

    error_css_class = "has-error"

    def __init__(self, *args, steps, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = steps
        for step in steps:
            record = records.get(step.pk)
            self.fields[f"step_{step.pk}"] = forms.TypedChoiceField(
                label=step.name,
                help_text=step.description,
                choices=[("yes", _("Yes, we did this")), ("no", _("No, not this time"))],
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
                initial=None if record is None else ("yes" if record.met else "no"),
                required=False,
            )
            self.fields[f"note_{step.pk}"] = forms.CharField(
                label=_("A short note (if you like)"),
                max_length=300,
                required=False,
                initial=record.note if record else "",
            )

    def answers(self) -> dict[int, tuple[bool, str]]:
        """Only the steps someone answered: an unanswered step stays unrecorded."""
        found = {}
        for step in self.steps:
            value = self.cleaned_data.get(f"step_{step.pk}")
            if value in (True, False):
                found[step.pk] = (value, self.cleaned_data.get(f"note_{step.pk}", "").strip())
        return found

    def field_pairs(self):
        for step in self.steps:
            yield self[f"step_{step.pk}"], self[f"note_{step.pk}"]
