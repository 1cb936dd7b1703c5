"""The Celery app: configured from Django settings (CELERY_*), JSON only.

Without REDIS_URL tasks run eagerly in the web process (embedded default).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
