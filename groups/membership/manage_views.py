"""Pages for managing the people of a group: the member list, roles, mutes, bans, removals, leaving,
one's own standing, the rules and the membership questions.

Each view's first line fetches and authorises through groups/access; state changes go through
groups/membership/members.py.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import ignoring
from peersupport.refusals import attempt

from .. import access
from ..access import Need, Role
from ..models import Ban
from . import members
from .forms import (
    BanForm,
    LiftBanForm,
    ModeratorAddForm,
    MuteForm,
    QuestionsForm,
    RemoveForm,
    RoleForm,
    RulesForm,
    StandingQuestionForm,
    field_suffix,
)
from .views import group_powers, home


@login_required
def member_list(request, slug):
    st = access.access_standing(request.user, slug, Need.READ)
    group = st.group
    powers = group_powers(st)
    if not group.members_see_member_list and not powers["moderate"]:
        raise PermissionDenied(_("In this group only the moderators see the member list."))
    context = {
        "group": group,
        "members": access.group_members(group),
        "powers": powers,
        "ignored": ignoring.ignored_ids(request.user),
    }
    if powers["moderate"]:
        context["pending"] = access.pending_requests(group)
    return render(request, "groups/member_list.html", context)


@dataclass(frozen=True)
class MemberAct:
    """One thing a moderator does to one person, as a row of MEMBER_ACTS (the URL names the row)."""

    need: Need
    form: object  # (data, standing) -> the bound or unbound form
    run: object  # (actor, group, person, cleaned form) -> the action's result
    title: str
    explanation: str
    button: str
    done: str


MEMBER_ACTS = {
    "remove": MemberAct(
        Need.MODERATE,
        lambda data, st: RemoveForm(data),
        lambda actor, group, person, form: members.remove_member(actor, group, person, form.cleaned_data["reason"]),
        gettext_lazy("Remove %(name)s from the group"),
        gettext_lazy("They lose access at once. They can ask to join again later."),
        gettext_lazy("Remove"),
        gettext_lazy("%(name)s was removed from the group."),
    ),
    "ban": MemberAct(
        Need.MODERATE,
        lambda data, st: BanForm(data),
        lambda actor, group, person, form: members.ban_member(
            actor, group, person, form.cleaned_data["reason"], form.ends_at()
        ),
        gettext_lazy("Ban %(name)s from the group"),
        gettext_lazy("They lose access at once and cannot ask to join again until the ban ends."),
        gettext_lazy("Ban"),
        gettext_lazy("%(name)s is banned from the group."),
    ),
    "mute": MemberAct(
        Need.MODERATE,
        lambda data, st: MuteForm(data),
        lambda actor, group, person, form: members.mute_member(
            actor, group, person, form.until(), form.cleaned_data["reason"]
        ),
        gettext_lazy("Mute %(name)s"),
        gettext_lazy("While muted they can read the group but cannot write."),
        gettext_lazy("Save"),
        gettext_lazy("The mute for %(name)s is saved."),
    ),
    "role": MemberAct(
        Need.MANAGE,
        lambda data, st: RoleForm(data, staff=st.role == Role.STAFF),
        lambda actor, group, person, form: members.set_member_role(actor, group, person, form.cleaned_data["role"]),
        gettext_lazy("Role of %(name)s"),
        gettext_lazy("Moderators vet requests, work the queue and manage members, rules and invitations."),
        gettext_lazy("Save role"),
        gettext_lazy("The role of %(name)s is saved."),
    ),
}


@login_required
def member_act(request, slug, user_id, act):
    """Remove, ban, mute or set the role of one person (the row `act` of MEMBER_ACTS)."""
    row = MEMBER_ACTS[act]
    st = access.access_standing(request.user, slug, row.need)
    group, person = st.group, access.group_person(st, user_id)
    form = row.form(request.POST or None, st)
    if request.method == "POST" and form.is_valid():
        attempt(lambda: row.run(request.user, group, person, form), form=form)
        if not form.errors:
            messages.success(request, row.done % {"name": person.display_name})
            return redirect("groups:member-list", group.slug)
    page = {
        "title": row.title % {"name": person.display_name},
        "explanation": row.explanation,
        "button": row.button,
    }
    return render(request, "groups/member_action.html", {"group": group, "target": person, "form": form, **page})


@login_required
def moderator_add(request, slug):
    st = access.access_standing(request.user, slug, Need.MANAGE)
    group = st.group
    staff = st.role == Role.STAFF
    form = ModeratorAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = access.member_by_pseudonym(st, form.cleaned_data["pseudonym"])
        if person is None:
            form.add_error("pseudonym", _("No member of this group has this pseudonym. Check the spelling."))
        elif attempt(lambda: members.set_member_role(request.user, group, person, "moderator"), form=form):
            messages.success(request, _("%(name)s is now a moderator.") % {"name": person.display_name})
            return redirect("groups:member-list", group.slug)
    return render(request, "groups/moderator_add.html", {"group": group, "form": form, "staff": staff})


BANS_ENDED_DAYS = 30  # ended or lifted bans stay on the list this long


def _render_bans(request, group, failed=None, form=None):
    """The ban list; `failed` is the ban whose lift form (`form`) came back with errors."""
    now = timezone.now()
    bans = access.bans_of(group)
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
    ban = access.access_ban(request.user, slug, ban_id)
    group = ban.group
    form = LiftBanForm(request.POST)
    lift = lambda: members.lift_ban(request.user, ban, form.cleaned_data["reason"])  # noqa: E731
    if not (form.is_valid() and attempt(lift, form=form)):
        return _render_bans(request, group, failed=ban, form=form)
    messages.success(
        request, _("The ban on %(name)s is lifted. They can ask to join again.") % {"name": ban.user.display_name}
    )
    return redirect("groups:ban-list", group.slug)


@login_required
def group_leave(request, slug):
    st = access.access_standing(request.user, slug, Need.READ)
    group = st.group
    if not st.is_member:
        raise PermissionDenied(_("You are not a member of this group, so there is nothing to leave."))
    if request.method == "POST":
        members.leave_group(request.user, group)
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
    ask = lambda: members.ask_about_standing(request.user, group, form.cleaned_data["text"])  # noqa: E731
    if request.method == "POST" and form.is_valid() and attempt(ask, form=form):
        messages.success(request, _("Thank you. The group's moderators will read it."))
        return redirect("groups:my-standing", group.slug)
    own = access.own_standing(request.user, group)
    context = {"group": group, "own": own, "form": form, "rules": group.current_rules()}
    return render(request, "groups/my_standing.html", context, status=400 if form.errors else 200)


# --- rules and questions -----------------------------------------------------------


@login_required
def rules_edit(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    current = group.current_rules()
    texts = group.current_rules_texts()
    initial = {"text" + field_suffix(group.languages, lang): text for lang, text in texts.items()}
    form = RulesForm(request.POST or None, initial=initial, languages=group.languages)
    publish = lambda: members.publish_rules(request.user, group, form.texts())  # noqa: E731
    if request.method == "POST" and form.is_valid() and attempt(publish, form=form):
        messages.success(request, _("The new rules are published. Members accept them before they write again."))
        return redirect("groups:group-rules", group.slug)
    return render(request, "groups/rules_edit.html", {"group": group, "form": form, "current": current})


@login_required
def questions_edit(request, slug):
    group = access.access_group(request.user, slug, Need.MODERATE)
    form = QuestionsForm(languages=group.languages)
    initial = {}
    for lang in group.languages:
        for i, q in enumerate(group.questions.filter(language=lang), start=1):
            initial[form.name(lang, i)] = q.text
    form = QuestionsForm(request.POST or None, initial=initial, languages=group.languages)
    if request.method == "POST" and form.is_valid():
        members.set_questions(request.user, group, form.texts())
        messages.success(request, _("The questions are saved. New requests will use them."))
        return home(group)
    return render(request, "groups/questions_edit.html", {"group": group, "form": form})
