"""Daily check-ins and the SOWS, with a plain explanation that is never a diagnosis."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.companion import sows
from accounts.companion.models import CheckIn, SowsScore


def test_one_checkin_a_day_a_second_one_updates_it(login, member):
    client = login(member)
    url = reverse("accounts:companion-checkin")
    client.post(url, {"mood": "3", "craving": "8", "sleep_hours": "5"})
    client.post(url, {"mood": "6", "craving": "4", "sleep_hours": "7", "note": "Better after a walk"})
    row = CheckIn.objects.get(owner=member)
    assert (row.day, row.mood, row.craving, row.sleep_hours, row.note) == (
        timezone.localdate(),
        6,
        4,
        7,
        "Better after a walk",
    )


def test_sleep_over_24_hours_is_refused(login, member):
    response = login(member).post(reverse("accounts:companion-checkin"), {"sleep_hours": "25"})
    assert response.status_code == 200
    assert not CheckIn.objects.exists()


def test_sows_has_the_16_items_of_the_scale():
    assert len(sows.ITEMS) == 16 and sows.MAX_TOTAL == 64
    assert str(sows.ITEMS[0]) == "I feel anxious" and str(sows.ITEMS[-1]) == "I feel like using now"


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "no withdrawal symptoms"),
        (1, "mild"),
        (10, "mild"),
        (11, "moderate"),
        (20, "moderate"),
        (21, "moderately severe"),
        (30, "moderately severe"),
        (31, "severe"),
        (64, "severe"),
    ],
)
def test_the_rough_bands(score, band):
    assert str(sows.band(score)) == band


def test_the_explanation_is_plain_and_not_a_diagnosis():
    text = sows.explain(25)
    assert "25 of 64" in text and "moderately severe" in text
    assert "not a diagnosis" in text and "clinic" in text


@pytest.mark.parametrize("answers", [[1] * 15, [5] + [0] * 15, [-1] + [0] * 15])
def test_a_total_needs_16_answers_from_0_to_4(answers):
    with pytest.raises(ValueError):
        sows.total(answers)


def test_a_member_fills_in_the_sows_and_sees_the_total_explained(login, member):
    client = login(member)
    data = {f"item_{i}": "2" for i in range(16)}
    response = client.post(reverse("accounts:companion-sows"), data, follow=True)
    score = SowsScore.objects.get(owner=member)
    assert score.total == 32 and score.answers == [2] * 16
    page = response.content.decode()
    assert "32 / 64" in page and "severe" in page and "not a diagnosis" in page


def test_a_missing_sows_answer_is_asked_for_again(login, member):
    data = {f"item_{i}": "1" for i in range(15)}
    response = login(member).post(reverse("accounts:companion-sows"), data)
    assert response.status_code == 200
    assert "Please answer every statement" in response.content.decode()
    assert not SowsScore.objects.exists()
