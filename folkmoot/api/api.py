"""The public JSON API (django-ninja): read the directory, find by postcode, show support.

Reads are public and expose nothing personal. Writing support runs the same rules as the form
(services.record_support) and answers errors as JSON naming the fields.
"""

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_ratelimit.core import is_ratelimited
from ninja import NinjaAPI, Query, Schema
from ninja.pagination import PageNumberPagination, paginate

from folkmoot.assemblies import services
from folkmoot.assemblies.forms import SupportForm
from folkmoot.assemblies.models import Assembly
from folkmoot.places.postcodes import InvalidPostcode, normalise_postcode, normalise_prefix

api = NinjaAPI(
    title="Folkmoot API",
    version="1.0.0",
    description="Public data about the network's People's Assemblies.",
    urls_namespace="api-1.0.0",
)


class ThemeOut(Schema):
    name: str
    slug: str


class AreaOut(Schema):
    name: str
    slug: str
    kind: str
    postcodes: list[str]


class AssemblyOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    theme: ThemeOut | None
    area: AreaOut
    member_count: int
    url: str

    @staticmethod
    def resolve_area(obj: Assembly) -> dict:
        return {
            "name": obj.area.name,
            "slug": obj.area.slug,
            "kind": obj.area.kind,
            "postcodes": [p.prefix for p in obj.area.postcodes.all()],
        }

    @staticmethod
    def resolve_url(obj: Assembly) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class AssemblyDetailOut(AssemblyOut):
    about: str
    usual_meeting: str
    venue: str
    how_to_join: str
    supporter_count: int

    @staticmethod
    def resolve_supporter_count(obj: Assembly) -> int:
        return services.confirmed_supporter_count(obj)


class ErrorOut(Schema):
    errors: dict[str, list[str]]


class AssemblyFilters(Schema):
    q: str = ""
    postcode: str = ""
    theme: str = ""


class SupportIn(Schema):
    name: str
    email: str
    postcode: str
    comment: str = ""
    consent: bool
    assembly: int | None = None


class SupportOut(Schema):
    status: str
    message: str


def _listing():
    return services.with_counts(Assembly.objects.all()).prefetch_related("area__postcodes")


@api.get(
    "/assemblies",
    response={200: list[AssemblyOut], 400: ErrorOut},
    summary="List and search assemblies",
)
@paginate(PageNumberPagination, page_size=50)
def list_assemblies(request: HttpRequest, filters: Query[AssemblyFilters]):
    prefix = ""
    if filters.postcode:
        try:
            prefix = normalise_prefix(filters.postcode)
        except InvalidPostcode as error:
            return 400, {"errors": {"postcode": [str(error)]}}
    found = services.search_assemblies(
        text=filters.q.strip(), postcode_prefix=prefix, theme_slug=filters.theme.strip()
    )
    return found.prefetch_related("area__postcodes")


@api.get("/assemblies/{assembly_id}", response=AssemblyDetailOut, summary="One assembly")
def get_assembly(request: HttpRequest, assembly_id: int):
    return get_object_or_404(_listing(), pk=assembly_id)


@api.get(
    "/find",
    response={200: list[AssemblyOut], 400: ErrorOut},
    summary="The assemblies covering a postcode (an empty list if there are none)",
)
def find(request: HttpRequest, postcode: str):
    try:
        normalised = normalise_postcode(postcode)
    except InvalidPostcode as error:
        return 400, {"errors": {"postcode": [str(error)]}}
    found = services.find_assemblies(normalised)
    ids = [assembly.pk for assembly in found.assemblies]
    by_id = _listing().in_bulk(ids)
    return [by_id[pk] for pk in ids]


@api.post(
    "/supporters",
    response={202: SupportOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Show support for an assembly in your area (a confirmation email is sent)",
)
def create_supporter(request: HttpRequest, payload: SupportIn):
    if settings.RATELIMIT_ENABLE and is_ratelimited(
        request,
        group="support",
        key="ip",
        rate=settings.SUPPORT_FORM_RATE,
        method="POST",
        increment=True,
    ):
        return 429, {"errors": {"__all__": ["Too many tries from your connection. Wait an hour."]}}
    assembly = None
    if payload.assembly is not None:
        assembly = Assembly.objects.filter(pk=payload.assembly).first()
        if assembly is None:
            return 404, {"errors": {"assembly": ["There is no assembly with that id."]}}
    form = SupportForm(
        data={
            "name": payload.name,
            "email": payload.email,
            "postcode": payload.postcode,
            "comment": payload.comment,
            "consent": "on" if payload.consent else "",
        }
    )
    if not form.is_valid():
        return 400, {
            "errors": {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        }
    data = form.cleaned_data
    outcome = services.record_support(
        name=data["name"],
        email=data["email"],
        postcode=data["postcode"],
        comment=data["comment"],
        assembly=assembly,
    )
    return 202, {
        "status": outcome.result,
        "message": "We sent an email with a link. The supporter is counted once they confirm.",
    }
