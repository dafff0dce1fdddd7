"""Production settings pass ``manage.py check --deploy`` with nothing to warn about.

CI runs the same check as a step; this test keeps it in the suite, so a settings change that
weakens production (a missing HSTS header, an insecure cookie) fails where it is made.
"""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def production_env(tmp_path) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "SECURE_", "SILENCED_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(64)),
        ALLOWED_HOSTS="folkmoot.example.org",
        CACHE_URL="locmemcache://folkmoot",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        FOLKMOOT_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="folkmoot.settings",
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert "System check identified no issues" in output, output


def test_static_files_collect_with_the_production_storage(tmp_path):
    """Whitenoise's manifest storage refuses a file that names another missing one (a vendor
    script's source map, say), and then a deploy cannot start: collect them as a deploy does."""
    env = production_env(tmp_path)
    env["STATIC_ROOT"] = str(tmp_path / "static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((tmp_path / "static").rglob("htmx.min.*.js"))
