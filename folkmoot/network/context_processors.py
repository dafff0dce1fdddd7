from django.conf import settings

from .models import Network


def network(request):
    """The network's name for every page's header and title."""
    return {"network": Network.current(), "site_url": settings.SITE_URL}
