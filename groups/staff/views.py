"""Staff's pages for groups. Each view's first line authorises through groups/access (staff only, with
two-factor where required; a group nobody may know of answers 404); changes go through the actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from peersupport.refusals import attempt

from .. import access
from ..membership import members
from ..models import Group
from . import actions
from .dashboard import dashboard
from .forms import AppointForm, GroupForm, StepDownForm


@login_required
@require_GET
def staff_dashboard(request):
    access.check_staff(request.user)
    return render(request, "groups/staff/dashboard.html", {"board": dashboard()})


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    access.check_staff(request.user)
    return _group_form(request, Group(), {}, {})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, slug):
    group = access.access_staff_group(request.user, slug)
    return _group_form(request, group, group.current_rules_texts(), actions.current_questions(group))


def _group_form(request, group, rules, questions):
    created = group.pk is None
    form = GroupForm(request.POST or None, instance=group, rules=rules, questions=questions)
    save = lambda: actions.save_group(request.user, form.instance, form.rules(), form.questions())  # noqa: E731
    if request.method == "POST" and form.is_valid() and attempt(save, form=form):
        done = _("The group %(name)s is created.") if created else _("The changes to %(name)s are saved.")
        messages.success(request, done % {"name": form.instance.name})
        return redirect("groups:staff-moderators", form.instance.slug)
    context = {"form": form, "group": None if created else group}
    return render(request, "groups/staff/group_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def group_archive(request, slug):
    return _archiving(request, slug, actions.archive_group, _("%(name)s is archived. Its members can still read it."))


@login_required
@require_POST
def group_unarchive(request, slug):
    return _archiving(request, slug, actions.unarchive_group, _("%(name)s is open again."))


def _archiving(request, slug, change, done):
    group = access.access_staff_group(request.user, slug)
    if attempt(lambda: change(request.user, group), request=request):
        messages.success(request, done % {"name": group.name})
    return redirect("groups:staff-group-edit", group.slug)


@login_required
@require_http_methods(["GET", "POST"])
def group_moderators(request, slug):
    """The group's moderators, and appointing one (a member, or a professional account: staff may)."""
    group = access.access_staff_group(request.user, slug)
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        st = access.standing(request.user, group)
        person = access.member_by_pseudonym(st, form.cleaned_data["pseudonym"])
        appoint = lambda: members.set_member_role(request.user, group, person, "moderator")  # noqa: E731
        if person is None:
            form.add_error("pseudonym", _("Nobody has this pseudonym. Check the spelling."))
        elif attempt(appoint, form=form):
            messages.success(request, _("%(name)s is now a moderator.") % {"name": person.display_name})
            return redirect("groups:staff-moderators", group.slug)
    context = {"group": group, "form": form, "moderators": access.group_moderators(group), "step_down": StepDownForm()}
    return render(request, "groups/staff/moderators.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def moderator_remove(request, slug, user_id):
    """A moderator steps down: a peer stays an ordinary member; a professional leaves the group (they may not
    be an ordinary member). Both are logged by the action."""
    group = access.access_staff_group(request.user, slug)
    person = access.group_person(access.standing(request.user, group), user_id)
    form = StepDownForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if attempt(lambda: _step_down(request.user, group, person, reason), request=request):
        messages.success(request, _("%(name)s is no longer a moderator of this group.") % {"name": person.display_name})
    return redirect("groups:staff-moderators", group.slug)


def _step_down(actor, group, person, reason):
    if person.is_professional:
        members.remove_member(actor, group, person, reason)
    else:
        members.set_member_role(actor, group, person, "member")
    return True
