"""A person's own account: profile, privacy choices, their data, deleting the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from folkmoot.assemblies.services import find_assemblies
from folkmoot.places.postcodes import InvalidPostcode

from . import services
from .forms import DeleteAccountForm, ProfileForm
from .models import User


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    found = None
    if request.user.postcode:
        try:
            found = find_assemblies(request.user.postcode)
        except InvalidPostcode:
            found = None
    memberships = request.user.memberships.filter(left_at__isnull=True).select_related("assembly")
    return render(request, "accounts/profile.html", {"found": found, "memberships": memberships})


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    # A copy, so a form that fails validation cannot leave its rejected values on request.user.
    me = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=me)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved. Your details are up to date."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@never_cache
@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = services.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="folkmoot-my-data-{stamp}.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.erase_account(request.user)
        logout(request)
        messages.success(
            request, _("Your account is deleted. We have erased your name, email and postcode.")
        )
        return redirect("network:home")
    return render(request, "accounts/delete.html", {"form": form})
