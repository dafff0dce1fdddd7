"""The rules for membership and roles: joining, leaving, residency, removing, and who does what.

Plain functions, like ``services.py``: views call them and stay thin. A rule that is broken
raises a ``MembershipError`` whose message a person can act on, and nothing is changed.

Two rules must hold even when requests arrive at the same moment:

* a person is a *resident* member of at most one neighbourhood assembly — every change that
  could make someone a resident locks that person's row first, so two joins queue up;
* an assembly always keeps at least one current organiser — every change to its roles locks
  the assembly's row first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.network.services import is_network_organiser
from folkmoot.places.postcodes import InvalidPostcode

from .models import Assembly, Membership, Role
from .services import current_membership, find_assemblies, is_member, is_organiser, is_teller

RESIDENT = (Membership.Residency.SELF_DECLARED, Membership.Residency.VERIFIED)


# --- What can go wrong ----------------------------------------------------------------------


class MembershipError(Exception):
    """A rule said no. ``str(error)`` tells the person what to do instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotAllowed(MembershipError):
    """This person may not do this here (the page answers 403)."""


class NeedsPostcode(MembershipError):
    """We need a (valid) postcode on the person's profile before they can join."""


class AlreadyMember(MembershipError):
    pass


class NotAMember(MembershipError):
    pass


class ResidentElsewhere(MembershipError):
    """They are already a resident member of another neighbourhood assembly."""

    def __init__(self, message: str, other: Membership):
        super().__init__(message)
        self.other = other


class LastOrganiser(MembershipError):
    """The change would leave the assembly with no current organiser."""


class RoleError(MembershipError):
    pass


# --- Who may do what ------------------------------------------------------------------------


def can_manage(user, assembly: Assembly) -> bool:
    """Organisers of the assembly, and network organisers, manage members and roles."""
    return is_organiser(user, assembly) or is_network_organiser(user)


def can_verify(user, assembly: Assembly) -> bool:
    """Tellers and organisers of the assembly, and network organisers, check residency."""
    return is_teller(user, assembly) or is_network_organiser(user)


def can_see_members(user, assembly: Assembly) -> bool:
    """Members see who else is in their assembly; so do the people who run it."""
    return is_member(user, assembly) or can_verify(user, assembly)


def sees_hidden_names(user, assembly: Assembly) -> bool:
    """People with a job that needs to know who is who (checking residency at the door,
    giving roles) see names that members have hidden from other members."""
    return can_verify(user, assembly)


# --- Residency ------------------------------------------------------------------------------


def lives_in(person, assembly: Assembly) -> bool:
    """Whether the postcode on a person's profile is inside the assembly's area."""
    if not person.postcode:
        return False
    try:
        found = find_assemblies(person.postcode)
    except InvalidPostcode:
        return False
    return any(candidate.pk == assembly.pk for candidate in found.assemblies)


def neighbourhood_assembly_for(person) -> Assembly | None:
    """The neighbourhood assembly covering a person's postcode, if there is one."""
    if not person.postcode:
        return None
    try:
        found = find_assemblies(person.postcode)
    except InvalidPostcode:
        return None
    return found.neighbourhood_assemblies[0] if found.neighbourhood_assemblies else None


def resident_neighbourhood_membership(person, *, exclude: Assembly | None = None):
    """The person's current resident membership of a neighbourhood assembly, if any."""
    memberships = Membership.objects.filter(
        person=person,
        left_at__isnull=True,
        residency__in=RESIDENT,
        assembly__kind=Assembly.Kind.NEIGHBOURHOOD,
    ).select_related("assembly")
    if exclude is not None:
        memberships = memberships.exclude(assembly=exclude)
    return memberships.first()


def _lock_person(person) -> None:
    """Hold the person's row until the transaction ends, so their joins happen one by one."""
    get_user_model().objects.select_for_update().filter(pk=person.pk).first()


def _lock_assembly(assembly: Assembly) -> None:
    """Hold the assembly's row until the transaction ends, so role changes happen one by one."""
    Assembly.objects.select_for_update().filter(pk=assembly.pk).first()


def _refuse_second_neighbourhood(person, assembly: Assembly) -> None:
    """Raise ResidentElsewhere if becoming a resident here would make two. Call under lock."""
    if assembly.kind != Assembly.Kind.NEIGHBOURHOOD:
        return
    other = resident_neighbourhood_membership(person, exclude=assembly)
    if other is not None:
        raise ResidentElsewhere(
            _(
                "You are already a resident member of %(other)s. You can be a resident of "
                "only one neighbourhood assembly. If you have moved, leave %(other)s first, "
                "then join here."
            )
            % {"other": other.assembly.name},
            other,
        )


# --- Joining and leaving --------------------------------------------------------------------


def join(person, assembly: Assembly) -> Membership:
    """Make someone a member. A resident (self-declared) if their postcode is in the area.

    Refused without a postcode, if they are already a member, or if they would become a
    resident member of a second neighbourhood assembly.
    """
    if not person.postcode:
        raise NeedsPostcode(
            _("Add your postcode to your profile first, so we know where you live.")
        )
    try:
        with transaction.atomic():
            _lock_person(person)
            if current_membership(person, assembly) is not None:
                raise AlreadyMember(
                    _("You are already a member of %(assembly)s.") % _named(assembly)
                )
            resident = lives_in(person, assembly)
            if resident:
                _refuse_second_neighbourhood(person, assembly)
            return Membership.objects.create(
                assembly=assembly,
                person=person,
                residency=(
                    Membership.Residency.SELF_DECLARED
                    if resident
                    else Membership.Residency.NOT_RESIDENT
                ),
            )
    except IntegrityError as error:
        # The database's one-current-membership constraint caught a double click.
        raise AlreadyMember(
            _("You are already a member of %(assembly)s.") % _named(assembly)
        ) from error


def leave(person, assembly: Assembly) -> Membership:
    """A member leaves. The row is kept (with ``left_at``); their roles end today."""
    with transaction.atomic():
        _lock_assembly(assembly)
        membership = _current_for_update(person, assembly)
        if membership is None:
            raise NotAMember(_("You are not a member of %(assembly)s.") % _named(assembly))
        _refuse_if_last_organiser(
            person,
            assembly,
            _(
                "You are the only organiser of %(assembly)s. Give the organiser role to "
                "another member first, then you can leave."
            )
            % _named(assembly),
        )
        _end_roles_of(person, assembly)
        membership.left_at = timezone.now()
        membership.save(update_fields=["left_at"])
    return membership


def remove(membership: Membership, *, by, reason: str) -> Membership:
    """An organiser removes a member, saying why. The row is kept; their roles end today."""
    assembly = membership.assembly
    reason = reason.strip()
    if not can_manage(by, assembly):
        raise NotAllowed(_("Only an organiser of this assembly can remove members."))
    if not reason:
        raise MembershipError(_("Say why you are removing this member."))
    if membership.person_id == by.pk:
        raise MembershipError(_("You cannot remove yourself. Use “Leave” instead."))
    with transaction.atomic():
        _lock_assembly(assembly)
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None or current.left_at is not None:
            raise NotAMember(_("That person is no longer a member."))
        _refuse_if_last_organiser(
            current.person,
            assembly,
            _(
                "This member is the only organiser of %(assembly)s. Give the organiser role "
                "to someone else first."
            )
            % _named(assembly),
        )
        _end_roles_of(current.person, assembly)
        current.left_at = timezone.now()
        current.removed_by = by
        current.removed_reason = reason
        current.save(update_fields=["left_at", "removed_by", "removed_reason"])
    membership.refresh_from_db()
    return membership


def verify_residency(membership: Membership, *, by, method: str) -> Membership:
    """A teller or organiser saw proof that a member lives in the area, and how.

    Refused for people who may not check residency here, for your own membership (someone
    else must check), and if it would make the person a resident of two neighbourhood
    assemblies.
    """
    assembly = membership.assembly
    method = method.strip()
    if not can_verify(by, assembly):
        raise NotAllowed(_("Only a teller or organiser of this assembly can check residency."))
    if membership.person_id == by.pk:
        raise MembershipError(
            _("You cannot check your own residency. Ask another teller or organiser.")
        )
    if not method:
        raise MembershipError(_("Say how you checked, for example “letter with address shown”."))
    with transaction.atomic():
        _lock_person(membership.person)
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None or current.left_at is not None:
            raise NotAMember(_("That person is no longer a member."))
        _refuse_second_neighbourhood(current.person, assembly)
        current.residency = Membership.Residency.VERIFIED
        current.residency_method = method
        current.residency_verified_by = by
        current.residency_verified_at = timezone.now()
        current.save(
            update_fields=[
                "residency",
                "residency_method",
                "residency_verified_by",
                "residency_verified_at",
            ]
        )
    membership.refresh_from_db()
    return membership


# --- Roles ----------------------------------------------------------------------------------


def current_roles(assembly: Assembly, on: datetime.date | None = None) -> QuerySet[Role]:
    """Roles held today (or on a day), and roles that start later."""
    day = on or timezone.localdate()
    return (
        Role.objects.filter(assembly=assembly)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("person")
        .order_by("kind", "starts_on", "pk")
    )


def past_roles(assembly: Assembly, on: datetime.date | None = None) -> QuerySet[Role]:
    day = on or timezone.localdate()
    return (
        Role.objects.filter(assembly=assembly, ends_on__lt=day)
        .select_related("person")
        .order_by("-ends_on", "kind")
    )


def grant_role(
    assembly: Assembly,
    person,
    kind: str,
    *,
    by,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Role:
    """An organiser gives a current member a role for a term (by default from today, no end)."""
    if not can_manage(by, assembly):
        raise NotAllowed(_("Only an organiser of this assembly can give roles."))
    if kind not in Role.Kind.values:
        raise RoleError(_("Choose one of the roles in the list."))
    starts_on = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        raise RoleError(_("The end date must be on or after the start date."))
    with transaction.atomic():
        _lock_assembly(assembly)
        if not is_member(person, assembly):
            raise RoleError(
                _("Roles can go only to members of %(assembly)s. Ask them to join first.")
                % _named(assembly)
            )
        overlapping = Role.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on),
            assembly=assembly,
            person=person,
            kind=kind,
        )
        if ends_on is not None:
            overlapping = overlapping.filter(starts_on__lte=ends_on)
        if overlapping.exists():
            raise RoleError(
                _("%(person)s already has the %(role)s role for some of those dates.")
                % {"person": person.public_name, "role": Role.Kind(kind).label.lower()}
            )
        return Role.objects.create(
            assembly=assembly, person=person, kind=kind, starts_on=starts_on, ends_on=ends_on
        )


@dataclass
class EndedRole:
    role: Role
    cancelled: bool  # it had not started yet, so it was taken away rather than ended


def end_role(role: Role, *, by) -> EndedRole:
    """An organiser ends a role now: yesterday becomes its last day.

    A role that starts today or later never really began, so it is cancelled (the row goes).
    Refused if it is the assembly's last current organiser role.
    """
    assembly = role.assembly
    if not can_manage(by, assembly):
        raise NotAllowed(_("Only an organiser of this assembly can end roles."))
    today = timezone.localdate()
    with transaction.atomic():
        _lock_assembly(assembly)
        current = Role.objects.select_for_update().filter(pk=role.pk).first()
        if current is None or (current.ends_on is not None and current.ends_on < today):
            raise RoleError(_("That role has already ended."))
        if current.kind == Role.Kind.ORGANISER and _is_current(current, today):
            others = _current_organiser_roles(assembly, today).exclude(pk=current.pk)
            if not others.exists():
                raise LastOrganiser(
                    _(
                        "This is the last organiser of %(assembly)s. Give the organiser role "
                        "to another member first, so someone can still run the assembly."
                    )
                    % _named(assembly)
                )
        if current.starts_on >= today:
            current.delete()
            return EndedRole(role=current, cancelled=True)
        current.ends_on = today - datetime.timedelta(days=1)
        current.save(update_fields=["ends_on"])
    return EndedRole(role=current, cancelled=False)


def _is_current(role: Role, day: datetime.date) -> bool:
    return role.starts_on <= day and (role.ends_on is None or role.ends_on >= day)


def _current_organiser_roles(assembly: Assembly, day: datetime.date) -> QuerySet[Role]:
    return Role.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        assembly=assembly,
        kind=Role.Kind.ORGANISER,
        starts_on__lte=day,
    )


def _refuse_if_last_organiser(person, assembly: Assembly, message: str) -> None:
    """Raise LastOrganiser if this person holds every current organiser role. Call under lock."""
    roles = _current_organiser_roles(assembly, timezone.localdate())
    if roles.filter(person=person).exists() and not roles.exclude(person=person).exists():
        raise LastOrganiser(message)


def _end_roles_of(person, assembly: Assembly) -> None:
    """End (or cancel, if not yet started) every role someone holds in an assembly."""
    today = timezone.localdate()
    roles = Role.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today), assembly=assembly, person=person
    )
    roles.filter(starts_on__gte=today).delete()
    roles.update(ends_on=today - datetime.timedelta(days=1))


def _current_for_update(person, assembly: Assembly) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(assembly=assembly, person=person, left_at__isnull=True)
        .first()
    )


def _named(assembly: Assembly) -> dict[str, str]:
    return {"assembly": assembly.name}


# --- The member list ------------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: Membership
    name: str
    name_hidden: bool  # the person hides their name from members; only shown to those who may
    is_you: bool
    roles: list[Role]


@dataclass
class MemberCounts:
    total: int
    verified: int
    self_declared: int
    not_resident: int

    @property
    def residents(self) -> int:
        return self.verified + self.self_declared


def current_members(assembly: Assembly) -> QuerySet[Membership]:
    """Current members, newest first, with the people already loaded."""
    return (
        Membership.objects.filter(assembly=assembly, left_at__isnull=True)
        .select_related("person", "residency_verified_by")
        .order_by("-joined_at", "-pk")
    )


def member_counts(assembly: Assembly) -> MemberCounts:
    rows = dict(
        Membership.objects.filter(assembly=assembly, left_at__isnull=True)
        .values("residency")
        .annotate(count=Count("pk"))
        .values_list("residency", "count")
    )
    verified = rows.get(Membership.Residency.VERIFIED, 0)
    self_declared = rows.get(Membership.Residency.SELF_DECLARED, 0)
    not_resident = rows.get(Membership.Residency.NOT_RESIDENT, 0)
    return MemberCounts(
        total=verified + self_declared + not_resident,
        verified=verified,
        self_declared=self_declared,
        not_resident=not_resident,
    )


def hides_name(person) -> bool:
    return not person.show_name_to_members and not person.erased_at


def shown_name(person, viewer, *, sees_hidden: bool) -> str:
    """A person's name as a viewer may see it: "A member" if they hide it from members."""
    if hides_name(person) and not sees_hidden and person.pk != viewer.pk:
        return _("A member")
    return person.public_name


def member_rows(assembly: Assembly, memberships, viewer) -> list[MemberRow]:
    """Rows for the member list: names as each person chose, and their current roles.

    ``memberships`` is a page of ``current_members``; the roles come in one more query.
    """
    memberships = list(memberships)
    roles_by_person: dict[int, list[Role]] = defaultdict(list)
    today = timezone.localdate()
    for role in Role.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        assembly=assembly,
        starts_on__lte=today,
        person_id__in=[m.person_id for m in memberships],
    ).order_by("kind"):
        roles_by_person[role.person_id].append(role)
    sees_hidden = sees_hidden_names(viewer, assembly)
    rows = []
    for membership in memberships:
        person = membership.person
        rows.append(
            MemberRow(
                membership=membership,
                name=shown_name(person, viewer, sees_hidden=sees_hidden),
                name_hidden=hides_name(person),
                is_you=person.pk == viewer.pk,
                roles=roles_by_person.get(person.pk, []),
            )
        )
    return rows
