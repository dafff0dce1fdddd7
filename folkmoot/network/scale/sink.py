"""Writing millions of rows quickly, with every database check still on.

Django's ``bulk_create`` spends about 100 µs a row in its insert compiler (measured on this
machine: 8,400 people a second on SQLite, 9,600 on PostgreSQL), which alone would take the
default network past ten minutes. So the generator:

- chooses the primary keys itself, counting on from each table's largest id (so rows can
  point at each other before they are written, and the same seed gives the same ids);
- builds plain tuples, and converts only the values that need it with Django's own adapters
  (dates and times, JSON, UUIDs);
- writes each batch with one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) on Django's
  connection.

Nothing is switched off: unique indexes and check constraints are checked as each row goes
in, and foreign keys (deferrable, as Django creates them) when each stage commits.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, models

# Callable defaults that give the same value every time, so a column may be left out.
_STEADY_DEFAULTS = (list, dict)


class Ids:
    """The next free id of each table, read once from the database."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int = 1) -> int:
        """Reserve ``count`` ids; returns the first."""
        if model not in self._next:
            largest = model.objects.aggregate(largest=models.Max("pk"))["largest"] or 0
            self._next[model] = largest + 1
        first = self._next[model]
        self._next[model] = first + count
        return first

    def used(self) -> list[type[models.Model]]:
        return list(self._next)


class Table:
    """One table's rows waiting to be written: ``add(*values)`` in the order of ``columns``
    (attribute names, ``person_id`` for a foreign key); other columns get their defaults."""

    def __init__(self, sink: Sink, model: type[models.Model], columns: list[str]) -> None:
        self.sink, self.model = sink, model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {unknown}")
        constants = []
        for attname, field in fields.items():
            if attname in columns:
                continue
            changing = callable(field.default) and field.default not in _STEADY_DEFAULTS
            if field.has_default() and changing:
                raise ValueError(f"{model.__name__}.{attname} needs a value from the seed")
            value = field.get_default()
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{attname} needs a value")
            constants.append((attname, value))
        self.columns = [*columns, *(name for name, _value in constants)]
        convert = [_converter(fields[name]) for name in self.columns]
        self.const = tuple(
            value if value is None or conv is None else conv(value)
            for (_name, value), conv in zip(constants, convert[len(columns) :], strict=True)
        )
        self.conv = [(i, conv) for i, conv in enumerate(convert[: len(columns)]) if conv]
        self.rows: list[tuple] = []
        self.sql_table = model._meta.db_table

    def add(self, *values) -> None:
        if self.conv:
            values = list(values)
            for index, conv in self.conv:
                if values[index] is not None:
                    values[index] = conv(values[index])
        self.rows.append((*values, *self.const))
        if len(self.rows) >= self.sink.batch:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.sink.write(self, self.rows)
            self.rows = []


def _converter(field: models.Field) -> Callable | None:
    """Django's own conversion of a value for the database, where one is needed."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: ops.adapt_json_value(value, field.encoder)
    if isinstance(field, models.UUIDField):
        return lambda value: field.get_db_prep_value(value, connection)
    return None


class Sink:
    """Where the tables write: counts rows and time per table."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.ids = Ids()
        self.rows: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.tables: dict[type[models.Model], Table] = {}

    def table(self, model: type[models.Model], columns: list[str]) -> Table:
        """The table for a model (one per model: its columns are fixed by the first call)."""
        found = self.tables.get(model)
        if found is None:
            found = self.tables[model] = Table(self, model, columns)
        elif found.columns[: len(columns)] != columns:
            raise ValueError(f"{model.__name__} is already written with other columns")
        return found

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    def write(self, table: Table, rows: list[tuple]) -> None:
        started = time.perf_counter()
        columns = ", ".join(connection.ops.quote_name(c) for c in _db_columns(table))
        name = connection.ops.quote_name(table.sql_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        label = table.model._meta.label
        self.rows[label] += len(rows)
        self.seconds[label] += time.perf_counter() - started

    def reset_sequences(self) -> None:
        """After writing ids by hand, PostgreSQL's sequences must continue after them (SQLite
        moves its AUTOINCREMENT counter on by itself)."""
        if connection.vendor != "postgresql":
            return
        statements = connection.ops.sequence_reset_sql(no_style(), self.ids.used())
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def refresh_statistics() -> None:
    """PostgreSQL plans queries from table statistics, which autovacuum has not gathered yet
    for tables filled a moment ago: without them the counting code's lookups scan whole
    tables. ANALYZE takes a sample, in well under a second."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _db_columns(table: Table) -> list[str]:
    fields = {f.attname: f for f in table.model._meta.concrete_fields}
    return [fields[name].column for name in table.columns]


def tune_connection() -> Callable[[], None]:
    """Settings for this connection only, while seeding; returns a function that restores
    them. SQLite: no fsync after each commit (synchronous=OFF) and a larger page cache.
    PostgreSQL: commits do not wait for the disk (synchronous_commit=off). A crash while
    seeding can lose the last commits, never corrupt the database; then drop it and seed
    again."""
    connection.ensure_connection()
    if connection.in_atomic_block:  # inside someone's transaction (tests): leave it be
        return lambda: None
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            (synchronous,) = cursor.fetchone()
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-65536")

            def restore() -> None:
                with connection.cursor() as again:
                    again.execute(f"PRAGMA synchronous={int(synchronous)}")
                    again.execute("PRAGMA cache_size=-2000")

            return restore
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")

            def restore_pg() -> None:
                with connection.cursor() as again:
                    again.execute("SET synchronous_commit = DEFAULT")

            return restore_pg
    return lambda: None
