"""Votes, results and the decision log. Included from decisions/urls.py, so the names are
"decisions:vote", "decisions:vote_result"..."""

from django.urls import path

from . import decision_views, result_views, room_views, vote_views

urlpatterns = [
    path("assemblies/<slug:slug>/votes/", vote_views.vote_list, name="vote_list"),
    path("assemblies/<slug:slug>/votes/new/", vote_views.vote_new, name="vote_new"),
    path("votes/<int:pk>/", vote_views.vote_detail, name="vote"),
    path("votes/<int:pk>/open/", vote_views.vote_open, name="vote_open"),
    path("votes/<int:pk>/close/", vote_views.vote_close, name="vote_close"),
    path("votes/<int:pk>/room/", room_views.vote_room, name="vote_room"),
    path("votes/<int:pk>/room/blt/", room_views.vote_room_blt, name="vote_room_blt"),
    path("votes/<int:pk>/result/", result_views.vote_result, name="vote_result"),
    path("votes/<int:pk>/result.csv", result_views.vote_result_csv, name="vote_result_csv"),
    path("votes/<int:pk>/ballots.blt", result_views.vote_ballots_blt, name="vote_ballots_blt"),
    path("assemblies/<slug:slug>/decisions/", decision_views.decision_log, name="decision_log"),
    path(
        "assemblies/<slug:slug>/decisions/<int:pk>/",
        decision_views.decision_detail,
        name="decision",
    ),
    # A council's own votes (its delegates vote) and its decision log.
    path("councils/<slug:slug>/votes/", vote_views.council_vote_list, name="council_vote_list"),
    path("councils/<slug:slug>/votes/new/", vote_views.council_vote_new, name="council_vote_new"),
    path(
        "councils/<slug:slug>/decisions/",
        decision_views.council_decision_log,
        name="council_decision_log",
    ),
    path(
        "councils/<slug:slug>/decisions/<int:pk>/",
        decision_views.council_decision_detail,
        name="council_decision",
    ),
]
