"""Deleting your account: personal data erased, the counts you were part of kept."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from folkmoot.accounts.models import User
from folkmoot.accounts.services import ERASED_COMMENT
from folkmoot.assemblies.models import Comment, CommentReport, Membership, Role, Supporter
from folkmoot.assemblies.services import confirmed_supporter_count, current_member_count

from .conftest import PASSWORD, code_in, signup_data

DELETE = "/accounts/profile/delete/"


def can_sign_in(email: str, password: str = PASSWORD) -> bool:
    browser = Client()
    browser.post("/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in browser.session


@pytest.fixture
def pat(person, elm_park, other_person, make_supporter) -> User:
    """Pat, a member of Elm Park who supported it, commented and reported a comment."""
    person.postcode = "TB1 1AA"
    person.save()
    Membership.objects.create(assembly=elm_park, person=person)
    Membership.objects.create(assembly=elm_park, person=other_person)
    make_supporter("pat@example.org", name="Pat P", comment="Count me in", postcode="TB1 2CD")
    make_supporter("sam@example.org", name="Sam S", comment="Me too", postcode="TB1 1EF")
    sams = Comment.objects.create(assembly=elm_park, author=other_person, body="Sam's view")
    pats = Comment.objects.create(assembly=elm_park, author=person, body="Pat's view")
    CommentReport.objects.create(comment=sams, reporter=person, reason="Pat thinks it is rude")
    CommentReport.objects.create(comment=pats, reporter=other_person, reason="Sam disagrees")
    return person


def delete(client: Client, pat: User, word: str = "DELETE"):
    client.force_login(pat)
    return client.post(DELETE, {"confirm": word})


# --- Who may delete ------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(DELETE)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={DELETE}"


def test_anonymous_cannot_delete(client, pat):
    response = client.post(DELETE, {"confirm": "DELETE"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    pat.refresh_from_db()
    assert pat.erased_at is None
    assert pat.email == "pat@example.org"
    assert can_sign_in("pat@example.org")


def test_you_can_only_delete_your_own_account(client, pat, other_person):
    delete(client, pat)
    other_person.refresh_from_db()
    assert other_person.erased_at is None
    assert other_person.is_active is True


# --- Confirming ----------------------------------------------------------------------------


def test_page_explains_and_asks_for_the_word(client, pat):
    client.force_login(pat)
    response = client.get(DELETE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Type DELETE to confirm" in html
    assert 'href="/accounts/profile/my-data.json"' in html


def test_just_opening_the_page_deletes_nothing(client, pat):
    client.force_login(pat)
    client.get(DELETE)
    pat.refresh_from_db()
    assert pat.erased_at is None


@pytest.mark.parametrize("word", ["", "yes", "DELET", "delete", "Delete", "DELETE ME"])
def test_must_type_delete(client, pat, word):
    response = delete(client, pat, word)
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    pat.refresh_from_db()
    assert pat.erased_at is None
    assert pat.email == "pat@example.org"
    assert pat.display_name == "Pat"
    assert "_auth_user_id" in client.session


def test_wrong_word_is_explained_next_to_the_field(client, pat):
    response = delete(client, pat, "yes")
    assert response.context["form"].errors["confirm"] == [
        "Type the word DELETE in capitals to confirm."
    ]
    assert 'id="id_confirm_error"' in response.content.decode()


def test_spaces_around_the_word_are_fine(client, pat):
    delete(client, pat, "  DELETE ")
    pat.refresh_from_db()
    assert pat.erased_at is not None


# --- What happens ----------------------------------------------------------------------------


def test_deleting_signs_you_out_and_says_so(client, pat):
    response = delete(client, pat)
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in client.session
    response = client.get("/")
    assert "Your account is deleted." in response.content.decode()


def test_name_email_and_postcode_are_erased(client, pat):
    delete(client, pat)
    pat.refresh_from_db()
    assert pat.email == f"erased-{pat.pk}@erased.invalid"
    assert pat.display_name == ""
    assert pat.postcode == ""
    assert pat.erased_at is not None
    assert pat.is_active is False
    assert not pat.has_usable_password()
    assert not EmailAddress.objects.filter(user=pat).exists()
    assert str(pat) == "Deleted account"


def test_cannot_sign_in_afterwards(client, pat):
    delete(client, pat)
    assert not can_sign_in("pat@example.org")
    assert not can_sign_in(f"erased-{pat.pk}@erased.invalid")


def test_no_sign_in_code_is_sent_afterwards(client, pat):
    delete(client, pat)
    mail.outbox.clear()
    browser = Client()
    browser.post("/accounts/login/code/", {"email": "pat@example.org"})
    for message in mail.outbox:
        with pytest.raises(AssertionError):
            code_in(message)
    assert "_auth_user_id" not in browser.session


def test_no_password_reset_link_is_sent_afterwards(client, pat):
    delete(client, pat)
    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": "pat@example.org"})
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


def test_other_open_sessions_are_signed_out(client, pat):
    phone = Client()
    phone.force_login(pat)
    assert phone.get("/accounts/profile/").status_code == 200

    delete(client, pat)

    response = phone.get("/accounts/profile/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_memberships_are_still_counted(client, pat, elm_park):
    assert current_member_count(elm_park) == 2
    delete(client, pat)
    assert current_member_count(elm_park) == 2
    assert Membership.objects.filter(person=pat).count() == 1


def test_roles_stay_for_the_record(client, pat, elm_park):
    Role.objects.create(
        assembly=elm_park, person=pat, kind=Role.Kind.TELLER, starts_on=datetime.date(2024, 1, 1)
    )
    delete(client, pat)
    assert Role.objects.filter(person=pat).count() == 1


def test_supporter_count_is_unchanged(client, pat, elm_park):
    assert confirmed_supporter_count(elm_park) == 2
    delete(client, pat)
    assert confirmed_supporter_count(elm_park) == 2


def test_support_loses_name_email_postcode_and_comment(client, pat):
    supporter = Supporter.objects.get(email="pat@example.org")
    delete(client, pat)
    supporter.refresh_from_db()
    assert supporter.name == ""
    assert supporter.email == f"erased-{supporter.pk}@erased.invalid"
    assert supporter.postcode == "TB1 2"
    assert supporter.postcode_sector == "TB1 2"
    assert supporter.comment == ""
    assert supporter.confirmed_at is not None


def test_support_under_other_confirmed_addresses_is_erased(client, pat, make_supporter):
    EmailAddress.objects.create(user=pat, email="pat.work@example.org", verified=True)
    work = make_supporter("pat.work@example.org", name="Pat at work", assembly=None)
    delete(client, pat)
    work.refresh_from_db()
    assert work.name == ""
    assert work.email.endswith("@erased.invalid")


def test_support_under_an_unconfirmed_address_is_not_touched(client, pat, other_person):
    """Typing Sam's address into 'change email' and then deleting must not erase Sam's support."""
    client.force_login(pat)
    client.post("/accounts/email/", {"action_add": "", "email": "sam@example.org"})
    delete(client, pat)
    sams = Supporter.objects.get(email="sam@example.org")
    assert sams.name == "Sam S"
    assert sams.comment == "Me too"
    assert sams.postcode == "TB1 1EF"


def test_comments_stay_but_their_words_are_removed(client, pat, elm_park):
    delete(client, pat)
    comment = Comment.objects.get(author=pat)
    assert comment.body == ERASED_COMMENT
    assert elm_park.comments.count() == 2


def test_reasons_given_in_reports_are_removed(client, pat):
    delete(client, pat)
    report = CommentReport.objects.get(reporter=pat)
    assert report.reason == ""


def test_other_people_are_untouched(client, pat, other_person):
    delete(client, pat)
    other_person.refresh_from_db()
    assert other_person.email == "sam@example.org"
    assert other_person.display_name == "Sam"
    assert other_person.is_active is True
    assert Comment.objects.get(author=other_person).body == "Sam's view"
    assert CommentReport.objects.get(reporter=other_person).reason == "Sam disagrees"
    sams = Supporter.objects.get(email="sam@example.org")
    assert (sams.name, sams.comment, sams.postcode) == ("Sam S", "Me too", "TB1 1EF")
    assert can_sign_in("sam@example.org")


def test_staff_powers_are_removed(client, pat):
    pat.is_staff = True
    pat.is_superuser = True
    pat.save()
    delete(client, pat)
    pat.refresh_from_db()
    assert pat.is_staff is False
    assert pat.is_superuser is False


def test_data_download_is_gone_afterwards(client, pat):
    delete(client, pat)
    response = client.get("/accounts/profile/my-data.json")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_same_address_can_sign_up_again_as_a_new_person(client, pat):
    delete(client, pat)
    client.post("/accounts/signup/", signup_data(email="pat@example.org", display_name="Pat"))
    fresh = User.objects.get(email="pat@example.org")
    assert fresh.pk != pat.pk
    assert not Membership.objects.filter(person=fresh).exists()


def test_network_organiser_stops_being_one(client, network_organiser, network, person):
    network.organisers.add(person)
    delete(client, network_organiser)
    assert list(network.organisers.all()) == [person]
