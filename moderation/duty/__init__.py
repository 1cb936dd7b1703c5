"""The duty rota (who is on duty, when) and the escalation of unclaimed urgent items."""
