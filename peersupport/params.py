"""Whole numbers from outside (query strings, socket frames, URL paths): parsed in one place, bounded,
never a 500. Python's `int()` takes "²", " 7", "1_000" and 5,000-digit strings; the databases take
nothing past 2**63 - 1 (SQLite raises OverflowError, PostgreSQL a DataError)."""

MAX_ID = 2**63 - 1  # PostgreSQL bigint and SQLite INTEGER
_MAX_DIGITS = len(str(MAX_ID))


def client_int(value, default=None):
    """`value` as a whole number 0..MAX_ID (ASCII digits, or a JSON integer), else `default`."""
    if isinstance(value, bool):
        return default
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS):
            return default
        value = int(value)
    if not isinstance(value, int):
        return default
    return value if 0 <= value <= MAX_ID else default


class IdConverter:
    """`<id:pk>` in URL patterns: like `<int:...>`, but no longer than a database id can be (else 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
