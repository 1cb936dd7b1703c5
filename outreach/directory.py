"""The public service directory: search by area and type, over published services only.

The search words are whitelisted shapes (a short text matched against the area and the name, a type from the
choices), never request data expanded into the ORM.
"""

from django.db.models import Q

from .models import Service


def published():
    return Service.objects.filter(published=True)


def search(text="", kind=""):
    rows = published()
    text = " ".join((text or "").split())[:60]
    if text:
        rows = rows.filter(Q(area__icontains=text) | Q(name__icontains=text) | Q(address__icontains=text))
    if kind in Service.Kind.values:
        rows = rows.filter(kind=kind)
    return rows.order_by("area", "name")


def areas():
    """The areas that have a published service, for the search's suggestions."""
    return sorted(set(published().values_list("area", flat=True)))
