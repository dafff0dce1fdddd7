from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/my-data.json", views.data_export, name="data_export"),
    path("profile/delete/", views.delete_account, name="delete"),
]
