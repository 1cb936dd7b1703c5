"""Content rooms of a group beyond topics and the chat: support conversations (support.py)."""
