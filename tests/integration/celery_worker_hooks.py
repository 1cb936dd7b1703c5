"""Imported into a test worker with `celery worker -I`: kill the worker in the middle of a task, once.

When PEERSUPPORT_TEST_KILL_ONCE names a file that does not exist yet, the
first notification e-mail task creates it and SIGKILLs its own worker before
doing any work (a solo pool runs tasks in the worker's main process), as a
crash or an out-of-memory kill would. Never loaded outside the tests.
"""

import os
import signal

from celery.signals import task_prerun

MARKER = os.environ.get("PEERSUPPORT_TEST_KILL_ONCE", "")


@task_prerun.connect
def kill_once(task=None, **kwargs):
    if MARKER and task.name == "accounts.tasks.send_notification_email" and not os.path.exists(MARKER):
        with open(MARKER, "w") as marker:
            marker.write(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
