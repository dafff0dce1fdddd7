"""Votes, results and the decision log. Included from decisions/urls.py, so the names are
"decisions:vote", "decisions:vote_result"..."""

from django.urls import path

from . import vote_views as views

urlpatterns = [
    path("assemblies/<slug:slug>/votes/", views.vote_list, name="vote_list"),
    path("assemblies/<slug:slug>/votes/new/", views.vote_new, name="vote_new"),
    path("votes/<int:pk>/", views.vote_detail, name="vote"),
    path("votes/<int:pk>/open/", views.vote_open, name="vote_open"),
    path("votes/<int:pk>/close/", views.vote_close, name="vote_close"),
    path("votes/<int:pk>/room/", views.vote_room, name="vote_room"),
    path("votes/<int:pk>/room/blt/", views.vote_room_blt, name="vote_room_blt"),
    path("votes/<int:pk>/result/", views.vote_result, name="vote_result"),
    path("votes/<int:pk>/result.csv", views.vote_result_csv, name="vote_result_csv"),
    path("votes/<int:pk>/ballots.blt", views.vote_ballots_blt, name="vote_ballots_blt"),
    path("assemblies/<slug:slug>/decisions/", views.decision_log, name="decision_log"),
    path("assemblies/<slug:slug>/decisions/<int:pk>/", views.decision_detail, name="decision"),
]
