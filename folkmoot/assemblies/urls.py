from django.urls import include, path

from . import views

app_name = "assemblies"

urlpatterns = [
    path("assemblies/", views.directory, name="directory"),
    path("assemblies/new/", views.start, name="start"),
    path("assemblies/<slug:slug>/", views.detail, name="detail"),
    path("assemblies/<slug:slug>/support/", views.support_assembly, name="support_assembly"),
    path("assemblies/<slug:slug>/supporters/", views.assembly_supporters, name="supporters"),
    path(
        "assemblies/<slug:slug>/supporters.csv",
        views.assembly_supporters,
        {"export": True},
        name="supporters_csv",
    ),
    path("assemblies/<slug:slug>/comments/", views.comment_post, name="comment_post"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment_hide"),
    path("comments/<int:pk>/restore/", views.comment_restore, name="comment_restore"),
    path("find/", views.find, name="find"),
    path("support/", views.support, name="support"),
    path("support/sent/", views.support_sent, name="support_sent"),
    path("support/confirm/<str:token>/", views.support_confirm, name="support_confirm"),
    path("support/remove/<str:token>/", views.support_remove, name="support_remove"),
    path("supporters/", views.gatherings, name="gatherings"),
    path("supporters.csv", views.gatherings, {"export": True}, name="gatherings_csv"),
    path("", include("folkmoot.assemblies.membership_urls")),
]
