"""Forms for one's own duty slots and shifts; the group choice is limited to groups the person may moderate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from groups import access

from .models import DutyShift, DutySlot


class _GroupChoice:
    """Offer only the groups `user` may MODERATE; empty means all of them (staff: every group)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        field.queryset = access.moderated_groups(user).order_by("name")
        field.empty_label = _("Every group") if access.acts_as_staff(user) else _("All my groups")
        self.instance.user = user


class SlotForm(_GroupChoice, forms.ModelForm):
    class Meta:
        model = DutySlot
        fields = ["weekday", "start_time", "end_time", "group"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class ShiftForm(_GroupChoice, forms.ModelForm):
    class Meta:
        model = DutyShift
        fields = ["starts_at", "ends_at", "group"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
