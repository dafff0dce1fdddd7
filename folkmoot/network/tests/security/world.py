"""A small, complete network for the security tests: one of everything a page or an API
endpoint can show, and one person in each role.

Elm Park is the assembly under test (member, teller, organiser, delegate); Oak Row is "another
assembly" (its member must be treated as a stranger to Elm Park). The confederation (district
and city councils, delegates, mandates, a recall petition, report-backs) comes from the API
tests' ``build_confederation``; the convener convenes the district council.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from conftest import make_person
from folkmoot.accounts.models import User
from folkmoot.api.tests.test_councils_data import Confederation, build_confederation
from folkmoot.assemblies import services as assembly_services
from folkmoot.assemblies.models import Assembly, Comment, Membership, Role, Supporter
from folkmoot.attendance import services as attendance
from folkmoot.attendance.models import Attendance, Tally
from folkmoot.decisions import amendments, discussion, proposals, results, voting
from folkmoot.decisions.models import Amendment, Decision, Proposal, Vote
from folkmoot.meetings.models import AgendaItem, Meeting, Minutes
from folkmoot.network.models import Network
from folkmoot.outreach.models import OutreachActivity

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "teller",
    "organiser",
    "delegate",
    "convener",
    "network_organiser",
]


@dataclass
class World:
    elm_park: Assembly
    oak_row: Assembly
    people: dict[str, User | None]
    confederation: Confederation
    meeting: Meeting
    agenda_item: AgendaItem
    attendance: Attendance
    tally: Tally
    outreach: OutreachActivity
    comment: Comment
    supporter: Supporter
    draft: Proposal
    proposal: Proposal
    amendment: Amendment
    proposal_comment: Comment
    open_vote: Vote
    closed_vote: Vote
    decision: Decision
    # Records a test makes on top of the world, by name.
    extra: dict = field(default_factory=dict)


def _vote(assembly, by, question, method="majority", options=(), **kw) -> Vote:
    setup = voting.VoteSetup(question=question, method=method, options=list(options), **kw)
    return voting.open_vote(voting.create_vote(assembly, by, setup), by)


def build_world(elm_park: Assembly, oak_row: Assembly, organiser: User, member: User) -> World:
    network = Network.current()
    start = datetime.date(2020, 1, 1)
    other_member = make_person("otto@example.org", "Otto Other")
    Membership.objects.create(assembly=oak_row, person=other_member)
    teller = make_person("tess@example.org", "Tess Teller")
    Membership.objects.create(assembly=elm_park, person=teller)
    Role.objects.create(assembly=elm_park, person=teller, kind=Role.Kind.TELLER, starts_on=start)
    Membership.objects.get_or_create(assembly=elm_park, person=organiser)
    network_organiser = make_person("nia@example.org", "Nia Network")
    network.organisers.add(network_organiser)

    confederation = build_confederation(elm_park, oak_row)
    delegate = confederation.dana.person
    Membership.objects.create(assembly=elm_park, person=delegate)
    convener = make_person("connie@example.org", "Connie Convener")
    confederation.district.conveners.add(convener)

    now = timezone.now()
    meeting = Meeting.objects.create(
        assembly=elm_park,
        title="Spring assembly",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
        venue="Elm Park Community Hall",
        invitation_published_at=now - datetime.timedelta(days=14),
        created_by=organiser,
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, title="Street lights", position=1)
    Minutes.objects.create(
        meeting=meeting,
        body="We met and talked about **lights**.",
        written_by=organiser,
        published_at=now,
    )
    checked_in = attendance.check_in_person(meeting, member, recorded_by=teller)
    tally = attendance.add_tally(meeting, teller, local=True)
    outreach = OutreachActivity.objects.create(
        assembly=elm_park,
        meeting=meeting,
        kind=OutreachActivity.Kind.LEAFLETS,
        done_on=now.date(),
        people_reached=200,
        recorded_by=organiser,
    )
    comment = assembly_services.post_comment(elm_park, member, "See you on Tuesday")
    supporter = Supporter.objects.create(
        name="Sally Supporter",
        email="sally@example.org",
        postcode="TB1 1AA",
        postcode_sector="TB1 1",
        assembly=elm_park,
        area=elm_park.area,
        consented_at=now,
    )

    draft = proposals.submit_proposal(
        elm_park, member, title="A draft idea", body="Not shown to anyone yet."
    )
    proposal = proposals.submit_proposal(
        elm_park, member, title="Fix the street lights", body="Ask the council to fix them."
    )
    proposals.open_for_discussion(proposal, organiser)
    amendment = amendments.propose_amendment(
        proposal,
        teller,
        text="Ask the council to fix them this month.",
        based_on=amendments.current_version(proposal).number,
    )
    proposal_comment = discussion.post_comment(proposal, member, "I agree.")
    open_vote = _vote(elm_park, organiser, "Paint the hall green?")
    closed_vote = _vote(elm_park, organiser, "Meet on Tuesdays?")
    voting.cast_ballot(closed_vote, member, {"answer": "for"})
    results.close_vote(closed_vote, organiser)
    decision = Decision.objects.filter(assembly=elm_park).order_by("pk").first()
    assert decision is not None

    return World(
        elm_park=elm_park,
        oak_row=oak_row,
        people={
            "anonymous": None,
            "member": member,
            "other_member": other_member,
            "teller": teller,
            "organiser": organiser,
            "delegate": delegate,
            "convener": convener,
            "network_organiser": network_organiser,
        },
        confederation=confederation,
        meeting=meeting,
        agenda_item=agenda_item,
        attendance=checked_in.attendance,
        tally=tally,
        outreach=outreach,
        comment=comment,
        supporter=supporter,
        draft=draft,
        proposal=proposal,
        amendment=amendment,
        proposal_comment=proposal_comment,
        open_vote=open_vote,
        closed_vote=closed_vote,
        decision=decision,
    )
