"""Journey: an anonymous survey. Staff compose one in the browser and publish it to Recovery circle and Family and
friends; members see the invitation on their group pages and answer (two in the browser, six more through the same
function the page calls); staff close it and read the results, where small counts say "fewer than 5" and large ones
show their number, in the table and in the chart."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Membership
from surveys import answering
from surveys.models import Response, Survey
from tests.factories import UserFactory

from .helpers import check_page

pytestmark = pytest.mark.browser


def test_staff_publish_members_answer_staff_read_protected_results(
    browse, group, other_group, member, other_group_member, staff
):
    today = timezone.localdate()
    # Eight more members (made before the browser starts): six in Recovery circle, two in Family and friends.
    others = [(UserFactory(), group) for _ in range(6)] + [(UserFactory(), other_group) for _ in range(2)]
    for person, in_group in others:
        Membership.objects.create(group=in_group, user=person, rules_version_accepted=1)
    desk = browse(staff)
    desk.goto("/surveys/staff/new/")
    desk.get_by_label("Title").fill("How are the groups for you?")
    desk.get_by_label("Introduction").fill("Three minutes, optional and anonymous.")
    desk.get_by_label("Opens on").fill(today.isoformat())
    desk.get_by_label("Closes on").fill((today + timedelta(days=7)).isoformat())
    desk.get_by_label("Recovery circle").check()
    desk.get_by_label("Family and friends").check()
    desk.get_by_role("button", name="Save the draft").click()
    desk.get_by_text("The draft is saved.").wait_for()
    desk.get_by_label("One choice").check()
    desk.locator("#question-form #id_text").fill("How often do you visit?")
    desk.get_by_label("Choices, one per line").fill("Daily\nWeekly\nLess often")
    desk.get_by_role("button", name="Add the question").click()
    desk.get_by_text("The question is added.").wait_for()
    desk.get_by_role("button", name="Publish the survey").click()
    desk.get_by_text("The survey is published.").wait_for()
    survey = Survey.objects.get(title="How are the groups for you?")
    assert set(survey.groups.values_list("slug", flat=True)) == {group.slug, other_group.slug}

    for person, slug, pick in ((member, group.slug, "Weekly"), (other_group_member, other_group.slug, "Daily")):
        page = browse(person)
        page.goto(f"/groups/{slug}/")
        page.locator("#survey-invitations").get_by_role("link", name="How are the groups for you?").click()
        page.locator("#survey-anonymity").get_by_text("Answering is optional").wait_for()
        check_page(page, f"survey-answer-{slug}")
        page.get_by_label(pick).check()
        page.get_by_role("button", name="Send my answers").click()
        page.locator("#survey-thanks").wait_for()
        page.goto(f"/groups/{slug}/")
        assert page.locator("#survey-invitations").count() == 0, "answered: no more invitation"

    question = survey.questions.get()
    picks = {group: question.choices.get(label="Weekly"), other_group: question.choices.get(label="Less often")}
    for person, in_group in others:
        answering.submit(person, survey, in_group, {question.pk: [picks[in_group].pk]})
    assert Response.objects.filter(survey=survey).count() == 10

    desk.goto(f"/surveys/staff/{survey.pk}/results/")
    desk.locator("#results-closed").wait_for()
    desk.goto(f"/surveys/staff/{survey.pk}/")
    desk.get_by_role("button", name="Close the survey now").click()
    desk.get_by_text("The survey is closed.").wait_for()
    desk.locator("#survey-results-link").click()
    rows = desk.locator("section.survey-question table tbody tr")
    cells = [rows.nth(i).locator("td.cell").text_content().strip() for i in range(3)]
    assert cells == ["fewer than 5", "7", "fewer than 5"]  # Daily 1, Weekly 7, Less often 2
    assert desk.locator("svg.survey-chart rect[data-count='7']").count() == 1
    assert desk.locator("svg.survey-chart rect[data-count]").count() == 1, "small counts draw no bar"
    groups = desk.locator("#results-groups")
    assert "fewer than 5" in groups.text_content() and "not shown" in groups.text_content()
    check_page(desk, "survey-results")
