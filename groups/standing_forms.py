"""The one form on a person's standing page: a question to the group's moderators."""

from django import forms
from django.utils.translation import gettext_lazy as _


class StandingQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question or what you want the moderators to know"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("Only this group's moderators and the staff read it."),
    )
