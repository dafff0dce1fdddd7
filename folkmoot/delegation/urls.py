from django.urls import path

from . import delegate_views, election_views, mandate_views, recall_views, reportback_views

app_name = "delegation"

urlpatterns = [
    path("delegates/<int:pk>/", delegate_views.delegate, name="delegate"),
    path(
        "assemblies/<slug:slug>/delegates/",
        delegate_views.assembly_delegates,
        name="assembly_delegates",
    ),
    path(
        "assemblies/<slug:slug>/delegates/<int:member>/election/",
        election_views.election_new,
        name="election_new",
    ),
    path(
        "assemblies/<slug:slug>/delegates/<int:member>/mandate/",
        mandate_views.mandate_new,
        name="mandate_new",
    ),
    path(
        "delegates/councils/<slug:slug>/",
        delegate_views.council_delegates,
        name="council_delegates",
    ),
    path(
        "delegates/councils/<slug:slug>/<int:member>/election/",
        election_views.council_election_new,
        name="council_election_new",
    ),
    path("delegates/seats/<int:member>/appoint/", election_views.appoint, name="appoint"),
    path("delegates/<int:pk>/recall/", recall_views.recall_open, name="recall_open"),
    path("delegates/<int:pk>/council-recall/", recall_views.council_recall, name="council_recall"),
    path("recalls/<int:pk>/sign/", recall_views.recall_sign, name="recall_sign"),
    path(
        "delegates/<int:pk>/report-back/<int:meeting>/",
        reportback_views.report_back,
        name="report_back",
    ),
]
