from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from moderation.alerts import crisis

from . import health


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
