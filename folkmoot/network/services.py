"""Who the network trusts to organise it."""

from .models import Network


def is_network_organiser(user) -> bool:
    """Network organisers see supporters in areas with no assembly yet, and get threshold emails."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Network.current().organisers.filter(pk=user.pk).exists()
