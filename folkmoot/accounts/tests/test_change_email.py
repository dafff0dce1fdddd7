"""Changing your email: the new address must be confirmed before it replaces the old one."""

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from .conftest import PASSWORD, last_email_to, link_in

EMAIL = "/accounts/email/"
CONFIRM = "/accounts/confirm-email/"
NEW = "pat.new@example.org"


def ask_to_change(client: Client, email: str = NEW):
    return client.post(EMAIL, {"action_add": "", "email": email})


def can_sign_in(email: str, password: str = PASSWORD) -> bool:
    browser = Client()
    browser.post("/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in browser.session


def addresses_of(user) -> set[tuple[str, bool]]:
    return set(EmailAddress.objects.filter(user=user).values_list("email", "verified"))


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(EMAIL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_anonymous_cannot_add_an_address(client, person):
    response = ask_to_change(client)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert addresses_of(person) == {("pat@example.org", True)}
    assert mail.outbox == []


def test_page_shows_your_current_address(client, person):
    client.force_login(person)
    response = client.get(EMAIL)
    assert response.status_code == 200
    assert b'value="pat@example.org"' in response.content


def test_profile_links_to_the_change_email_page(client, person):
    client.force_login(person)
    response = client.get("/accounts/profile/")
    assert EMAIL.encode() in response.content


def test_new_address_is_sent_a_confirmation_link(client, person):
    client.force_login(person)
    response = ask_to_change(client)
    assert response.status_code == 302
    assert link_in(last_email_to(NEW), CONFIRM)
    # Nothing is sent to anyone else.
    assert {address for m in mail.outbox for address in m.to} == {NEW}


def test_old_address_stays_until_the_new_one_is_confirmed(client, person):
    client.force_login(person)
    ask_to_change(client)
    person.refresh_from_db()
    assert person.email == "pat@example.org"
    assert addresses_of(person) == {("pat@example.org", True), (NEW, False)}
    assert can_sign_in("pat@example.org")
    assert not can_sign_in(NEW)


def test_page_says_the_change_is_waiting(client, person):
    client.force_login(person)
    ask_to_change(client)
    response = client.get(EMAIL)
    assert NEW.encode() in response.content
    assert b"pending" in response.content


def test_confirming_replaces_the_old_address(client, person):
    client.force_login(person)
    ask_to_change(client)
    link = link_in(last_email_to(NEW), CONFIRM)

    response = client.post(link)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == NEW
    assert addresses_of(person) == {(NEW, True)}
    assert EmailAddress.objects.get(user=person).primary is True
    assert can_sign_in(NEW)
    assert not can_sign_in("pat@example.org")


def test_just_opening_the_link_changes_nothing(client, person):
    client.force_login(person)
    ask_to_change(client)
    client.get(link_in(last_email_to(NEW), CONFIRM))
    person.refresh_from_db()
    assert person.email == "pat@example.org"


def test_change_can_be_cancelled(client, person):
    client.force_login(person)
    ask_to_change(client)
    link = link_in(last_email_to(NEW), CONFIRM)

    client.post(EMAIL, {"action_remove": "", "email": NEW})
    client.post(link)

    person.refresh_from_db()
    assert person.email == "pat@example.org"
    assert addresses_of(person) == {("pat@example.org", True)}


def test_cannot_take_an_address_another_account_uses(client, person, other_person):
    client.force_login(person)
    ask_to_change(client, "sam@example.org")
    link = link_in(last_email_to("sam@example.org"), CONFIRM)

    client.post(link)

    person.refresh_from_db()
    other_person.refresh_from_db()
    assert person.email == "pat@example.org"
    assert other_person.email == "sam@example.org"
    assert EmailAddress.objects.filter(email="sam@example.org", verified=True).count() == 1
    assert can_sign_in("sam@example.org")


def test_not_a_valid_address(client, person):
    client.force_login(person)
    response = ask_to_change(client, "not-an-email")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert addresses_of(person) == {("pat@example.org", True)}


def test_page_explains_what_happens_and_has_no_inline_styles(client, person):
    """Our Content-Security-Policy blocks inline styles, so the page must not rely on them."""
    client.force_login(person)
    ask_to_change(client)
    html = client.get(EMAIL).content.decode()
    assert "Your old address keeps working until you open the link" in html
    assert 'id="pending-email"' in html
    assert "style=" not in html
