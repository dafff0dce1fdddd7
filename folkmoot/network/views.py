"""The front page, the help pages and the page people see when they are rate-limited."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from folkmoot.assemblies.forms import FindForm
from folkmoot.assemblies.models import Assembly

HELP_TOPICS = ["finding", "supporting", "account", "councils", "organisers", "privacy"]


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/home.html",
        {"form": FindForm(), "assembly_count": Assembly.objects.count()},
    )


def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "network/help/index.html")


def help_page(request: HttpRequest, topic: str) -> HttpResponse:
    if topic not in HELP_TOPICS:
        raise Http404
    try:
        get_template(f"network/help/{topic}.html")
    except TemplateDoesNotExist as error:
        raise Http404 from error
    return render(request, f"network/help/{topic}.html")


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "429.html", status=429)
