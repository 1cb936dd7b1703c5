"""allauth's sign-in and sign-up forms in the product's own words (settings.ACCOUNT_FORMS).

Only the labels change, and allauth's placeholders go: "Remember Me" becomes what it does ("Keep me
signed in on this device"), and the e-mail field says who sees the address (nobody). A module of
its own because allauth's forms import accounts.forms (the pseudonym field) when they load.
"""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


def _labels_only(form):
    """allauth repeats each label as a placeholder ("Password (again)"); the visible label is enough."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


EMAIL_PRIVATE = _("Only used to sign in and to send you what you ask for. Nobody else sees it.")


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["password"].label = _("Password")
        self.fields["remember"].label = _("Keep me signed in on this device")
        self.fields["remember"].help_text = _("Leave it unticked on a shared or borrowed device.")
        _labels_only(self)


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = EMAIL_PRIVATE
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("The same password again")
        _labels_only(self)
