"""`manage.py backup` and `manage.py restore`: a backup restored into an emptied database gives
back every row exactly, the audit chain included, on SQLite and on PostgreSQL."""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from folkmoot.audit.models import Entry
from folkmoot.audit.services import record, verify_chain
from folkmoot.decisions import proposals
from folkmoot.decisions.models import Proposal

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table, in primary-key order."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
    }


@pytest.fixture
def records(member, organiser, elm_park):
    proposal = proposals.submit_proposal(
        elm_park, member, title="Plant trees on Elm Street", body="Ten trees, *native*."
    )
    proposals.open_for_discussion(proposal, organiser)
    record("test.note", "backup", {"words": "kept exactly", "n": 3})
    return proposal


def test_a_restored_backup_is_identical_to_the_database_it_came_from(records, tmp_path):
    before = snapshot()
    assert Entry.objects.count() >= 3
    out = StringIO()
    call_command("backup", str(tmp_path / "folkmoot.backup"), stdout=out)
    backup_file = Path(out.getvalue().strip())
    assert backup_file.is_file()
    assert backup_file.stat().st_size > 0

    call_command("flush", "--noinput")  # an empty database
    assert not Proposal.objects.exists()
    assert not Entry.objects.exists()

    call_command("restore", str(backup_file), "--yes", stdout=StringIO())
    connection.close()  # read afresh, as the site would after a restore

    assert snapshot() == before
    assert verify_chain() == []
    assert Proposal.objects.get().title == "Plant trees on Elm Street"


def test_restore_checks_the_audit_chain_and_says_so(records, tmp_path):
    backup_file = tmp_path / "folkmoot.backup"
    call_command("backup", str(backup_file), stdout=StringIO())
    out = StringIO()
    call_command("restore", str(backup_file), "--yes", stdout=out)
    assert "Restored" in out.getvalue()
    assert "audit" in out.getvalue().lower()


def test_restore_without_a_backup_file_changes_nothing(records, tmp_path):
    before = snapshot()
    with pytest.raises(CommandError, match="There is no backup at"):
        call_command("restore", str(tmp_path / "missing.backup"), "--yes")
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="checks SQLite's own file format")
def test_restore_refuses_a_file_that_is_not_a_backup(records, tmp_path):
    before = snapshot()
    junk = tmp_path / "junk.backup"
    junk.write_text("this is not a database\n" * 100)
    with pytest.raises(CommandError, match="not an SQLite backup"):
        call_command("restore", str(junk), "--yes")
    assert snapshot() == before


def test_restore_asks_before_replacing_everything(records, tmp_path, monkeypatch):
    backup_file = tmp_path / "folkmoot.backup"
    call_command("backup", str(backup_file), stdout=StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(backup_file))
