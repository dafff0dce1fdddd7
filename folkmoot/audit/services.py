"""Appending to the audit chain and checking it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import Entry, Head

GENESIS = "0" * 64


def entry_hash(
    previous_hash: str, sequence: int, kind: str, subject: str, payload, recorded_at
) -> str:
    """The hash of an entry: its place, what it says and the hash before it."""
    canonical = json.dumps(
        {
            "previous": previous_hash,
            "sequence": sequence,
            "kind": kind,
            "subject": subject,
            "payload": payload,
            "recorded_at": recorded_at.isoformat(),
        },
        sort_keys=True,
        separators=(",", ":"),
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(kind: str, subject: str, payload: dict) -> Entry:
    """Append an entry. Call it inside the transaction that makes the change it records, so
    the change and its record commit (or fail) together."""
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    with transaction.atomic():
        head, _created = Head.objects.select_for_update().get_or_create(pk=1)
        sequence = head.sequence + 1
        recorded_at = timezone.now().replace(microsecond=0)
        digest = entry_hash(head.hash, sequence, kind, subject, payload, recorded_at)
        entry = Entry.objects.create(
            sequence=sequence,
            kind=kind,
            subject=subject,
            payload=payload,
            recorded_at=recorded_at,
            previous_hash=head.hash,
            hash=digest,
        )
        head.sequence, head.hash = sequence, digest
        head.save(update_fields=["sequence", "hash"])
    return entry


@dataclass
class ChainProblem:
    sequence: int
    problem: str


def verify_chain(entries: Iterable[Entry] | None = None) -> list[ChainProblem]:
    """Every way the chain is broken: a changed entry, a missing one, a wrong link."""
    problems: list[ChainProblem] = []
    previous, expected = GENESIS, 1
    rows = Entry.objects.order_by("sequence").iterator() if entries is None else entries
    for entry in rows:
        if entry.sequence != expected:
            problems.append(ChainProblem(entry.sequence, f"entry #{expected} is missing"))
        if entry.previous_hash != previous:
            problems.append(ChainProblem(entry.sequence, "does not link to the entry before"))
        digest = entry_hash(
            entry.previous_hash,
            entry.sequence,
            entry.kind,
            entry.subject,
            entry.payload,
            entry.recorded_at,
        )
        if digest != entry.hash:
            problems.append(ChainProblem(entry.sequence, "was changed after it was recorded"))
        previous, expected = entry.hash, entry.sequence + 1
    head = Head.objects.filter(pk=1).first()
    if head is not None and head.sequence != expected - 1:
        problems.append(ChainProblem(head.sequence, "the newest entries are missing"))
    return problems
