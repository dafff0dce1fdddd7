from django.urls import path

from . import feeds, views

app_name = "meetings"

urlpatterns = [
    path("meetings/<int:pk>/", views.detail, name="detail"),
    path("meetings/<int:pk>/edit/", views.edit, name="edit"),
    path("meetings/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/", views.agenda_item_edit, name="agenda_item"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/move/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("meetings/<int:pk>/publish/", views.publish, name="publish"),
    path("meetings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("meetings/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("meetings/<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("meetings/<int:pk>/meeting.ics", feeds.meeting_calendar, name="meeting_calendar"),
    path("assemblies/<slug:slug>/meetings/", views.assembly_meetings, name="list"),
    path("assemblies/<slug:slug>/meetings/new/", views.new, name="new"),
    path("assemblies/<slug:slug>/meetings.ics", feeds.assembly_calendar, name="assembly_calendar"),
    path("calendar/<str:token>.ics", feeds.personal_calendar, name="personal_calendar"),
]
