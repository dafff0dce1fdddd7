"""Small helpers for the delegates' templates."""

from django import template
from django.urls import NoReverseMatch, reverse

from ..mandates import mandate_name

register = template.Library()


@register.simple_tag
def maybe_url(name: str, *args) -> str:
    """A link to another part's page, or "" while that page does not exist yet (council pages
    are built alongside these), so the name is shown without a broken link."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def mandate_title(mandate) -> str:
    return mandate_name(mandate) if mandate else ""
