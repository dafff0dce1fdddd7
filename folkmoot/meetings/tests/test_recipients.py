"""Who the invitation goes to: current members and confirmed supporters, each person once."""

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.accounts.services import erase_account
from folkmoot.assemblies.models import Membership
from folkmoot.meetings.services import recipients_for

from .helpers import make_supporter

pytestmark = pytest.mark.django_db


def emails(meeting):
    return sorted(r.email for r in recipients_for(meeting))


def test_members_and_confirmed_supporters(meeting, member, note_taker):
    make_supporter(meeting.assembly, "sue@example.org")
    assert emails(meeting) == ["mo@example.org", "nat@example.org", "sue@example.org"]


def test_unconfirmed_supporters_are_left_out(meeting, member):
    make_supporter(meeting.assembly, "waiting@example.org", confirmed=False)
    assert "waiting@example.org" not in emails(meeting)


def test_someone_who_is_member_and_supporter_gets_one_email(meeting, member):
    supporter = make_supporter(meeting.assembly, "MO@Example.org")
    found = [r for r in recipients_for(meeting) if r.email == "mo@example.org"]
    assert len(found) == 1
    # One email, as a member, still with their way to stop being a supporter.
    assert found[0].is_member
    assert found[0].supporter_token == supporter.token


def test_supporter_emails_differing_only_in_case_count_once(meeting, oak_row):
    make_supporter(meeting.assembly, "ann@example.org")
    # Support gathered in Elm Park's area before the assembly existed, with other capitals.
    make_supporter(None, "Ann@EXAMPLE.org", area=meeting.assembly.area)
    assert emails(meeting).count("ann@example.org") == 1


def test_neighbourhood_area_supporters_are_invited(meeting):
    make_supporter(None, "gathered@example.org", area=meeting.assembly.area)
    assert "gathered@example.org" in emails(meeting)


def test_other_assemblies_people_are_not_invited(meeting, oak_row, other_organiser):
    make_supporter(oak_row, "oaky@example.org")
    other = make_person("oakmember@example.org")
    Membership.objects.create(assembly=oak_row, person=other)
    found = emails(meeting)
    assert "oaky@example.org" not in found
    assert "oakmember@example.org" not in found
    assert "ore@example.org" not in found


def test_themed_assembly_invites_its_own_supporters_not_the_whole_area(testbury_health):
    from folkmoot.meetings.models import Meeting

    from .helpers import in_days

    meeting = Meeting.objects.create(assembly=testbury_health, starts_at=in_days(3), venue="X")
    make_supporter(testbury_health, "health@example.org")
    make_supporter(None, "city@example.org", area=testbury_health.area)
    assert emails(meeting) == ["health@example.org"]


def test_people_who_left_or_deleted_their_account_are_left_out(meeting, member, note_taker):
    membership = Membership.objects.get(person=member)
    membership.left_at = timezone.now()
    membership.save()
    erase_account(note_taker)
    assert emails(meeting) == []
