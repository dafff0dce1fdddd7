"""Production settings plus the bare view's URL (bench/bare_view.py): for the benchmarks only.

Everything else is read from the environment exactly as in production (DEBUG off, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, CACHE_URL); ``bench/_server.py`` sets those.
"""

from folkmoot.settings import *  # noqa: F403

ROOT_URLCONF = "bare_view"

# collectstatic with the production storage (CompressedManifestStaticFilesStorage) fails today:
# folkmoot/vendor/leaflet/leaflet.js names a source map (leaflet.js.map) that is not in the
# repository. Until that is fixed, serve the same files compressed without hashed names; the
# bytes sent are the same.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
