from django.urls import reverse


def test_front_page_asks_for_a_postcode(client, elm_park):
    response = client.get(reverse("network:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find the People's Assembly where you live" in html
    assert 'action="/find/"' in html
    assert 'name="postcode"' in html
    assert "There is 1 assembly in the network." in html


def test_every_page_has_landmarks_and_a_skip_link(client, db):
    html = client.get(reverse("network:home")).content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert "<nav" in html
    assert '<html lang="en-gb">' in html


def test_no_inline_script_and_a_strict_csp(client, db):
    response = client.get(reverse("network:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith(("src=", 'type="application/json"')), chunk[:80]
