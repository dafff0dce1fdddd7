"""The council list, each council's page, the confederation page and council meetings.

Views stay thin: the tree comes from confederation.py, the meeting rules from
council_meetings.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from folkmoot.accounts.models import User
from folkmoot.delegation.reportbacks import council_meetings, missing_report_backs
from folkmoot.network.services import is_network_organiser

from . import confederation
from .council_forms import CouncilMeetingForm, CouncilMeetingNotesForm
from .council_meetings import CouncilMeetingError, can_keep_records, plan_meeting, write_notes
from .models import Competence, Council, CouncilMeeting, CouncilMember, Level

RESULT_RULE_WORDS = {
    Council.ResultRule.SEATS: gettext_lazy(
        "Every seat has one vote. A question is carried when more seats vote for it than "
        "against it."
    ),
    Council.ResultRule.BODIES: gettext_lazy(
        "Every member body counts once, the way most of its seats voted. A question is "
        "carried when more member bodies are for it than against it."
    ),
    Council.ResultRule.RESIDENTS: gettext_lazy(
        "Every member body counts by how many verified residents it has. A question is "
        "carried when the bodies for it have more residents than the bodies against it."
    ),
    Council.ResultRule.DOUBLE: gettext_lazy(
        "A question is carried only when more member bodies are for it than against it, and "
        "the bodies for it also have more verified residents than those against it."
    ),
    Council.ResultRule.CONSENSUS: gettext_lazy(
        "A question is carried only when no member body is against it and at least one is for it."
    ),
}
CASCADE_RULE_WORDS = {
    Council.CascadeRule.MAJORITY: gettext_lazy(
        "When a council above refers a question here, this council asks its member bodies. "
        "All its own seats above then vote the way most of its member bodies decided."
    ),
    Council.CascadeRule.PROPORTIONAL: gettext_lazy(
        "When a council above refers a question here, this council asks its member bodies. "
        "Its own seats above are then shared out in proportion to what they decided."
    ),
}
ABSTAIN_WORDS = gettext_lazy(
    "Abstentions are counted and shown, but do not decide. A tie is not carried."
)


def council_list(request: HttpRequest) -> HttpResponse:
    """Every council, level by level, with its seats filled and vacant."""
    levels: list[tuple] = []
    for council, bodies, seats in confederation.seat_summaries():
        if not levels or levels[-1][0] != council.level:
            levels.append((council.level, []))
        levels[-1][1].append({"council": council, "bodies": bodies, "seats": seats})
    return render(
        request,
        "councils/council_list.html",
        {"levels": levels, "sets_up": is_network_organiser(request.user)},
    )


class _JSONList(Aggregate):
    """Rows gathered into one JSON list: SQLite's json_group_array, PostgreSQL's jsonb_agg."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def _listed(rows: QuerySet, of: str, /, **fields: str) -> Subquery:
    """The ``rows`` of the council (``of``: their path to it) as one JSON list of
    {name: field}, read in the council's own query (None when there are none)."""
    return Subquery(
        rows.filter(**{of: OuterRef("pk")})
        .order_by()
        .values(of)
        .annotate(listed=_JSONList(JSONObject(**fields)))
        .values("listed")
    )


def _with_short_lists(councils: QuerySet[Council]) -> QuerySet[Council]:
    """Councils with the short lists their page shows read in the same query: the councils
    each sits on, its conveners and its competences. A council has only a few of each, and a
    query for each list would take the page past its budget."""
    return councils.annotate(
        sits_on_rows=_listed(
            CouncilMember.objects,
            "member_council",
            pk="pk",
            seats="seats",
            council="council_id",
            name="council__name",
            slug="council__slug",
            rank="council__level__rank",
        ),
        convener_rows=_listed(
            User.objects,
            "convened_councils",
            pk="pk",
            display_name="display_name",
            erased_at="erased_at",
        ),
        competence_rows=_listed(
            Competence.objects, "council", pk="pk", matter="matter", granted="granted"
        ),
    )


def _short_lists(council: Council) -> dict:
    """The lists read by ``_with_short_lists``, as the page names them, each sorted the way
    the database would (code point order, as SQLite and PostgreSQL's C collation sort)."""
    erased_at = User._meta.get_field("erased_at")
    sits_on = [
        CouncilMember(
            pk=row["pk"],
            seats=row["seats"],
            member_council=council,
            council=Council(
                pk=row["council"], name=row["name"], slug=row["slug"], level=Level(rank=row["rank"])
            ),
        )
        for row in council.sits_on_rows or []
    ]
    conveners = [
        User(
            pk=row["pk"],
            display_name=row["display_name"],
            erased_at=erased_at.to_python(row["erased_at"]),
        )
        for row in council.convener_rows or []
    ]
    competences = [Competence(council=council, **row) for row in council.competence_rows or []]
    return {
        "sits_on": sorted(sits_on, key=lambda seat: (seat.council.level.rank, seat.council.name)),
        "conveners": sorted(conveners, key=lambda person: (person.display_name, person.pk)),
        "competences": sorted(competences, key=lambda competence: competence.matter),
    }


def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(
        _with_short_lists(Council.objects.select_related("level", "theme", "area")), slug=slug
    )
    now = timezone.now()
    meetings = council_meetings(council)  # newest first
    lists = _short_lists(council)
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "node": confederation.council_node(council),
            **lists,
            "result_rule": RESULT_RULE_WORDS.get(council.result_rule, ""),
            "cascade_rule": CASCADE_RULE_WORDS.get(council.cascade_rule, ""),
            "abstain_words": ABSTAIN_WORDS,
            "upcoming": [m for m in reversed(meetings) if m.starts_at >= now][:5],
            "past": [m for m in meetings if m.starts_at < now][:10],
            "questions": council.questions.order_by("-created_at", "-pk")[:10],
            "missing": missing_report_backs(council=council, meetings=meetings, now=now),
            "can_keep_records": can_keep_records(request.user, council, lists["conveners"]),
        },
    )


def confederation_page(request: HttpRequest) -> HttpResponse:
    """The whole network as a tree, with an overview drawing."""
    return render(
        request,
        "councils/confederation.html",
        {"conf": confederation.build(), "sets_up": is_network_organiser(request.user)},
    )


@login_required
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    if not can_keep_records(request.user, council):
        raise PermissionDenied(_("Only the council's conveners can add its meetings."))
    form = CouncilMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = plan_meeting(
                council,
                request.user,
                starts_at=form.cleaned_data["starts_at"],
                place=form.cleaned_data["place"],
            )
        except CouncilMeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "The meeting is on the council's page. After it, write down what it "
                    "decided; every delegate then reports back to their body."
                ),
            )
            return redirect(f"{council.get_absolute_url()}#meeting-{meeting.pk}")
    return render(request, "councils/council_meeting_form.html", {"council": council, "form": form})


@login_required
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(CouncilMeeting.objects.select_related("council"), pk=pk)
    council = meeting.council
    if not can_keep_records(request.user, council):
        raise PermissionDenied(_("Only the council's conveners can write its notes."))
    form = CouncilMeetingNotesForm(request.POST or None, initial={"notes": meeting.notes})
    if request.method == "POST" and form.is_valid():
        try:
            write_notes(meeting, request.user, form.cleaned_data["notes"])
        except CouncilMeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The notes are saved on the council's page."))
            return redirect(f"{council.get_absolute_url()}#meeting-{meeting.pk}")
    return render(
        request,
        "councils/council_meeting_notes.html",
        {"council": council, "meeting": meeting, "form": form},
    )
