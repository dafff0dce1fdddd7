"""Council pages and the confederation page (included by ``urls.py``)."""

from django.urls import path

from . import council_views

urlpatterns: list = [
    path("councils/", council_views.council_list, name="list"),
    path("councils/meetings/<int:pk>/notes/", council_views.meeting_notes, name="meeting_notes"),
    path("councils/<slug:slug>/", council_views.council_detail, name="detail"),
    path("councils/<slug:slug>/meetings/new/", council_views.meeting_new, name="meeting_new"),
    path("confederation/", council_views.confederation_page, name="confederation"),
]
