"""POST /api/v1/supporters: show support, with the same rules as the web form.

Support is counted only once the person confirms from the email; the same email never counts
twice; errors are JSON naming the fields; each connection may only try so often.
"""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from folkmoot.assemblies.models import Supporter
from folkmoot.places.models import Area

from .conftest import API, assert_nothing_personal

URL = f"{API}/supporters"


def confirm_link(message) -> str:
    match = re.search(r"http://testserver(/support/confirm/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def supporter_count(client, assembly) -> int:
    return client.get(f"{API}/assemblies/{assembly.pk}").json()["supporter_count"]


# --- Showing support --------------------------------------------------------------------------


def test_support_is_accepted_and_a_confirmation_emailed(post_support, elm_park, check_schema):
    response = post_support(name="Robin Ash", email="robin@example.org", comment="Yes please")

    assert response.status_code == 202, response.content
    assert response.json()["message"]
    check_schema("post", URL, response)
    supporter = Supporter.objects.get()
    assert supporter.name == "Robin Ash"
    assert supporter.email == "robin@example.org"
    assert supporter.postcode == "TB1 1AA"
    assert supporter.postcode_sector == "TB1 1"
    assert supporter.comment == "Yes please"
    assert supporter.consented_at is not None
    assert supporter.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["robin@example.org"]
    assert supporter.token in confirm_link(message)


def test_counted_only_after_confirming(client, post_support, elm_park):
    post_support()
    assert supporter_count(client, elm_park) == 0

    link = confirm_link(mail.outbox[0])
    client.get(link)  # Opening the link only asks to press the button
    assert supporter_count(client, elm_park) == 0

    client.post(link)
    assert supporter_count(client, elm_park) == 1
    assert Supporter.objects.get().confirmed_at is not None


def test_support_for_a_named_assembly(client, post_support, elm_park, testbury_health):
    response = post_support(assembly=testbury_health.pk)

    assert response.status_code == 202
    assert Supporter.objects.get().assembly == testbury_health
    client.post(confirm_link(mail.outbox[0]))
    assert supporter_count(client, testbury_health) == 1
    assert supporter_count(client, elm_park) == 0


def test_general_support_goes_to_the_neighbourhood_assembly(post_support, oak_row):
    post_support(postcode="tb13ab")

    supporter = Supporter.objects.get()
    assert supporter.assembly == oak_row
    assert supporter.postcode == "TB1 3AB"


def test_support_where_there_is_no_assembly_gathers_in_the_area(post_support, elm_park):
    response = post_support(postcode="TB1 4AA")

    assert response.status_code == 202
    supporter = Supporter.objects.get()
    assert supporter.assembly is None
    assert supporter.area == Area.objects.get(slug="ash-fields")
    assert len(mail.outbox) == 1


def test_support_outside_every_area_gathers_in_the_sector(post_support, elm_park):
    response = post_support(postcode="EH8 9YL")

    assert response.status_code == 202
    supporter = Supporter.objects.get()
    assert (supporter.assembly, supporter.area, supporter.postcode_sector) == (None, None, "EH8 9")


# --- The same email twice ---------------------------------------------------------------------


def test_the_same_email_twice_counts_once_and_resends(client, post_support, elm_park):
    first = post_support(name="Robin", email="robin@example.org")
    second = post_support(name="Robin A.", email="  Robin@Example.ORG ", comment="Again")

    assert first.status_code == second.status_code == 202
    supporter = Supporter.objects.get()
    assert supporter.name == "Robin A."
    assert supporter.comment == "Again"
    assert len(mail.outbox) == 2
    assert [m.to for m in mail.outbox] == [["robin@example.org"], ["robin@example.org"]]
    assert confirm_link(mail.outbox[0]) == confirm_link(mail.outbox[1])

    client.post(confirm_link(mail.outbox[1]))
    client.post(confirm_link(mail.outbox[0]))
    assert supporter_count(client, elm_park) == 1


def test_after_confirming_the_same_email_does_not_count_again(client, post_support, elm_park):
    post_support()
    client.post(confirm_link(mail.outbox[0]))

    response = post_support()

    assert response.status_code == 202
    assert Supporter.objects.count() == 1
    assert supporter_count(client, elm_park) == 1
    # They are told by email that they are already counted, not given a new link to press.
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["robin@example.org"]
    assert "/support/confirm/" not in mail.outbox[1].body


def test_the_answer_does_not_tell_whether_someone_already_supports(post_support, client, elm_park):
    """Anyone can type anyone's email: the answer must not say if it is already known."""
    new = post_support(email="someone@example.org")
    resent = post_support(email="someone@example.org")
    client.post(confirm_link(mail.outbox[0]))
    already = post_support(email="someone@example.org")

    assert new.status_code == resent.status_code == already.status_code == 202
    assert new.json() == resent.json() == already.json()


def test_one_email_may_support_different_assemblies(post_support, elm_park, testbury_health):
    post_support(assembly=elm_park.pk)
    post_support(assembly=testbury_health.pk)

    assert Supporter.objects.count() == 2


# --- Errors ------------------------------------------------------------------------------------


def errors_of(response, check_schema) -> dict:
    assert response.status_code == 400, response.content
    check_schema("post", URL, response)
    return response.json()["errors"]


def nothing_recorded() -> bool:
    return not Supporter.objects.exists() and not mail.outbox


@pytest.mark.parametrize("consent", [False, ...])
def test_consent_is_required(post_support, elm_park, check_schema, consent):
    errors = errors_of(post_support(consent=consent), check_schema)

    assert list(errors) == ["consent"]
    assert errors["consent"][0]
    assert nothing_recorded()


def test_consent_must_be_a_yes_or_no(post_support, elm_park, check_schema):
    errors = errors_of(post_support(consent="maybe"), check_schema)

    assert list(errors) == ["consent"]
    assert nothing_recorded()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "email address like name@example.org"),
        ({"email": ""}, "email", "Fill in “Your email”"),
        ({"email": "a@" + "b" * 250 + ".org"}, "email", ""),
        ({"postcode": "TB1"}, "postcode", "full UK postcode"),
        ({"postcode": "hello"}, "postcode", "full UK postcode"),
        ({"postcode": ""}, "postcode", "Fill in “Your postcode”"),
        ({"name": ""}, "name", "Fill in “Your name”"),
        ({"name": "   "}, "name", ""),
        ({"name": "N" * 81}, "name", "at most 80"),
        ({"comment": "c" * 2001}, "comment", "at most 2000"),
    ],
)
def test_invalid_fields_are_400s_naming_them(
    post_support, elm_park, check_schema, fields, field, message
):
    errors = errors_of(post_support(**fields), check_schema)

    assert list(errors) == [field]
    assert message in errors[field][0]
    assert nothing_recorded()


@pytest.mark.parametrize("field", ["name", "email", "postcode"])
def test_missing_fields_are_400s_naming_them(post_support, elm_park, check_schema, field):
    errors = errors_of(post_support(**{field: ...}), check_schema)

    assert list(errors) == [field]
    assert nothing_recorded()


def test_every_problem_is_named_at_once(post_support, elm_park, check_schema):
    errors = errors_of(
        post_support(name=" ", email="nope", postcode="TB1", consent=False), check_schema
    )

    assert set(errors) == {"name", "email", "postcode", "consent"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": 12}, "name"),
        ({"email": ["a@example.org"]}, "email"),
        ({"assembly": "elm-park"}, "assembly"),
    ],
)
def test_wrong_types_are_400s_naming_the_field(post_support, elm_park, check_schema, fields, field):
    errors = errors_of(post_support(**fields), check_schema)

    assert field in errors
    assert nothing_recorded()


@pytest.mark.parametrize("raw", ["not json", "[]", '"a string"', "", "{"])
def test_a_body_that_is_not_an_object_is_a_400(post_support, elm_park, check_schema, raw):
    errors = errors_of(post_support(raw=raw), check_schema)

    assert errors
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert nothing_recorded()


@pytest.mark.parametrize("offset", [1000, -(10**6), 10**20])
def test_an_unknown_assembly_is_a_404_naming_it(post_support, elm_park, check_schema, offset):
    response = post_support(assembly=elm_park.pk + offset)

    assert response.status_code == 404
    assert list(response.json()["errors"]) == ["assembly"]
    check_schema("post", URL, response)
    assert nothing_recorded()


def test_only_post(client, elm_park):
    assert client.get(URL).status_code == 405


# --- Rate limit ---------------------------------------------------------------------------------


@override_settings(SUPPORT_FORM_RATE="2/h")
def test_too_many_tries_from_one_connection_is_a_429(post_support, elm_park, check_schema):
    assert post_support(email="one@example.org").status_code == 202
    assert post_support(email="two@example.org").status_code == 202

    response = post_support(email="three@example.org")

    assert response.status_code == 429
    assert response.json()["errors"]["__all__"]
    check_schema("post", URL, response)
    assert set(Supporter.objects.values_list("email", flat=True)) == {
        "one@example.org",
        "two@example.org",
    }
    assert len(mail.outbox) == 2


@override_settings(SUPPORT_FORM_RATE="2/h")
def test_failed_tries_count_too(post_support, elm_park):
    """Otherwise the API would be a free way to test which postcodes and emails are valid."""
    post_support(postcode="TB1")
    post_support(postcode="TB2")

    assert post_support().status_code == 429
    assert nothing_recorded()


@override_settings(SUPPORT_FORM_RATE="2/h")
def test_the_limit_is_per_connection(post_support, elm_park):
    post_support(ip="203.0.113.1", email="one@example.org")
    post_support(ip="203.0.113.1", email="two@example.org")

    assert post_support(ip="203.0.113.1", email="three@example.org").status_code == 429
    assert post_support(ip="198.51.100.9", email="three@example.org").status_code == 202


@override_settings(SUPPORT_FORM_RATE="2/h")
def test_reading_is_not_limited(client, post_support, elm_park):
    post_support(email="one@example.org")
    post_support(email="two@example.org")

    assert client.get(f"{API}/assemblies", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get(f"{API}/find?postcode=TB1+1AA", REMOTE_ADDR="203.0.113.7").status_code == 200


@override_settings(SUPPORT_FORM_RATE="2/h", RATELIMIT_ENABLE=False)
def test_the_limit_can_be_switched_off(post_support, elm_park):
    for number in range(4):
        assert post_support(email=f"p{number}@example.org").status_code == 202


# --- Privacy and access --------------------------------------------------------------------------


def test_the_answer_repeats_nothing_personal(post_support, everyone, elm_park):
    personal = [*everyone, "Robin Quest", "robin.quest@example.org", "TB1 2ZZ", "secret plans"]
    responses = [
        post_support(
            name="Robin Quest",
            email="robin.quest@example.org",
            postcode="TB1 2ZZ",
            comment="secret plans",
        ),
        # A supporter already counted: no hint of who they are.
        post_support(name="Zebedee Quill", email="zebedee.quill@example.org", postcode="TB1 1XY"),
    ]

    for response in responses:
        assert response.status_code == 202
        assert_nothing_personal(response, personal)


def test_works_without_a_session_or_csrf_token(elm_park):
    """Other sites and apps use the API: there is no cookie to protect, so no CSRF token."""
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        URL,
        {"name": "Robin", "email": "robin@example.org", "postcode": "TB1 1AA", "consent": True},
        content_type="application/json",
    )

    assert response.status_code == 202
    assert Supporter.objects.count() == 1


def test_a_signed_in_person_is_treated_like_anyone(client, post_support, person, elm_park):
    client.force_login(person)

    response = post_support(email="someone.else@example.org")

    assert response.status_code == 202
    assert Supporter.objects.get().email == "someone.else@example.org"
