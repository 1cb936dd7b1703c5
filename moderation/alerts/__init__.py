"""Harm-reduction alerts, bad-batch reports and crisis resources (models registered by moderation/models.py)."""
