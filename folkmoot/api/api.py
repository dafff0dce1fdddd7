"""The public JSON API (django-ninja): read the directory, find by postcode, show support.

Reads are public and expose nothing personal. Writing support runs the same rules as the form
(services.record_support) and answers errors as JSON naming the fields. Every error, including
the ones django-ninja raises itself, has the one shape ``{"errors": {"field": ["message"]}}``
(``__all__`` when no single field is at fault).
"""

from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination, paginate
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from folkmoot.assemblies import services
from folkmoot.assemblies.forms import SupportForm
from folkmoot.assemblies.models import Assembly
from folkmoot.legitimacy.services import verdicts_for
from folkmoot.places.postcodes import InvalidPostcode, normalise_postcode, normalise_prefix

api = NinjaAPI(
    title="Folkmoot API",
    version="1.0.0",
    description="Public data about the network's People's Assemblies.",
    urls_namespace="api-1.0.0",
    # Swagger UI would otherwise show a badge fetched from validator.swagger.io: the docs load
    # everything from our own host.
    docs=Swagger(settings={"validatorUrl": None}),
)

# Where django-ninja says a bad value came from; the field name follows it.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _errors(request: HttpRequest, status: int, errors: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(request, {"errors": errors}, status=status)


@api.exception_handler(ValidationError)
def _invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Input that does not fit the schema: a 400 naming each field, like the form's errors."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        if location and location[0] in _SOURCES:
            source, location = location[0], location[1:]
            if source == "body" and location:
                location = location[1:]  # the view's argument name ("payload")
        field = location[0] if location else "__all__"
        errors.setdefault(field, []).append(error.get("msg", "This value is not valid."))
    return _errors(request, 400, errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _errors(request, exc.status_code, {"__all__": [str(exc)]})


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _errors(request, 404, {"__all__": ["Not found."]})


class Pages(PageNumberPagination):
    """Pages of 50 (``page_size`` up to 100); a page too far for the database is a 400.

    Each page's assemblies get their legitimacy worked out together, in a fixed number of
    queries, rather than one assembly at a time."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1)

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        result = super().paginate_queryset(queryset, pagination, request=request, **params)
        items = list(result[self.items_attribute])
        if items and isinstance(items[0], Assembly):
            verdicts = verdicts_for(items)
            for item in items:
                item.verdict = verdicts[item.pk]
        result[self.items_attribute] = items
        return result


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
    legitimacy: Literal["legitimate", "not_yet", "needs_data"] = Field(
        description="Computed from the assembly's own records: see /assemblies/{id}/legitimacy."
    )
    url: str

    @staticmethod
    def resolve_legitimacy(obj: Assembly) -> str:
        verdict = getattr(obj, "verdict", None)
        if verdict is None:
            verdict = verdicts_for([obj])[obj.pk]
        return str(verdict)

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
    q: str = Field("", description="Part of the assembly's or its area's name.")
    postcode: str = Field(
        "", description="A full postcode or its start: EH8 9YL, EH8 9, EH8 or EH."
    )
    theme: str = Field("", description="A theme's short name, such as health.")

    @field_validator("postcode")
    @classmethod
    def _postcode_prefix(cls, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return normalise_prefix(value)
        except InvalidPostcode as error:
            raise PydanticCustomError("postcode", str(error)) from error


class SupportIn(Schema):
    name: str
    email: str
    postcode: str
    comment: str = ""
    consent: bool
    assembly: int | None = None


class SupportOut(Schema):
    # Always the same, whether the email is new, waiting for confirmation or already counted:
    # anyone can type anyone's email, so the answer must not tell which.
    status: Literal["sent"]
    message: str


def _listing():
    return services.with_counts(Assembly.objects.all()).prefetch_related("area__postcodes")


@api.get(
    "/assemblies",
    response={200: list[AssemblyOut], 400: ErrorOut},
    summary="List and search assemblies",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_assemblies(request: HttpRequest, filters: Query[AssemblyFilters]):
    # A malformed postcode never gets here: the filters' validator answers 400 (see above).
    found = services.search_assemblies(
        text=filters.q.strip(), postcode_prefix=filters.postcode, theme_slug=filters.theme.strip()
    )
    return found.prefetch_related("area__postcodes")


@api.get(
    "/assemblies/{assembly_id}",
    response={200: AssemblyDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One assembly",
)
def get_assembly(request: HttpRequest, assembly_id: int):
    assembly = _listing().filter(pk=assembly_id).first()
    if assembly is None:
        return Status(404, {"errors": {"assembly_id": ["There is no assembly with that id."]}})
    return assembly


@api.get(
    "/find",
    response={200: list[AssemblyOut], 400: ErrorOut},
    summary="The assemblies covering a postcode (an empty list if there are none)",
)
def find(request: HttpRequest, postcode: str):
    try:
        normalised = normalise_postcode(postcode)
    except InvalidPostcode as error:
        return Status(400, {"errors": {"postcode": [str(error)]}})
    found = services.find_assemblies(normalised)
    ids = [assembly.pk for assembly in found.assemblies]
    by_id = _listing().in_bulk(ids)
    verdicts = verdicts_for(by_id.values())
    for assembly in by_id.values():
        assembly.verdict = verdicts[assembly.pk]
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
        return Status(
            429,
            {
                "errors": {
                    "__all__": ["Too many tries from your connection. Wait and try again later."]
                }
            },
        )
    assembly = None
    if payload.assembly is not None:
        assembly = Assembly.objects.filter(pk=payload.assembly).first()
        if assembly is None:
            return Status(404, {"errors": {"assembly": ["There is no assembly with that id."]}})
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
        return Status(
            400,
            {"errors": {field: [str(e) for e in errs] for field, errs in form.errors.items()}},
        )
    form.record(assembly)
    return Status(
        202,
        {
            "status": "sent",
            "message": "We sent an email with a link. The supporter is counted once they confirm.",
        },
    )


# Routers for the later parts of the domain, one module each.
from .legitimacy import router as legitimacy_router  # noqa: E402

api.add_router("", legitimacy_router)

from .meetings import router as meetings_router  # noqa: E402

api.add_router("", meetings_router)

from .decisions import router as decisions_router  # noqa: E402

api.add_router("", decisions_router)

from .councils import router as councils_router  # noqa: E402

api.add_router("", councils_router)

from .delegation import router as delegation_router  # noqa: E402

api.add_router("", delegation_router)
