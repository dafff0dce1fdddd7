from django.urls import path

from . import question_views
from .council_urls import urlpatterns as council_patterns

app_name = "councils"

# Questions, referrals and seat votes; council pages and the confederation come from
# council_urls.
urlpatterns: list = [
    *council_patterns,
    path("councils/<slug:slug>/questions/", question_views.question_list, name="questions"),
    path("councils/<slug:slug>/questions/new/", question_views.question_new, name="question_new"),
    path("council-questions/<int:pk>/", question_views.question_detail, name="question"),
    path("council-questions/<int:pk>/refer/", question_views.question_refer, name="question_refer"),
    path("council-questions/<int:pk>/open/", question_views.question_open, name="question_open"),
    path("council-questions/<int:pk>/close/", question_views.question_close, name="question_close"),
    path("council-questions/<int:pk>/vote/", question_views.question_vote, name="question_vote"),
]
