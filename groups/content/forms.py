"""Forms for topics and messages. Limits are checked by the pipeline, whose errors name them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .. import limits

BODY_HELP = limits.with_limit(
    gettext_noop("You can use *emphasis*, **bold**, lists, > quotes and links. Up to %(limit)s characters."),
    limits.MESSAGE,
)


def _body(label):
    return forms.CharField(
        label=label, help_text=BODY_HELP, strip=False, widget=forms.Textarea(attrs={"rows": 5}), required=True
    )


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=limits.with_limit(gettext_noop("Up to %(limit)s characters."), limits.TITLE),
        strip=True,
    )
    body = _body(_("First message"))


class ReplyForm(forms.Form):
    body = _body(_("Your reply"))


class EditForm(forms.Form):
    body = _body(_("Message"))


class ReportForm(forms.Form):
    rule = forms.ChoiceField(label=_("Which group rule does it break?"), required=False)
    note = forms.CharField(
        label=_("What is the problem?"),
        help_text=limits.with_limit(
            gettext_noop("Only moderators read this. Up to %(limit)s characters."), limits.REASON
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("None of them, or I am not sure"))] + [(r, r) for r in rules]


class TopicModerateForm(forms.Form):
    pinned = forms.BooleanField(label=_("Pinned at the top of the list"), required=False)
    locked = forms.BooleanField(label=_("Locked: no new replies"), required=False)
