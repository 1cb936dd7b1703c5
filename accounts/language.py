"""The language a person reads the site in.

Visitors: Django's LocaleMiddleware picks it from the language cookie (set by
the footer selector) or the browser's Accept-Language. Signed-in members: the
language saved on their account wins when they chose one (empty means "from my
browser"), on every request and at sign-in.
"""

from types import SimpleNamespace

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def saved_language(user):
    """The member's saved language code if it is one we offer, else None (use the browser's)."""
    if user is None or not user.is_authenticated:
        return None
    code = (user.language or "").split("-")[0]
    return code if code in SUPPORTED else None


class UserLanguageMiddleware:
    """Apply the signed-in member's saved language; must come after AuthenticationMiddleware.

    After the view it also stores that language in the language cookie, so the
    page after signing in (and after signing out) stays in the member's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = saved_language(getattr(request, "user", None))
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        response = self.get_response(request)
        code = saved_language(getattr(request, "user", None))
        if code and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def save_language(user, code):
    """Remember `code` (one of settings.LANGUAGES) as the member's language."""
    if code in SUPPORTED and user.language != code:
        user.language = code
        user.save(update_fields=["language"])


@require_POST
def set_language(request):
    """Django's set_language (cookie + safe redirect); a signed-in member's choice is also saved."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    if isinstance(response, HttpResponseRedirect) and request.user.is_authenticated:
        save_language(request.user, code)
    return response


class SocketLanguageMiddleware:
    """ASGI middleware for WebSockets: error texts in the browser's language (the language cookie, else
    Accept-Language), as for pages. The person is not known yet (peersupport/socket_auth.py: each consumer
    reads them in its first trip to the database); a member's saved language then wins (`speak_to`).
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        headers = dict(scope.get("headers") or [])
        request = SimpleNamespace(
            COOKIES=scope.get("cookies", {}),
            META={"HTTP_ACCEPT_LANGUAGE": headers.get(b"accept-language", b"").decode("latin-1")},
        )
        with translation.override(translation.get_language_from_request(request)):
            return await self.inner(scope, receive, send)


def speak_to(user):
    """In a consumer, once it knows the person: their saved language for the rest of the socket's life."""
    if code := saved_language(user):
        translation.activate(code)
