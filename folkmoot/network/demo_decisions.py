"""The demo's decisions: proposals in every state and a delegate election counted by STV.

Northgate Central and Riverside Quay each get a proposal in every state (a draft, one open for
discussion with a suggested change and a conversation, one being voted on, one carried, one not
carried, one agreed by consensus, one blocked and one withdrawn). Northgate Central also holds a
closed election of two delegates by the Scottish STV rules, with 60 ranked secret ballots.

Everything goes through the real rules (``decisions.proposals`` and ``decisions.voting``), so the
transitions, ballots and results are in the audit chain and ``manage.py verify_audit`` passes.
Proposals are keyed by assembly and title, the election by its question: running the demo again
adds nothing (only the open vote's closing time moves on, like the meetings' dates).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.decisions import amendments, decision_log, discussion, proposals, results, voting
from folkmoot.decisions.models import Decision, Option, Proposal, Vote

DEMO_EMAILS = {
    "network@fellbridge.example",
    "organiser@fellbridge.example",
    "member@fellbridge.example",
}
OPEN_VOTE_DAYS = 10


@dataclass
class Plan:
    """One proposal and where it ends up.

    ``votes`` are (answer, how many, reason) for the vote that decides it; ``state`` is one of
    draft, discussion, voting, carried, not_carried, consensus, blocked, withdrawn."""

    state: str
    title: str
    body: str
    votes: list[tuple[str, int, str]] = field(default_factory=list)
    rules: dict = field(default_factory=dict)
    note: str = ""
    # For the one open for discussion: a suggested change (text, reason) and three comments,
    # the last a reply to the second.
    amendment: tuple[str, str] | None = None
    comments: tuple[str, ...] = ()


NORTHGATE = [
    Plan(
        "draft",
        "A community fridge at the library",
        "We ask the library to host a **community fridge**, where shops and neighbours leave "
        "food that would otherwise be thrown away.\n\n- Volunteers check it every day\n"
        "- The assembly pays for the cleaning kit",
    ),
    Plan(
        "discussion",
        "A shelter for the Bridge Street bus stop",
        "The Bridge Street bus stop has had no shelter since March. We ask the city council to "
        "put one back **before winter**, with a bench and a timetable.",
        amendment=(
            "The Bridge Street bus stop has had no shelter since March. We ask the city council "
            "to put one back **before winter**, with a bench, a lit timetable and room for a "
            "wheelchair.",
            "People who use wheelchairs wait here too.",
        ),
        comments=(
            "I wait there every morning with my daughter. Last week we got soaked.",
            "The council says it has no budget. Should we also ask the bus company?",
            "Good idea: the bus company put one up on Mill Lane last year.",
        ),
    ),
    Plan(
        "voting",
        "Close Market Street to cars on Sunday mornings",
        "From May to September, Market Street is closed to cars from 8am to 1pm on Sundays so "
        "children can play and the stalls can spread out.",
        votes=[("for", 9, ""), ("against", 4, ""), ("abstain", 1, "")],
    ),
    Plan(
        "carried",
        "A tenants' rights stall at the Saturday market",
        "Once a month we run a stall at the market where renters can ask about repairs, "
        "deposits and rent rises. The assembly pays for the table.",
        votes=[("for", 31, ""), ("against", 7, ""), ("abstain", 3, "")],
        rules={"quorum_people": 20},
    ),
    Plan(
        "not_carried",
        "Move our meetings to Saturday mornings",
        "Meetings move from Tuesday evenings to Saturday mornings at 10am.",
        votes=[("for", 11, ""), ("against", 24, ""), ("abstain", 2, "")],
    ),
    Plan(
        "consensus",
        "Adopt our safer spaces agreement",
        "Everyone at our meetings agrees to **listen**, to let each person finish, and to "
        "keep personal stories shared in the room private.",
        votes=[
            ("agree", 26, ""),
            ("stand_aside", 2, "I agree but would like the wording to be simpler."),
        ],
    ),
    Plan(
        "blocked",
        "Invite the council leader to speak at our next meeting",
        "We invite the leader of the city council to speak for half an hour and answer questions.",
        votes=[
            ("agree", 17, ""),
            ("stand_aside", 3, "I would rather we sent written questions first."),
            ("block", 2, "Our meetings are for neighbours to decide, not for speeches."),
        ],
    ),
    Plan(
        "withdrawn",
        "Paint a mural in the Northgate underpass",
        "Local artists and schoolchildren paint a mural in the underpass.",
        note="The council's arts team is already planning this with the school.",
    ),
]

RIVERSIDE = [
    Plan(
        "draft",
        "Free swimming lessons for children at the Quay pool",
        "We ask the leisure trust for one free lesson a week for every child under 11.",
    ),
    Plan(
        "discussion",
        "Ask for a safe crossing on Quay Road",
        "Quay Road is hard to cross near the primary school. We ask for a **zebra crossing** "
        "and a 20 mph limit.",
        amendment=(
            "Quay Road is hard to cross near the primary school. We ask for a **zebra crossing**, "
            "a 20 mph limit and a lollipop person at school times.",
            "A crossing alone will not slow the vans down in the morning.",
        ),
        comments=(
            "My son crosses there on his own. I watch him from the window every day.",
            "Has anyone counted the cars at 8.30? The council will ask.",
            "The school's parents' group counted 240 in half an hour. I will ask them for it.",
        ),
    ),
    Plan(
        "voting",
        "A repair café once a month",
        "Volunteers fix lamps, bikes and clothes for free in the church hall on the first "
        "Saturday of the month.",
        votes=[("for", 6, ""), ("against", 1, "")],
    ),
    Plan(
        "carried",
        "Ask the council to fix the riverside lights",
        "Half the lights on the riverside path are broken. We ask the council to fix them "
        "this month and write to our councillors.",
        votes=[("for", 22, ""), ("against", 2, ""), ("abstain", 1, "")],
    ),
    Plan(
        "not_carried",
        "Charge £1 at the door of each meeting",
        "We ask for £1 at the door to pay for the hall.",
        votes=[("for", 5, ""), ("against", 19, ""), ("abstain", 3, "")],
    ),
    Plan(
        "consensus",
        "Welcome packs for new neighbours",
        "New residents get a welcome pack with the assembly's dates, the doctor's and the "
        "bins calendar.",
        votes=[("agree", 18, ""), ("stand_aside", 1, "I cannot help with the packs this year.")],
    ),
    Plan(
        "blocked",
        "Sell advertising on the assembly's newsletter",
        "Local shops can buy space in our newsletter to pay for printing.",
        votes=[
            ("agree", 12, ""),
            ("block", 1, "The newsletter must stay independent of anyone who pays for it."),
        ],
    ),
    Plan(
        "withdrawn",
        "Move the assembly to the Quay Hotel",
        "Our meetings move to the function room of the Quay Hotel.",
        note="The hotel's room is not step-free, so we stay where we are.",
    ),
]

ASSEMBLY_PLANS = {"northgate-central": NORTHGATE, "riverside-quay": RIVERSIDE}

# An STV election of two stewards for the tenants' rights stall: five members stand. (The
# delegates to the district council are elected in demo_councils.py.)
ELECTION_QUESTION = "Who will be our two stewards for the tenants' rights stall?"
CANDIDATES = [
    ("priya.shah@residents.fellbridge.example", "Priya Shah"),
    ("tom.okafor@residents.fellbridge.example", "Tom Okafor"),
    ("grace.lindqvist@residents.fellbridge.example", "Grace Lindqvist"),
    ("declan.murphy@residents.fellbridge.example", "Declan Murphy"),
    ("halima.yusuf@residents.fellbridge.example", "Halima Yusuf"),
]
P, T, G, D, H = (name for _email, name in CANDIDATES)
# 60 ranked ballots: Priya is elected at once; her surplus, then Halima's and Declan's votes as
# they are left out, carry Grace (third on first choices) past Tom to the second seat.
ELECTION_BALLOTS = [
    (10, [P, T, G]),
    (4, [P, T]),
    (6, [P, G, D]),
    (4, [P, H, G]),
    (6, [T, P]),
    (3, [T, H, G]),
    (2, [T]),
    (5, [G, D, H]),
    (3, [G, P, T]),
    (2, [G, H]),
    (5, [D, G, P]),
    (2, [D, H, T]),
    (1, [D]),
    (3, [H, G]),
    (3, [H, T, P]),
    (1, [H]),
]


def _organiser(assembly: Assembly) -> User:
    """The demo organiser (Owen) where there is one, otherwise the assembly's first organiser."""
    roles = Role.objects.filter(assembly=assembly, kind=Role.Kind.ORGANISER, ends_on__isnull=True)
    demo = roles.filter(person__email="organiser@fellbridge.example").first()
    return (demo or roles.order_by("pk").first()).person


def _neighbours(assembly: Assembly) -> list[User]:
    """Members who vote and write in the demo: everyone but the demo accounts, who are left
    free to try things themselves."""
    return [
        m.person
        for m in Membership.objects.filter(assembly=assembly, left_at__isnull=True)
        .exclude(person__email__in=DEMO_EMAILS)
        .select_related("person")
        .order_by("pk")
    ]


def _author(assembly: Assembly, neighbours: list[User], index: int) -> User:
    """Mira writes Northgate Central's draft and open proposal (she can see her draft)."""
    if assembly.slug == "northgate-central" and index < 2:
        return User.objects.get(email="member@fellbridge.example")
    return neighbours[(index * 5 + 3) % len(neighbours)]


def _ballots(vote: Vote, voters: list[User], plan: Plan) -> None:
    people = iter(voters)
    for answer, count, reason in plan.votes:
        for _n in range(count):
            content = {"answer": answer}
            if reason:
                content["reason"] = reason
            voting.cast_ballot(vote, next(people), content)


def _discussion(proposal: Proposal, plan: Plan, author: User, neighbours: list[User]) -> None:
    if plan.amendment:
        text, reason = plan.amendment
        amendments.propose_amendment(
            proposal,
            neighbours[1],
            text=text,
            based_on=amendments.current_version(proposal).number,
            reason=reason,
        )
    if plan.comments:
        first, second, reply = plan.comments
        discussion.post_comment(proposal, neighbours[2], first)
        question = discussion.post_comment(proposal, neighbours[3], second)
        discussion.post_comment(proposal, author, reply, parent=question)


def _build_proposal(
    assembly: Assembly, organiser: User, neighbours: list[User], index: int, plan: Plan, now
) -> None:
    author = _author(assembly, neighbours, index)
    proposal = proposals.submit_proposal(assembly, author, title=plan.title, body=plan.body)
    if plan.state == "draft":
        return
    if plan.state == "withdrawn":
        proposals.open_for_discussion(proposal, author)
        proposals.withdraw(proposal, author, note=plan.note)
        return
    proposals.open_for_discussion(proposal, author)
    if plan.state == "discussion":
        _discussion(proposal, plan, author, neighbours)
        return
    consensus = plan.state in ("consensus", "blocked")
    setup = voting.VoteSetup(
        question=f"Should we agree “{plan.title}”?",
        method=Vote.Method.CONSENSUS if consensus else Vote.Method.MAJORITY,
        rules={"block_threshold": 1} if consensus else plan.rules,
        proposal=proposal,
        closes_at=now + datetime.timedelta(days=OPEN_VOTE_DAYS) if plan.state == "voting" else None,
    )
    vote = voting.open_vote(voting.create_vote(assembly, organiser, setup), organiser)
    voters = [person for person in neighbours if person.pk != author.pk]
    _ballots(vote, voters, plan)
    if plan.state == "voting":
        return
    vote = results.close_vote(vote, organiser)
    expected = plan.state
    if vote.result["outcome"] != expected:  # the plan's numbers are wrong: say so loudly
        raise RuntimeError(f"{plan.title}: {vote.result['outcome']}, not {expected}")
    if plan.state == "carried":
        decision = Decision.objects.get(proposal=proposal)
        decision_log.add_progress_update(
            decision,
            organiser,
            Decision.Progress.IN_PROGRESS,
            "We wrote to the council and the market manager. First answer due next month.",
        )


def _candidate(email: str, name: str, assembly: Assembly) -> User:
    user, _created = User.objects.get_or_create(
        email=email,
        defaults={"display_name": name, "postcode": "FG1 1AA", "password": make_password(None)},
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.get_or_create(
        assembly=assembly,
        person=user,
        left_at=None,
        defaults={"residency": Membership.Residency.VERIFIED},
    )
    return user


def _election(assembly: Assembly, organiser: User, candidates: dict[str, User]) -> None:
    if Vote.objects.filter(assembly=assembly, question=ELECTION_QUESTION).exists():
        return
    setup = voting.VoteSetup(
        question=ELECTION_QUESTION,
        method=Vote.Method.SCOTTISH_STV,
        options=list(candidates),
        seats=2,
        secret=True,
    )
    vote = voting.create_vote(assembly, organiser, setup)
    for option in Option.objects.filter(vote=vote):
        Option.objects.filter(pk=option.pk).update(candidate=candidates[option.label])
    vote = voting.open_vote(vote, organiser)
    ids = {o.label: str(o.pk) for o in vote.options.all()}
    voters = iter(_neighbours(assembly))
    for count, ranking in ELECTION_BALLOTS:
        for _n in range(count):
            voting.cast_ballot(vote, next(voters), {"ranking": [ids[name] for name in ranking]})
    results.close_vote(vote, organiser)


def build_decisions(now: datetime.datetime | None = None) -> dict[str, int]:
    """Add the proposals, votes and the election to the demo built by demo.build_demo."""
    now = now or timezone.now()
    central = Assembly.objects.get(slug="northgate-central")
    # The candidates join before any vote: a closed vote's turnout counts who could vote, and
    # verify_audit counts that again from today's members.
    candidates = {name: _candidate(email, name, central) for email, name in CANDIDATES}
    for slug, plans in ASSEMBLY_PLANS.items():
        assembly = Assembly.objects.get(slug=slug)
        organiser = _organiser(assembly)
        neighbours = _neighbours(assembly)
        existing = set(Proposal.objects.filter(assembly=assembly).values_list("title", flat=True))
        for index, plan in enumerate(plans):
            if plan.title not in existing:
                _build_proposal(assembly, organiser, neighbours, index, plan, now)
        # Like the meetings' dates, the open votes' closing time stays ahead of today.
        Vote.objects.filter(
            assembly=assembly, status=Vote.Status.OPEN, closes_at__isnull=False
        ).update(closes_at=now + datetime.timedelta(days=OPEN_VOTE_DAYS))
    _election(central, _organiser(central), candidates)
    return {
        "proposals": Proposal.objects.count(),
        "votes": Vote.objects.count(),
    }
