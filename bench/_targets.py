"""Pick the pages the benchmarks load, from whatever network the database holds.

Run as a script under the benchmark's environment (DATABASE_URL set); prints JSON
{name: path}. The choices lean to the heaviest realistic case: the assembly with the most
members, the council question with the most referrals, the largest council.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "folkmoot.settings")


def pick() -> dict[str, str]:
    import django

    django.setup()
    from django.db.models import Count

    from folkmoot.assemblies.models import Assembly, Membership
    from folkmoot.councils.models import Council, Question
    from folkmoot.decisions.models import Proposal, Vote
    from folkmoot.delegation.models import DelegateTerm
    from folkmoot.places.models import AreaPostcode

    biggest = (
        Membership.objects.values("assembly")
        .annotate(n=Count("id"))
        .order_by("-n", "assembly")
        .first()
    )
    assembly = Assembly.objects.get(pk=biggest["assembly"])
    word = assembly.name.split()[0]
    postcode = (
        AreaPostcode.objects.filter(area=assembly.area_id).order_by("-prefix").first()
        or AreaPostcode.objects.order_by("-prefix").first()
    )
    proposal = (
        Proposal.objects.filter(status=Proposal.Status.DECIDED, votes__status=Vote.Status.CLOSED)
        .order_by("-pk")
        .first()
    )
    proposal_vote = proposal.votes.filter(status=Vote.Status.CLOSED).order_by("-pk").first()
    stv = Vote.objects.filter(method=Vote.Method.SCOTTISH_STV, status=Vote.Status.CLOSED)
    stv_vote = stv.order_by("-pk").first()
    question = (
        Question.objects.filter(status=Question.Status.DECIDED)
        .annotate(n=Count("referrals"))
        .order_by("-n", "pk")
        .first()
    )
    council = Council.objects.annotate(n=Count("members")).order_by("-n", "pk").first()
    delegate = DelegateTerm.objects.filter(ended_at__isnull=True).order_by("pk").first()
    targets = {
        "home": "/",
        "directory": "/assemblies/",
        "directory_search": f"/assemblies/?q={word}",
        "find_by_postcode": f"/find/?postcode={postcode.prefix.replace(' ', '+')}",
        "assembly": f"/assemblies/{assembly.slug}/",
        "legitimacy": f"/assemblies/{assembly.slug}/legitimacy/",
        "proposal": f"/proposals/{proposal.pk}/",
        "proposal_result": f"/votes/{proposal_vote.pk}/result/",
        "vote_result_stv": f"/votes/{stv_vote.pk}/result/" if stv_vote else None,
        "council": f"/councils/{council.slug}/",
        "council_question_trace": f"/council-questions/{question.pk}/" if question else None,
        "confederation": "/confederation/",
        "delegate": f"/delegates/{delegate.pk}/" if delegate else None,
        "api_assemblies": "/api/v1/assemblies",
        "api_council": f"/api/v1/councils/{council.slug}",
        "api_trace": f"/api/v1/council-questions/{question.pk}/trace" if question else None,
    }
    return {name: url for name, url in targets.items() if url}


if __name__ == "__main__":
    print(json.dumps(pick()))
