"""Signing in: with a password, or with a code sent by email; and signing out."""

from django.core import mail
from django.test import Client

from conftest import make_person

from .conftest import code_in, last_email_to

LOGIN = "/accounts/login/"
REQUEST_CODE = "/accounts/login/code/"
CONFIRM_CODE = "/accounts/login/code/confirm/"


def signed_in_as(client: Client):
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_login_page_offers_a_code_instead(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert b'name="login"' in response.content
    assert REQUEST_CODE.encode() in response.content


def test_password_sign_in_goes_to_your_account(client, person):
    response = client.post(LOGIN, {"login": "pat@example.org", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    assert signed_in_as(client) == person.pk


def test_email_is_not_case_sensitive(client, person):
    client.post(LOGIN, {"login": "Pat@Example.ORG", "password": "a-long-test-password"})
    assert signed_in_as(client) == person.pk


def test_sign_in_returns_you_where_you_were_going(client, person):
    response = client.post(
        f"{LOGIN}?next=/accounts/profile/edit/",
        {"login": "pat@example.org", "password": "a-long-test-password"},
    )
    assert response.url == "/accounts/profile/edit/"


def test_sign_in_will_not_send_you_to_another_site(client, person):
    response = client.post(
        f"{LOGIN}?next=https://evil.example.com/",
        {"login": "pat@example.org", "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert "evil.example.com" not in response.url


def test_wrong_password_does_not_sign_in(client, person):
    response = client.post(LOGIN, {"login": "pat@example.org", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_as(client) is None


def test_unknown_email_does_not_sign_in(client, person):
    response = client.post(
        LOGIN, {"login": "nobody@example.org", "password": "a-long-test-password"}
    )
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_another_persons_password_does_not_work(client, person, other_person):
    client.post(LOGIN, {"login": "sam@example.org", "password": "wrong-for-sam"})
    assert signed_in_as(client) is None


def test_too_many_wrong_passwords_are_stopped(client, person):
    for _attempt in range(5):
        client.post(LOGIN, {"login": "pat@example.org", "password": "wrong-password-1"})
    response = client.post(LOGIN, {"login": "pat@example.org", "password": "a-long-test-password"})
    # Even the right password is refused for a while after five wrong ones.
    assert signed_in_as(client) is None
    assert response.status_code in (200, 429)


def test_inactive_person_cannot_sign_in(client, person):
    person.is_active = False
    person.save()
    client.post(LOGIN, {"login": "pat@example.org", "password": "a-long-test-password"})
    assert signed_in_as(client) is None


# --- Signing in with an emailed code -------------------------------------------------------


def test_requesting_a_code_emails_it(client, person):
    response = client.post(REQUEST_CODE, {"email": "pat@example.org"})
    assert response.status_code == 302
    assert response.url == CONFIRM_CODE
    assert code_in(last_email_to("pat@example.org"))
    assert signed_in_as(client) is None


def test_the_emailed_code_signs_you_in(client, person):
    client.post(REQUEST_CODE, {"email": "pat@example.org"})
    code = code_in(last_email_to("pat@example.org"))

    response = client.post(CONFIRM_CODE, {"code": code})

    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    assert signed_in_as(client) == person.pk


def test_a_wrong_code_does_not_sign_you_in(client, person):
    client.post(REQUEST_CODE, {"email": "pat@example.org"})
    code = code_in(last_email_to("pat@example.org"))
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"

    response = client.post(CONFIRM_CODE, {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_as(client) is None


def test_a_code_only_works_in_the_browser_that_asked_for_it(person):
    asker, thief = Client(), Client()
    asker.post(REQUEST_CODE, {"email": "pat@example.org"})
    code = code_in(last_email_to("pat@example.org"))

    thief.post(CONFIRM_CODE, {"code": code})

    assert signed_in_as(thief) is None


def test_a_code_for_someone_else_does_not_sign_you_in_as_them(client, person, other_person):
    client.post(REQUEST_CODE, {"email": "pat@example.org"})
    client.post(CONFIRM_CODE, {"code": code_in(last_email_to("pat@example.org"))})
    assert signed_in_as(client) == person.pk
    assert signed_in_as(client) != other_person.pk


def test_no_code_is_sent_for_an_unknown_address(client, db):
    response = client.post(REQUEST_CODE, {"email": "nobody@example.org"})
    # The page does not say whether the address has an account ...
    assert response.status_code == 302
    # ... and whatever is emailed holds no code that could sign anyone in.
    for message in mail.outbox:
        assert "sign-in code is" not in message.body
    assert signed_in_as(client) is None


def test_codes_for_confirmed_people_only_go_to_their_address(client, person):
    make_person("sam@example.org", "Sam")
    client.post(REQUEST_CODE, {"email": "pat@example.org"})
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]


# --- Signing out ---------------------------------------------------------------------------


def test_signing_out(client, person):
    client.force_login(person)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert signed_in_as(client) is None


def test_signing_out_needs_a_post(client, person):
    """A link or image on another page must not be able to sign you out."""
    client.force_login(person)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert signed_in_as(client) == person.pk
