"""Demo groups, memberships and content for `seed_demo` (names are a contract)."""


def seed_groups():
    """Create the demo groups once (filled in by the groups work)."""
