"""Forms of the moderation queue."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from groups import limits

from .models import QueueItem


class ActionForm(forms.Form):
    """One form for every decision on a message; the member reads the reason."""

    APPROVE, REMOVE, EDIT, WARN, DISMISS, MUTE, BAN = "approve", "remove", "edit", "warn", "dismiss", "mute", "ban"
    NEEDS_REASON = {REMOVE, WARN, MUTE, BAN}
    CHOICES = [
        (APPROVE, _("Approve: show it to the group")),
        (EDIT, _("Edit, then approve")),
        (REMOVE, _("Remove it")),
        (WARN, _("Warn the member (the message stays)")),
        (DISMISS, _("Dismiss the reports")),
        (MUTE, _("Mute the member")),
        (BAN, _("Ban the member and remove the message")),
    ]

    action = forms.ChoiceField(label=_("Decision"), choices=CHOICES, widget=forms.RadioSelect)
    rule = forms.ChoiceField(label=_("Rule it breaks"), required=False)
    note = forms.CharField(
        label=_("Reason in your own words"),
        help_text=limits.with_limit(gettext_noop("The member reads this. Up to %(limit)s characters."), limits.REASON),
        max_length=limits.REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        label=_("New text (for edit, then approve)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    mute_days = forms.IntegerField(
        label=_("Mute for how many days"), min_value=1, max_value=365, initial=1, required=False
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("No particular rule"))] + [(r, r) for r in rules]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in self.NEEDS_REASON and not (data.get("rule") or data.get("note")):
            self.add_error("note", _("Tell the member why: choose a rule or write a few words."))
        if action == self.EDIT and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the new text to approve."))
        if action == self.MUTE and not data.get("mute_days"):
            self.add_error("mute_days", _("Choose for how many days (1 to 365)."))
        return data


class RemoveForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule it breaks"), required=False)
    note = forms.CharField(
        label=_("Reason in your own words"),
        help_text=limits.with_limit(gettext_noop("The member reads this. Up to %(limit)s characters."), limits.REASON),
        max_length=limits.REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("No particular rule"))] + [(r, r) for r in rules]

    def clean(self):
        data = super().clean()
        if not (data.get("rule") or data.get("note")):
            self.add_error("note", _("Tell the member why: choose a rule or write a few words."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note"),
        help_text=limits.with_limit(
            gettext_noop("Only this group's moderators and staff see notes. Up to %(limit)s characters."), limits.NOTE
        ),
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", _("Everything"))] + list(QueueItem.Kind.choices), required=False)


class HandleForm(forms.Form):
    """Closing an urgent item: how it ended, and a note only moderators read."""

    outcome = forms.ChoiceField(label=_("How did it end?"), choices=QueueItem.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Private note (moderators only; the member never reads it)"),
        max_length=limits.NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
