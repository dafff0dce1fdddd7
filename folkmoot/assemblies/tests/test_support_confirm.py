from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.services import record_support


def _supporter(**extra):
    return record_support(
        name="Ann", email="ann@example.org", postcode="TB1 4AB", **extra
    ).supporter


def test_link_shows_a_button_and_does_not_confirm_by_itself(client, city):
    supporter = _supporter()
    url = reverse("assemblies:support_confirm", args=[supporter.token])
    html = client.get(url).content.decode()
    assert "Yes, count me" in html
    supporter.refresh_from_db()
    assert supporter.confirmed_at is None


def test_pressing_the_button_counts_them(client, city):
    supporter = _supporter()
    url = reverse("assemblies:support_confirm", args=[supporter.token])
    response = client.post(url)
    assert response.status_code == 200
    assert "you are counted" in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.confirmed_at is not None


def test_confirmed_for_an_assembly_links_to_it(client, elm_park):
    supporter = _supporter(assembly=elm_park)
    response = client.post(reverse("assemblies:support_confirm", args=[supporter.token]))
    assert elm_park.get_absolute_url() in response.content.decode()


def test_already_confirmed(client, city):
    supporter = _supporter()
    first = timezone.now() - timezone.timedelta(days=2)
    supporter.confirmed_at = first
    supporter.save()
    url = reverse("assemblies:support_confirm", args=[supporter.token])
    assert "already confirmed" in client.get(url).content.decode()
    client.post(url)
    supporter.refresh_from_db()
    assert supporter.confirmed_at == first


def test_wrong_token_is_404(client, db):
    url = reverse("assemblies:support_confirm", args=["not-a-token"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
