from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import SETTINGS_FIELDS, User
from .validators import PSEUDONYM_MAX, validate_pseudonym


def pseudonym_field():
    return forms.CharField(
        label=_("Pseudonym"),
        max_length=PSEUDONYM_MAX,
        validators=[validate_pseudonym],
        help_text=_("The only name other people will see. Please do not use your real name or e-mail address."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


def check_pseudonym_free(name, exclude_pk=None):
    taken = User.objects.filter(display_name__iexact=name).exclude(pk=exclude_pk).exists()
    if taken:
        raise forms.ValidationError(
            _("The pseudonym “%(name)s” is already taken (names are compared without case). Please choose another."),
            params={"name": name},
            code="taken",
        )
    return name


class PseudonymSignupForm(forms.Form):
    """Extra sign-up field used by allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = pseudonym_field()

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        return check_pseudonym_free(self.cleaned_data["display_name"].strip())

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class AccountSettingsForm(forms.ModelForm):
    display_name = pseudonym_field()

    class Meta:
        model = User
        fields = SETTINGS_FIELDS
        widgets = {"language": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].widget.choices = [("", _("From my browser"))] + list(settings.LANGUAGES)

    def clean_display_name(self):
        return check_pseudonym_free(self.cleaned_data["display_name"].strip(), exclude_pk=self.instance.pk)


class DeleteAccountForm(forms.Form):
    """Re-enter the password and choose what happens to what you wrote."""

    KEEP, DELETE = "keep", "delete"

    messages = forms.ChoiceField(
        label=_("What you wrote"),
        choices=[
            (KEEP, _("Keep my messages, shown as written by “Former member”")),
            (DELETE, _("Delete everything I wrote")),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you. At most 128 characters."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Please try again, or reset it from the sign-in page if you forgot it."),
                code="wrong_password",
            )
        return password

    @property
    def keep_messages(self):
        return self.cleaned_data["messages"] == self.KEEP
