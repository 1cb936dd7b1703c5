"""Membership, vetting and management pages. Each view's first line fetches and authorises
through groups/access.py; state changes go through groups/actions.py."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, actions
from .access import Need, Role
from .forms import (
    BanForm,
    DecisionForm,
    InvitationForm,
    JoinForm,
    LiftBanForm,
    ModeratorAddForm,
    MuteForm,
    QuestionsForm,
    RemoveForm,
    RoleForm,
    RulesForm,
)
from .models import Ban, Invitation, JoinRequest, Membership
from .standing import own_standing
from .standing_forms import StandingQuestionForm

User = get_user_model()
# The id of an invitation opened signed out; never the raw token (logs and session rows must not hold it).
INVITATION_SESSION_KEY = "invitation_id"


def _powers(st):
    """What the person may do in the group, from one standing (no more queries)."""
    return {need.value: access.refusal(st, need) is None for need in (Need.READ, Need.MODERATE, Need.MANAGE)}


def _home(group):
    return redirect("groups:group-home", group.slug)


def _refused_in_form(form, call):
    """Run an action; a refusal or bad input becomes a form error so nothing typed is lost."""
    try:
        return call()
    except (PermissionDenied, ValidationError) as exc:
        for message in getattr(exc, "messages", None) or [str(exc)]:
            form.add_error(None, message)
        return None


@login_required
def group_list(request):
    groups = access.visible_groups(request.user).annotate(member_count=Count("memberships"))
    roles = dict(Membership.objects.filter(user=request.user).values_list("group_id", "role"))
    pending = set(
        JoinRequest.objects.filter(user=request.user, status=JoinRequest.Status.PENDING).values_list(
            "group_id", flat=True
        )
    )
    rows = [(group, roles.get(group.pk), group.pk in pending) for group in groups]
    return render(request, "groups/group_list.html", {"rows": rows})


@login_required
def group_home(request, slug):
    group, st = access.access_group_standing(request.user, slug, Need.SEE)
    powers = _powers(st)
    context = {
        "group": group,
        "standing": st,
        "powers": powers,
        "rules": group.current_rules(),
        "member_count": group.memberships.count() if powers["read"] else None,
        "show_member_list": powers["moderate"] or (powers["read"] and group.members_see_member_list),
        "join_refusal": None if powers["read"] else actions.join_refusal(request.user, group),
    }
    if not powers["read"]:
        own = JoinRequest.objects.filter(group=group, user=request.user).order_by("-created_at")
        context["own_request"] = own.first()
    if st.membership and context["rules"]:
        context["rules_outdated"] = st.membership.rules_version_accepted < context["rules"].version
    return render(request, "groups/group_home.html", context)


@login_required
def group_rules(request, slug):
    group, st = access.access_group_standing(request.user, slug, Need.SEE)
    if request.method == "POST":
        actions.accept_rules(request.user, group)
        messages.success(request, _("Thank you. You accepted the current rules."))
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return _home(group)
    rules = group.current_rules()
    outdated = bool(st.membership and rules and st.membership.rules_version_accepted < rules.version)
    return render(
        request,
        "groups/group_rules.html",
        {"group": group, "rules": rules, "outdated": outdated, "next": request.GET.get("next", "")},
    )


@login_required
def join_request(request, slug):
    group, st = access.access_group_standing(request.user, slug, Need.SEE)
    if st.is_member or st.role == Role.STAFF:
        messages.info(request, _("You already have access to this group."))
        return _home(group)
    if st.role == Role.APPLICANT:
        own = JoinRequest.objects.get(group=group, user=request.user, status=JoinRequest.Status.PENDING)
        return redirect("groups:join-request-detail", group.slug, own.pk)
    if reason := actions.join_refusal(request.user, group):
        raise PermissionDenied(reason)
    form = JoinForm(request.POST or None, questions=group.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.create_join_request(request.user, group, form.answers())
        except ValidationError as exc:
            form.add_answer_errors(exc)
        else:
            messages.success(request, _("Thank you. A moderator will read your request, usually within a day."))
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
        done = _refused_in_form(form, lambda: actions.approve_join_request(request.user, join_request))
        note = _("%(name)s is now a member.")
    else:
        reason = form.cleaned_data["reason"]
        done = _refused_in_form(form, lambda: actions.decline_join_request(request.user, join_request, reason))
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
        link = settings.SITE_URL.rstrip("/") + reverse("groups:invitation-open", args=[token])
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


def invitation_open(request, token):
    if not request.user.is_authenticated:
        # The invitation's id (not the token) is kept through sign-up and e-mail confirmation, and
        # sign-in returns to a token-free address; the home page offers it again.
        invitation = access.find_invitation(token)
        if invitation is not None:
            request.session[INVITATION_SESSION_KEY] = invitation.pk
        return redirect(reverse("account_login") + "?" + urlencode({"next": reverse("groups:invitation-resume")}))
    return _invitation_page(request, access.access_invitation(request.user, token))


@login_required
def invitation_resume(request):
    """The invitation opened before signing in, from the id kept in the session."""
    invitation_id = request.session.get(INVITATION_SESSION_KEY)
    return _invitation_page(request, access.access_invitation_id(request.user, invitation_id))


def _invitation_page(request, invitation):
    group = invitation.group
    st = access.standing(request.user, group)
    if st.is_member or st.role == Role.STAFF:
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.info(request, _("You already have access to this group."))
        return _home(group)
    if (
        st.role == Role.APPLICANT
        and JoinRequest.objects.filter(
            group=group, user=request.user, status=JoinRequest.Status.PENDING, invitation__isnull=False
        ).exists()
    ):
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.info(request, _("You have already asked to join. Your request is waiting for a moderator."))
        return _home(group)
    if reason := actions.invitation_refusal(request.user, invitation):
        raise PermissionDenied(reason)
    form = JoinForm(request.POST or None, questions=group.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_join_request(request.user, group, form.answers(), invitation=invitation)
        except ValidationError as exc:
            form.add_answer_errors(exc)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "Thank you. A moderator will read your answers soon; you will get a notification when "
                    "they have decided. This page shows where your request stands."
                ),
            )
            return _home(group)  # the group's page shows the applicant their request
    context = {"group": group, "form": form, "rules": group.current_rules(), "invitation": invitation}
    return render(request, "groups/join_form.html", context)


# --- members ----------------------------------------------------------------------


@login_required
def member_list(request, slug):
    group, st = access.access_group_standing(request.user, slug, Need.READ)
    powers = _powers(st)
    if not group.members_see_member_list and not powers["moderate"]:
        raise PermissionDenied(_("In this group only the moderators see the member list."))
    members = group.memberships.select_related("user").order_by("joined_at")
    context = {"group": group, "members": members, "powers": powers}
    if powers["moderate"]:
        context["pending"] = group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")
    return render(request, "groups/member_list.html", context)


def _target(group, user_id):
    """A member of the group, or (for bans) someone who asked to join it."""
    return get_object_or_404(
        User.objects.filter(Q(memberships__group=group) | Q(join_requests__group=group)).distinct(), pk=user_id
    )


def _member_action(request, group, target, form, call, page):
    if request.method == "POST" and form.is_valid():
        _refused_in_form(form, call)
        if not form.errors:
            messages.success(request, page["done"] % {"name": target.display_name})
            return redirect("groups:member-list", group.slug)
    return render(request, "groups/member_action.html", {"group": group, "target": target, "form": form, **page})


@login_required
def member_remove(request, slug, user_id):
    group = access.access_group(request.user, slug, Need.MODERATE)
    target = _target(group, user_id)
    form = RemoveForm(request.POST or None)
    page = {
        "title": _("Remove %(name)s from the group") % {"name": target.display_name},
        "explanation": _("They lose access at once. They can ask to join again later."),
        "button": _("Remove"),
        "done": _("%(name)s was removed from the group."),
    }
    call = lambda: actions.remove_member(request.user, group, target, form.cleaned_data["reason"])  # noqa: E731
    return _member_action(request, group, target, form, call, page)


@login_required
def member_ban(request, slug, user_id):
    group = access.access_group(request.user, slug, Need.MODERATE)
    target = _target(group, user_id)
    form = BanForm(request.POST or None)
    page = {
        "title": _("Ban %(name)s from the group") % {"name": target.display_name},
        "explanation": _("They lose access at once and cannot ask to join again until the ban ends."),
        "button": _("Ban"),
        "done": _("%(name)s is banned from the group."),
    }
    call = lambda: actions.ban_member(  # noqa: E731
        request.user, group, target, form.cleaned_data["reason"], form.ends_at()
    )
    return _member_action(request, group, target, form, call, page)


@login_required
def member_mute(request, slug, user_id):
    group = access.access_group(request.user, slug, Need.MODERATE)
    target = _target(group, user_id)
    form = MuteForm(request.POST or None)
    page = {
        "title": _("Mute %(name)s") % {"name": target.display_name},
        "explanation": _("While muted they can read the group but cannot write."),
        "button": _("Save"),
        "done": _("The mute for %(name)s is saved."),
    }
    call = lambda: actions.mute_member(  # noqa: E731
        request.user, group, target, form.until(), form.cleaned_data["reason"]
    )
    return _member_action(request, group, target, form, call, page)


@login_required
def member_role(request, slug, user_id):
    group, st = access.access_group_standing(request.user, slug, Need.MANAGE)
    target = _target(group, user_id)
    staff = st.role == Role.STAFF
    form = RoleForm(request.POST or None, staff=staff)
    page = {
        "title": _("Role of %(name)s") % {"name": target.display_name},
        "explanation": _("Moderators vet requests, work the queue and manage members, rules and invitations."),
        "button": _("Save role"),
        "done": _("The role of %(name)s is saved."),
    }
    call = lambda: actions.set_member_role(request.user, group, target, form.cleaned_data["role"])  # noqa: E731
    return _member_action(request, group, target, form, call, page)


@login_required
def moderator_add(request, slug):
    group, st = access.access_group_standing(request.user, slug, Need.MANAGE)
    staff = st.role == Role.STAFF
    form = ModeratorAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        people = User.objects.filter(display_name__iexact=form.cleaned_data["pseudonym"], is_active=True)
        person = (people if staff else people.filter(memberships__group=group)).first()
        if person is None:
            form.add_error("pseudonym", _("No member of this group has this pseudonym. Check the spelling."))
        elif _refused_in_form(form, lambda: actions.set_member_role(request.user, group, person, "moderator")):
            messages.success(request, _("%(name)s is now a moderator.") % {"name": person.display_name})
            return redirect("groups:member-list", group.slug)
    return render(request, "groups/moderator_add.html", {"group": group, "form": form, "staff": staff})


BANS_ENDED_DAYS = 30  # ended or lifted bans stay on the list this long


def _render_bans(request, group, failed=None, form=None):
    """The ban list; `failed` is the ban whose lift form (`form`) came back with errors."""
    now = timezone.now()
    bans = group.bans.select_related("user", "banned_by").order_by("-created_at")
    recent = Q(lifted_at__gte=now - timedelta(days=BANS_ENDED_DAYS)) | Q(
        lifted_at__isnull=True, ends_at__gte=now - timedelta(days=BANS_ENDED_DAYS)
    )
    context = {
        "group": group,
        "active": bans.filter(Ban.active_q(now)),
        "ended": bans.exclude(Ban.active_q(now)).filter(recent)[:50],
        "ended_days": BANS_ENDED_DAYS,
        "failed": failed,
        "form": form,
    }
    return render(request, "groups/ban_list.html", context)


@login_required
@require_GET
def ban_list(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    return _render_bans(request, group)


@login_required
@require_POST
def ban_lift(request, slug, ban_id):
    group = access.access_group(request.user, slug, Need.MODERATE)
    ban = get_object_or_404(Ban.objects.select_related("user"), group=group, pk=ban_id)
    form = LiftBanForm(request.POST)
    lift = lambda: actions.lift_ban(request.user, ban, form.cleaned_data["reason"])  # noqa: E731
    if not (form.is_valid() and _refused_in_form(form, lift)):
        return _render_bans(request, group, failed=ban, form=form)
    messages.success(
        request, _("The ban on %(name)s is lifted. They can ask to join again.") % {"name": ban.user.display_name}
    )
    return redirect("groups:ban-list", group.slug)


@login_required
def group_leave(request, slug):
    group, st = access.access_group_standing(request.user, slug, Need.READ)
    if not st.is_member:
        raise PermissionDenied(_("You are not a member of this group, so there is nothing to leave."))
    if request.method == "POST":
        actions.leave_group(request.user, group)
        messages.success(
            request, _("You left %(group)s. You are welcome to ask to join again.") % {"group": group.name}
        )
        return redirect("groups:group-list")
    return render(request, "groups/group_leave.html", {"group": group})


# --- one's own standing ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_standing(request, slug):
    """A person's own mute, ban or removal: what, why, until when, and a question to the moderators.
    A banned person can open it; for everyone else it does not exist (access_own_sanction)."""
    group = access.access_own_sanction(request.user, slug)
    form = StandingQuestionForm(request.POST or None)
    ask = lambda: actions.ask_about_standing(request.user, group, form.cleaned_data["text"])  # noqa: E731
    if request.method == "POST" and form.is_valid() and _refused_in_form(form, ask):
        messages.success(request, _("Thank you. The group's moderators will read it."))
        return redirect("groups:my-standing", group.slug)
    own = own_standing(request.user, group)
    context = {"group": group, "own": own, "form": form, "rules": group.current_rules()}
    return render(request, "groups/my_standing.html", context, status=400 if form.errors else 200)


# --- rules and questions -----------------------------------------------------------


@login_required
def rules_edit(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    current = group.current_rules()
    form = RulesForm(request.POST or None, initial={"text": current.text if current else ""})
    publish = lambda: actions.publish_rules(request.user, group, form.cleaned_data["text"])  # noqa: E731
    if request.method == "POST" and form.is_valid() and _refused_in_form(form, publish):
        messages.success(request, _("The new rules are published. Members accept them before they write again."))
        return redirect("groups:group-rules", group.slug)
    return render(request, "groups/rules_edit.html", {"group": group, "form": form, "current": current})


@login_required
def questions_edit(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    initial = {f"question_{i}": q.text for i, q in enumerate(group.questions.all(), start=1)}
    form = QuestionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.set_questions(request.user, group, form.texts())
        messages.success(request, _("The questions are saved. New requests will use them."))
        return _home(group)
    return render(request, "groups/questions_edit.html", {"group": group, "form": form})
