"""The audit chain, written in bulk: the entries the real code would have recorded for what the
generator makes (proposal moves, votes opened, ballots cast, room counts, votes closed,
elections, mandates, appointments, council meetings), hashed exactly as
``folkmoot.audit.services.record`` hashes them, so ``manage.py verify_audit`` checks them like
any other entries.

Each entry carries the time of the event it records. Entries follow the order the generator
makes things in (assembly by assembly), so times go back and forth across assemblies; within
one vote or proposal they are in order.
"""

from __future__ import annotations

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder

from folkmoot.audit.models import Entry, Head
from folkmoot.audit.services import GENESIS, entry_hash

from .sink import Sink

UTC = datetime.UTC


class Chain:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        head = Head.objects.filter(pk=1).first()
        self.sequence = head.sequence if head else 0
        self.previous = head.hash if head else GENESIS
        self.table = sink.table(
            Entry,
            [
                "id",
                "sequence",
                "kind",
                "subject",
                "payload",
                "recorded_at",
                "previous_hash",
                "hash",
            ],
        )

    def add(self, kind: str, subject: str, payload: dict, at: datetime.datetime) -> None:
        """Append one entry, as ``record(kind, subject, payload)`` would have at ``at``."""
        payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
        recorded_at = at.astimezone(UTC).replace(microsecond=0)
        self.sequence += 1
        digest = entry_hash(self.previous, self.sequence, kind, subject, payload, recorded_at)
        self.table.add(
            self.sink.ids.take(Entry),
            self.sequence,
            kind,
            subject,
            payload,
            recorded_at,
            self.previous,
            digest,
        )
        self.previous = digest

    def save_head(self) -> None:
        """Move the head to the last entry, so the real code's next entry follows it."""
        self.table.flush()
        Head.objects.update_or_create(
            pk=1, defaults={"sequence": self.sequence, "hash": self.previous}
        )
