"""manage.py seed_scale: a small network, checked with the real rules and the audit check."""

import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Membership
from folkmoot.audit.models import Entry
from folkmoot.councils.models import Council, CouncilMember, Level, Question, Referral
from folkmoot.decisions.models import Decision, Proposal, Vote
from folkmoot.delegation.models import DelegateTerm, Election, Mandate
from folkmoot.legitimacy.rules import Verdict
from folkmoot.legitimacy.services import verdicts_for
from folkmoot.network.scale.build import APPS
from folkmoot.places.models import Area, PostcodeUnit
from folkmoot.places.postcodes import normalise_postcode
from folkmoot.places.services import neighbourhood_for

SMALL = ["--assemblies", "20", "--members", "2000"]


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_scale", *SMALL, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small(db) -> str:
    return seed()


def test_counts(small):
    neighbourhoods = Assembly.objects.filter(kind=Assembly.Kind.NEIGHBOURHOOD)
    assert neighbourhoods.count() == 20
    assert Assembly.objects.filter(kind=Assembly.Kind.THEMED).exists()
    assert Membership.objects.count() == 2000
    members = User.objects.filter(email__startswith="scale.member.")
    assert members.count() == 2000
    assert not any(u.has_usable_password() for u in members[:50])
    assert all(u.email.endswith("@example.invalid") for u in members[:50])
    assert set(Level.objects.values_list("rank", flat=True)) == {1, 2, 3, 4, 5}
    assert Vote.objects.filter(status=Vote.Status.CLOSED).count() > 20
    assert set(Proposal.objects.values_list("status", flat=True)) >= {"decided", "discussion"}
    assert "Rows:" in small
    assert "Seconds per stage:" in small


def test_postcodes_find_their_neighbourhood(small):
    for unit in PostcodeUnit.objects.select_related("area")[:20]:
        assert normalise_postcode(unit.unit) == unit.unit
        assert neighbourhood_for(unit.unit) == unit.area
    assert Area.objects.filter(kind=Area.Kind.NATION).count() == 1


def test_every_assembly_is_in_the_council_tree(small):
    seated_assemblies = set(CouncilMember.objects.values_list("assembly_id", flat=True))
    assert set(Assembly.objects.values_list("pk", flat=True)) <= seated_assemblies
    members_above = set(CouncilMember.objects.values_list("member_council_id", flat=True))
    tops = Council.objects.exclude(pk__in=members_above)
    assert {c.level.rank for c in tops} == {5}
    assert Council.objects.filter(theme__slug="health").exists()


def test_delegates_hold_seats_on_every_council_with_some_vacant(small):
    seated = DelegateTerm.objects.filter(ended_at__isnull=True, substitute=False)
    for council in Council.objects.all():
        assert seated.filter(member__council=council).exists(), council
    for term in seated.filter(member__assembly__isnull=False).select_related("member"):
        assert Membership.objects.filter(assembly=term.member.assembly, person=term.person).exists()
    for term in seated.filter(member__member_council__isnull=False).select_related("member"):
        below = term.member.member_council
        assert seated.filter(member__council=below, person=term.person).exists()
    seats = CouncilMember.objects.aggregate(n=Sum("seats"))["n"]
    assert seated.count() < seats
    assert Election.objects.filter(declared_at__isnull=False).count() >= 15


def test_mandates_come_from_decisions(small):
    mandates = Mandate.objects.select_related("member", "decision")
    assert mandates.filter(question__isnull=True).exists()  # standing instructions
    assert mandates.filter(question__isnull=False, decision__isnull=False).exists()  # referral
    for mandate in mandates:
        if mandate.decision_id:
            assert mandate.decision.assembly_id == mandate.member.assembly_id
        else:
            assert mandate.source_question_id is not None


def test_questions_are_referred_down(small):
    assert Question.objects.filter(parent__isnull=False).exists()  # the cascade
    assert Referral.objects.filter(status=Referral.Status.DECIDED).exists()
    assert Referral.objects.filter(status=Referral.Status.PENDING).exists()
    assert Decision.objects.filter(proposal__referral__isnull=False).exists()


def test_some_assemblies_are_legitimate_and_others_not(small):
    verdicts = verdicts_for(list(Assembly.objects.all()))
    found = set(verdicts.values())
    assert Verdict.LEGITIMATE in found
    assert Verdict.NOT_YET in found


def test_the_audit_chain_and_every_result_check_out(small):
    assert (
        Entry.objects.filter(kind="vote.closed").count()
        == Vote.objects.filter(status=Vote.Status.CLOSED).count()
    )
    assert Entry.objects.filter(kind="mandate.issued").exists()
    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=out)
    assert "intact" in out.getvalue()


def test_rows_made_afterwards_get_new_ids(small):
    user = User.objects.create_user(email="after@example.org")
    assert user.pk > User.objects.exclude(pk=user.pk).order_by("-pk").first().pk


class _Undo(Exception):
    pass


def _snapshot() -> dict[str, str]:
    """Every table's rows, with ids replaced by their order, so the comparison does not depend
    on where the database's id counters stood."""
    models = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            models.append(model)
            models.extend(
                m.remote_field.through
                for m in model._meta.local_many_to_many
                if m.remote_field.through._meta.auto_created
            )
    order = {
        m: {pk: n for n, pk in enumerate(m.objects.order_by("pk").values_list("pk", flat=True))}
        for m in models
    }
    found = {}
    for model in models:
        fields = model._meta.concrete_fields
        rows = []
        for row in model.objects.order_by("pk").values_list(*[f.attname for f in fields]):
            values = []
            for f, value in zip(fields, row, strict=True):
                if f.primary_key:
                    value = order[model][value]
                elif f.is_relation and value is not None:
                    value = order.get(f.related_model, {}).get(value, value)
                values.append(value)
            rows.append(values)
        found[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return found


def _built(*args: str) -> dict[str, str]:
    try:
        with transaction.atomic():
            seed("--no-questions", *args)
            snapshot = _snapshot()
            raise _Undo
    except _Undo:
        pass
    assert not Assembly.objects.exists()
    return snapshot


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_network():
    first, again, other = _built(), _built(), _built("--seed", "2")
    assert first == again
    assert first["accounts.User"] != other["accounts.User"]


@pytest.mark.django_db
def test_refuses_a_database_that_holds_a_network():
    Area.objects.create(name="Testbury", slug="testbury", kind=Area.Kind.CITY)
    with pytest.raises(CommandError, match="already holds a network"):
        seed()
    assert not Assembly.objects.exists()


@pytest.mark.django_db
def test_too_few_members_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="too few"):
        call_command("seed_scale", "--assemblies", "20", "--members", "50")
    assert not Area.objects.exists()
