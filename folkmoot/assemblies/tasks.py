"""Emails about support, sent in the background so a slow mail server never slows a page."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from folkmoot.network.models import Network

from .models import Supporter, SupportThresholdNotice


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@task()
def send_support_confirmation(supporter_id: int) -> None:
    """Email the confirmation link (or, if already counted, say so) with a way to be removed."""
    supporter = Supporter.objects.select_related("assembly", "area").filter(pk=supporter_id).first()
    if supporter is None:  # removed before the worker got to it
        return
    context = {
        "supporter": supporter,
        "network": Network.current(),
        "confirm_url": _absolute(reverse("assemblies:support_confirm", args=[supporter.token])),
        "remove_url": _absolute(reverse("assemblies:support_remove", args=[supporter.token])),
        "place": supporter.assembly or supporter.area or supporter.postcode_sector,
    }
    template = (
        "assemblies/email/support_already_confirmed"
        if supporter.confirmed_at
        else "assemblies/email/support_confirm"
    )
    send_mail(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        message=render_to_string(f"{template}.txt", context),
        from_email=None,
        recipient_list=[supporter.email],
    )


@task()
def send_threshold_notice(notice_id: int) -> None:
    """Tell the network organisers an area with no assembly has reached the threshold."""
    notice = SupportThresholdNotice.objects.select_related("area").get(pk=notice_id)
    network = Network.current()
    recipients = [person.email for person in network.organisers.filter(is_active=True)]
    if network.contact_email:
        recipients.append(network.contact_email)
    if not recipients:
        return
    context = {
        "notice": notice,
        "network": network,
        "place": notice.area or notice.postcode_sector,
        "supporters_url": _absolute(reverse("assemblies:gatherings")),
    }
    send_mail(
        subject=render_to_string("assemblies/email/threshold_reached_subject.txt", context).strip(),
        message=render_to_string("assemblies/email/threshold_reached.txt", context),
        from_email=None,
        recipient_list=sorted(set(recipients)),
    )


@task()
def send_new_organiser_welcome(assembly_id: int, person_id: int) -> None:
    """Tell the first organiser of a new assembly what they can do now."""
    from folkmoot.accounts.models import User

    from .models import Assembly

    assembly = Assembly.objects.filter(pk=assembly_id).first()
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if assembly is None or person is None:
        return
    context = {
        "assembly": assembly,
        "person": person,
        "network": Network.current(),
        "assembly_url": _absolute(assembly.get_absolute_url()),
        "help_url": _absolute(reverse("network:help_page", args=["organisers"])),
    }
    send_mail(
        subject=render_to_string("assemblies/email/new_organiser_subject.txt", context).strip(),
        message=render_to_string("assemblies/email/new_organiser.txt", context),
        from_email=None,
        recipient_list=[person.email],
    )
