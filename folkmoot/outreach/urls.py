from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("assemblies/<slug:slug>/outreach/", views.log, name="log"),
    path("assemblies/<slug:slug>/outreach/new/", views.new, name="new"),
    path("assemblies/<slug:slug>/outreach/postcodes/", views.postcodes, name="postcodes"),
    path("assemblies/<slug:slug>/outreach/<int:pk>/edit/", views.edit, name="edit"),
    path("assemblies/<slug:slug>/outreach/<int:pk>/delete/", views.delete, name="delete"),
    path("meetings/<int:pk>/outreach/", views.coverage, name="coverage"),
    path("meetings/<int:pk>/leaflet-a5.pdf", views.leaflet_a5, name="leaflet_a5"),
    path("meetings/<int:pk>/leaflet-a4.pdf", views.leaflet_a4, name="leaflet_a4"),
    path("meetings/<int:pk>/poster.pdf", views.poster, name="poster"),
]
