"""Serve the site as production does, for the benchmarks: gunicorn, DEBUG off, static files
collected and compressed by WhiteNoise, the bare view's URL added (bench/bench_settings.py).

Shared by bench/page_weight.py and bench/http_load.py.
"""

# Benchmarks run fixed local tools (gunicorn, wrk, PostgreSQL clients) on local URLs.
# ruff: noqa: S603, S607, S310

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = str(BIN / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


REDIS = "redis://127.0.0.1:6379/15"


def cache_url() -> str:
    """Redis, as production uses (docs/deploy.md), emptied first: a database of its own (15).
    Without Redis, a per-worker memory cache, and then anonymous pages are not shared
    (settings.PAGE_CACHE_SECONDS is 0 for a cache the workers do not share)."""
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
        return REDIS
    except (OSError, redis.exceptions.RedisError):
        return "locmemcache://bench"


def production_env(database_url: str, static_root: str, cache: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CACHE_URL=cache or cache_url(),
        STATIC_ROOT=static_root,
        # Production sits behind a TLS proxy; the benchmark speaks plain HTTP to gunicorn.
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
        LOG_LEVEL="ERROR",
    )
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=out)


class Server:
    """gunicorn on a free local port; use as a context manager."""

    def __init__(self, database_url: str, workers: int = 3, threads: int = 1):
        self.static = tempfile.mkdtemp(prefix="folkmoot-bench-static-")
        self.env = production_env(database_url, self.static)
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        manage(self.env, "collectstatic", "--noinput", "-v0")
        self.log = open(Path(self.static) / "gunicorn.log", "a")
        self.start()
        return self

    def page_cache_seconds(self) -> int:
        """How long the server shares anonymous pages (0: not shared), as its settings say."""
        out = subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from django.conf import settings as s; print(s.PAGE_CACHE_SECONDS)",
            ],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return int(out.split()[-1])

    def restart(self) -> None:
        """A fresh server: drops whatever requests are still queued."""
        self.stop()
        self.start()

    def start(self) -> None:
        command = [
            str(BIN / "gunicorn"),
            "folkmoot.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            "--preload",
            "--backlog=2048",
            "--timeout=120",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log.name}")
            try:
                urllib.request.urlopen(self.base + "/bench/bare/", timeout=5).read()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        self.stop()
        self.log.close()
        subprocess.run(["rm", "-rf", self.static], check=False)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            # SIGINT: gunicorn's quick shutdown, which stops workers even mid-request (SIGTERM
            # would wait for slow requests and leave orphaned workers if the master is killed).
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
