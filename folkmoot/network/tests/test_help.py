import re
from pathlib import Path

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


def test_organisers_help_is_the_step_by_step_to_legitimacy(client, network):
    network.residents_per_meeting = 120
    network.outreach_coverage_percent = 75
    network.notice_days = 10
    network.meetings_considered = 3
    network.save()
    response = client.get(reverse("network:help_page", args=["organisers"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>How to make your assembly legitimate</h1>" in html
    # The three criteria, with this network's own numbers.
    assert "at least 75% of the area's postcodes" in html
    assert "at least 10 days before the meeting" in html
    assert "At least 120 people who live in the area came to each meeting." in html
    assert "each of the last 3 meetings" in html
    # Where in the site each step is done.
    for step in ("Plan a meeting", "Send the invitation", "Check people in", "Close attendance"):
        assert f"“{step}”" in html


def test_organisers_help_names_only_buttons_and_links_that_exist():
    """Every “quoted” place the help sends organisers to is really on one of the site's pages,
    so renaming a link without updating the help fails here."""
    root = Path(__file__).resolve().parents[2]
    help_page = root / "network/templates/network/help/organisers.html"
    quoted = set(re.findall(r"“([^”]+)”", help_page.read_text()))
    assert len(quoted) >= 10
    pages = "".join(
        path.read_text() for path in root.glob("*/templates/**/*.html") if "help" not in path.parts
    )
    missing = sorted(phrase for phrase in quoted if phrase not in pages)
    assert missing == []
