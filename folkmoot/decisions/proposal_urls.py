from django.urls import path

from . import amendment_views, discussion_views, proposal_views

urlpatterns = [
    path("assemblies/<slug:slug>/proposals/", proposal_views.proposal_list, name="proposal_list"),
    path("assemblies/<slug:slug>/proposals/new/", proposal_views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/move/", proposal_views.proposal_move, name="proposal_move"),
    path("proposals/<int:pk>/amend/", amendment_views.proposal_amend, name="proposal_amend"),
    path(
        "proposals/<int:pk>/comments/", discussion_views.proposal_comment, name="proposal_comment"
    ),
    path("proposals/<int:pk>/agenda/", discussion_views.proposal_agenda, name="proposal_agenda"),
    path(
        "amendments/<int:pk>/accept/",
        amendment_views.amendment_action,
        {"action": "accept"},
        name="amendment_accept",
    ),
    path(
        "amendments/<int:pk>/reject/",
        amendment_views.amendment_action,
        {"action": "reject"},
        name="amendment_reject",
    ),
    path(
        "amendments/<int:pk>/withdraw/",
        amendment_views.amendment_action,
        {"action": "withdraw"},
        name="amendment_withdraw",
    ),
    path(
        "amendments/<int:pk>/to-vote/",
        amendment_views.amendment_action,
        {"action": "to_vote"},
        name="amendment_to_vote",
    ),
    path(
        "proposal-comments/<int:pk>/report/",
        discussion_views.comment_report,
        name="proposal_comment_report",
    ),
    path(
        "proposal-comments/<int:pk>/hide/",
        discussion_views.comment_hide,
        name="proposal_comment_hide",
    ),
    path(
        "proposal-comments/<int:pk>/restore/",
        discussion_views.comment_restore,
        name="proposal_comment_restore",
    ),
]
