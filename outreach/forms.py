"""Forms of the desk. Free text a person types goes through the pipeline (moderation/pipeline.py), never here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from moderation import pipeline
from moderation.duty.models import DutyShift, DutySlot

from . import visitors
from .models import Area, Language, Service

SERVICE_FIELDS = [
    "name",
    "kind",
    "area",
    "address",
    "opening_hours",
    "phone",
    "website",
    "languages",
    "description",
    "anonymous",
    "free",
    "no_referral",
    "low_threshold",
    "referral_email",
    "published",
]


def _current_language():
    code = (get_language() or "en")[:2]
    return code if code in Language.values else Language.ENGLISH


class OpenForm(forms.Form):
    area = forms.ChoiceField(
        label=_("What would you like to talk about?"), choices=Area.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language of the consultation"), choices=Language.choices)

    def __init__(self, *args, visitor=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _current_language()
        if visitor:
            self.fields["pseudonym"] = forms.CharField(
                label=_("A pseudonym"),
                max_length=30,
                help_text=_("Any name you like, not your real one. The consultant sees only this."),
            )

    def clean_pseudonym(self):
        return visitors.check_pseudonym(self.cleaned_data["pseudonym"])


class RecoverForm(forms.Form):
    code = forms.CharField(
        label=_("Your recovery code"), max_length=40, help_text=_("For example ABCD-EFGH-JKLM-NPQR.")
    )


class HandOverForm(forms.Form):
    to = forms.TypedChoiceField(label=_("Hand over to"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", _("Back to the desk's queue")), *choices]


class _ThroughPipeline(forms.Form):
    """A short free text, cleaned by the pipeline (as plain text) for `user` in the desk's `group`."""

    def __init__(self, *args, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.group = user, group

    def clean_summary(self):
        text = self.cleaned_data["summary"]
        if not text.strip():
            return ""
        result = pipeline.submit(self.user, self.group, text, kind=pipeline.Kind.REPORT)
        if not result.ok:
            raise ValidationError(result.reason)
        return result.text


class ProposeForm(_ThroughPipeline):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.filter(published=True))
    summary = forms.CharField(
        label=_("Suggested summary (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person sees it, can change it, and decides whether it is shared at all."),
    )


class DecideForm(_ThroughPipeline):
    share_summary = forms.BooleanField(label=_("Share this summary with the service"), required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ServiceForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 3})}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Area or town"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Every type")), *Service.Kind.choices])


class DeskSlotForm(forms.ModelForm):
    """A consultant's weekly desk hours: a DutySlot marked `desk` (it counts for no group)."""

    class Meta:
        model = DutySlot
        fields = ["weekday", "start_time", "end_time"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user, self.instance.desk, self.instance.group = user, True, None


class DeskShiftForm(forms.ModelForm):
    """A consultant's one-off desk shift: a DutyShift marked `desk`."""

    class Meta:
        model = DutyShift
        fields = ["starts_at", "ends_at"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user, self.instance.desk, self.instance.group = user, True, None
