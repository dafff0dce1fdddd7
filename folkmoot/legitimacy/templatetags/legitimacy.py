"""Status words with icons: never colour alone (Legitimate ✓ / Not yet ○ / Needs data ?)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

_LOOK = {
    "legitimate": ("✓", "status-ok", lambda: _("Legitimate")),
    "met": ("✓", "status-ok", lambda: _("Met")),
    "not_yet": ("○", "status-no", lambda: _("Not yet")),
    "not_met": ("○", "status-no", lambda: _("Not yet")),
    "needs_data": ("?", "status-unknown", lambda: _("Needs data")),
    "pending": ("…", "status-unknown", lambda: _("Not due yet")),
    "not_applicable": ("-", "status-unknown", lambda: _("Does not apply yet")),
}


@register.simple_tag
def status_badge(value) -> str:
    icon, css, word = _LOOK.get(str(value), ("?", "status-unknown", lambda: str(value)))
    return format_html(
        '<span class="status {}"><span aria-hidden="true">{}</span> {}</span>', css, icon, word()
    )
