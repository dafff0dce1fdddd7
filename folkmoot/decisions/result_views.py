"""Results of closed votes: the result page (every stage of the count, with a bar chart drawn
on the server), and downloads of the count as CSV and of ranked ballots as a BLT file."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import results, voting
from .bodies import belongs, page_links
from .models import Decision, Vote
from .vote_views import ballot_words, method_words, vote_or_404


def _labels(vote: Vote) -> dict[str, str]:
    labels = {str(o.pk): o.label for o in vote.options.all()}
    labels.update(
        {
            "for": _("For"),
            "against": _("Against"),
            "abstain": _("Abstain"),
            "agree": _("Agree"),
            "stand_aside": _("Stand aside"),
            "block": _("Block"),
        }
    )
    return labels


CHART_ROW = 44
CHART_LABEL = 190
CHART_BAR = 300


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return str(value)


MINUS = "\u2212"  # a real minus sign: it reads better than a hyphen in a table of numbers


def _change(previous, now) -> str:
    """What moved to (+) or from (minus) a candidate at this stage: a surplus passed on shows
    as minus on the one who passed it, a transfer as plus on the ones who received it."""
    if previous is None or now is None:
        return ""
    difference = round(float(now) - float(previous), 5)
    if difference == 0:
        return ""
    size = (
        abs(difference)
        if isinstance(now, float) or isinstance(previous, float)
        else int(abs(difference))
    )
    return ("+" if difference > 0 else MINUS) + _number(size)


def _chart(stage: dict, labels: dict[str, str], quota=None) -> dict:
    """A horizontal bar chart of one stage, as numbers for an inline SVG drawn on the server."""
    votes = stage.get("votes") or {}
    values = [float(v) for v in votes.values() if isinstance(v, int | float)]
    top = max([*values, float(quota or 0), 1.0])
    rows = []
    for index, (key, value) in enumerate(
        sorted(votes.items(), key=lambda kv: (-float(kv[1] or 0), labels.get(kv[0], kv[0])))
    ):
        label = labels.get(key, key)
        width = round(CHART_BAR * float(value or 0) / top, 2)
        rows.append(
            {
                "label": label if len(label) <= 22 else label[:21] + "…",
                "full_label": label,
                "value": _number(value),
                "y": index * CHART_ROW,
                "text_y": index * CHART_ROW + 28,
                "width": width,
                "value_x": CHART_LABEL + width + 8,
                "elected": key in stage.get("elected", []),
                "excluded": key in stage.get("excluded", []),
            }
        )
    quota_x = round(CHART_LABEL + CHART_BAR * float(quota) / top, 2) if quota else None
    return {
        "rows": rows,
        "height": max(len(rows), 1) * CHART_ROW,
        "label_x": CHART_LABEL - 8,
        "bar_x": CHART_LABEL,
        "quota_x": quota_x,
        "quota": _number(quota) if quota else None,
    }


# --- The result page ------------------------------------------------------------------------


def vote_result(request: HttpRequest, pk: int) -> HttpResponse:
    vote = vote_or_404(pk)
    if not results.results_visible(vote):
        return render(
            request,
            "decisions/votes/result_waiting.html",
            {"vote": vote, "voted_count": voting.voted_count(vote)},
        )
    result = vote.result
    labels = _labels(vote)
    details = result.get("details") or {}
    quota = details.get("quota")
    stages = []
    before: dict = {}  # each candidate's votes at the stage before
    elected_before: set = set()
    for stage in result.get("stages", []):
        rows = [
            {
                "label": labels.get(key, key),
                "votes": _number(value),
                "transfer": _change(before.get(key), value),
                "elected": key in stage.get("elected", []),
                "elected_before": key in elected_before,
                "excluded": key in stage.get("excluded", []),
            }
            for key, value in stage.get("votes", {}).items()
        ]
        before = dict(stage.get("votes", {}))
        elected_before.update(stage.get("elected", []))
        stages.append(
            {
                "stage": stage,
                "rows": rows,
                "chart": _chart(stage, labels, quota if vote.method in voting.RANKED else None),
                "elected": [labels.get(x, x) for x in stage.get("elected", [])],
                "excluded": [labels.get(x, x) for x in stage.get("excluded", [])],
                "non_transferable": _number(stage.get("non_transferable", 0)),
            }
        )
    user = request.user
    show_voters = not vote.secret and (
        belongs(user, vote.body) or voting.can_manage(user, vote.body)
    )
    return render(
        request,
        "decisions/votes/result.html",
        {
            **page_links(vote.body),
            "vote": vote,
            "result": result,
            "winners": [labels.get(w, w) for w in result.get("winners", [])],
            "stages": stages,
            "ranked": vote.method in voting.RANKED,
            "method_words": method_words(vote),
            "reasons": details.get("reasons") or [],
            "open_ballots": (
                [
                    (ballot.voter.public_name, ballot_words(vote, ballot.content))
                    for ballot in results.open_ballot_list(vote)
                ]
                if show_voters
                else None
            ),
            "decision": Decision.objects.filter(vote=vote)
            .select_related("assembly", "council")
            .first(),
        },
    )


# --- Downloads ------------------------------------------------------------------------------


def _closed_or_404(pk: int) -> Vote:
    vote = vote_or_404(pk)
    if not results.results_visible(vote):
        raise Http404
    return vote


def vote_result_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every stage of the count as CSV: one row per option per stage."""
    vote = _closed_or_404(pk)
    labels = _labels(vote)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["stage", "action", "option", "votes", "transfer", "elected", "excluded"])
    for stage in vote.result.get("stages", []):
        for key, value in stage.get("votes", {}).items():
            writer.writerow(
                [
                    stage["number"],
                    stage["action"],
                    labels.get(key, key),
                    _number(value),
                    _number(stage.get("transfers", {}).get(key, "")),
                    "yes" if key in stage.get("elected", []) else "",
                    "yes" if key in stage.get("excluded", []) else "",
                ]
            )
    writer.writerow([])
    writer.writerow(["winners", *[labels.get(w, w) for w in vote.result.get("winners", [])]])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-result.csv"'
    return response


def vote_ballots_blt(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranked ballots as a BLT file (no names: a ballot never says who cast it)."""
    vote = _closed_or_404(pk)
    if vote.method not in voting.RANKED:
        raise Http404
    response = HttpResponse(results.ballots_as_blt(vote), content_type="text/plain; charset=utf-8")
    name = slugify(vote.question)[:40] or "ballots"
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-{name}.blt"'
    return response
