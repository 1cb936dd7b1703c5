"""Demo watched words, held and reported messages for `seed_demo`."""


def seed_moderation():
    """Create the demo moderation data once (filled in by the moderation work)."""
