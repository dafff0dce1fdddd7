"""Helpers for the accounts tests: signing up through allauth and reading what it emails."""

import re

import pytest
from django.core import mail

from folkmoot.assemblies.models import Supporter

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "another-long-passphrase"


def signup_data(**overrides) -> dict[str, str]:
    data = {
        "email": "robin@example.org",
        "display_name": "Robin",
        "postcode": "tb1 1aa",
        "password1": "correct-horse-battery",
        "password2": "correct-horse-battery",
    }
    data.update(overrides)
    return data


def last_email_to(address: str) -> mail.EmailMessage:
    sent = [m for m in mail.outbox if address in m.to]
    assert sent, f"no email was sent to {address}"
    return sent[-1]


def link_in(message: mail.EmailMessage, path_start: str) -> str:
    """The path of the first link in an email that starts with ``path_start``."""
    match = re.search(rf"http://testserver({re.escape(path_start)}\S*)", message.body)
    assert match, f"no link to {path_start} in:\n{message.body}"
    return match.group(1)


def code_in(message: mail.EmailMessage) -> str:
    """A sign-in code: the line of the email that is nothing but the code."""
    codes = re.findall(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", message.body, flags=re.MULTILINE)
    assert len(codes) == 1, f"expected one code in:\n{message.body}"
    return codes[0]


@pytest.fixture
def make_supporter(elm_park):
    """A confirmed supporter of Elm Park Assembly (or of another assembly, or of none)."""
    from django.utils import timezone

    def make(email: str, name: str = "A supporter", assembly=elm_park, **fields) -> Supporter:
        fields.setdefault("postcode", "TB1 1AB")
        fields.setdefault("postcode_sector", fields["postcode"][:5])
        fields.setdefault("confirmed_at", timezone.now())
        return Supporter.objects.create(
            name=name,
            email=email,
            assembly=assembly,
            area=assembly.area if assembly else None,
            consented_at=timezone.now(),
            **fields,
        )

    return make
