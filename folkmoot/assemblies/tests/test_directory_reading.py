"""How the directory reads the network quickly without changing what it shows: the area
drop-down written out directly, the search on each name, a stable order for equal names."""

import re

import pytest
from django import forms
from django.urls import reverse

from folkmoot.assemblies.forms import DirectorySearchForm, LongSelect
from folkmoot.assemblies.models import Assembly
from folkmoot.places.models import Area

URL = reverse("assemblies:directory")

CHOICES = [
    ("", "Anywhere"),
    ("east", "East <Testbury>"),
    ("quote", "Say \"hello\" & 'bye'"),
    ("east", "East again"),
    (None, "Nothing"),
]


@pytest.mark.parametrize("value", [None, "", "east", "quote", ["east"], "missing"])
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_area"},
        {"id": "id_area", "required": True, "disabled": False, "aria-invalid": "true"},
        {"data-x": "<&>"},
    ],
)
def test_long_select_writes_what_django_writes(value, attrs):
    django_select = forms.Select(choices=CHOICES)
    long_select = LongSelect(choices=CHOICES)
    assert long_select.render("area", value, attrs) == django_select.render("area", value, attrs)


def test_grouped_choices_are_left_to_django():
    grouped = [("Cities", [("a", "A"), ("b", "B")]), ("c", "C")]
    assert LongSelect(choices=grouped).render("area", "b") == forms.Select(choices=grouped).render(
        "area", "b"
    )


def test_area_and_theme_choices_are_the_same_as_a_model_choice_fields(city, testbury_health):
    form = DirectorySearchForm({"area": "east-testbury", "theme": "health"})
    assert form.is_valid()
    assert form.cleaned_data["area"] == Area.objects.get(slug="east-testbury")
    assert form.cleaned_data["theme"].slug == "health"
    plain = DirectorySearchForm({"area": "east-testbury", "theme": "health"})
    plain.fields["area"] = forms.ModelChoiceField(
        label="Area",
        queryset=plain.fields["area"].queryset,
        required=False,
        to_field_name="slug",
        empty_label="Anywhere",
    )
    plain.fields["theme"] = forms.ModelChoiceField(
        label="Theme",
        queryset=plain.fields["theme"].queryset,
        required=False,
        to_field_name="slug",
        empty_label="Any",
    )
    assert [str(field) for field in form] == [str(field) for field in plain]


def test_an_unknown_area_is_refused_as_before(city):
    form = DirectorySearchForm({"area": "nowhere"})
    assert not form.is_valid()
    assert "area" in form.errors


def _names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/assemblies/([^/]+)/">', html)


def test_search_finds_an_assembly_by_its_name_or_its_areas_once(client, city):
    area = Area.objects.get(slug="elm-park")
    Assembly.objects.create(name="Elm Park Gardeners", slug="gardeners", area=area)
    Assembly.objects.create(name="Riverside Gardeners", slug="riverside", area=area)
    # "Elm Park" is in the first one's name and in both areas' name: each is listed once.
    html = client.get(URL, {"q": "elm park"}).content.decode()
    found = _names(html)
    assert "gardeners" in found
    assert "riverside" in found
    assert len(found) == len(set(found))


def test_assemblies_of_the_same_name_keep_one_order_across_pages(client, city):
    area = Area.objects.get(slug="elm-park")
    Assembly.objects.bulk_create(
        [Assembly(name="Same Name Assembly", slug=f"same-{n}", area=area) for n in range(30)]
    )
    first = _names(client.get(URL).content.decode())
    second = _names(client.get(URL, {"page": 2}).content.decode())
    same = [slug for slug in first + second if slug.startswith("same-")]
    oldest_first = list(
        Assembly.objects.filter(slug__startswith="same-")
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    assert same == oldest_first
