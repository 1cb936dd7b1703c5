import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from moderation.alerts import crisis

from . import health

# Cached by the service worker for the offline page (static files only, never a page with content).
OFFLINE_ASSETS = ["vendor/bootstrap/bootstrap.min.css", "css/site.css", "img/icon.svg", "img/neutral.svg"]


def home(request):
    return render(request, "pages/home.html")


def crisis_help(request):
    return render(request, "pages/crisis_help.html", {"resources": crisis.resources_for()})


@never_cache
def healthz(request):
    results = health.run_checks()
    ok = all(results.values())
    body = {"status": "ok" if ok else "error", "checks": {k: "ok" if v else "error" for k, v in results.items()}}
    return JsonResponse(body, status=200 if ok else 503)


def manifest(request, neutral=False):
    """The web app manifest: installable on a home screen; the neutral one (discreet mode) says "Notes"."""
    name = _("Notes") if neutral else settings.SITE_NAME
    icon = static("img/neutral.svg" if neutral else "img/icon.svg")
    body = {
        "name": name,
        "short_name": name,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#ffffff",
        "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return JsonResponse(body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@never_cache
def service_worker(request):
    """The service worker, from the site's root so it may serve every page's offline fallback and push."""
    offline_url = reverse("offline")
    context = {"offline_url": offline_url, "precache": json.dumps([offline_url, *map(static, OFFLINE_ASSETS)])}
    response = render(request, "pages/sw.js", context, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request):
    """What the service worker shows when a page cannot load: nothing of the person or their groups."""
    html = render_to_string("pages/offline.html", {"resources": crisis.resources_for()})
    return HttpResponse(html)
