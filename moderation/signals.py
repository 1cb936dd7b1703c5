"""Moved to groups/signals.py; kept until every importer uses the new home."""

from groups.signals import alert_published, join_request_changed, message_moderated, message_saved

__all__ = ["alert_published", "join_request_changed", "message_moderated", "message_saved"]
