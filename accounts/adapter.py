"""django-allauth hooks: the pseudonym at sign-up, and nothing leaks the e-mail."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", user.display_name)
        if commit:
            user.save()
        return user
