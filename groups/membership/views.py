"""Joining and vetting pages: the group list and home, rules, join requests, invitations.

Each view's first line fetches and authorises through groups/access; state changes go through
groups/membership/actions.py. Pages for managing the people inside are in manage_views.py.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peersupport.refusals import attempt

from .. import access
from ..access import Need, Role
from ..models import Invitation, JoinRequest
from . import actions, pending_invitation
from .forms import DecisionForm, InvitationForm, JoinForm

# The id of an invitation opened signed out; never the raw token (logs and session rows must not hold it).


def group_powers(st):
    """What the person may do in the group, from one standing (no more queries)."""
    return {need.value: st.refusal(need) is None for need in (Need.READ, Need.MODERATE, Need.MANAGE)}


def home(group):
    return redirect("groups:group-home", group.slug)


@login_required
def group_list(request):
    groups = access.with_member_counts(access.visible_groups(request.user))
    roles, pending = access.own_roles(request.user), access.pending_group_ids(request.user)
    rows = [(group, roles.get(group.pk), group.pk in pending) for group in groups]
    return render(request, "groups/group_list.html", {"rows": rows})


@login_required
def group_home(request, slug):
    st = access.access_standing(request.user, slug, Need.SEE)
    group = st.group
    powers = group_powers(st)
    context = {
        "group": group,
        "standing": st,
        "powers": powers,
        "rules": group.current_rules(),
        "member_count": access.member_count(group) if powers["read"] else None,
        "show_member_list": powers["moderate"] or (powers["read"] and group.members_see_member_list),
        "join_refusal": None if powers["read"] else actions.join_refusal(request.user, group),
        "professionals": [m.user for m in access.group_moderators(group) if m.user.is_professional],
    }
    if not powers["read"]:
        context["own_request"] = access.own_join_request(request.user, group)
    if st.membership and context["rules"]:
        context["rules_outdated"] = st.membership.rules_version_accepted < context["rules"].version
    return render(request, "groups/group_home.html", context)


@login_required
def group_rules(request, slug):
    st = access.access_standing(request.user, slug, Need.SEE)
    group = st.group
    if request.method == "POST":
        actions.accept_rules(request.user, group)
        messages.success(request, _("Thank you. You accepted the current rules."))
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return home(group)
    rules = group.current_rules()
    outdated = bool(st.membership and rules and st.membership.rules_version_accepted < rules.version)
    return render(
        request,
        "groups/group_rules.html",
        {"group": group, "rules": rules, "outdated": outdated, "next": request.GET.get("next", "")},
    )


@login_required
def join_request(request, slug):
    st = access.access_standing(request.user, slug, Need.SEE)
    group = st.group
    if st.is_member or st.role == Role.STAFF:
        messages.info(request, _("You already have access to this group."))
        return home(group)
    if st.role == Role.APPLICANT:
        own = access.own_join_request(request.user, group, pending=True)
        return redirect("groups:join-request-detail", group.slug, own.pk)
    if reason := actions.join_refusal(request.user, group):
        raise PermissionDenied(reason)
    form = JoinForm(request.POST or None, questions=group.questions_in())
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.create_join_request(request.user, group, form.answers())
        except ValidationError as exc:
            form.add_answer_errors(exc)
        else:
            messages.success(request, _("Thank you. Your request has been sent."))
            return redirect("groups:join-request-detail", group.slug, created.pk)
    return render(request, "groups/join_form.html", {"group": group, "form": form, "rules": group.current_rules()})


@login_required
def join_request_detail(request, slug, pk):
    join_request = access.access_join_request(request.user, slug, pk)
    return _render_request(request, join_request, DecisionForm())


def _render_request(request, join_request, form):
    group = join_request.group
    moderating = access.can(request.user, group, Need.MODERATE)
    context = {
        "group": group,
        "join_request": join_request,
        "moderating": moderating,
        "own": join_request.user_id == request.user.pk,
        "answers": join_request.answers.all() if moderating else (),
        "form": form if moderating and join_request.status == JoinRequest.Status.PENDING else None,
        "refusals": form.non_field_errors() if form.is_bound else (),
    }
    return render(request, "groups/join_request_detail.html", context)


@login_required
@require_POST
def join_request_withdraw(request, slug, pk):
    join_request = access.access_join_request(request.user, slug, pk)
    actions.withdraw_join_request(request.user, join_request)
    messages.success(request, _("Your request is withdrawn. You can ask again whenever you like."))
    return redirect("groups:group-list")


@login_required
@require_POST
def join_request_decide(request, slug, pk):
    join_request = access.access_join_request(request.user, slug, pk)
    access.check(request.user, join_request.group, Need.MODERATE)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_request(request, join_request, form)
    if form.cleaned_data["decision"] == "approve":
        done = attempt(lambda: actions.approve_join_request(request.user, join_request), form=form)
        note = _("%(name)s is now a member.")
    else:
        reason = form.cleaned_data["reason"]
        done = attempt(lambda: actions.decline_join_request(request.user, join_request, reason), form=form)
        note = _("The request from %(name)s is declined.")
    if done is None:
        return _render_request(request, join_request, form)
    messages.success(request, note % {"name": join_request.user.display_name})
    return redirect("groups:join-request-detail", join_request.group.slug, join_request.pk)


# --- invitations ------------------------------------------------------------------


@login_required
def invitation_list(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    invitations = group.invitations.select_related("created_by").order_by("-created_at")
    return render(request, "groups/invitation_list.html", {"group": group, "invitations": invitations})


@login_required
def invitation_create(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, token = actions.create_invitation(
            request.user, group, form.expires_at(), data["max_uses"], data["note"]
        )
        # The token travels in the fragment, which browsers never send: no server log, proxy or history
        # entry keeps it (the landing page posts it and takes it out of the address bar).
        link = settings.SITE_URL.rstrip("/") + reverse("groups:invitation-link") + "#" + token
        return render(
            request, "groups/invitation_created.html", {"group": group, "invitation": invitation, "link": link}
        )
    return render(request, "groups/invitation_form.html", {"group": group, "form": form})


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    group = access.access_group(request.user, slug, Need.MODERATE)
    invitation = get_object_or_404(Invitation, group=group, pk=pk)
    actions.revoke_invitation(request.user, invitation)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("groups:invitation-list", group.slug)


@require_http_methods(["GET", "POST"])
def invitation_link(request):
    """Where an invitation link lands: the page reads the token from the fragment and posts it here."""
    if request.method == "GET":
        return render(request, "groups/invitation_link.html")
    invitation = access.find_invitation(request.POST.get("token", "").strip().lstrip("#"))
    if invitation is None:
        error = _("This invitation link does not work. It may have expired: ask the person who sent it for a new one.")
        return render(request, "groups/invitation_link.html", {"error": error}, status=404)
    pending_invitation.remember(request.session, invitation)
    if not request.user.is_authenticated:
        return _sign_up_first(request)
    return redirect("groups:invitation-resume")


def _sign_up_first(request):
    """Someone with an invitation almost certainly has no account yet: sign-up first, sign-in one link away."""
    messages.info(
        request,
        _(
            "You were invited to join a group. Create an account first: your invitation is kept while you do, "
            "and you come back to it after confirming your e-mail. Already have an account? Sign in instead."
        ),
    )
    return redirect(reverse("account_signup") + "?" + urlencode({"next": reverse("groups:invitation-resume")}))


def invitation_open(request, token):
    """Links made before the token moved into the fragment."""
    if not request.user.is_authenticated:
        # The invitation's id (not the token) is kept through sign-up and e-mail confirmation, and
        # sign-in returns to a token-free address; the home page offers it again.
        invitation = access.find_invitation(token)
        if invitation is not None:
            pending_invitation.remember(request.session, invitation)
            return _sign_up_first(request)
        return redirect(reverse("account_login") + "?" + urlencode({"next": reverse("groups:invitation-resume")}))
    return _invitation_page(request, access.access_invitation(request.user, token))


@login_required
def invitation_resume(request):
    """The invitation opened before signing in, from the id kept in the session."""
    invitation_id = pending_invitation.kept(request.session)
    return _invitation_page(request, access.access_invitation_id(request.user, invitation_id))


def _invitation_page(request, invitation):
    group = invitation.group
    st = access.standing(request.user, group)
    if st.is_member or st.role == Role.STAFF:
        pending_invitation.forget(request.session)
        messages.info(request, _("You already have access to this group."))
        return home(group)
    pending = access.own_join_request(request.user, group, pending=True) if st.role == Role.APPLICANT else None
    if pending is not None and pending.invitation_id is not None:
        pending_invitation.forget(request.session)
        messages.info(request, _("You have already asked to join. Your request is waiting for a moderator."))
        return home(group)
    if reason := actions.invitation_refusal(request.user, invitation):
        raise PermissionDenied(reason)
    form = JoinForm(request.POST or None, questions=group.questions_in())
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_join_request(request.user, group, form.answers(), invitation=invitation)
        except ValidationError as exc:
            form.add_answer_errors(exc)
        else:
            pending_invitation.forget(request.session)
            messages.success(
                request,
                _(
                    "Thank you. A moderator will read your answers soon; you will get a notification when "
                    "they have decided. This page shows where your request stands."
                ),
            )
            return home(group)  # the group's page shows the applicant their request
    context = {"group": group, "form": form, "rules": group.current_rules(), "invitation": invitation}
    return render(request, "groups/join_form.html", context)
