"""Moved to groups/signals.py; kept only until groups' membership actions import the new home."""

from groups.signals import join_request_changed

__all__ = ["join_request_changed"]
