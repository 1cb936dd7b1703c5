"""django-allauth hooks: the pseudonym at sign-up, nothing leaks the e-mail, and a kept invitation is resumed."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from groups.membership import pending_invitation

# What allauth puts into an e-mail's context that a mailbox must not keep: the pseudonym (it ties the
# address to a group's member list) and where the request came from.
EMAIL_CONTEXT_DROPPED = ("user_display", "username", "ip", "user_agent")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", user.display_name)
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        """Account e-mails carry the site name from settings, never the pseudonym or the client address."""
        context = {key: value for key, value in context.items() if key not in EMAIL_CONTEXT_DROPPED}
        context.update(
            site_name=settings.SITE_NAME, site_url=settings.SITE_URL, support_contact=settings.SUPPORT_CONTACT
        )
        super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request):
        """After signing in (confirming the e-mail signs in too): back to an invitation opened before."""
        return pending_invitation.resume_url(request.session) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return pending_invitation.resume_url(request.session) or super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address):
        request = self.request
        kept = pending_invitation.resume_url(request.session) if request is not None else None
        return kept or super().get_email_verification_redirect_url(email_address)
