"""An assembly's people: accounts nobody can sign in to (an unusable password, an
``example.invalid`` address), their memberships with residency, and the assembly's roles."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Membership, Role

from . import names
from .context import Context
from .options import LEGITIMATE, NEW, SHORT
from .plan import AssemblyPlan

VERIFIED = Membership.Residency.VERIFIED
SELF_DECLARED = Membership.Residency.SELF_DECLARED
NOT_RESIDENT = Membership.Residency.NOT_RESIDENT
VERIFIED_SHARE = {LEGITIMATE: (0.82, 0.92), SHORT: (0.8, 0.9), NEW: (0.15, 0.5)}
METHODS = [
    "Letter with address shown to a teller",
    "Council tax bill shown to an organiser",
    "Known neighbour, confirmed by an organiser",
    "Tenancy agreement shown at the door",
]
ROLE_KINDS = [
    Role.Kind.ORGANISER,
    Role.Kind.ORGANISER,
    Role.Kind.FACILITATOR,
    Role.Kind.TELLER,
    Role.Kind.TELLER,
    Role.Kind.NOTE_TAKER,
]


@dataclass
class Folk:
    """One assembly's members, for the meetings and votes that follow."""

    ids: list[int]
    names: list[str]
    postcodes: list[str]
    by_residency: dict[str, list[int]] = field(default_factory=dict)  # person ids

    @property
    def organiser(self) -> int:
        return self.ids[0]

    @property
    def facilitator(self) -> int:
        return self.ids[2]

    @property
    def tellers(self) -> list[int]:
        return self.ids[3:5]

    @property
    def note_taker(self) -> int:
        return self.ids[5]

    def name_of(self, person: int) -> str:
        return self.names[person - self.ids[0]]

    def postcode_of(self, person: int) -> str:
        return self.postcodes[person - self.ids[0]]


def write_people(ctx: Context, a: AssemblyPlan, first_meeting: datetime.datetime) -> Folk:
    """Members join between the assembly's start and its first meeting; the first six hold
    its roles and are verified residents."""
    rng = ctx.options.rng("people", a.index)
    started = ctx.options.now - datetime.timedelta(days=a.age_days)
    span = max(1, int((first_meeting - started).total_seconds()) - 86400)
    low, high = VERIFIED_SHARE.get(a.profile, (0.3, 0.5) if a.theme else (0.3, 0.7))
    verified_share = rng.uniform(low, high)
    home = ctx.units_of(a.area)
    elsewhere = ctx.units_of(a.area.parent) if a.area.parent else home
    users = ctx.sink.table(
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
    )
    memberships = ctx.sink.table(
        Membership,
        [
            "id",
            "assembly_id",
            "person_id",
            "residency",
            "residency_verified_by_id",
            "residency_method",
            "residency_verified_at",
            "joined_at",
        ],
    )
    first = ctx.user_base + a.first_person
    folk = Folk(ids=list(range(first, first + a.members)), names=[], postcodes=[])
    folk.by_residency = {VERIFIED: [], SELF_DECLARED: [], NOT_RESIDENT: []}
    membership_ids = ctx.sink.ids.take(Membership, a.members)
    for n, person in enumerate(folk.ids):
        draw = rng.random()
        if n < len(ROLE_KINDS) or draw < verified_share:
            residency = VERIFIED
        elif draw < verified_share + (1 - verified_share) * 0.75:
            residency = SELF_DECLARED
        else:
            residency = NOT_RESIDENT
        name = names.person(rng)
        postcode = rng.choice(elsewhere if residency == NOT_RESIDENT else home)
        joined = started + datetime.timedelta(seconds=rng.randrange(span))
        folk.names.append(name)
        folk.postcodes.append(postcode)
        folk.by_residency[residency].append(person)
        users.add(
            person,
            ctx.password,
            f"scale.member.{a.first_person + n}@example.invalid",
            name,
            postcode,
            rng.random() < 0.95,
            rng.random() < 0.9,
            joined,
            names.token(rng, 24),
        )
        checked = residency == VERIFIED
        memberships.add(
            membership_ids + n,
            a.id,
            person,
            residency,
            folk.ids[0] if checked and n else None,
            rng.choice(METHODS) if checked and n else "",
            joined + datetime.timedelta(hours=rng.randint(1, 72)) if checked and n else None,
            joined,
        )
    roles = ctx.sink.table(Role, ["id", "assembly_id", "person_id", "kind", "starts_on"])
    for n, kind in enumerate(ROLE_KINDS):
        roles.add(ctx.sink.ids.take(Role), a.id, folk.ids[n], kind, started.date())
    return folk
