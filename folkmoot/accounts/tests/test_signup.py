"""Signing up through allauth: name and postcode asked, email must be confirmed first."""

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from conftest import make_person
from folkmoot.accounts.models import User

from .conftest import last_email_to, link_in, signup_data

SIGNUP = "/accounts/signup/"


def test_signup_page_asks_for_name_and_postcode(client, db):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert b'name="email"' in response.content
    assert b'name="display_name"' in response.content
    assert b'name="postcode"' in response.content
    assert b'name="password1"' in response.content


def test_signed_in_person_is_sent_away_from_signup(client, person):
    client.force_login(person)
    response = client.get(SIGNUP)
    assert response.status_code == 302
    assert User.objects.count() == 1


def test_signup_sends_a_confirmation_link(client, db):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    message = last_email_to("robin@example.org")
    assert link_in(message, "/accounts/confirm-email/")
    assert len(mail.outbox) == 1


def test_signup_saves_name_and_normalised_postcode(client, db):
    client.post(SIGNUP, signup_data(display_name="  Robin  ", postcode="tb1   1aa"))
    user = User.objects.get(email="robin@example.org")
    assert user.display_name == "Robin"
    assert user.postcode == "TB1 1AA"
    assert user.check_password("correct-horse-battery")


def test_signup_lower_cases_the_email(client, db):
    client.post(SIGNUP, signup_data(email="Robin@Example.ORG"))
    assert User.objects.filter(email="robin@example.org").exists()


def test_postcode_can_be_left_out(client, db):
    client.post(SIGNUP, signup_data(postcode=""))
    user = User.objects.get(email="robin@example.org")
    assert user.postcode == ""


def test_new_address_is_not_confirmed_yet(client, db):
    client.post(SIGNUP, signup_data())
    address = EmailAddress.objects.get(email="robin@example.org")
    assert address.verified is False


def test_cannot_use_the_account_before_confirming(client, db):
    client.post(SIGNUP, signup_data())
    assert "_auth_user_id" not in client.session
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_cannot_sign_in_with_password_before_confirming(db):
    Client().post(SIGNUP, signup_data())
    browser = Client()
    response = browser.post(
        "/accounts/login/", {"login": "robin@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in browser.session


def test_opening_the_link_asks_before_confirming(client, db):
    """Email scanners open links: a GET alone must not confirm the address."""
    client.post(SIGNUP, signup_data())
    link = link_in(last_email_to("robin@example.org"), "/accounts/confirm-email/")
    response = client.get(link)
    assert response.status_code == 200
    assert b"<form" in response.content
    assert EmailAddress.objects.get(email="robin@example.org").verified is False


def test_confirming_with_the_emailed_link_lets_you_sign_in(client, db):
    client.post(SIGNUP, signup_data())
    link = link_in(last_email_to("robin@example.org"), "/accounts/confirm-email/")

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="robin@example.org").verified is True
    browser = Client()
    response = browser.post(
        "/accounts/login/", {"login": "robin@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    assert int(browser.session["_auth_user_id"]) == User.objects.get().pk


def test_a_made_up_confirmation_link_confirms_nothing(client, db):
    client.post(SIGNUP, signup_data())
    client.post("/accounts/confirm-email/MQ:1abcde:not-a-real-key/")
    assert EmailAddress.objects.get(email="robin@example.org").verified is False


def test_bad_postcode_is_explained_next_to_the_field(client, db):
    response = client.post(SIGNUP, signup_data(postcode="EH8 9"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["postcode"] == [
        "Enter a full UK postcode, like EH8 9YL. Check the letters and numbers."
    ]
    assert list(form.errors) == ["postcode"]
    html = response.content.decode()
    # The message is tied to the postcode box, so screen readers read it out with it.
    assert 'id="id_postcode_error"' in html
    assert 'aria-describedby="id_postcode_helptext id_postcode_error"' in html


def test_bad_postcode_creates_no_account_and_sends_nothing(client, db):
    client.post(SIGNUP, signup_data(postcode="not a postcode"))
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []


def test_name_is_required(client, db):
    response = client.post(SIGNUP, signup_data(display_name=""))
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert not User.objects.exists()


def test_passwords_must_match(client, db):
    response = client.post(SIGNUP, signup_data(password2="something-else-entirely"))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_weak_password_is_refused(client, db):
    response = client.post(SIGNUP, signup_data(password1="12345678", password2="12345678"))
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_duplicate_email_is_refused(client, db):
    pat = make_person("pat@example.org", "Pat")
    response = client.post(
        SIGNUP, signup_data(email="PAT@example.org", display_name="Impostor", postcode="")
    )
    # To keep addresses private the page looks the same as a real sign-up ...
    assert response.status_code == 302
    # ... but no second account is made and the existing one is unchanged.
    assert User.objects.count() == 1
    pat.refresh_from_db()
    assert pat.display_name == "Pat"
    assert pat.check_password("a-long-test-password")
    assert EmailAddress.objects.filter(email__iexact="pat@example.org").count() == 1
    assert "_auth_user_id" not in client.session
    # The owner of the address is told, with no link that would sign anyone in.
    message = last_email_to("pat@example.org")
    assert "already exists" in message.body
    assert "/accounts/confirm-email/" not in message.body


def test_emails_are_signed_with_the_networks_name(client, network):
    client.post(SIGNUP, signup_data())
    body = last_email_to("robin@example.org").body
    assert body.startswith(f"Hello from {network.name}!")
    assert f"Thank you for using {network.name}." in body
    assert "Hello from testserver" not in body
