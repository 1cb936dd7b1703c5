"""Staff's own pages for groups, outside the Django admin: create and change a group (its kind, who sees it,
how people join, its languages, rules and questions), appoint and remove its moderators, and a dashboard of
what needs staff (groups with no moderator, nights nobody covers, what waits longest)."""
