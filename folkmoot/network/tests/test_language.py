from django.urls import reverse


def test_switching_to_welsh_and_back(client, db):
    html = client.get("/").content.decode()
    assert 'value="cy"' in html  # the switcher offers Welsh
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/assemblies/"})
    assert response.status_code == 302
    assert response.url == "/assemblies/"
    html = client.get("/").content.decode()
    assert '<html lang="cy">' in html
    assert "Dewch o hyd i'ch cynulliad" in html
    client.post(reverse("set_language"), {"language": "en-gb", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en-gb">' in html
    assert "Find your assembly" in html


def test_untranslated_text_falls_back_to_english(client, db):
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    html = client.get(reverse("network:help_page", args=["privacy"])).content.decode()
    assert "We keep only what the assemblies need to work" in html


def test_unknown_language_is_ignored(client, db):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="en-gb">' in client.get("/").content.decode()
