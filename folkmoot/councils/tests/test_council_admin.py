"""The admin where network organisers set councils up; evidence there is read-only."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from folkmoot.councils.models import Council, CouncilMeeting, Question, SeatVote
from folkmoot.decisions.models import Decision
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import RecallPetition, RecallSignature, ReportBack

from . import fixtures_councils

council_net = fixtures_councils.council_net

COUNCIL_MODELS = [
    "level",
    "council",
    "councilmember",
    "competence",
    "councilmeeting",
    "question",
    "referral",
    "seatvote",
]
DELEGATION_MODELS = [
    "election",
    "delegateterm",
    "mandate",
    "recallpetition",
    "recallsignature",
    "reportback",
]


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        email="root@example.org", password="a-long-test-password"
    )
    client.force_login(user)
    return client


@pytest.fixture
def evidence(council_net, elm_park, person):
    """One of each record, so the change pages have something to show."""
    question = Question.objects.create(
        council=council_net.district, title="Open on Sundays?", raised_by=person
    )
    decision = Decision.objects.create(
        assembly=elm_park, summary="Open on Sundays: carried", decided_at=timezone.now()
    )
    mandate = issue_mandate(
        council_net.elm, instruction="for", question=question, decision=decision
    )
    meeting = CouncilMeeting.objects.create(
        council=council_net.district,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        place="Hall",
    )
    vote = SeatVote.objects.create(
        question=question,
        member=council_net.elm,
        delegate=council_net.eli,
        answer="for",
        mandate=mandate,
    )
    petition = RecallPetition.objects.create(
        delegate=council_net.eli, reason="Missed meetings", opened_by=person, threshold=3
    )
    signature = RecallSignature.objects.create(petition=petition, person=person)
    report = ReportBack.objects.create(delegate=council_net.eli, meeting=meeting, text="Rota.")
    return {
        "question": question,
        "mandate": mandate,
        "seatvote": vote,
        "recallsignature": signature,
        "recallpetition": petition,
        "reportback": report,
        "councilmeeting": meeting,
    }


@pytest.mark.parametrize(
    ("app", "model"),
    [("councils", m) for m in COUNCIL_MODELS] + [("delegation", m) for m in DELEGATION_MODELS],
)
def test_every_list_page_loads(admin_client, evidence, app, model):
    assert admin_client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "model", ["level", "council", "councilmember", "competence", "councilmeeting", "question"]
)
def test_councils_are_set_up_here(admin_client, model):
    assert admin_client.get(reverse(f"admin:councils_{model}_add")).status_code == 200


def test_a_council_with_its_member_bodies_and_competences(admin_client, council_net):
    response = admin_client.get(
        reverse("admin:councils_council_change", args=[council_net.district.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Member bodies" in html
    assert "Sharing the tool library" in html


def test_setting_up_a_council_in_the_admin(admin_client, council_net, oak_row):
    response = admin_client.post(
        reverse("admin:councils_council_add"),
        {
            "name": "West Testbury",
            "slug": "west-testbury",
            "level": council_net.district_level.pk,
            "result_rule": "seats",
            "cascade_rule": "majority",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-assembly": oak_row.pk,
            "members-0-seats": "2",
            "competences-TOTAL_FORMS": "1",
            "competences-INITIAL_FORMS": "0",
            "competences-0-matter": "Parks",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    council = Council.objects.get(slug="west-testbury")
    assert council.members.get().seats == 2
    assert council.competences.get().matter == "Parks"


@pytest.mark.parametrize(
    ("app", "model"),
    [
        ("councils", "seatvote"),
        ("delegation", "mandate"),
        ("delegation", "recallsignature"),
    ],
)
def test_evidence_is_read_only(admin_client, evidence, app, model):
    record = evidence[model]
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
    change = reverse(f"admin:{app}_{model}_change", args=[record.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert admin_client.post(change, {}).status_code == 403
    delete = reverse(f"admin:{app}_{model}_delete", args=[record.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_question_result_cannot_be_typed_in(admin_client, evidence):
    html = admin_client.get(
        reverse("admin:councils_question_change", args=[evidence["question"].pk])
    ).content.decode()
    assert 'name="result"' not in html
    assert 'name="status"' not in html
    assert 'name="title"' in html


@pytest.mark.parametrize(
    ("app", "model"),
    [
        ("councils", "councilmeeting"),
        ("delegation", "recallpetition"),
        ("delegation", "reportback"),
        ("councils", "question"),
    ],
)
def test_change_pages_load(admin_client, evidence, app, model):
    url = reverse(f"admin:{app}_{model}_change", args=[evidence[model].pk])
    assert admin_client.get(url).status_code == 200


def test_others_cannot_use_the_admin(client, council_net, member):
    client.force_login(member)
    response = client.get(reverse("admin:councils_council_changelist"))
    assert response.status_code == 302
