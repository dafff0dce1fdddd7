"""Time each main page in-process, one request at a time, with its SQL queries and a profile.

For finding what makes a page slow on the large network (bench/http_load.py measures it under
load). Runs each page through Django's test client with production settings (DEBUG off):
the median time of a few requests after one warm-up, the number of queries and the time the
database took, and with ``--profile NAME`` the functions that took longest for that page.

Usage (DATABASE_URL pointing at a seeded network):
    python bench/profile_pages.py [--pages a,b] [--times 5] [--profile NAME] [--as EMAIL]
"""

# Runs this repository's own script with the same interpreter.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated names (default: all)")
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--profile", help="print the slowest functions of this page")
    parser.add_argument("--as", dest="email", help="signed in as this person")
    args = parser.parse_args(argv)

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    targets = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "_targets.py")],
            env=env,
            check=True,
            capture_output=True,
        ).stdout
    )
    from _server import production_env

    static = Path(tempfile.gettempdir()) / "folkmoot-profile-static"
    os.environ.update(
        production_env(os.environ["DATABASE_URL"], str(static), "locmemcache://profile")
    )
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # what building each page costs
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    if args.email:
        from folkmoot.accounts.models import User

        client.force_login(User.objects.get(email=args.email))
    names = args.pages.split(",") if args.pages else list(targets)
    for name in names:
        path = targets[name]
        client.get(path)  # warm-up
        spent = []
        for _ in range(args.times):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            spent.append((time.perf_counter() - start) * 1000)
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{name:24} {response.status_code} {statistics.median(spent):8.1f} ms "
            f"{len(queries):3} queries {db_ms:7.1f} ms in SQL {len(response.content) / 1024:7.1f}"
            f" KB  {path}",
            flush=True,
        )
        if name == args.profile:
            profile = cProfile.Profile()
            profile.enable()
            client.get(path)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]:
                print(q["time"], q["sql"][:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())
