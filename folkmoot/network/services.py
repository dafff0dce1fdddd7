"""Who the network trusts to organise it."""

from .models import Network
from .request_cache import remembered


def is_network_organiser(user) -> bool:
    """Network organisers see supporters in areas with no assembly yet, and get threshold emails."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return remembered(
        ("network_organiser", user.pk),
        lambda: Network.current().organisers.filter(pk=user.pk).exists(),
    )
