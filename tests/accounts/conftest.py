"""Fixtures for the accounts tests."""

import pytest


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    """Run everything queued with on_commit (pipeline broadcast, receivers, tasks) as a real commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
