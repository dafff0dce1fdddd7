"""Forgotten password: a link by email lets you choose a new one, once."""

import re

from django.core import mail
from django.test import Client

from .conftest import NEW_PASSWORD, PASSWORD, last_email_to, link_in

RESET = "/accounts/password/reset/"
KEY_LINK = "/accounts/password/reset/key/"


def request_reset_link(client: Client, email: str = "pat@example.org") -> str:
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    return link_in(last_email_to(email), KEY_LINK)


def choose_new_password(client: Client, link: str, password: str = NEW_PASSWORD):
    """Open the emailed link, then send the new password to the page it leads to."""
    response = client.get(link)
    assert response.status_code == 302, "the link should lead on to the new-password form"
    return client.post(response.url, {"password1": password, "password2": password})


def can_sign_in(email: str, password: str) -> bool:
    browser = Client()
    browser.post("/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in browser.session


def test_reset_page_asks_for_email(client, db):
    response = client.get(RESET)
    assert response.status_code == 200
    assert b'name="email"' in response.content


def test_reset_emails_a_link(client, person):
    response = client.post(RESET, {"email": "pat@example.org"})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
    assert link_in(last_email_to("pat@example.org"), KEY_LINK)


def test_email_is_not_case_sensitive(client, person):
    client.post(RESET, {"email": "PAT@Example.org"})
    assert any(KEY_LINK in m.body for m in mail.outbox)


def test_the_link_lets_you_choose_a_new_password(client, person):
    link = request_reset_link(client)
    response = choose_new_password(client, link)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert can_sign_in("pat@example.org", NEW_PASSWORD)
    assert not can_sign_in("pat@example.org", PASSWORD)


def test_the_link_works_only_once(client, person):
    link = request_reset_link(client)
    choose_new_password(client, link)

    again = Client()
    response = again.get(link, follow=True)

    assert response.status_code == 200
    assert response.context.get("token_fail") is True
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_a_tampered_link_changes_nothing(client, person):
    link = request_reset_link(client)
    tampered = re.sub(r"-([^/-]+)/$", "-0000000000000000/", link)
    assert tampered != link

    response = client.get(tampered, follow=True)

    assert response.context.get("token_fail") is True
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_new_passwords_must_match(client, person):
    link = request_reset_link(client)
    response = client.get(link)
    response = client.post(
        response.url, {"password1": NEW_PASSWORD, "password2": "not-the-same-at-all"}
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_weak_new_password_is_refused(client, person):
    link = request_reset_link(client)
    response = choose_new_password(client, link, password="password")
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_link_for_one_person_cannot_reset_another(client, person, other_person):
    link = request_reset_link(client)
    choose_new_password(client, link)
    other_person.refresh_from_db()
    assert other_person.check_password(PASSWORD)
    assert not other_person.check_password(NEW_PASSWORD)


def test_unknown_address_gets_no_reset_link(client, person):
    response = client.post(RESET, {"email": "nobody@example.org"})
    # The page does not give away whether the address has an account.
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
    assert all(KEY_LINK not in m.body for m in mail.outbox)
    assert all("pat@example.org" not in m.to for m in mail.outbox)
