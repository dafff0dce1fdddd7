from django.core.management import call_command

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Membership, Supporter
from folkmoot.network.models import Network
from folkmoot.places.models import Area


def _snapshot():
    return {
        "areas": sorted(Area.objects.values_list("slug", "parent__slug", "kind")),
        "assemblies": sorted(Assembly.objects.values_list("slug", "kind", "area__slug")),
        "people": User.objects.count(),
        "members": Membership.objects.count(),
        "supporters": sorted(Supporter.objects.values_list("email", "name")),
    }


def test_demo_network_matches_the_brief(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "organiser@fellbridge.example" in out
    assert "fellbridge-demo" in out
    assert Area.objects.filter(kind=Area.Kind.DISTRICT).count() == 3
    assert Assembly.objects.filter(kind=Assembly.Kind.NEIGHBOURHOOD).count() == 12
    themed = Assembly.objects.filter(kind=Assembly.Kind.THEMED)
    assert sorted(themed.values_list("theme__slug", flat=True)) == ["education", "health"]
    kiln_hill = Area.objects.get(slug="kiln-hill")
    assert not kiln_hill.assemblies.exists()
    waiting = Supporter.objects.filter(area=kiln_hill, confirmed_at__isnull=False).count()
    assert 0 < waiting < Network.current().supporter_threshold
    assert Network.current().organisers.filter(email="network@fellbridge.example").exists()


def test_running_it_twice_gives_the_same_data(db):
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first


def test_demo_accounts_can_sign_in(client, db):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"login": "organiser@fellbridge.example", "password": "fellbridge-demo"},
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_demo_has_legitimate_assemblies_and_one_just_short(db):
    from folkmoot.legitimacy.rules import Verdict
    from folkmoot.legitimacy.services import assess_assembly, verdicts_for

    call_command("seed_demo")
    verdicts = verdicts_for(Assembly.objects.all())
    by_slug = {a.slug: verdicts[a.pk] for a in Assembly.objects.all()}
    legitimate = [slug for slug, verdict in by_slug.items() if verdict == Verdict.LEGITIMATE]
    assert len(legitimate) >= 3
    assert by_slug["castle-hill"] == Verdict.NOT_YET
    assessment, _history = assess_assembly(Assembly.objects.get(slug="millbrook"))
    attendance = next(c for c in assessment.criteria if c.key == "attendance")
    assert "The last meeting had 148: 2 more." in attendance.missing[0]
    assert all(c.status == "met" for c in assessment.criteria if c.key != "attendance")
