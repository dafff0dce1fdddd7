"""Networks of any size for the query budgets: everything a page lists, ``size`` times over.

Each builder takes ``size`` (1 for the small network, 10 for the large one) and a ``tag`` that
keeps names, slugs, emails and postcodes apart when both networks are in one database. Rows
are made directly (bulk where it helps): these tests count the queries of reading pages, not
of the rules that write them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.utils import timezone

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import (
    Assembly,
    Comment,
    CommentReport,
    Membership,
    Role,
    Supporter,
    Theme,
)
from folkmoot.attendance.models import Attendance, AttendanceCorrection, Residency, Tally
from folkmoot.legitimacy.models import ProcessRecord, ProcessStep
from folkmoot.meetings.models import AgendaItem, Meeting, Minutes, Rsvp
from folkmoot.network.models import Network
from folkmoot.outreach.models import OutreachActivity
from folkmoot.places.models import Area, AreaPostcode, PostcodeUnit

# A real postcode area per network, so postcode searches find one network and not the other.
LETTERS = {"s": "SA", "l": "LA"}
ROLE_START = datetime.date(2020, 1, 1)


def letters(tag: str) -> str:
    return LETTERS[tag]


def days_from_now(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


# --- People ---------------------------------------------------------------------------------


def people(tag: str, label: str, count: int, **fields) -> list[User]:
    """``count`` people who can sign in, made in two queries."""
    made = User.objects.bulk_create(
        User(
            email=f"{label}{number}@{tag}.example.org",
            display_name=f"{label.title()} {number}",
            password="!",  # an unusable password: they sign in with force_login
            **fields,
        )
        for number in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in made
    )
    return made


def person(tag: str, label: str, **fields) -> User:
    return people(tag, label, 1, **fields)[0]


def join(assembly: Assembly, members: list[User], *, verified_by: User | None = None) -> None:
    """Members of every kind: verified residents, self-declared ones and non-residents."""
    kinds = [
        Membership.Residency.VERIFIED,
        Membership.Residency.SELF_DECLARED,
        Membership.Residency.NOT_RESIDENT,
    ]
    Membership.objects.bulk_create(
        Membership(
            assembly=assembly,
            person=member,
            residency=kinds[number % 3],
            residency_verified_by=verified_by if number % 3 == 0 else None,
            residency_method="Letter" if number % 3 == 0 else "",
            residency_verified_at=timezone.now() if number % 3 == 0 else None,
        )
        for number, member in enumerate(members)
    )


def give_role(assembly: Assembly, who: User, kind: str = Role.Kind.ORGANISER) -> Role:
    return Role.objects.create(assembly=assembly, person=who, kind=kind, starts_on=ROLE_START)


# --- Places and assemblies ------------------------------------------------------------------


@dataclass
class Place:
    city: Area
    district: Area
    neighbourhoods: list[Area]
    letters: str
    empty: Area  # a neighbourhood with no assembly yet, where support gathers

    @property
    def empty_postcode(self) -> str:
        return f"{self.letters}99 1AA"


def place(size: int, tag: str) -> Place:
    """A city with one district of ``size`` neighbourhoods, one postcode district each."""
    code = letters(tag)
    city = Area.objects.create(name=f"City {tag}", slug=f"city-{tag}", kind=Area.Kind.CITY)
    district = Area.objects.create(
        name=f"District {tag}", slug=f"district-{tag}", kind=Area.Kind.DISTRICT, parent=city
    )
    AreaPostcode.objects.create(area=district, prefix=code)
    hoods = []
    for number in range(size):
        hood = Area.objects.create(
            name=f"Hood {tag}{number}",
            slug=f"hood-{tag}{number}",
            kind=Area.Kind.NEIGHBOURHOOD,
            parent=district,
            residents_estimate=4000,
        )
        AreaPostcode.objects.create(area=hood, prefix=f"{code}{number + 1} 1")
        PostcodeUnit.objects.bulk_create(
            PostcodeUnit(area=hood, unit=f"{code}{number + 1} 1A{unit}", households=20)
            for unit in "ABD"
        )
        hoods.append(hood)
    empty = Area.objects.create(
        name=f"Empty {tag}", slug=f"empty-{tag}", kind=Area.Kind.NEIGHBOURHOOD, parent=district
    )
    AreaPostcode.objects.create(area=empty, prefix=f"{code}99 1")
    now = timezone.now()
    Supporter.objects.bulk_create(
        Supporter(
            name=f"Gatherer {number}",
            email=f"gatherer{number}@{tag}.example.org",
            postcode=f"{code}99 1AB",
            postcode_sector=f"{code}99 1",
            area=empty if number % 2 else None,
            consented_at=now,
            confirmed_at=now,
        )
        for number in range(2 * size)
    )
    return Place(city, district, hoods, code, empty)


@dataclass
class Net:
    """An assembly, ``home``, whose lists are ``size`` times as long as in the small network
    (members, comments, supporters, meetings), and for the directory ``size`` neighbourhood
    and ``size`` themed assemblies in all (``assemblies``)."""

    size: int
    tag: str
    place: Place
    home: Assembly
    organiser: User
    teller: User
    network_organiser: User
    members: list[User]
    assemblies: list[Assembly] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    upcoming: list[Meeting] = field(default_factory=list)

    @property
    def meeting(self) -> Meeting:
        """The home assembly's latest meeting that has happened."""
        return self.meetings[-1]


def assembly(size: int, tag: str, *, meetings: bool = True) -> Net:
    """The home assembly with its organiser, teller, members, comments and supporters, and
    (unless ``meetings`` is False) its meetings: twice ``size`` held, ``size`` to come."""
    where = place(size, tag)
    home = Assembly.objects.create(
        name=f"Hood {tag}0 Assembly",
        slug=f"hood-{tag}0",
        area=where.neighbourhoods[0],
        usual_meeting="First Tuesday, 7pm",
    )
    organiser = person(tag, "organiser", postcode=f"{where.letters}1 1AA")
    teller = person(tag, "teller")
    network_organiser = person(tag, "network-organiser")
    Network.current().organisers.add(network_organiser)
    members = people(tag, "member", 3 * size)
    User.objects.filter(pk=members[-1].pk).update(show_name_to_members=False)
    join(home, [organiser, teller, *members], verified_by=organiser)
    give_role(home, organiser)
    give_role(home, teller, Role.Kind.TELLER)
    net = Net(size, tag, where, home, organiser, teller, network_organiser, members, [home])
    _comments(net)
    _supporters(net)
    if meetings:
        meet(net, home, past=2 * size, upcoming=size)
    return net


def assemblies(size: int, tag: str) -> Net:
    """The home assembly and, for the directory, one neighbourhood assembly in each of the
    other neighbourhoods and ``size`` themed assemblies for the whole city. Every assembly
    has met and will meet again, so the directory's verdicts and next meetings show."""
    net = assembly(size, tag)
    for number, hood in enumerate(net.place.neighbourhoods):
        if number:
            net.assemblies.append(
                Assembly.objects.create(
                    name=f"Hood {tag}{number} Assembly", slug=f"hood-{tag}{number}", area=hood
                )
            )
        theme = Theme.objects.create(name=f"Theme {tag}{number}", slug=f"theme-{tag}{number}")
        net.assemblies.append(
            Assembly.objects.create(
                name=f"Themed {tag}{number} Assembly",
                slug=f"themed-{tag}{number}",
                kind=Assembly.Kind.THEMED,
                theme=theme,
                area=net.place.city,
            )
        )
    for other in net.assemblies[1:]:
        join(other, [net.organiser, *people(tag, f"{other.slug}-", 2)])
        give_role(other, net.organiser)
        meet(net, other, past=1, upcoming=1)
    return net


def _comments(net: Net) -> None:
    for number, author in enumerate(net.members[: net.size * 2]):
        comment = Comment.objects.create(assembly=net.home, author=author, body=f"Comment {number}")
        Comment.objects.create(
            assembly=net.home, author=net.organiser, body="A reply", parent=comment
        )
        CommentReport.objects.create(comment=comment, reporter=net.teller, reason="Rude")
        if number % 2:
            Comment.objects.filter(pk=comment.pk).update(
                hidden_at=timezone.now(), hidden_by=net.organiser
            )


def _supporters(net: Net) -> None:
    now = timezone.now()
    code = net.place.letters
    Supporter.objects.bulk_create(
        Supporter(
            name=f"Supporter {number}",
            email=f"supporter{number}@{net.tag}.example.org",
            postcode=f"{code}1 1AB",
            postcode_sector=f"{code}1 1",
            assembly=net.home,
            area=net.home.area,
            consented_at=now,
            confirmed_at=now if number % 2 == 0 else None,
        )
        for number in range(net.size * 2)
    )


# --- Meetings and attendance ----------------------------------------------------------------


def meet(net: Net, assembly: Assembly, *, past: int, upcoming: int) -> None:
    """Meetings that happened (with agenda, minutes, attendance, tallies, outreach and process
    records) and meetings to come (with answers to the invitation)."""
    steps = list(ProcessStep.objects.filter(rule=ProcessStep.Rule.RECORDED))
    home = assembly == net.home
    for number in range(past):
        starts = days_from_now(-7 * (past - number))
        meeting = Meeting.objects.create(
            assembly=assembly,
            title=f"Meeting {number}",
            starts_at=starts,
            venue="Hall",
            facilitator=net.organiser,
            note_taker=net.teller,
            invitation_published_at=starts - datetime.timedelta(days=20),
            attendance_closed_at=starts + datetime.timedelta(hours=3),
            attendance_closed_by=net.organiser,
            created_by=net.organiser,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=item, title=f"Item {item}") for item in range(2)
        )
        Minutes.objects.create(
            meeting=meeting, body="We met.", written_by=net.teller, published_at=starts
        )
        ProcessRecord.objects.bulk_create(
            ProcessRecord(meeting=meeting, step=step, met=True, recorded_by=net.organiser)
            for step in steps
        )
        attend(net, meeting, net.members if home else [])
        OutreachActivity.objects.create(
            assembly=assembly,
            meeting=meeting,
            kind=OutreachActivity.Kind.LEAFLETS,
            done_on=(starts - datetime.timedelta(days=3)).date(),
            units=list(assembly.area.units.values_list("unit", flat=True)),
            people_reached=40,
            recorded_by=net.organiser,
        )
        if home:
            net.meetings.append(meeting)
    for number in range(upcoming):
        meeting = Meeting.objects.create(
            assembly=assembly,
            title=f"Coming {number}",
            starts_at=days_from_now(7 * (number + 1)),
            venue="Hall",
            invitation_published_at=timezone.now(),
            created_by=net.organiser,
        )
        Rsvp.objects.bulk_create(
            Rsvp(meeting=meeting, person=member, answer=Rsvp.Answer.YES)
            for member in (net.members if home else [net.organiser])
        )
        if home:
            net.upcoming.append(meeting)


def attend(net: Net, meeting: Meeting, members: list[User]) -> None:
    """Members checked in (every third one verified by the teller), as many walk-ins, a tally,
    and a correction made after closing."""
    code = net.place.letters
    rows = [
        Attendance(
            meeting=meeting,
            person=member,
            name=member.display_name,
            identity=f"person:{member.pk}",
            residency=Residency.VERIFIED if number % 3 == 0 else Residency.SELF_DECLARED,
            verified_by=net.teller if number % 3 == 0 else None,
            method=Attendance.Method.TELLER,
            recorded_by=net.teller,
        )
        for number, member in enumerate(members)
    ]
    rows += [
        Attendance(
            meeting=meeting,
            name=f"Walk-in {number}",
            postcode=f"{code}1 1AA",
            identity=f"walkin:{number}|{code}1 1AA",
            residency=Residency.SELF_DECLARED,
            method=Attendance.Method.SELF,
        )
        for number in range(max(len(members), 1))
    ]
    made = Attendance.objects.bulk_create(rows)
    tally = Tally.objects.create(meeting=meeting, teller=net.teller, people=5, local_residents=3)
    AttendanceCorrection.objects.create(
        meeting=meeting,
        attendance=made[0],
        action="change_residency",
        reason="Showed a letter",
        made_by=net.organiser,
    )
    AttendanceCorrection.objects.create(
        meeting=meeting, tally=tally, action="add_tally", reason="Late count", made_by=net.organiser
    )
