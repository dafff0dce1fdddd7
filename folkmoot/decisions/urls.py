from django.urls import include, path

app_name = "decisions"

urlpatterns = [
    path("", include("folkmoot.decisions.proposal_urls")),
    path("", include("folkmoot.decisions.vote_urls")),
]
