"""Date and time formats per language (settings.FORMAT_MODULE_PATH): fi 15.12.2026 klo 8.37, sv 2026-12-15 08:37."""
