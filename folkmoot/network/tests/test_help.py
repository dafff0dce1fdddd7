import pytest
from django.urls import reverse

from folkmoot.network.views import HELP_TOPICS


def test_help_index_links_every_topic(client, db):
    html = client.get(reverse("network:help")).content.decode()
    for topic in HELP_TOPICS:
        assert reverse("network:help_page", args=[topic]) in html


@pytest.mark.parametrize("topic", HELP_TOPICS)
def test_each_help_page(client, db, topic):
    response = client.get(reverse("network:help_page", args=[topic]))
    assert response.status_code == 200
    assert response.content.decode().count("<h1>") == 1


def test_supporting_help_states_the_networks_threshold(client, network):
    network.supporter_threshold = 35
    network.save()
    html = client.get(reverse("network:help_page", args=["supporting"])).content.decode()
    assert "When 35 people" in html


def test_unknown_topic_is_404(client, db):
    assert client.get("/help/nothing/").status_code == 404
    assert client.get("/help/base/").status_code == 404
