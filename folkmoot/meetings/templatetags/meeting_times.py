"""Meeting times the way people say them, in the network's time zone: "Tue 3 Feb, 7pm"."""

from django import template

from folkmoot.meetings import services

register = template.Library()


@register.filter
def when(value):
    return services.format_when(value)


@register.simple_tag
def meeting_span(meeting):
    return services.format_span(meeting.starts_at, meeting.ends_at)
