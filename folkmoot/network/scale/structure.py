"""Writing the plan's skeleton: council levels, themes, areas with their postcodes, assemblies,
councils and their member bodies, competences, and supporters gathering where no assembly
exists yet."""

from __future__ import annotations

import datetime

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Supporter, SupportThresholdNotice, Theme
from folkmoot.councils.models import Competence, Council, CouncilMember, Level
from folkmoot.network.models import Network
from folkmoot.places.models import Area, AreaPostcode, PostcodeUnit

from . import names
from .options import Options
from .plan import LEVELS, THEMES, Plan
from .sink import Sink

ABOUT = (
    "Neighbours from {area} meet to decide what matters here: the streets, the services, the "
    "rent, the park. Everyone who lives here is welcome, whatever your views."
)
THEMED_ABOUT = "People who live or work in {area}, working together on {theme}."
MEETING_TIMES = [
    "First Tuesday of the month, 7pm",
    "Second Thursday of the month, 6.30pm",
    "Last Saturday of the month, 11am",
    "Every other Wednesday, 7pm",
]
VENUES = ["Church Hall", "Community Centre", "Old Library", "Primary School hall", "Tenants' Hall"]
COMPETENCES = [
    "Sharing the food bank's van between the assemblies",
    "Booking shared meeting rooms",
    "Running the joint newsletter",
    "Coordinating call-outs across the area",
    "Keeping the shared tool library",
]
ORGANISER_EMAIL = "scale.organiser@example.invalid"


def write_structure(options: Options, sink: Sink, plan: Plan) -> int:
    """Write the skeleton; returns the network organiser's id (who refers the council
    questions and records what the network does)."""
    rng = options.rng("structure")
    now = options.now
    levels = {}
    for rank, name, _kind, _words in LEVELS:
        levels[rank] = Level.objects.create(name=name, rank=rank).pk
    themes = {
        slug: Theme.objects.get_or_create(slug=slug, defaults={"name": word})[0].pk
        for slug, word in THEMES
    }
    areas = sink.table(
        Area,
        ["id", "name", "slug", "kind", "parent_id", "residents_estimate", "households_estimate"],
    )
    prefixes = sink.table(AreaPostcode, ["id", "area_id", "prefix"])
    units = sink.table(PostcodeUnit, ["id", "area_id", "unit", "households"])
    for place in plan.places:
        parent = place.parent.id if place.parent else None
        areas.add(
            place.id, place.name, place.slug, place.kind, parent, place.residents, place.households
        )
        for prefix in place.postcodes:
            prefixes.add(sink.ids.take(AreaPostcode), place.id, prefix)
        if place.units:
            each = max(1, place.households // len(place.units))
            first = sink.ids.take(PostcodeUnit, len(place.units))
            for offset, unit in enumerate(place.units):
                units.add(first + offset, place.id, unit, each + rng.randint(-each // 4, each // 4))
    rows = sink.table(
        Assembly,
        [
            "id",
            "name",
            "slug",
            "kind",
            "theme_id",
            "area_id",
            "about",
            "usual_meeting",
            "venue",
            "how_to_join",
            "created_at",
        ],
    )
    for a in plan.assemblies:
        about = (
            THEMED_ABOUT.format(area=a.area.name, theme=a.theme)
            if a.theme
            else ABOUT.format(area=a.area.name)
        )
        rows.add(
            a.id,
            a.name,
            a.slug,
            a.kind,
            themes[a.theme] if a.theme else None,
            a.area.id,
            about,
            MEETING_TIMES[a.index % len(MEETING_TIMES)],
            f"{a.area.name} {VENUES[a.index % len(VENUES)]}",
            "Come to a meeting, or show support on this page to be invited.",
            now - datetime.timedelta(days=a.age_days),
        )
    _councils(options, sink, plan, levels, themes)
    organiser = _organiser(options, sink)
    _supporters(options, sink, plan)
    sink.flush()
    Network.current().organisers.add(organiser)
    return organiser


def _councils(options: Options, sink: Sink, plan: Plan, levels: dict, themes: dict) -> None:
    rng = options.rng("council-rows")
    started = options.now - datetime.timedelta(days=200)
    rows = sink.table(
        Council,
        [
            "id",
            "name",
            "slug",
            "level_id",
            "theme_id",
            "area_id",
            "about",
            "only_legitimate_vote",
            "result_rule",
            "cascade_rule",
            "created_at",
        ],
    )
    members = sink.table(
        CouncilMember,
        ["id", "council_id", "assembly_id", "member_council_id", "seats", "joined_at"],
    )
    competences = sink.table(Competence, ["id", "council_id", "matter", "granted"])
    for council in plan.councils:
        rows.add(
            council.id,
            council.name,
            council.slug,
            levels[council.rank],
            themes[council.theme] if council.theme else None,
            council.area.id,
            f"Delegates of the assemblies and councils of {council.area.name}. It coordinates "
            "and administers; the assemblies decide.",
            council.only_legitimate,
            council.result_rule,
            council.cascade_rule,
            started,
        )
        for member in council.members:
            members.add(
                member.id,
                council.id,
                member.assembly.id if member.assembly else None,
                member.member_council.id if member.member_council else None,
                member.seats,
                started,
            )
        for matter in rng.sample(COMPETENCES, rng.randint(1, 2)):
            competences.add(
                sink.ids.take(Competence),
                council.id,
                matter,
                "Agreed by all member bodies when the council was founded.",
            )


def _organiser(options: Options, sink: Sink) -> int:
    rng = options.rng("organiser")
    person = sink.ids.take(User)
    sink.table(
        User,
        [
            "id",
            "password",
            "email",
            "display_name",
            "postcode",
            "show_name_to_members",
            "allow_organiser_contact",
            "date_joined",
            "calendar_token",
        ],
    ).add(
        person,
        names.unusable_password(rng),
        ORGANISER_EMAIL,
        "Network organiser",
        "",
        True,
        True,
        options.now - datetime.timedelta(days=1200),
        names.token(rng, 24),
    )
    return person


def _supporters(options: Options, sink: Sink, plan: Plan) -> None:
    """People who showed support in neighbourhoods with no assembly yet; where enough have
    confirmed, the network organisers were told (once)."""
    rng = options.rng("supporters")
    threshold = Network.current().supporter_threshold
    rows = sink.table(
        Supporter,
        [
            "id",
            "name",
            "email",
            "postcode",
            "postcode_sector",
            "comment",
            "area_id",
            "consented_at",
            "created_at",
            "confirmed_at",
            "token",
        ],
    )
    notices = sink.table(
        SupportThresholdNotice, ["id", "key", "area_id", "supporter_count", "sent_at"]
    )
    for area in plan.empty_areas:
        confirmed = 0
        for _n in range(rng.randint(4, int(threshold * 1.5) + 4)):
            number = sink.ids.take(Supporter)
            when = options.now - datetime.timedelta(days=rng.randint(1, 200), hours=rng.random())
            confirm = rng.random() < 0.75
            confirmed += confirm
            unit = rng.choice(area.units)
            rows.add(
                number,
                names.person(rng).split()[0],
                f"scale.supporter.{number}@example.invalid",
                unit,
                area.postcodes[0],
                "We need somewhere to meet round here." if rng.random() < 0.1 else "",
                area.id,
                when,
                when,
                when + datetime.timedelta(minutes=rng.randint(2, 600)) if confirm else None,
                names.token(rng, 32),
            )
        if confirmed >= threshold:
            notices.add(
                sink.ids.take(SupportThresholdNotice),
                f"area:{area.id}",
                area.id,
                confirmed,
                options.now - datetime.timedelta(days=1),
            )
