"""The rules for assemblies: who organises them, finding them, supporting them, commenting.

Views call these functions and stay thin; the functions take plain values and model instances
and can be tested without HTTP.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.network.models import Network
from folkmoot.network.request_cache import remembered
from folkmoot.network.services import is_network_organiser
from folkmoot.places.models import Area, AreaPostcode
from folkmoot.places.postcodes import normalise_postcode, postcode_prefixes, sector_of
from folkmoot.places.services import areas_covering

from .models import (
    Assembly,
    Comment,
    CommentReport,
    Membership,
    Role,
    Supporter,
    SupportThresholdNotice,
)

CURRENT_MEMBER = Q(left_at__isnull=True)
CONFIRMED_SUPPORTER = Q(confirmed_at__isnull=False)

# --- Who may do what ------------------------------------------------------------------------


def has_role(user, assembly: Assembly, *kinds: str, on: datetime.date | None = None) -> bool:
    """Whether someone holds any of these roles in an assembly on a day (today by default)."""
    if not user.is_authenticated:
        return False
    day = on or timezone.localdate()
    return not held_roles(user, assembly, day).isdisjoint(kinds)


def held_roles(user, assembly: Assembly, day: datetime.date) -> frozenset[str]:
    """The kinds of role someone holds in an assembly on a day: one query per request, however
    many permission checks a page makes."""
    return remembered(
        ("roles", user.pk, getattr(assembly, "pk", assembly), day),
        lambda: frozenset(
            Role.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=day),
                assembly=assembly,
                person=user,
                starts_on__lte=day,
            ).values_list("kind", flat=True)
        ),
    )


def is_organiser(user, assembly: Assembly, on: datetime.date | None = None) -> bool:
    """Whether someone holds the organiser role of an assembly on a day (today by default)."""
    return has_role(user, assembly, Role.Kind.ORGANISER, on=on)


def is_teller(user, assembly: Assembly) -> bool:
    """Tellers count attendance and votes; organisers may always do a teller's job."""
    return has_role(user, assembly, Role.Kind.TELLER, Role.Kind.ORGANISER)


def current_membership(user, assembly: Assembly) -> Membership | None:
    if not user.is_authenticated:
        return None
    return remembered(
        ("membership", user.pk, getattr(assembly, "pk", assembly)),
        lambda: Membership.objects.filter(
            assembly=assembly, person=user, left_at__isnull=True
        ).first(),
    )


def is_member(user, assembly: Assembly) -> bool:
    return current_membership(user, assembly) is not None


def can_moderate(user, assembly: Assembly) -> bool:
    """Organisers of the assembly, and the network's organisers, moderate its comments."""
    return is_organiser(user, assembly) or is_network_organiser(user)


def can_see_supporters(user, assembly: Assembly | None) -> bool:
    """An assembly's organisers see its supporters; network organisers see everyone's."""
    if assembly is not None and is_organiser(user, assembly):
        return True
    return is_network_organiser(user)


# --- Finding assemblies ---------------------------------------------------------------------


# The directory's order (kind, then name), read from the assembly_directory_order index.
# Assemblies of the same name come oldest first, so every page and every reading agrees.
DIRECTORY_ORDER = ("kind", "name", "pk")


def with_counts(assemblies: QuerySet[Assembly]) -> QuerySet[Assembly]:
    """Assemblies with their area, theme and current member count, in one query.

    The count is a subquery per assembly rather than a join and GROUP BY: the database then
    counts only the assemblies on the page it returns, not every membership in the network
    before it can paginate (1.2 s at a million members, measured by bench/http_load.py). It
    counts rows, which the current members' index (one_current_membership_per_assembly) can
    answer alone. Lists never draw the area, so its boundary (a GeoJSON document, often
    the largest thing in the row) is left unread."""
    members = (
        Membership.objects.filter(assembly=OuterRef("pk"), left_at__isnull=True)
        .order_by()
        .values("assembly")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        assemblies.select_related("area", "theme")
        .defer("area__boundary")
        .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
    )


def _with_ancestors(areas: list[Area]) -> set[int]:
    """The areas and every area they sit inside: one query per level above the first, however
    many areas there are."""
    ids = {area.pk for area in areas}
    parents = {area.parent_id for area in areas if area.parent_id is not None} - ids
    while parents:
        ids |= parents
        parents = (
            set(
                Area.objects.filter(pk__in=parents, parent__isnull=False).values_list(
                    "parent_id", flat=True
                )
            )
            - ids
        )
    return ids


def descendant_area_ids(area: Area) -> set[int]:
    """An area and every area inside it, level by level."""
    found = {area.pk}
    frontier = {area.pk}
    while frontier:
        frontier = set(
            Area.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found


def areas_for_prefix(prefix: str) -> list[Area]:
    """Areas whose postcodes fall under a postcode prefix, or that cover the whole prefix."""
    rows = AreaPostcode.objects.filter(
        Q(prefix__startswith=prefix) | Q(prefix__in=postcode_prefixes(prefix))
    ).select_related("area")
    return list({row.area_id: row.area for row in rows}.values())


def search_assemblies(
    *,
    text: str = "",
    postcode_prefix: str = "",
    area: Area | None = None,
    theme_slug: str = "",
) -> QuerySet[Assembly]:
    """The directory search. ``postcode_prefix`` must already be normalised."""
    assemblies = Assembly.objects.all()
    if text:
        # Two searches joined by UNION, each on its own name index (PostgreSQL: the
        # name_search indexes): an OR across the join to areas read every assembly and every
        # area, twice a page (count and page), 20 ms at 10,000 assemblies.
        by_name = Assembly.objects.filter(name__icontains=text)
        by_area = Assembly.objects.filter(area__name__icontains=text)
        assemblies = assemblies.filter(
            pk__in=by_name.order_by().values("pk").union(by_area.order_by().values("pk"))
        )
    if postcode_prefix:
        area_ids = _with_ancestors(areas_for_prefix(postcode_prefix))
        assemblies = assemblies.filter(area_id__in=area_ids)
    if area is not None:
        assemblies = assemblies.filter(area_id__in=descendant_area_ids(area))
    if theme_slug:
        assemblies = assemblies.filter(theme__slug=theme_slug)
    return with_counts(assemblies).order_by(*DIRECTORY_ORDER)


@dataclass
class FoundAssemblies:
    """What covers a postcode: its neighbourhood area and assembly, and themed assemblies."""

    postcode: str
    areas: list[Area] = field(default_factory=list)
    neighbourhood_assemblies: list[Assembly] = field(default_factory=list)
    themed_assemblies: list[Assembly] = field(default_factory=list)

    @property
    def neighbourhood(self) -> Area | None:
        for area in self.areas:
            if area.kind == Area.Kind.NEIGHBOURHOOD:
                return area
        return None

    @property
    def assemblies(self) -> list[Assembly]:
        return self.neighbourhood_assemblies + self.themed_assemblies

    @property
    def sector(self) -> str:
        return sector_of(self.postcode)


def find_assemblies(postcode: str) -> FoundAssemblies:
    """The assemblies covering a postcode (normalised first; raises InvalidPostcode)."""
    postcode = normalise_postcode(postcode)
    areas = areas_covering(postcode)
    order = {area.pk: index for index, area in enumerate(areas)}
    assemblies = sorted(
        with_counts(Assembly.objects.filter(area_id__in=order)),
        key=lambda assembly: (order[assembly.area_id], assembly.name),
    )
    return FoundAssemblies(
        postcode=postcode,
        areas=areas,
        neighbourhood_assemblies=[a for a in assemblies if a.kind == Assembly.Kind.NEIGHBOURHOOD],
        themed_assemblies=[a for a in assemblies if a.kind == Assembly.Kind.THEMED],
    )


# --- Showing support ------------------------------------------------------------------------


class SupportResult:
    """What happened when someone showed support, so the page can say what happens next."""

    NEW = "new"
    RESENT = "resent"
    ALREADY_CONFIRMED = "already_confirmed"


@dataclass
class SupportOutcome:
    supporter: Supporter
    result: str


def record_support(
    *,
    name: str,
    email: str,
    postcode: str,
    comment: str = "",
    assembly: Assembly | None = None,
) -> SupportOutcome:
    """Record (or refresh) someone's support and email them the confirmation link.

    Support for a named assembly goes to it. General support goes to the neighbourhood
    assembly covering the postcode if there is one, else it gathers in the area. The same
    email is never counted twice: a second submission re-sends the confirmation instead.
    """
    from .tasks import send_support_confirmation

    postcode = normalise_postcode(postcode)
    email = email.strip().lower()
    found = find_assemblies(postcode)
    if assembly is None and found.neighbourhood_assemblies:
        assembly = found.neighbourhood_assemblies[0]
    details = {
        "name": name.strip(),
        "postcode": postcode,
        "postcode_sector": sector_of(postcode),
        "comment": comment.strip(),
        "area": assembly.area if assembly else found.neighbourhood,
    }
    existing = Supporter.objects.filter(email=email, assembly=assembly)
    try:
        with transaction.atomic():
            supporter = existing.select_for_update().first()
            if supporter is None:
                supporter = Supporter.objects.create(
                    email=email, assembly=assembly, consented_at=timezone.now(), **details
                )
                result = SupportResult.NEW
            elif supporter.confirmed_at is None:
                for key, value in details.items():
                    setattr(supporter, key, value)
                supporter.consented_at = timezone.now()
                supporter.save()
                result = SupportResult.RESENT
            else:
                result = SupportResult.ALREADY_CONFIRMED
    except IntegrityError:
        # Two submissions at once: the other one won; this one becomes a re-send.
        supporter = existing.get()
        result = SupportResult.RESENT
    # Enqueued after the write: with the database backend the task row and the supporter
    # commit together, so a worker never sees a task for a row that is not there.
    send_support_confirmation.enqueue(supporter.pk)
    return SupportOutcome(supporter=supporter, result=result)


def confirm_support(supporter: Supporter) -> bool:
    """Count a supporter. Returns False if they were already counted."""
    with transaction.atomic():
        updated = Supporter.objects.filter(pk=supporter.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
    supporter.refresh_from_db()
    if updated:
        notify_if_threshold_reached(supporter)
    return bool(updated)


def remove_support(supporter: Supporter) -> None:
    """Forget a supporter and everything they gave us."""
    supporter.delete()


def gathering_supporters(*, area: Area | None, sector: str = "") -> QuerySet[Supporter]:
    """Confirmed supporters waiting for an assembly in an area (or, outside areas, a sector)."""
    supporters = Supporter.objects.filter(assembly__isnull=True, confirmed_at__isnull=False)
    if area is not None:
        return supporters.filter(area=area)
    return supporters.filter(area__isnull=True, postcode_sector=sector)


def notify_if_threshold_reached(supporter: Supporter) -> SupportThresholdNotice | None:
    """Tell network organisers, once, that an area with no assembly has enough supporters."""
    from .tasks import send_threshold_notice

    if supporter.assembly_id is not None or supporter.confirmed_at is None:
        return None
    if (
        supporter.area_id
        and Assembly.objects.filter(area=supporter.area, kind=Assembly.Kind.NEIGHBOURHOOD).exists()
    ):
        return None
    count = gathering_supporters(area=supporter.area, sector=supporter.postcode_sector).count()
    if count < Network.current().supporter_threshold:
        return None
    try:
        with transaction.atomic():
            notice = SupportThresholdNotice.objects.create(
                key=supporter.gathering_key,
                area=supporter.area,
                postcode_sector="" if supporter.area_id else supporter.postcode_sector,
                supporter_count=count,
            )
    except IntegrityError:
        return None
    send_threshold_notice.enqueue(notice.pk)
    return notice


def confirmed_supporter_count(assembly: Assembly) -> int:
    return assembly.supporters.filter(CONFIRMED_SUPPORTER).count()


@dataclass
class Gathering:
    """Confirmed support in one place with no assembly yet, for network organisers."""

    key: str
    area: Area | None
    sector: str
    count: int
    notified: bool


def support_gatherings() -> list[Gathering]:
    """Confirmed support waiting for an assembly, largest first."""
    rows = (
        Supporter.objects.filter(assembly__isnull=True, confirmed_at__isnull=False)
        .values("area", "postcode_sector")
        .annotate(count=Count("pk"))
    )
    totals: dict[str, Gathering] = {}
    areas = Area.objects.in_bulk({row["area"] for row in rows if row["area"]})
    notified = set(SupportThresholdNotice.objects.values_list("key", flat=True))
    for row in rows:
        area = areas.get(row["area"]) if row["area"] else None
        key = f"area:{area.pk}" if area else f"sector:{row['postcode_sector']}"
        if key not in totals:
            totals[key] = Gathering(
                key=key,
                area=area,
                sector="" if area else row["postcode_sector"],
                count=0,
                notified=key in notified,
            )
        totals[key].count += row["count"]
    return sorted(totals.values(), key=lambda g: (-g.count, g.key))


# --- Comments -------------------------------------------------------------------------------


def visible_comments(assembly: Assembly, user) -> QuerySet[Comment]:
    """Public comments; moderators also see hidden ones (marked) and report counts."""
    comments = (
        assembly.comments.filter(proposal__isnull=True)
        .select_related("author")
        .annotate(report_count=Count("reports"))
    )
    if can_moderate(user, assembly):
        return comments
    return comments.filter(hidden_at__isnull=True)


def post_comment(assembly: Assembly, author, body: str) -> Comment:
    return Comment.objects.create(assembly=assembly, author=author, body=body.strip())


def report_comment(comment: Comment, reporter, reason: str = "") -> bool:
    """Flag a comment for the organisers. Returns False if this person had already reported it."""
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason.strip())
    except IntegrityError:
        return False
    return True


def hide_comment(comment: Comment, moderator) -> None:
    if comment.hidden_at is None:
        comment.hidden_at = timezone.now()
        comment.hidden_by = moderator
        comment.save(update_fields=["hidden_at", "hidden_by"])


def restore_comment(comment: Comment) -> None:
    comment.hidden_at = None
    comment.hidden_by = None
    comment.save(update_fields=["hidden_at", "hidden_by"])


def current_member_count(assembly: Assembly) -> int:
    return Membership.objects.filter(CURRENT_MEMBER, assembly=assembly).count()


def _counted(model, condition: Q):
    rows = model.objects.filter(condition, assembly=OuterRef("pk")).order_by().values("assembly")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def with_page_counts(assemblies: QuerySet[Assembly]) -> QuerySet[Assembly]:
    """Assemblies with ``member_count`` and ``supporter_count`` (as current_member_count and
    confirmed_supporter_count) read in the same query."""
    return assemblies.annotate(
        member_count=_counted(Membership, CURRENT_MEMBER),
        supporter_count=_counted(Supporter, CONFIRMED_SUPPORTER),
    )


# --- Starting an assembly -------------------------------------------------------------------


class StartError(ValueError):
    """Starting the assembly was refused; the message says why."""


def unique_slug(name: str, model=Assembly) -> str:
    """A short name for links, made unique by adding a number."""
    from django.utils.text import slugify

    base = slugify(name)[:100] or "assembly"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def start_assembly(
    *,
    name: str,
    area: Area,
    organiser,
    kind: str = Assembly.Kind.NEIGHBOURHOOD,
    theme=None,
    about: str = "",
    usual_meeting: str = "",
    venue: str = "",
    how_to_join: str = "",
) -> Assembly:
    """Start an assembly with its first organiser (who becomes a member).

    One neighbourhood assembly per area: a second one would split the neighbours and their
    support. Support that gathered in the area while there was no assembly moves to it.
    """
    from .membership import lives_in

    if kind == Assembly.Kind.NEIGHBOURHOOD:
        theme = None
        if area.kind != Area.Kind.NEIGHBOURHOOD:
            raise StartError(
                _(
                    "A neighbourhood assembly needs a neighbourhood area. Choose one, or make it "
                    "a themed assembly."
                )
            )
        if (
            Assembly.objects.select_for_update()
            .filter(area=area, kind=Assembly.Kind.NEIGHBOURHOOD)
            .exists()
        ):
            raise StartError(
                _("%(area)s already has a neighbourhood assembly.") % {"area": area.name}
            )
    elif theme is None:
        raise StartError(_("Choose the theme of a themed assembly."))
    assembly = Assembly.objects.create(
        name=name.strip(),
        slug=unique_slug(name),
        kind=kind,
        theme=theme,
        area=area,
        about=about.strip(),
        usual_meeting=usual_meeting.strip(),
        venue=venue.strip(),
        how_to_join=how_to_join.strip(),
    )
    Role.objects.create(
        assembly=assembly,
        person=organiser,
        kind=Role.Kind.ORGANISER,
        starts_on=timezone.localdate(),
    )
    resident_elsewhere = Membership.objects.filter(
        person=organiser,
        left_at__isnull=True,
        assembly__kind=Assembly.Kind.NEIGHBOURHOOD,
        residency__in=[Membership.Residency.SELF_DECLARED, Membership.Residency.VERIFIED],
    ).exists()
    resident = lives_in(organiser, assembly) and not (
        kind == Assembly.Kind.NEIGHBOURHOOD and resident_elsewhere
    )
    Membership.objects.create(
        assembly=assembly,
        person=organiser,
        residency=(
            Membership.Residency.SELF_DECLARED if resident else Membership.Residency.NOT_RESIDENT
        ),
    )
    if kind == Assembly.Kind.NEIGHBOURHOOD:
        Supporter.objects.filter(assembly__isnull=True, area=area).update(assembly=assembly)
    from .tasks import send_new_organiser_welcome

    send_new_organiser_welcome.enqueue(assembly.pk, organiser.pk)
    return assembly
