from django.urls import reverse

from folkmoot.assemblies.models import Supporter
from folkmoot.assemblies.services import record_support


def test_remove_asks_then_deletes(client, city):
    supporter = record_support(name="Ann", email="ann@example.org", postcode="TB1 4AB").supporter
    url = reverse("assemblies:support_remove", args=[supporter.token])
    assert "Remove me" in client.get(url).content.decode()
    assert Supporter.objects.count() == 1
    response = client.post(url)
    assert "We have deleted your details" in response.content.decode()
    assert Supporter.objects.count() == 0


def test_remove_twice_is_calm(client, db):
    url = reverse("assemblies:support_remove", args=["gone"])
    response = client.get(url)
    assert response.status_code == 200
    assert "you were removed already" in response.content.decode()
