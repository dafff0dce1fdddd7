"""Pages for joining and leaving assemblies, the member list, residency checks and roles.

The rules live in membership.py; these views parse input, call a rule, and say what happened.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import membership as rules
from .membership_forms import GrantRoleForm, RemoveMemberForm, VerifyResidencyForm
from .models import Assembly, Membership, Role
from .services import current_membership

MEMBERS_PER_PAGE = 100


def _assembly(slug: str) -> Assembly:
    return get_object_or_404(Assembly.objects.select_related("area", "theme"), slug=slug)


def _members_url(assembly: Assembly) -> str:
    return reverse("assemblies:members", kwargs={"slug": assembly.slug})


def _roles_url(assembly: Assembly) -> str:
    return reverse("assemblies:roles", kwargs={"slug": assembly.slug})


# --- Joining and leaving --------------------------------------------------------------------


@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """GET explains what joining means for you; POST (the one button) joins."""
    assembly = _assembly(slug)
    error = ""
    if request.method == "POST":
        try:
            membership = rules.join(request.user, assembly)
        except rules.NeedsPostcode as problem:
            messages.warning(request, str(problem))
            return redirect("assemblies:join", slug=assembly.slug)
        except rules.AlreadyMember as problem:
            messages.info(request, str(problem))
            return redirect(_members_url(assembly))
        except rules.ResidentElsewhere as problem:
            error = str(problem)
        else:
            messages.success(request, _joined_message(assembly, membership))
            return redirect(_members_url(assembly))
    user = request.user
    other = rules.resident_neighbourhood_membership(user, exclude=assembly)
    lives_here = rules.lives_in(user, assembly)
    context = {
        "assembly": assembly,
        "membership": current_membership(user, assembly),
        "needs_postcode": not user.postcode,
        "lives_here": lives_here,
        "resident_elsewhere": (
            other if lives_here and assembly.kind == Assembly.Kind.NEIGHBOURHOOD else None
        ),
        "own_neighbourhood": (
            None
            if lives_here or assembly.kind != Assembly.Kind.NEIGHBOURHOOD
            else rules.neighbourhood_assembly_for(user)
        ),
        "error": error,
    }
    return render(request, "assemblies/members/join.html", context, status=409 if error else 200)


def _joined_message(assembly: Assembly, membership: Membership) -> str:
    if membership.residency == Membership.Residency.SELF_DECLARED:
        return _(
            "Welcome to %(assembly)s. You are a member who lives here. At a meeting, a "
            "teller or organiser can check your address, so you count as a verified resident."
        ) % {"assembly": assembly.name}
    return _(
        "Welcome to %(assembly)s. You are a member. Your postcode is outside its area, so "
        "you are not counted as a resident. You can still come to meetings and help."
    ) % {"assembly": assembly.name}


@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(slug)
    if request.method == "POST":
        try:
            rules.leave(request.user, assembly)
        except rules.LastOrganiser as problem:
            messages.error(request, str(problem))
            return redirect(_roles_url(assembly))
        except rules.NotAMember as problem:
            messages.info(request, str(problem))
            return redirect(assembly)
        messages.success(
            request,
            _(
                "You have left %(assembly)s. You are not on its member list any more. "
                "You can join again at any time."
            )
            % {"assembly": assembly.name},
        )
        return redirect(assembly)
    return render(
        request,
        "assemblies/members/leave.html",
        {"assembly": assembly, "membership": current_membership(request.user, assembly)},
    )


# --- The member list ------------------------------------------------------------------------


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Members (and the people who run the assembly) see who is in it; others see counts."""
    assembly = _assembly(slug)
    counts = rules.member_counts(assembly)
    if not rules.can_see_members(request.user, assembly):
        return render(
            request,
            "assemblies/members/not_allowed.html",
            {"assembly": assembly, "counts": counts},
            status=403,
        )
    page = Paginator(rules.current_members(assembly), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assemblies/members/list.html",
        {
            "assembly": assembly,
            "counts": counts,
            "page": page,
            "rows": rules.member_rows(assembly, page.object_list, request.user),
            "can_verify": rules.can_verify(request.user, assembly),
            "can_manage": rules.can_manage(request.user, assembly),
            "my_membership": current_membership(request.user, assembly),
        },
    )


def _member(assembly: Assembly, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("person", "assembly", "residency_verified_by"),
        pk=membership_id,
        assembly=assembly,
        left_at__isnull=True,
    )


def _shown_name(request: HttpRequest, assembly: Assembly, membership: Membership) -> str:
    return rules.member_rows(assembly, [membership], request.user)[0].name


def _membership_action(request, slug, membership_id, *, allowed, form_class, act, done, template):
    """A form about one member (verify, remove): check who may, run the rule, say what happened.
    A rule that says no keeps the form, with its message, and changes nothing."""
    assembly = _assembly(slug)
    if not allowed(request.user, assembly):
        raise PermissionDenied
    membership = _member(assembly, membership_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(membership, request.user, form.cleaned_data)
        except rules.NotAllowed as problem:
            raise PermissionDenied(str(problem)) from problem
        except rules.MembershipError as problem:
            form.add_error(None, str(problem))
        else:
            names = {"name": _shown_name(request, assembly, membership), "assembly": assembly.name}
            messages.success(request, done % names)
            return redirect(_members_url(assembly))
    return render(
        request,
        template,
        {
            "assembly": assembly,
            "membership": membership,
            "name": _shown_name(request, assembly, membership),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def verify(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """A teller or organiser records that they saw proof a member lives here, and how."""
    return _membership_action(
        request,
        slug,
        membership_id,
        allowed=rules.can_verify,
        form_class=VerifyResidencyForm,
        act=lambda m, by, data: rules.verify_residency(m, by=by, method=data["method"]),
        done=_(
            "%(name)s is now a verified resident of %(assembly)s. They count as a "
            "local resident when they come to meetings."
        ),
        template="assemblies/members/verify.html",
    )


@login_required
def remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """An organiser removes a member and says why. The record is kept."""
    return _membership_action(
        request,
        slug,
        membership_id,
        allowed=rules.can_manage,
        form_class=RemoveMemberForm,
        act=lambda m, by, data: rules.remove(m, by=by, reason=data["reason"]),
        done=_(
            "%(name)s is no longer a member of %(assembly)s, and any roles they had "
            "have ended. The reason is kept with the record. They can join again later."
        ),
        template="assemblies/members/remove.html",
    )


# --- Roles ----------------------------------------------------------------------------------


@login_required
def roles(request: HttpRequest, slug: str) -> HttpResponse:
    """Who does what. Organisers give roles here."""
    assembly = _assembly(slug)
    can_manage = rules.can_manage(request.user, assembly)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    if not (can_manage or rules.can_see_members(request.user, assembly)):
        raise PermissionDenied
    form = GrantRoleForm(request.POST or None, assembly=assembly) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = data["membership"].person
        try:
            role = rules.grant_role(
                assembly,
                person,
                data["kind"],
                by=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except rules.NotAllowed as problem:
            raise PermissionDenied(str(problem)) from problem
        except rules.MembershipError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _(
                    "%(name)s is now a %(role)s of %(assembly)s. They can see the pages for "
                    "that job from the day it starts."
                )
                % {
                    "name": person.public_name,
                    "role": role.get_kind_display().lower(),
                    "assembly": assembly.name,
                },
            )
            return redirect(_roles_url(assembly))
    return render(
        request,
        "assemblies/members/roles.html",
        {
            "assembly": assembly,
            "current": _named_roles(request, assembly, rules.current_roles(assembly)),
            "past": _named_roles(request, assembly, rules.past_roles(assembly)[:50]),
            "can_manage": can_manage,
            "form": form,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


def _named_roles(request: HttpRequest, assembly: Assembly, roles) -> list[tuple[Role, str]]:
    """Roles with their holder's name as this viewer may see it.

    Roles are public jobs inside the assembly, but a name hidden from members stays hidden
    from members who do not run the assembly.
    """
    sees_hidden = rules.sees_hidden_names(request.user, assembly)
    named = []
    for role in roles:
        named.append((role, rules.shown_name(role.person, request.user, sees_hidden=sees_hidden)))
    return named


@login_required
def role_end(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    assembly = _assembly(slug)
    if not rules.can_manage(request.user, assembly):
        raise PermissionDenied
    role = get_object_or_404(
        Role.objects.select_related("person", "assembly"), pk=role_id, assembly=assembly
    )
    if request.method == "POST":
        try:
            ended = rules.end_role(role, by=request.user)
        except rules.NotAllowed as problem:
            raise PermissionDenied(str(problem)) from problem
        except rules.MembershipError as problem:
            messages.error(request, str(problem))
            return redirect(_roles_url(assembly))
        details = {
            "name": role.person.public_name,
            "role": role.get_kind_display().lower(),
            "assembly": assembly.name,
        }
        if ended.cancelled:
            message = _(
                "%(name)s will not be a %(role)s of %(assembly)s: the role had not started, "
                "so it is taken away."
            )
        else:
            message = _(
                "%(name)s is no longer a %(role)s of %(assembly)s. Their time in the role is "
                "kept in the list of past roles."
            )
        messages.success(request, message % details)
        return redirect(_roles_url(assembly))
    ended = role.ends_on is not None and role.ends_on < timezone.localdate()
    return render(
        request,
        "assemblies/members/role_end.html",
        {"assembly": assembly, "role": role, "ended": ended},
    )
