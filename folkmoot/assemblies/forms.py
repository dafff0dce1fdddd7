from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from folkmoot.places.models import Area
from folkmoot.places.postcodes import InvalidPostcode, PostcodeField, normalise_prefix

from .models import Assembly, Comment, CommentReport, Theme
from .services import SupportOutcome, record_support


def _plain(label: str) -> str:
    """A label put into a message that Django fills in later with %-formatting."""
    return str(label).replace("%", "%%")


def plain_messages(field: forms.Field, label: str) -> dict[str, str]:
    """Messages that say what to fix, naming the field, for every message a field still
    has from Django itself ("This field is required." says neither what nor how)."""
    name = _plain(label)
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)
    messages = {
        "required": (
            _("Choose an answer for “%(label)s”.") if choosing else _("Fill in “%(label)s”.")
        )
        % {"label": name},
        "invalid_choice": _("Choose one of the answers given for “%(label)s”.") % {"label": name},
        "null_characters_not_allowed": _(
            "Remove the invisible control characters from “%(label)s”."
        )
        % {"label": name},
        "max_length": _(
            "“%(label)s” can be at most %%(limit_value)d characters long (this has "
            "%%(show_value)d)."
        )
        % {"label": name},
        "min_length": _("“%(label)s” needs at least %%(limit_value)d characters.")
        % {"label": name},
        "max_value": _("“%(label)s” can be at most %%(limit_value)s.") % {"label": name},
        "min_value": _("“%(label)s” must be at least %%(limit_value)s.") % {"label": name},
    }
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = _("Enter a whole number for “%(label)s”, like 3.") % {"label": name}
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = _("Enter the day and time like 3/2/2026 19:00.")
    elif isinstance(field, forms.DateField):
        messages["invalid"] = _("Enter the day like 3/2/2026.")
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = _("Enter the time like 19:00.")
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = _("Enter an email address like name@example.org.")
    return messages


class PlainMessages:
    """Every field of the form gets messages that say what to fix, unless the form already
    gives its own (a field's own ``error_messages`` are kept)."""

    def full_clean(self) -> None:
        # Here rather than in __init__, so fields a form adds in its own __init__ (ranking
        # boxes, room counts per option) get them too.
        self._use_plain_messages()
        super().full_clean()

    def _use_plain_messages(self) -> None:
        for name, field in self.fields.items():
            defaults = {}
            for cls in reversed(type(field).__mro__):
                defaults.update(getattr(cls, "default_error_messages", {}))
            # Django puts a validator's message under its code (max_length, min_value...)
            # only when the field has a message for that code, so add those too.
            for key, message in plain_messages(field, field.label or name).items():
                if field.error_messages.get(key, defaults.get(key)) == defaults.get(key):
                    field.error_messages[key] = message


class FolkmootForm(PlainMessages, forms.Form):
    error_css_class = "has-error"
    required_css_class = "required"


class FolkmootModelForm(PlainMessages, forms.ModelForm):
    error_css_class = "has-error"
    required_css_class = "required"


class FindForm(FolkmootForm):
    postcode = PostcodeField(
        label=_("Your postcode"), help_text=_("For example EH8 9YL. We do not keep it.")
    )


class LongSelect(forms.Select):
    """A drop-down of hundreds of choices (every area of the network), written out directly.

    Django renders a template for each option: 55 ms for the directory's 1,663 areas, more
    than the rest of the page. The HTML is Django's, byte for byte; choices in groups and
    multiple choices are left to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # list() alone would count them first, in a query
        if self.allow_multiple_selected or any(
            isinstance(label, list | tuple) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        html = [format_html('<select name="{}"', name)]
        for key, attr in self.build_attrs(self.attrs, attrs).items():
            if attr is True:
                html.append(format_html(" {}", key))
            elif attr is not False:
                html.append(format_html(' {}="{}"', key, attr))
        html.append(">")
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted
            if selected:
                wanted = set()  # only the first option that matches is selected
            html += [
                '\n  <option value="',
                _escape(option_value),
                '" selected>' if selected else '">',
                _escape(label),
                "</option>\n",
            ]
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 -- every value and label is escaped


def _escape(text) -> str:
    """``conditional_escape``, without its cost for each of a thousand plain strings."""
    return text.__html__() if hasattr(text, "__html__") else escape(str(text))


class NamedChoices(ModelChoiceIterator):
    """The choices as (slug, name) straight from the database, in one plain query: building
    the directory's 1,663 Area objects only to show their names took 13 ms."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("slug", "name")


class NamedChoiceField(forms.ModelChoiceField):
    """Choose an area or a theme by its slug; the choices show its name (its ``str``)."""

    iterator = NamedChoices

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", widget=LongSelect, **kwargs)


class DirectorySearchForm(FolkmootForm):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=10,
        help_text=_("All of it, or the start, like EH8."),
    )
    area = NamedChoiceField(
        label=_("Area"),
        queryset=Area.objects.exclude(kind=Area.Kind.NEIGHBOURHOOD).order_by("name"),
        required=False,
        empty_label=_("Anywhere"),
    )
    theme = NamedChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("Any")
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not value:
            return ""
        try:
            return normalise_prefix(value)
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error


class SupportForm(FolkmootForm):
    """Show support for an assembly in your area. The ``website`` field is a trap for bots."""

    name = forms.CharField(label=_("Your name"), max_length=80)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send you a link to confirm. We never show it to anyone."),
    )
    postcode = PostcodeField(
        label=_("Your postcode"), help_text=_("So we know which area you live in.")
    )
    comment = forms.CharField(
        label=_("Your comments (if you like)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What would you like your assembly to do? Up to 2,000 characters."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers of this assembly, and of the network, may keep my "
            "name, email, postcode and comments, and email me about the assembly. I can "
            "remove myself at any time with the link in every email."
        ),
        error_messages={"required": _("Tick the box to say you agree, or we cannot count you.")},
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name. A first name is fine."))
        return name

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def record(self, assembly: Assembly | None = None) -> SupportOutcome:
        """Record the valid support (the page and the API share this)."""
        data = self.cleaned_data
        return record_support(
            name=data["name"],
            email=data["email"],
            postcode=data["postcode"],
            comment=data["comment"],
            assembly=assembly,
        )


class CommentForm(FolkmootModelForm):
    error_css_class = "has-error"

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        help_texts = {"body": _("Be kind. Everyone can read this. Up to 4,000 characters.")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "maxlength": 4000})}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something before you send it."))
        return body


class ReportForm(FolkmootModelForm):
    error_css_class = "has-error"

    class Meta:
        model = CommentReport
        fields = ["reason"]
        labels = {"reason": _("What is wrong with this comment? (if you like)")}


class AreaChoiceField(forms.ModelChoiceField):
    """Areas with what kind they are, neighbourhoods still waiting for an assembly first."""

    def __init__(self, **kwargs):
        from django.db.models import Exists, OuterRef

        has_assembly = Exists(
            Assembly.objects.filter(area=OuterRef("pk"), kind=Assembly.Kind.NEIGHBOURHOOD)
        )
        queryset = Area.objects.annotate(has_assembly=has_assembly).order_by(
            "has_assembly", "kind", "name"
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, area: Area) -> str:
        if area.kind == Area.Kind.NEIGHBOURHOOD and not area.has_assembly:
            return _("%(name)s (neighbourhood with no assembly yet)") % {"name": area.name}
        return f"{area.name} ({area.get_kind_display().lower()})"


class StartAssemblyForm(FolkmootForm):
    """A network organiser starts an assembly and names its first organiser."""

    error_css_class = "has-error"
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example: Kiln Hill Assembly")
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Assembly.Kind.choices,
        initial=Assembly.Kind.NEIGHBOURHOOD,
        widget=forms.RadioSelect,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme (themed assemblies only)"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("None"),
    )
    area = AreaChoiceField(
        label=_("Area it covers"),
        help_text=_(
            "A neighbourhood assembly covers a neighbourhood; a themed one can cover a "
            "district or the whole city. New areas are added in the admin."
        ),
    )
    organiser_email = forms.EmailField(
        label=_("Email of its first organiser"),
        help_text=_("They need an account already. Leave it as yours to organise it yourself."),
    )
    about = forms.CharField(
        label=_("What this assembly is (if you like)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    usual_meeting = forms.CharField(
        label=_("When it usually meets (if known)"), max_length=200, required=False
    )
    venue = forms.CharField(
        label=_("Where it usually meets (if known)"), max_length=200, required=False
    )

    def clean_organiser_email(self):
        from folkmoot.accounts.models import User

        email = self.cleaned_data["organiser_email"].strip().lower()
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(
                _("Nobody has an account with that email. Ask them to sign up first.")
            )
        return person
