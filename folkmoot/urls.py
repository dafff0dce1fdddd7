from django.contrib import admin
from django.urls import include, path

from folkmoot.api.api import api

urlpatterns = [
    path("", include("folkmoot.network.urls")),
    path("", include("folkmoot.assemblies.urls")),
    path("", include("folkmoot.meetings.urls")),
    path("", include("folkmoot.attendance.urls")),
    path("", include("folkmoot.outreach.urls")),
    path("", include("folkmoot.legitimacy.urls")),
    path("", include("folkmoot.decisions.urls")),
    path("", include("folkmoot.councils.urls")),
    path("", include("folkmoot.delegation.urls")),
    path("accounts/", include("folkmoot.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
