"""Page weight: the bytes each main page costs a visitor, with everything it loads.

Builds the demo network (``seed_demo``) in a temporary SQLite database, serves it as
production does (gunicorn, DEBUG off, static files compressed by WhiteNoise, see
bench/_server.py), and loads each main page in headless Chromium (Playwright, a fresh browser
context per page, so nothing comes from the cache). For every response it adds Chromium's own
count of the bytes received (``encodedDataLength`` of ``Network.loadingFinished`` over the
DevTools protocol: compressed body plus response headers). Any request to a host other than
the site's is flagged and fails the page. Target: under 100 KB a page.

Usage: python bench/page_weight.py [--json FILE] [--chromium /usr/bin/chromium]
"""

# Benchmarks run fixed local tools (gunicorn, wrk, PostgreSQL clients) on local URLs.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import PYTHON, ROOT, Server, manage, production_env

TARGET_BYTES = 100 * 1024
PAGES = [
    "home",
    "directory",
    "find_by_postcode",
    "assembly",
    "legitimacy",
    "proposal",
    "vote_result_stv",
    "council",
    "council_question_trace",
    "confederation",
    "delegate",
]


def weigh(browser, base: str, path: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    statuses: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.update({e["requestId"]: e["request"]["url"]})
    )
    cdp.on(
        "Network.responseReceived",
        lambda e: statuses.update({e["requestId"]: e["response"]["status"]}),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.update({e["requestId"]: int(e["encodedDataLength"])}),
    )
    response = page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(200)
    context.close()
    host = urlsplit(base).netloc
    files = []
    for request_id, url in urls.items():
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue
        files.append(
            {
                "url": url if parts.netloc != host else parts.path,
                "bytes": sizes.get(request_id, 0),
                "status": statuses.get(request_id),
                "other_host": parts.netloc != host,
            }
        )
    total = sum(f["bytes"] for f in files)
    other = [f["url"] for f in files if f["other_host"]]
    return {
        "path": path,
        "status": response.status if response else None,
        "bytes": total,
        "requests": len(files),
        "other_hosts": other,
        "ok": total < TARGET_BYTES and not other and response is not None and response.ok,
        "files": files,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the figures to this JSON file")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="folkmoot-weight-") as tmp:
        database_url = f"sqlite:///{tmp}/demo.sqlite3"
        env = production_env(database_url, tmp)
        manage(env, "migrate", "-v0")
        manage(env, "seed_demo")
        targets = json.loads(
            subprocess.run(
                [PYTHON, "bench/_targets.py"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        results = {}
        with Server(database_url) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, headless=True)
            for name in PAGES:
                if name not in targets:
                    results[name] = {"path": None, "ok": False, "note": "no such page in the demo"}
                    continue
                results[name] = weigh(browser, server.base, targets[name])
            browser.close()

    lines = ["page_weight (demo network, headless Chromium, compressed bytes with everything):"]
    for name, r in results.items():
        if r.get("path") is None:
            lines.append(f"  {name:24} --        {r['note']}")
            continue
        flag = "ok" if r["ok"] else "OVER" if r["bytes"] >= TARGET_BYTES else "FAIL"
        extra = f"  other hosts: {', '.join(r['other_hosts'])}" if r["other_hosts"] else ""
        lines.append(
            f"  {name:24} {r['bytes'] / 1024:6.1f} KB  {r['requests']:2} requests  "
            f"HTTP {r['status']}  {flag}{extra}"
        )
    met = sum(1 for r in results.values() if r["ok"])
    lines.append(f"  {met} of {len(results)} pages under 100 KB with no other host")
    print("\n".join(lines))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        out = {"target_bytes": TARGET_BYTES, "pages": results, "summary": lines}
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
