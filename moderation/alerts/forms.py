"""Forms for alerts and anonymous bad-batch reports."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from groups import access, limits

from .models import ALERT_BODY_LIMIT, BAD_BATCH_LIMIT, Alert


def _limit():
    return {"max_length": _("At most %(limit_value)s characters, please: this has %(show_value)s.")}


class AlertForm(forms.ModelForm):
    """Publish or edit an alert. Professionals choose among the groups they may see."""

    class Meta:
        model = Alert
        fields = [
            "title",
            "body_source",
            "substance",
            "area",
            "severity",
            "expires_at",
            "all_groups",
            "groups",
            "verified",
            "source_note",
        ]
        widgets = {
            "body_source": forms.Textarea(attrs={"rows": 6}),
            "expires_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "groups": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "expires_at": _("After this the alert moves to each group's alert archive."),
            "all_groups": _("Every group, including groups created later."),
            "verified": _("Tick only when the danger is confirmed, and say by whom below."),
            "source_note": _("For example: drug checking service, hospital, police liaison. Shown to readers."),
        }
        error_messages = {
            "title": _limit(),
            "body_source": _limit(),
            "source_note": _limit(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = access.visible_groups(user)
        self.fields["groups"].required = False
        self.fields["body_source"].help_text = gettext(
            "Plain words; **bold**, lists and links work. At most %(limit)s characters."
        ) % {"limit": ALERT_BODY_LIMIT}
        self.fields["expires_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("expires_at", (timezone.localtime() + timedelta(days=7)).replace(second=0))

    def clean_expires_at(self):
        expires = self.cleaned_data["expires_at"]
        if expires <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future: the alert is shown until then."))
        return expires

    def clean(self):
        data = super().clean()
        if not data.get("all_groups") and not data.get("groups"):
            self.add_error("groups", _("Choose the groups to warn, or tick “every group”."))
        if data.get("verified") and not data.get("source_note", "").strip():
            self.add_error("source_note", _("Say who verified it, so readers can judge the warning."))
        return data


class BadBatchForm(forms.Form):
    """Anonymous: nothing here says who sent it."""

    what = forms.CharField(
        label=_("What was it?"),
        max_length=BAD_BATCH_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=limits.with_limit(
            gettext_noop("What it was sold as, what it looked like. At most %(limit)s characters."), BAD_BATCH_LIMIT
        ),
        error_messages=_limit(),
    )
    where = forms.CharField(
        label=_("Where?"),
        max_length=limits.LINE,
        required=False,
        help_text=_("A town or neighbourhood is enough. Never name a person."),
        error_messages=_limit(),
    )
    effects = forms.CharField(
        label=_("What happened?"),
        max_length=BAD_BATCH_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=limits.with_limit(
            gettext_noop("Effects that were unexpected or dangerous. At most %(limit)s characters."), BAD_BATCH_LIMIT
        ),
        error_messages=_limit(),
    )
