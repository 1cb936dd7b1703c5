"""The search form. It is sent by POST, so the words a person looked for never sit in the address bar,
the browser's history or an access log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .query import MAX_CHARS, MAX_PAGES, MIN_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        min_length=MIN_CHARS,
        max_length=MAX_CHARS,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGES, required=False, widget=forms.HiddenInput)
