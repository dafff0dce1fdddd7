"""Backing up the whole database and restoring it, on SQLite and PostgreSQL.

SQLite uses SQLite's own online backup (a consistent copy even while the site runs), so no
extra tool is needed. PostgreSQL uses pg_dump's custom format and pg_restore (the
postgresql-client package), which keep every table, sequence and constraint exactly. Both keep
primary keys, so the audit chain and every ballot come back identical.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups are made for SQLite and PostgreSQL, not {vendor}.")
    return vendor


def default_suffix() -> str:
    return ".sqlite3" if engine() == "sqlite" else ".dump"


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings.get(key):
            env[name] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(  # noqa: S603  (fixed argument list, no shell)
            command, env=_pg_env(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed. Install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)."
        ) from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def backup(path: Path) -> Path:
    """Write a backup of the database to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if engine() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={path}",
            connection.settings_dict["NAME"],
        ]
    )
    return path


def restore(path: Path) -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if engine() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            source.close()
            raise BackupError(f"{path} is not an SQLite backup.") from error
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()  # pg_restore drops and recreates the tables this connection may hold
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ]
    )
