"""The one place where a view turns an action's refusal into words on the page.

Actions say "may not" with ``PermissionDenied(sentence)`` and "not like this" with
``ValidationError`` (one sentence, a list, or errors per field). A view runs the
action through `attempt`: with a form, the sentences become form errors, so
nothing the person typed is lost; without one, they become a warning on the
next page. Both wings' views import it from here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

REFUSALS = (PermissionDenied, ValidationError)


def sentences(exc):
    """The plain sentences a refusal carries."""
    return list(getattr(exc, "messages", None) or [str(exc)])


def attempt(call, *, form=None, field=None, request=None):
    """Run `call()`; on a refusal show it on `form` (at `field`) or as a warning for `request`.

    Returns what `call` returned, or None when it was refused.
    """
    try:
        return call()
    except REFUSALS as exc:
        if form is not None and field is None and hasattr(exc, "error_dict"):
            form.add_error(None, exc)  # errors per field land on their fields
        elif form is not None:
            for sentence in sentences(exc):
                form.add_error(field, sentence)
        else:
            for sentence in sentences(exc):
                messages.warning(request, sentence)
        return None
