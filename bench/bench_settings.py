"""Production settings plus the bare view's URL (bench/bare_view.py): for the benchmarks only.

Everything else is read from the environment exactly as in production (DEBUG off, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, CACHE_URL); ``bench/_server.py`` sets those.
"""

from folkmoot.settings import *  # noqa: F403

ROOT_URLCONF = "bare_view"
