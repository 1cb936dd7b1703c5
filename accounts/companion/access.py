"""The companion's one gate: a row is its owner's, and 404 for everyone else (staff included).

Every companion view fetches its object through `own`; lists go through `mine`. There is no role
that widens this: moderators, staff and superusers have no way in, and their 404 is the same as
for a row that does not exist.
"""

from django.http import Http404

NOT_FOUND = "Nothing here."


def mine(user, model):
    """The queryset of `model` rows that belong to `user` (none for anonymous)."""
    if not user.is_authenticated:
        return model.objects.none()
    return model.objects.filter(owner=user)


def own(user, model, pk):
    """The `model` row `pk` if `user` owns it, else Http404."""
    row = mine(user, model).filter(pk=pk).first()
    if row is None:
        raise Http404(NOT_FOUND)
    return row
