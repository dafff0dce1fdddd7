from django.urls import path

from . import correction_views, views

app_name = "attendance"

urlpatterns = [
    path("check-in/<str:code>/", views.check_in, name="check_in"),
    path("meetings/<int:pk>/check-in-qr.svg", views.check_in_qr, name="check_in_qr"),
    path("meetings/<int:pk>/door-sign/", views.door_sign, name="door_sign"),
    path("meetings/<int:pk>/teller/", views.teller, name="teller"),
    path("meetings/<int:pk>/teller/check-in/", views.teller_check_in, name="teller_check_in"),
    path("meetings/<int:pk>/teller/walk-in/", views.teller_walk_in, name="teller_walk_in"),
    path("meetings/<int:pk>/teller/tally/", views.teller_tally, name="teller_tally"),
    path("meetings/<int:pk>/teller/undo-tally/", views.teller_undo_tally, name="teller_undo_tally"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/attendance/count/", views.attendance_count, name="count"),
    path("meetings/<int:pk>/attendance/close/", correction_views.close, name="close"),
    path(
        "meetings/<int:pk>/attendance/add-person/",
        correction_views.correct_add_person,
        name="add_person",
    ),
    path(
        "meetings/<int:pk>/attendance/add-tally/",
        correction_views.correct_add_tally,
        name="add_tally",
    ),
    path("attendance/<int:pk>/verify/", views.teller_verify, name="verify"),
    path("attendance/<int:pk>/strike-out/", correction_views.strike_out, name="strike_out"),
    path("attendance/<int:pk>/residency/", correction_views.correct_residency, name="residency"),
    path(
        "tallies/<int:pk>/strike-out/",
        correction_views.correct_strike_out_tally,
        name="strike_out_tally",
    ),
]
