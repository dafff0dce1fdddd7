"""Each public page, with everything it loads, stays under 100 KB compressed, all from here."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from folkmoot.places.models import Area

LIMIT = 100 * 1024


def _weight(client, url: str) -> tuple[int, list[str]]:
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    body = response.content
    total = len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
    html = (
        gzip.decompress(body).decode()
        if response.get("Content-Encoding") == "gzip"
        else (body.decode())
    )
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    for asset in assets:
        if asset.startswith(("http:", "https:", "//")):
            pytest.fail(f"{url} loads {asset} from another host")
        if not asset.startswith("/static/"):
            continue
        path = finders.find(asset.removeprefix("/static/"))
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total, assets


@pytest.fixture
def mapped(elm_park):
    area = Area.objects.get(slug="elm-park")
    area.boundary = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]}
    area.save()
    return elm_park


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/assemblies/",
        "/assemblies/elm-park/",
        "/find/?postcode=TB1+1AA",
        "/find/?postcode=TB1+4AA",
        "/support/",
        "/help/",
        "/confederation/",
        "/accounts/login/",
        "/accounts/signup/",
    ],
)
def test_under_100_kb_with_everything(client, mapped, testbury_health, url):
    total, assets = _weight(client, url)
    assert total < LIMIT, f"{url} weighs {total} bytes compressed"
    if url == "/assemblies/elm-park/":
        assert any("area-map.js" in asset for asset in assets)


def test_map_page_with_leaflet_loaded_on_request_stays_under_the_limit(client, mapped):
    total, _assets = _weight(client, "/assemblies/elm-park/")
    for name in ("leaflet.js", "leaflet.css"):
        with open(finders.find(f"folkmoot/vendor/leaflet/{name}"), "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < LIMIT


def test_pages_are_sent_compressed(client, elm_park):
    response = client.get(reverse("assemblies:directory"), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
