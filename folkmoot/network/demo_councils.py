"""The demo's confederation: district councils, a city council and a health council, with
delegates elected by their assemblies, standing mandates, council meetings, report-backs and
a recall petition. The questions on the councils' agendas are in ``demo_council_questions``.

Fellbridge City Council (City, double majority)        Fellbridge Health Council (City, Health)
  ├ Northgate District Council (2 seats, majority)        └ Fellbridge Health Assembly (2)
  │   Northgate Central (2), Castle Hill (1), Millbrook (2), Tanners Row (1)
  ├ Riverside District Council (2 seats, proportional)
  │   Riverside Quay (2), Ferry Lane (1), Weavers Green (2), Old Docks (1)
  └ Southfield District Council (2 seats, majority)
      Southfield Park (2), Beacon Estate (2), Hollins (1), Larkrise (1)

Everything that matters goes through the real rules (elections counted by the decisions
module and declared by it, appointments with a minute, mandates from decisions, report-backs
and the petition), so it is all in the audit chain. The councils' shape is written with
update_or_create; the story is built once: running the demo again adds nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Membership, Role, Theme
from folkmoot.councils.council_meetings import plan_meeting, write_notes
from folkmoot.councils.models import Competence, Council, CouncilMember, Level, Question
from folkmoot.decisions import proposals, results, voting
from folkmoot.decisions.models import Decision, Proposal, Vote
from folkmoot.delegation import elections, recall, reportbacks
from folkmoot.delegation.mandates import issue_from_decision
from folkmoot.delegation.models import DelegateTerm
from folkmoot.places.models import Area

from .demo_council_questions import (
    CITY_QUESTION,
    _convener,
    _voters,
    build_other_questions,
    finish_city_question,
    refer_city_question,
)
from .demo_decisions import _candidate, _organiser

PLACE = "The Old Library, Market Square"

# slug, name, district area, cascade rule, conveners' email and name, about,
# member assemblies (slug, seats).
DISTRICTS = [
    (
        "northgate-district",
        "Northgate District Council",
        "northgate",
        Council.CascadeRule.MAJORITY,
        ("convener@fellbridge.example", "Cal"),
        [("northgate-central", 2), ("castle-hill", 1), ("millbrook", 2), ("tanners-row", 1)],
    ),
    (
        "riverside-district",
        "Riverside District Council",
        "riverside",
        Council.CascadeRule.PROPORTIONAL,
        ("rosa.adeyemi@residents.fellbridge.example", "Rosa Adeyemi"),
        [("riverside-quay", 2), ("ferry-lane", 1), ("weavers-green", 2), ("old-docks", 1)],
    ),
    (
        "southfield-district",
        "Southfield District Council",
        "southfield",
        Council.CascadeRule.MAJORITY,
        ("sam.whitlock@residents.fellbridge.example", "Sam Whitlock"),
        [("southfield-park", 2), ("beacon-estate", 2), ("hollins", 1), ("larkrise", 1)],
    ),
]
DISTRICT_COMPETENCES = [
    "Sharing the district's meeting rooms and equipment",
    "The district mutual-aid fund",
]
GRANTED = "Agreed by every member assembly at its spring meetings"

# Who stands in each assembly's election, in ballot-paper order, with the first preferences
# each gets. The count elects them in this order: the first ones take the seats, the next
# ones (if any) are substitutes, the last are not elected.
CANDIDATES = {
    "northgate-central": [
        ("Dara", 14),
        ("Priya Shah", 12),
        ("Grace Lindqvist", 8),
        ("Tom Okafor", 4),
        ("Declan Murphy", 2),
    ],
    "castle-hill": [("Joe Brannigan", 7), ("Ruth Ellery", 4)],
    "millbrook": [("Fatima Begum", 7), ("Kwame Asante", 6), ("Lottie Parr", 3)],
    "tanners-row": [("Ivy Marsh", 5), ("Ben Coles", 2)],
    "riverside-quay": [("Sofia Marquez", 9), ("Owain Rees", 8), ("Callum Dunn", 4)],
    "ferry-lane": [("Agnes Moyo", 6), ("Pete Hollis", 3)],
    "weavers-green": [("Nasreen Akhtar", 7), ("Lewis Fairbairn", 6), ("Jade Kimura", 3)],
    "old-docks": [("Marek Nowak", 7), ("Sue Bright", 4)],
    "southfield-park": [("Chloe Adebayo", 8), ("Rhys Pugh", 7), ("Dan Mercer", 3)],
    "beacon-estate": [("Yusuf Demir", 9), ("Hannah Crowe", 7), ("Gary Lunt", 4)],
    "hollins": [("Elsie Thorne", 4), ("Mo Rahman", 2)],
    "larkrise": [("Niamh Gallagher", 5), ("Carl Betts", 3)],
    "fellbridge-health": [("Bernadette Okoro", 6), ("Ian Carver", 5), ("Li Wei", 2)],
}
SUBSTITUTES = {"northgate-central": 1}

# The district councils send two of their delegates each to the city council.
APPOINTED = {
    "northgate-district": ["Priya Shah", "Fatima Begum"],
    "riverside-district": ["Sofia Marquez", "Nasreen Akhtar"],
    "southfield-district": ["Chloe Adebayo", "Yusuf Demir"],
}

# Standing mandates, each made by a decision of the assembly (a proposal with these words,
# carried by a vote): the answers allowed (none listed: any), and the words. Tanners Row has
# none, so on the district council's own matters its seat can only abstain.
STANDING_TITLE = "Standing instructions for our delegates to the {council}"
STANDING = {
    "northgate-central": (
        ["for", "abstain"],
        "On the district council's own matters (the shared rooms and equipment, the "
        "mutual-aid fund) our delegates use their judgement, but they never vote against "
        "another neighbourhood's request: they vote for, or abstain and bring it back to us.",
    ),
    "castle-hill": (
        [],
        "On the district council's own matters our delegates use their judgement, and tell "
        "us at the next meeting how they voted and why.",
    ),
    "millbrook": (
        ["for", "against"],
        "On the district council's own matters our delegates use their judgement, but they "
        "always vote for or against: no abstaining on things we have given the council.",
    ),
    "fellbridge-health": (
        [],
        "On the health council's own matters (the listening days) our delegates use their "
        "judgement.",
    ),
}

NORTHGATE_NOTES = """The council agreed to lend the district's PA system and folding chairs \
to the Castle Hill winter fair (carried: 3 member bodies for, Tanners Row abstaining).

Next time: the mutual-aid fund's winter grants. Delegates can vote on the food bank grant \
online before the meeting."""
CITY_NOTES = """The city council counted the delegates' votes on opening the city's unused \
buildings as community spaces. Every delegate voted as their district mandated them; \
Larkrise Assembly had not decided by the deadline, so Southfield's mandate came from its \
other three assemblies. Carried."""
MISSING_REPORT = "Kwame Asante"  # the one delegate who has not reported back
RECALL_REASON = (
    "Kwame has not reported back from the district council's meeting. We elected him to tell "
    "us what happens there and how he voted for us, not only to vote."
)
NORTHGATE_REPORT = (
    "Carried: Castle Hill borrows the PA and the chairs for its winter fair. Next time the "
    "council decides the food bank grant from the mutual-aid fund; I will vote as our standing "
    "instructions say. Ask me about anything at our next assembly meeting."
)
CITY_REPORT = (
    "Carried, 5 seats to 1: the network asks the city to open its unused buildings as "
    "community spaces. Larkrise had not decided in time, so Southfield's mandate came from its "
    "other three assemblies."
)


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@residents.fellbridge.example"


def _structure() -> dict[str, Council]:
    """The levels, councils, member bodies, competences and conveners (refreshed every run)."""
    from .demo import DEMO_PASSWORD, UNUSABLE_PASSWORD, _person  # demo.py imports this module

    district_level, _ = Level.objects.update_or_create(rank=1, defaults={"name": "District"})
    city_level, _ = Level.objects.update_or_create(rank=2, defaults={"name": "City"})
    city_area = Area.objects.get(slug="fellbridge")
    nadia = User.objects.get(email="network@fellbridge.example")
    city, _ = Council.objects.update_or_create(
        slug="fellbridge-city",
        defaults={
            "name": "Fellbridge City Council",
            "level": city_level,
            "area": city_area,
            "about": "Delegates of the three district councils. It takes to the whole city "
            "the questions that reach beyond one district, and asks every assembly first.",
            "result_rule": Council.ResultRule.DOUBLE,
            "cascade_rule": Council.CascadeRule.MAJORITY,
        },
    )
    city.conveners.add(nadia)
    Competence.objects.get_or_create(
        council=city,
        matter="Keeping the city-wide mutual-aid rota",
        defaults={"granted": "Agreed by all three district councils"},
    )
    councils = {"fellbridge-city": city}
    for slug, name, area_slug, cascade, (email, convener_name), members in DISTRICTS:
        council, _ = Council.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "level": district_level,
                "area": Area.objects.get(slug=area_slug),
                "about": f"Delegates of the neighbourhood assemblies of {area_slug.title()}. "
                "They share what the assemblies have in common and carry their decisions "
                "to the city.",
                "result_rule": Council.ResultRule.BODIES,
                "cascade_rule": cascade,
            },
        )
        if email.endswith("@fellbridge.example"):  # a demo account
            convener = _person(email, convener_name, "FG1 3AB", DEMO_PASSWORD)
        else:
            convener, _ = User.objects.get_or_create(
                email=email,
                defaults={"display_name": convener_name, "password": UNUSABLE_PASSWORD},
            )
        council.conveners.add(convener)
        for matter in DISTRICT_COMPETENCES:
            Competence.objects.get_or_create(
                council=council, matter=matter, defaults={"granted": GRANTED}
            )
        for assembly_slug, seats in members:
            CouncilMember.objects.update_or_create(
                council=council,
                assembly=Assembly.objects.get(slug=assembly_slug),
                defaults={"seats": seats},
            )
        CouncilMember.objects.update_or_create(
            council=city, member_council=council, defaults={"seats": 2}
        )
        councils[slug] = council
    health, _ = Council.objects.update_or_create(
        slug="fellbridge-health-council",
        defaults={
            "name": "Fellbridge Health Council",
            "level": city_level,
            "theme": Theme.objects.get(slug="health"),
            "area": city_area,
            "about": "Delegates of the city's health assemblies. For now the Fellbridge Health "
            "Assembly is its only member; health assemblies forming in the districts can join.",
        },
    )
    health.conveners.add(nadia)
    Competence.objects.get_or_create(
        council=health,
        matter="Running the health listening days",
        defaults={"granted": "Agreed by the Fellbridge Health Assembly"},
    )
    CouncilMember.objects.update_or_create(
        council=health,
        assembly=Assembly.objects.get(slug="fellbridge-health"),
        defaults={"seats": 2},
    )
    councils["fellbridge-health-council"] = health
    return councils


def _health_organiser() -> None:
    """The health assembly's first member organises it (the neighbourhood assemblies got
    their roles in demo_life)."""
    health = Assembly.objects.get(slug="fellbridge-health")
    first = Membership.objects.filter(assembly=health).order_by("pk").first()
    Role.objects.get_or_create(
        assembly=health,
        person=first.person,
        kind=Role.Kind.ORGANISER,
        defaults={"starts_on": datetime.date(2026, 1, 1)},
    )


def _elect(member: CouncilMember, today: datetime.date) -> None:
    """The assembly's election of its delegates, counted by the decisions module: started,
    opened, voted on and closed by its organiser; closing declares it and seats the winners."""
    assembly = member.assembly
    organiser = _organiser(assembly)
    dara = User.objects.get(email="delegate@fellbridge.example")
    people = [
        dara if name == "Dara" else _candidate(_email(name), name, assembly)
        for name, _n in CANDIDATES[assembly.slug]
    ]
    if dara in people:
        Membership.objects.get_or_create(
            assembly=assembly,
            person=dara,
            left_at=None,
            defaults={"residency": Membership.Residency.VERIFIED},
        )
    election = elections.start_election(
        member,
        organiser,
        elections.ElectionSetup(
            candidates=people,
            seats=member.seats,
            substitutes=SUBSTITUTES.get(assembly.slug, 0),
            term_starts=today,
            term_ends=today + datetime.timedelta(days=364),
            closes_at=timezone.now() + datetime.timedelta(days=7),
        ),
    )
    vote = voting.open_vote(election.vote, organiser)
    ids = [str(pk) for pk in vote.options.order_by("position", "pk").values_list("pk", flat=True)]
    voters = iter(_voters(assembly))
    for index, (_name, first_preferences) in enumerate(CANDIDATES[assembly.slug]):
        # First choice, then the next candidate down the paper as a second choice.
        ranking = [ids[index]] + ([ids[index + 1]] if index + 1 < len(ids) else [])
        for _n in range(first_preferences):
            voting.cast_ballot(vote, next(voters), {"ranking": ranking})
    results.close_vote(vote, organiser)


def _decide(assembly: Assembly, title: str, body: str, ballots: dict[str, int]) -> Decision:
    """A small proposal decided by an online vote of the members."""
    organiser = _organiser(assembly)
    proposal = proposals.submit_proposal(assembly, organiser, title=title, body=body)
    proposals.open_for_discussion(proposal, organiser)
    setup = voting.VoteSetup(
        question=f"Should we agree “{title}”?", method=Vote.Method.MAJORITY, proposal=proposal
    )
    vote = voting.open_vote(voting.create_vote(assembly, organiser, setup), organiser)
    voters = iter(_voters(assembly))
    for answer, count in ballots.items():
        for _n in range(count):
            voting.cast_ballot(vote, next(voters), {"answer": answer})
    results.close_vote(vote, organiser)
    return Decision.objects.get(proposal=proposal)


def _standing_mandates() -> None:
    for slug, (allowed, words) in STANDING.items():
        assembly = Assembly.objects.get(slug=slug)
        member = CouncilMember.objects.select_related("council").get(assembly=assembly)
        title = STANDING_TITLE.format(council=member.council.name)
        decision = _decide(assembly, title, words, {"for": 9, "against": 1, "abstain": 1})
        issue_from_decision(
            member,
            _organiser(assembly),
            decision=decision,
            instruction="discretion",
            allowed=allowed,
            text=words,
        )


def _appoint(councils: dict[str, Council], today: datetime.date) -> None:
    """Each district council's conveners record its minute appointing two of its
    delegates to the city council."""
    for slug, names in APPOINTED.items():
        council = councils[slug]
        member = CouncilMember.objects.get(
            council=councils["fellbridge-city"], member_council=council
        )
        terms = elections.appointable(member).filter(person__display_name__in=names)
        people = [t.person for t in terms]
        elections.appoint_delegates(
            member,
            people,
            _convener(council),
            today,
            today + datetime.timedelta(days=364),
            f"Minute 1 of {council.name}: the delegates agreed that "
            f"{' and '.join(names)} represent the district on the city council for the year.",
        )


def _report_backs(meeting, ending: str, skip: str = "") -> None:
    """Every delegate who held a seat at the meeting reports back, except ``skip``."""
    for term in DelegateTerm.objects.filter(
        member__council=meeting.council, ended_at__isnull=True, substitute=False
    ).select_related("person", "member__council"):
        if term.person.display_name == skip:
            continue
        text = reportbacks.draft_text(term, meeting) + ending
        reportbacks.file_report_back(term, meeting, term.person, text)


def _recall_petition() -> None:
    """Two Millbrook members start a petition to recall the delegate who has not reported
    back: short of the threshold, so no recall vote yet."""
    term = DelegateTerm.objects.get(
        person__display_name=MISSING_REPORT, ended_at__isnull=True, member__assembly__isnull=False
    )
    petitioners = _voters(term.member.assembly)[-2:]
    petition = recall.open_petition(term, petitioners[0], RECALL_REASON)
    recall.sign_petition(petition, petitioners[1])


def build_councils(now: datetime.datetime | None = None) -> dict[str, int]:
    """Add the confederation to the demo built by demo.build_demo."""
    from .demo import DEMO_PASSWORD, _person  # demo.py imports this module

    now = now or timezone.now()
    today = timezone.localdate(now)
    _person("delegate@fellbridge.example", "Dara", "FG1 2LN", DEMO_PASSWORD)
    councils = _structure()
    _health_organiser()
    if not Question.objects.filter(title=CITY_QUESTION, parent__isnull=True).exists():
        _story(councils, today)
    return {  # proposals and votes again: counted before the councils added theirs
        "proposals": Proposal.objects.count(),
        "votes": Vote.objects.count(),
        "councils": Council.objects.count(),
        "delegates": DelegateTerm.objects.filter(ended_at__isnull=True, substitute=False).count(),
    }


def _story(councils: dict[str, Council], today: datetime.date) -> None:
    """In the order it could happen: elections, appointments, the meetings, the city question
    referred (and, while its deadline runs, everything else), then the city vote."""
    nadia = User.objects.get(email="network@fellbridge.example")
    health = CouncilMember.objects.get(council=councils["fellbridge-health-council"])
    for member in CouncilMember.objects.filter(assembly__isnull=False).exclude(pk=health.pk):
        _elect(member, today)
    _appoint(councils, today)
    city_meeting = plan_meeting(
        councils["fellbridge-city"],
        nadia,
        starts_at=timezone.now(),
        place="Fellbridge Town Hall, Committee Room 2",
    )
    northgate = councils["northgate-district"]
    cal = _convener(northgate)
    northgate_meeting = plan_meeting(northgate, cal, starts_at=timezone.now(), place=PLACE)
    city_question = refer_city_question(councils["fellbridge-city"], city_meeting)
    _elect(health, today)
    _standing_mandates()
    build_other_questions(councils, northgate_meeting)
    write_notes(northgate_meeting, cal, NORTHGATE_NOTES)
    _report_backs(northgate_meeting, NORTHGATE_REPORT, skip=MISSING_REPORT)
    _recall_petition()
    finish_city_question(city_question, nadia)
    write_notes(city_meeting, nadia, CITY_NOTES)
    _report_backs(city_meeting, CITY_REPORT)
