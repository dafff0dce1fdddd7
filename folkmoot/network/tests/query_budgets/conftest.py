"""The pages of a test module are measured together, once (see budget.py)."""

import pytest

from .budget import measure_all


def _pages(params):
    for param in params:
        yield param.values[0] if hasattr(param, "values") else param


@pytest.fixture(scope="module")
def measured(request, django_db_setup, django_db_blocker):
    """{page name: Measured} for every page in the module's ``PAGES``."""
    with django_db_blocker.unblock():
        return measure_all(_pages(request.module.PAGES))
