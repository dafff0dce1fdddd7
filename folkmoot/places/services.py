"""Which areas cover a postcode."""

from .models import Area, AreaPostcode
from .postcodes import postcode_prefixes


def areas_covering(postcode: str) -> list[Area]:
    """Every area that covers a normalised postcode, most specific first.

    The areas named by the postcode's most specific matching prefix come first, then areas
    matched by broader prefixes, then the areas all of those sit inside.
    """
    prefixes = postcode_prefixes(postcode)
    rank = {prefix: index for index, prefix in enumerate(prefixes)}
    matches = sorted(
        AreaPostcode.objects.filter(prefix__in=prefixes).select_related("area"),
        key=lambda row: (rank[row.prefix], row.area.name),
    )
    found: list[Area] = []
    for row in matches:
        if row.area not in found:
            found.append(row.area)
    for area in list(found):
        for ancestor in area.ancestors():
            if ancestor not in found:
                found.append(ancestor)
    return found


def neighbourhood_for(postcode: str) -> Area | None:
    """The most specific neighbourhood area covering a postcode, if any."""
    for area in areas_covering(postcode):
        if area.kind == Area.Kind.NEIGHBOURHOOD:
            return area
    return None
