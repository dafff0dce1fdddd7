import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "folkmoot.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Import every view (the URLs, the API's schemas) and read every language's catalogue at
    start-up, before gunicorn forks its workers (``--preload``): otherwise each worker's first
    request pays for it, about 0.4 s measured."""
    from django.conf import settings
    from django.db import connections
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018  (reading it imports every view)
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()
    # Workers forked from this process must not share a database connection opened here.
    connections.close_all()


_warm_up()
