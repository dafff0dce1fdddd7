"""The support form: general (/support/) and for a named assembly."""

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from folkmoot.assemblies.models import Supporter

URL = reverse("assemblies:support")

GOOD = {
    "name": "Ann",
    "email": "ann@example.org",
    "postcode": "tb1 4ab",
    "comment": "We need one",
    "consent": "on",
}


def test_form_page(client, db):
    response = client.get(URL, {"postcode": "TB1 4AB"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Show support for an assembly in your area" in html
    assert 'value="TB1 4AB"' in html
    assert "I agree" in html


def test_good_submission_records_and_emails(client, city):
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response.url == reverse("assemblies:support_sent")
    supporter = Supporter.objects.get()
    assert supporter.postcode == "TB1 4AB"
    assert supporter.confirmed_at is None
    assert mail.outbox[0].to == ["ann@example.org"]
    follow = client.get(response.url).content.decode()
    assert "Check your email" in follow


def test_second_submission_resends_and_answers_the_same(client, city):
    first = client.post(URL, GOOD)
    second = client.post(URL, GOOD)
    assert second.url == first.url
    assert Supporter.objects.count() == 1
    assert len(mail.outbox) == 2


def test_answer_does_not_reveal_who_already_supports(client, city):
    from folkmoot.assemblies.services import confirm_support

    client.post(URL, GOOD)
    confirm_support(Supporter.objects.get())
    again = client.post(URL, GOOD)
    fresh = client.post(URL, {**GOOD, "email": "new@example.org"})
    assert again.url == fresh.url

    def main(url):
        html = client.get(url).content.decode()
        return html[html.index("<main") : html.index("</main>")]

    assert main(again.url) == main(fresh.url)


def test_for_a_named_assembly(client, elm_park, testbury_health):
    url = reverse("assemblies:support_assembly", args=[testbury_health.slug])
    assert "Show support for Testbury Health Assembly" in client.get(url).content.decode()
    client.post(url, {**GOOD, "postcode": "TB1 1AA"})
    assert Supporter.objects.get().assembly == testbury_health


def test_unknown_assembly_is_404(client, db):
    url = reverse("assemblies:support_assembly", args=["nowhere"])
    assert client.get(url).status_code == 404
    assert client.post(url, GOOD).status_code == 404
    assert Supporter.objects.count() == 0


def _errors_for(client, **changes):
    data = {**GOOD, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert Supporter.objects.count() == 0
    assert mail.outbox == []
    return response.content.decode()


def test_bad_email(client, city):
    html = _errors_for(client, email="ann-at-example")
    assert "Enter an email address like name@example.org." in html
    assert 'value="Ann"' in html  # the rest of the form is kept


def test_bad_postcode(client, city):
    html = _errors_for(client, postcode="TB1")
    assert "Enter a full UK postcode" in html


def test_missing_consent(client, city):
    html = _errors_for(client, consent=None)
    assert "Tick the box to say you agree" in html


def test_missing_name(client, city):
    html = _errors_for(client, name="   ")
    assert "This field is required." not in html
    assert "Fill in “Your name”." in html or "Enter your name" in html


def test_too_long_comment(client, city):
    html = _errors_for(client, comment="x" * 2001)
    assert "at most 2000 characters" in html


def test_errors_are_next_to_their_fields(client, city):
    html = _errors_for(client, email="nope")
    error = html.index("Enter an email address like name@example.org.")
    field = html.index('name="email"')
    label = html.index('for="id_email"')
    assert label < error < field
    assert "Nothing has been saved yet" in html


def test_honeypot_saves_nothing_but_looks_the_same(client, city):
    response = client.post(URL, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response.url == reverse("assemblies:support_sent")
    assert Supporter.objects.count() == 0
    assert mail.outbox == []


@override_settings(SUPPORT_FORM_RATE="3/h")
def test_rate_limited_per_ip(client, city):
    for n in range(3):
        assert client.post(URL, {**GOOD, "email": f"{n}@example.org"}).status_code == 302
    response = client.post(URL, {**GOOD, "email": "4@example.org"})
    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert Supporter.objects.count() == 3
    other_ip = client.post(URL, {**GOOD, "email": "5@example.org"}, REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302


def test_get_is_not_rate_limited(client, city):
    with override_settings(SUPPORT_FORM_RATE="1/h"):
        for _ in range(3):
            assert client.get(URL).status_code == 200
