from django.urls import path

from . import proposal_views as views

urlpatterns = [
    path("assemblies/<slug:slug>/proposals/", views.proposal_list, name="proposal_list"),
    path("assemblies/<slug:slug>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/move/", views.proposal_move, name="proposal_move"),
    path("proposals/<int:pk>/amend/", views.proposal_amend, name="proposal_amend"),
    path("proposals/<int:pk>/comments/", views.proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/agenda/", views.proposal_agenda, name="proposal_agenda"),
    path(
        "amendments/<int:pk>/accept/",
        views.amendment_action,
        {"action": "accept"},
        name="amendment_accept",
    ),
    path(
        "amendments/<int:pk>/reject/",
        views.amendment_action,
        {"action": "reject"},
        name="amendment_reject",
    ),
    path(
        "amendments/<int:pk>/withdraw/",
        views.amendment_action,
        {"action": "withdraw"},
        name="amendment_withdraw",
    ),
    path(
        "amendments/<int:pk>/to-vote/",
        views.amendment_action,
        {"action": "to_vote"},
        name="amendment_to_vote",
    ),
    path(
        "proposal-comments/<int:pk>/report/",
        views.comment_report,
        name="proposal_comment_report",
    ),
    path("proposal-comments/<int:pk>/hide/", views.comment_hide, name="proposal_comment_hide"),
    path(
        "proposal-comments/<int:pk>/restore/",
        views.comment_restore,
        name="proposal_comment_restore",
    ),
]
