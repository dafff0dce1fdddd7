"""Membership and roles. Included from assemblies/urls.py, so the names are "assemblies:join"..."""

from django.urls import path

from . import membership_views as views

urlpatterns = [
    path("assemblies/<slug:slug>/join/", views.join, name="join"),
    path("assemblies/<slug:slug>/leave/", views.leave, name="leave"),
    path("assemblies/<slug:slug>/members/", views.members, name="members"),
    path(
        "assemblies/<slug:slug>/members/<int:membership_id>/verify/",
        views.verify,
        name="member_verify",
    ),
    path(
        "assemblies/<slug:slug>/members/<int:membership_id>/remove/",
        views.remove,
        name="member_remove",
    ),
    path("assemblies/<slug:slug>/roles/", views.roles, name="roles"),
    path("assemblies/<slug:slug>/roles/<int:role_id>/end/", views.role_end, name="role_end"),
]
