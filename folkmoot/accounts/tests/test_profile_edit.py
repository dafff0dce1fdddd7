"""Changing your details: name, postcode and privacy choices."""

import pytest

from folkmoot.accounts.models import User

EDIT = "/accounts/profile/edit/"


def details(**overrides) -> dict[str, str]:
    data = {
        "display_name": "Patricia",
        "postcode": "tb1 3ab",
        "show_name_to_members": "on",
        "allow_organiser_contact": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (
        user.email,
        user.display_name,
        user.postcode,
        user.show_name_to_members,
        user.allow_organiser_contact,
        user.is_staff,
        user.is_superuser,
        user.password,
    )


@pytest.fixture
def pat(person) -> User:
    person.postcode = "TB1 1AA"
    person.save()
    return person


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={EDIT}"


def test_anonymous_post_changes_nothing(client, pat):
    before = snapshot(pat)
    response = client.post(EDIT, details())
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert snapshot(pat) == before


def test_form_starts_with_your_details(client, pat):
    client.force_login(pat)
    response = client.get(EDIT)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["display_name"].value() == "Pat"
    assert form["postcode"].value() == "TB1 1AA"
    assert form["show_name_to_members"].value() is True


def test_edits_are_saved(client, pat):
    client.force_login(pat)

    response = client.post(EDIT, details())

    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    pat.refresh_from_db()
    assert pat.display_name == "Patricia"
    assert pat.postcode == "TB1 3AB"
    assert pat.show_name_to_members is True
    assert pat.allow_organiser_contact is True


def test_saving_says_so(client, pat):
    client.force_login(pat)
    response = client.post(EDIT, details(), follow=True)
    assert "Saved. Your details are up to date." in response.content.decode()
    assert "Hello, Patricia" in response.content.decode()


def test_unticking_privacy_choices_is_saved(client, pat):
    client.force_login(pat)
    client.post(EDIT, details(show_name_to_members=None, allow_organiser_contact=None))
    pat.refresh_from_db()
    assert pat.show_name_to_members is False
    assert pat.allow_organiser_contact is False


def test_name_is_trimmed(client, pat):
    client.force_login(pat)
    client.post(EDIT, details(display_name="   Patricia  "))
    pat.refresh_from_db()
    assert pat.display_name == "Patricia"


def test_postcode_can_be_removed(client, pat):
    client.force_login(pat)
    client.post(EDIT, details(postcode=""))
    pat.refresh_from_db()
    assert pat.postcode == ""


@pytest.mark.parametrize("postcode", ["TB1", "TB1 3", "12345", "hello", "QQ1 1AA", "TB1 3ABC"])
def test_bad_postcode_changes_nothing(client, pat, postcode):
    client.force_login(pat)
    before = snapshot(pat)

    response = client.post(EDIT, details(postcode=postcode, show_name_to_members=None))

    assert response.status_code == 200
    assert snapshot(pat) == before


def test_bad_postcode_is_explained_next_to_the_field(client, pat):
    client.force_login(pat)
    response = client.post(EDIT, details(postcode="TB1"))
    form = response.context["form"]
    assert list(form.errors) == ["postcode"]
    assert form.errors["postcode"] == [
        "Enter a full UK postcode, like EH8 9YL. Check the letters and numbers."
    ]
    html = response.content.decode()
    assert "Nothing has been saved yet." in html
    assert 'id="id_postcode_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("name", ["", "   "])
def test_name_cannot_be_blank(client, pat, name):
    client.force_login(pat)
    before = snapshot(pat)

    response = client.post(EDIT, details(display_name=name))

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [
        "Enter a name. A first name is fine."
    ]
    assert snapshot(pat) == before


def test_name_cannot_be_too_long(client, pat):
    client.force_login(pat)
    before = snapshot(pat)
    response = client.post(EDIT, details(display_name="P" * 81))
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert snapshot(pat) == before


def test_bad_input_is_shown_back_but_your_name_at_the_top_stays(client, pat):
    """A failed edit must not show the rejected name as if it were saved."""
    client.force_login(pat)
    response = client.post(EDIT, details(display_name="Patricia", postcode="TB1"))
    assert response.context["user"].display_name == "Pat"
    assert response.context["form"]["display_name"].value() == "Patricia"


def test_cannot_change_email_or_powers_here(client, pat):
    client.force_login(pat)
    before_email = pat.email
    client.post(
        EDIT,
        details(email="evil@example.org", is_staff="on", is_superuser="on", is_active=""),
    )
    pat.refresh_from_db()
    assert pat.display_name == "Patricia"
    assert pat.email == before_email
    assert pat.is_staff is False
    assert pat.is_superuser is False
    assert pat.is_active is True


def test_only_your_own_details_change(client, pat, other_person):
    before = snapshot(other_person)
    client.force_login(pat)
    client.post(EDIT, details())
    assert snapshot(other_person) == before
