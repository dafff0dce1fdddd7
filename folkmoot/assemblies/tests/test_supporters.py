"""Organisers see their assembly's supporters; nobody else does."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.models import Supporter


@pytest.fixture
def supporters(elm_park):
    now = timezone.now()
    Supporter.objects.create(
        name="Ann",
        email="ann@example.org",
        postcode="TB1 1AB",
        postcode_sector="TB1 1",
        assembly=elm_park,
        consented_at=now,
        confirmed_at=now,
        comment="=HYPERLINK(1)",
    )
    Supporter.objects.create(
        name="Bo",
        email="bo@example.org",
        postcode="TB1 2AB",
        postcode_sector="TB1 2",
        assembly=elm_park,
        consented_at=now,
    )


PAGE = reverse("assemblies:supporters", args=["elm-park"])
CSV = reverse("assemblies:supporters_csv", args=["elm-park"])


def test_anonymous_is_sent_to_sign_in(client, supporters):
    for url in (PAGE, CSV):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response.url


@pytest.mark.parametrize("who", ["person", "member", "other_organiser"])
def test_others_are_refused(client, supporters, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organisers_see_the_list(client, supporters, who, request):
    client.force_login(request.getfixturevalue(who))
    html = client.get(PAGE).content.decode()
    assert "ann@example.org" in html
    assert "bo@example.org" in html
    assert "1 confirmed supporter" in html
    assert "waiting" in html


def test_expired_organiser_role_is_refused(client, supporters, organiser):
    role = organiser.assembly_roles.get()
    role.ends_on = timezone.localdate() - timezone.timedelta(days=1)
    role.save()
    client.force_login(organiser)
    assert client.get(PAGE).status_code == 403


def test_csv_export(client, supporters, organiser):
    client.force_login(organiser)
    response = client.get(CSV)
    assert response["Content-Type"].startswith("text/csv")
    assert "elm-park-supporters.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["email"] for row in rows} == {"ann@example.org", "bo@example.org"}
    ann = next(row for row in rows if row["name"] == "Ann")
    assert ann["postcode"] == "TB1 1AB"
    assert ann["confirmed_at"]
    # A comment that starts like a formula is defused for spreadsheets.
    assert ann["comment"] == "'=HYPERLINK(1)"
