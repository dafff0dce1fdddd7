"""The append-only audit record: every entry carries the hash of the one before it, so any
change to a past entry (or a removed one) breaks the chain and `verify_audit` finds it."""

from django.db import models


class Entry(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    kind = models.CharField(max_length=60, db_index=True)
    subject = models.CharField(max_length=80, db_index=True, help_text="e.g. vote:12")
    payload = models.JSONField()
    recorded_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind} {self.subject}"


class Head(models.Model):
    """One row, locked while an entry is appended, so two writers never fork the chain."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head at #{self.sequence}"
