import pytest

from accounts.companion.models import DiaryEntry, Milestone


@pytest.fixture
def entry(member):
    return DiaryEntry.objects.create(owner=member, body="Slept badly, but **walked** to the clinic.", tags="sleep")


@pytest.fixture
def milestone(member):
    from datetime import date

    return Milestone.objects.create(owner=member, label="without heroin", since=date(2026, 1, 1))
