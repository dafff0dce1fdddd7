"""Shared pieces for the property tests: hostile text, the "nothing saved" check and the list of
Django's generic messages that say nothing about how to fix the input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from folkmoot.audit.models import Entry

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

SAMPLES = [
    "",
    " ",
    "\t\n \r",
    "\x00",
    "a\x00b",
    "\u200b",
    "\u202eevil",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "'; DROP TABLE users; --",
    "-1",
    "0",
    "1e309",
    "NaN",
    "None",
    "\U0001d518\U0001d52b\U0001d526 \U0001f642",
    "Zoë Ó'Brien-Łukasz",
]

# Text a browser, a bot or a script could send: short, huge, unicode, control characters.
hostile_text = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.builds(
        lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(100, 3000)
    ),
)

# Anything JSON could carry, for services fed by the API.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=8,
)

# Django's own messages: true, but they do not say what to fix in this project's words.
GENERIC_STARTS = (
    "This field is required.",
    "Enter a valid value.",
    "Enter a whole number.",
    "Enter a number.",
    "Enter a valid date",
    "Enter a valid time",
    "Enter a valid email address.",
    "Null characters are not allowed.",
    "Select a valid choice.",
    "Ensure this value",
    "Ensure that there are no more than",
)
generic_seen: dict[tuple[str, str], set[str]] = {}


def note_generic(where: str, field: str, message: str) -> None:
    for start in GENERIC_STARTS:
        if message.startswith(start):
            generic_seen.setdefault((where, field), set()).add(start)


def check_errors(form) -> None:
    """Every error is non-empty plain text; generic Django wording is noted, not failed."""
    assert form.errors, "a refused form must say why"
    for field, messages in form.errors.items():
        for message in messages:
            assert isinstance(message, str), (field, message)
            assert message.strip(), (field, message)
            note_generic(type(form).__name__, field, message)


def check_message(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error)
    message = str(message)
    assert message.strip(), f"{type(error).__name__} without a message"
    assert not message.startswith(("<", "Traceback")), message
    return message


def snapshot() -> tuple:
    """Row counts of every table and the audit chain's head, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if not model._meta.proxy and model._meta.managed
        }
    )
    quote = connection.ops.quote_name
    # Table names come from the models, not from input.
    counts_sql = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    sql = f"SELECT {counts_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    last = Entry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return tuple(zip(tables, counts, strict=True)), last


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one example and undo what it wrote, so examples do not see each other's rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def fits(model, field: str, value) -> None:
    """A saved text value respects its model field's length."""
    limit = model._meta.get_field(field).max_length
    if limit is not None and value is not None:
        assert len(value) <= limit, (model.__name__, field, len(value), limit)
