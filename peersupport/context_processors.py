"""Template context every page and e-mail may use."""

from django.conf import settings


def site(request):
    """The installation's own name and address (e-mails say these, never the request's host), and the
    person to write to when stuck."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, "support_contact": settings.SUPPORT_CONTACT}
