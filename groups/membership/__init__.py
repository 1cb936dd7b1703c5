"""Joining, vetting and managing a group: actions, pages, forms and routes."""
