"""Showing support: double opt-in, never counted twice, threshold notice once."""

import re

import pytest
from django.core import mail

from folkmoot.assemblies.models import Supporter, SupportThresholdNotice
from folkmoot.assemblies.services import (
    SupportResult,
    confirm_support,
    confirmed_supporter_count,
    gathering_supporters,
    notify_if_threshold_reached,
    record_support,
    remove_support,
    support_gatherings,
)


def support(email="ann@example.org", postcode="TB1 4AB", **extra):
    return record_support(name=extra.pop("name", "Ann"), email=email, postcode=postcode, **extra)


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/support/confirm/[^/\s]+/)", message.body).group(1)


def test_support_is_not_counted_until_confirmed(city, network):
    outcome = support()
    assert outcome.result == SupportResult.NEW
    supporter = outcome.supporter
    assert supporter.confirmed_at is None
    assert supporter.area.slug == "ash-fields"
    assert supporter.assembly is None
    assert supporter.postcode == "TB1 4AB"
    assert supporter.postcode_sector == "TB1 4"
    assert gathering_supporters(area=supporter.area).count() == 0
    assert confirm_support(supporter) is True
    assert gathering_supporters(area=supporter.area).count() == 1


def test_confirmation_email_has_both_links(city, network):
    outcome = support()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.org"]
    assert f"/support/confirm/{outcome.supporter.token}/" in message.body
    assert f"/support/remove/{outcome.supporter.token}/" in message.body


def test_same_email_again_is_not_counted_twice_and_resends(city, network):
    first = support(email="Ann@Example.org")
    second = support(email=" ann@example.org ", name="Ann B", comment="Hello")
    assert second.result == SupportResult.RESENT
    assert second.supporter.pk == first.supporter.pk
    assert Supporter.objects.count() == 1
    assert Supporter.objects.get().name == "Ann B"
    assert len(mail.outbox) == 2
    assert confirm_link(mail.outbox[0]) == confirm_link(mail.outbox[1])


def test_again_after_confirming_changes_nothing_and_says_so(city, network):
    first = support()
    confirm_support(first.supporter)
    again = support(name="Someone else", postcode="TB1 3AA")
    assert again.result == SupportResult.ALREADY_CONFIRMED
    supporter = Supporter.objects.get()
    assert supporter.name == "Ann"
    assert supporter.postcode == "TB1 4AB"
    assert "already counted" in mail.outbox[-1].body


def test_confirming_twice_counts_once(city, network):
    supporter = support().supporter
    assert confirm_support(supporter) is True
    assert confirm_support(supporter) is False
    assert gathering_supporters(area=supporter.area).count() == 1


def test_general_support_goes_to_the_assembly_covering_the_postcode(elm_park, network):
    supporter = support(postcode="TB1 1AA").supporter
    assert supporter.assembly == elm_park


def test_support_for_a_named_assembly(elm_park, testbury_health, network):
    supporter = support(postcode="TB1 1AA", assembly=testbury_health).supporter
    assert supporter.assembly == testbury_health
    confirm_support(supporter)
    assert confirmed_supporter_count(testbury_health) == 1
    assert confirmed_supporter_count(elm_park) == 0


def test_one_email_may_support_two_assemblies(elm_park, testbury_health, network):
    support(postcode="TB1 1AA", assembly=elm_park)
    support(postcode="TB1 1AA", assembly=testbury_health)
    assert Supporter.objects.count() == 2


def test_support_outside_every_area_gathers_in_the_sector(city, network):
    supporter = support(postcode="ZE1 0AA").supporter
    assert supporter.area is None
    confirm_support(supporter)
    assert gathering_supporters(area=None, sector="ZE1 0").count() == 1


def test_removing_forgets_everything(city, network):
    supporter = support().supporter
    confirm_support(supporter)
    remove_support(supporter)
    assert Supporter.objects.count() == 0


_emails = iter(range(10**6))


def _confirmed(count, postcode="TB1 4AB"):
    for _ in range(count):
        email = f"n{next(_emails)}@example.org"
        confirm_support(support(email=email, postcode=postcode).supporter)


def test_threshold_notice_sent_once_at_the_threshold(city, network, network_organiser):
    network.supporter_threshold = 3
    network.save()
    _confirmed(2)
    assert SupportThresholdNotice.objects.count() == 0
    mail.outbox.clear()
    _confirmed(1)
    notice = SupportThresholdNotice.objects.get()
    assert notice.supporter_count == 3
    assert notice.area.slug == "ash-fields"
    to_organisers = [m for m in mail.outbox if "nia@example.org" in m.to]
    assert len(to_organisers) == 1
    assert "Ash Fields" in to_organisers[0].subject
    assert "3 people" in to_organisers[0].subject
    mail.outbox.clear()
    confirm_support(support(email="late@example.org").supporter)
    assert SupportThresholdNotice.objects.count() == 1
    assert not [m for m in mail.outbox if "nia@example.org" in m.to]


def test_unconfirmed_supporters_do_not_reach_the_threshold(city, network, network_organiser):
    network.supporter_threshold = 2
    network.save()
    support(email="a@example.org")
    support(email="b@example.org")
    _confirmed(1)
    assert SupportThresholdNotice.objects.count() == 0


def test_no_notice_where_an_assembly_exists(elm_park, network, network_organiser):
    network.supporter_threshold = 1
    network.save()
    supporter = support(postcode="TB1 1AA").supporter
    confirm_support(supporter)
    assert notify_if_threshold_reached(supporter) is None
    assert SupportThresholdNotice.objects.count() == 0


def test_threshold_in_a_sector_outside_every_area(city, network, network_organiser):
    network.supporter_threshold = 2
    network.save()
    _confirmed(2, postcode="ZE1 0AB")
    notice = SupportThresholdNotice.objects.get()
    assert notice.key == "sector:ZE1 0"
    assert notice.postcode_sector == "ZE1 0"


def test_gatherings_largest_first(city, network):
    _confirmed(2, postcode="TB1 4AB")
    _confirmed_more = [
        confirm_support(support(email=f"z{n}@example.org", postcode="ZE1 0AB").supporter)
        for n in range(3)
    ]
    assert len(_confirmed_more) == 3
    gatherings = support_gatherings()
    assert [(g.area.name if g.area else g.sector, g.count) for g in gatherings] == [
        ("ZE1 0", 3),
        ("Ash Fields", 2),
    ]


@pytest.mark.django_db
def test_postcode_is_required_to_be_real(city):
    from folkmoot.places.postcodes import InvalidPostcode

    with pytest.raises(InvalidPostcode):
        support(postcode="nowhere")
    assert Supporter.objects.count() == 0


def test_emails_are_plain_text_not_html_escaped(city, network):
    support(name="Siân O'Brien & co")
    assert "Hello Siân O'Brien & co," in mail.outbox[0].body
    assert "&#x27;" not in mail.outbox[0].body
