"""The site's URLs plus one bare view, for the HTTP benchmark only.

``bench/bench_settings.py`` points ROOT_URLCONF here, so the bare view exists only on a server
started with those settings (``bench/http_load.py`` does); the site itself never serves it.

The bare view is the ceiling the pages are compared with: the same gunicorn workers, the same
middleware and the same database, doing the least a page can do: one indexed query for one
assembly's name and a few bytes of text back.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from folkmoot.assemblies.models import Assembly
from folkmoot.urls import *  # noqa: F403  (the site's handlers come with it)
from folkmoot.urls import urlpatterns as site_patterns


def bare(request: HttpRequest) -> HttpResponse:
    name = Assembly.objects.filter(pk=1).values_list("name", flat=True).first()
    return HttpResponse(f"ok {name}\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare), *site_patterns]
