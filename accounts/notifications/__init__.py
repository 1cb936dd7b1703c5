"""Notifications: who hears about what, the inbox and the bell, and content-free e-mail.

models.py (rows), create.py (create once, announce after commit), fanout.py (who
hears what), inbox.py (what a person may see, and its sentences), private.py (the
e-mail's sentences), email.py (sending once), receivers.py (signals -> tasks),
consumers.py (the bell's socket), views.py, demo.py. Import the submodule you
need; this package re-exports nothing, so the layers can be checked.
"""
