from django.urls import path

from . import views

app_name = "legitimacy"

urlpatterns = [
    path(
        "assemblies/<slug:slug>/legitimacy/",
        views.assembly_legitimacy,
        name="assembly",
    ),
    path("meetings/<int:pk>/process/", views.meeting_process, name="meeting_process"),
]
