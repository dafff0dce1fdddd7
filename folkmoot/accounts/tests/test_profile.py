"""Your account page: your details, your assemblies and links to change things."""

from conftest import make_person

PROFILE = "/accounts/profile/"


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={PROFILE}"


def test_shows_your_details(client, person):
    person.postcode = "TB1 1AA"
    person.save()
    client.force_login(person)

    response = client.get(PROFILE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hello, Pat" in html
    assert "pat@example.org" in html
    assert "TB1 1AA" in html


def test_shows_your_privacy_choices(client, person):
    person.show_name_to_members = False
    person.allow_organiser_contact = True
    person.save()
    client.force_login(person)

    html = client.get(PROFILE).content.decode()

    assert "<dt>Members see your name</dt><dd>No</dd>" in html
    assert "<dt>Organisers may email you</dt><dd>Yes</dd>" in html


def test_shows_only_your_own_details(client, person, other_person):
    other_person.postcode = "TB1 3AA"
    other_person.save()
    client.force_login(person)

    html = client.get(PROFILE).content.decode()

    assert "sam@example.org" not in html
    assert "Sam" not in html
    assert "TB1 3AA" not in html


def test_shows_the_assembly_for_your_postcode(client, person, elm_park, oak_row):
    person.postcode = "TB1 2ZZ"
    person.save()
    client.force_login(person)

    response = client.get(PROFILE)

    html = response.content.decode()
    assert "Your assemblies" in html
    assert f'href="{elm_park.get_absolute_url()}"' in html
    assert "Oak Row Assembly" not in html


def test_shows_themed_assemblies_covering_your_postcode(client, person, elm_park, testbury_health):
    person.postcode = "TB1 1AA"
    person.save()
    client.force_login(person)

    html = client.get(PROFILE).content.decode()

    assert "Elm Park Assembly" in html
    assert "Testbury Health Assembly" in html


def test_no_assembly_yet_offers_to_show_support(client, person, elm_park):
    person.postcode = "TB1 4AA"
    person.save()
    client.force_login(person)

    html = client.get(PROFILE).content.decode()

    assert "There is no assembly for TB1 4AA yet." in html
    assert 'href="/support/?postcode=TB1%204AA"' in html
    assert "Elm Park Assembly" not in html


def test_no_postcode_no_assemblies_section(client, person, elm_park):
    client.force_login(person)
    html = client.get(PROFILE).content.decode()
    assert "Assemblies where you live" not in html
    assert "There is no assembly" not in html
    assert "You have not joined an assembly yet." in html


def test_an_old_postcode_that_no_longer_checks_out_does_not_break_the_page(client, person):
    """Postcodes saved before validation got stricter must not stop the page working."""
    person.postcode = "EH8 9"
    person.save()
    client.force_login(person)

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert "Assemblies where you live" not in response.content.decode()


def test_person_without_a_name_is_greeted_kindly(client, db):
    nameless = make_person("nameless@example.org")
    client.force_login(nameless)
    html = client.get(PROFILE).content.decode()
    assert "Hello, A member" in html


def test_links_to_everything_you_can_do(client, person):
    client.force_login(person)
    html = client.get(PROFILE).content.decode()
    for url in [
        "/accounts/profile/edit/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/profile/my-data.json",
        "/accounts/profile/delete/",
        "/accounts/logout/",
    ]:
        assert f'"{url}"' in html, url


def test_lists_memberships_and_the_personal_calendar(client, member, elm_park):
    client.force_login(member)
    html = client.get(PROFILE).content.decode()
    assert "Elm Park Assembly" in html
    assert f"/calendar/{member.calendar_token}.ics" in html
