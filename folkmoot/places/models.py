"""Areas: the places assemblies and councils cover, defined by postcode prefixes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A place. Areas nest: neighbourhoods sit in districts, districts in a city, and so on."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        DISTRICT = "district", _("Ward or district")
        CITY = "city", _("City or town")
        COUNTY = "county", _("County")
        REGION = "region", _("Region")
        NATION = "nation", _("Nation")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name for links"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    residents_estimate = models.PositiveIntegerField(
        _("estimated residents"), null=True, blank=True
    )
    households_estimate = models.PositiveIntegerField(
        _("estimated households"), null=True, blank=True
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [
            # The directory's choice of areas (all but neighbourhoods, by name), read from
            # the index alone rather than sorted from every area.
            models.Index(
                fields=["name", "slug"],
                condition=~models.Q(kind="neighbourhood"),
                name="area_choices",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Area"]:
        """The areas this one sits inside, nearest first."""
        found: list[Area] = []
        area = self.parent
        while area is not None and area not in found:
            found.append(area)
            area = area.parent
        return found


class AreaPostcode(models.Model):
    """One postcode district (``EH8``), sector (``EH8 9``) or unit (``EH8 9YL``) of an area."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="postcodes")
    prefix = models.CharField(_("postcode district, sector or unit"), max_length=8, db_index=True)

    class Meta:
        ordering = ["prefix"]
        constraints = [
            models.UniqueConstraint(fields=["area", "prefix"], name="area_postcode_once"),
        ]
        verbose_name = _("area postcode")
        verbose_name_plural = _("area postcodes")

    def __str__(self) -> str:
        return self.prefix


class PostcodeUnit(models.Model):
    """One full postcode in an area, for outreach coverage: coverage is the share of an area's
    units that outreach reached."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="units")
    unit = models.CharField(_("postcode"), max_length=8)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)

    class Meta:
        ordering = ["unit"]
        constraints = [
            models.UniqueConstraint(fields=["area", "unit"], name="area_unit_once"),
        ]
        verbose_name = _("postcode unit")
        verbose_name_plural = _("postcode units")

    def __str__(self) -> str:
        return self.unit
