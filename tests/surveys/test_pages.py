"""Staff pages (compose, publish, close, results, CSV, review), invitations on pages, alert feedback."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from moderation.models import Alert
from surveys import feedback, lifecycle, results
from surveys.models import Answer, AnsweredMark, Response, Survey
from tests.surveys.conftest import AFTER, NOW, choice, question


def test_staff_compose_add_questions_publish_and_close(client, staff, group, other_group, time_machine):
    time_machine.move_to(NOW)
    client.force_login(staff)
    page = client.post(
        reverse("surveys:survey-new"),
        {"title": "Your year with us", "opens_on": "2026-03-01", "closes_on": "2026-03-20", "groups": [group.pk]},
    )
    survey = Survey.objects.get(title="Your year with us")
    assert page.status_code == 302 and survey.status == Survey.Status.DRAFT
    assert survey.author.user == staff
    detail = reverse("surveys:survey-detail", args=[survey.pk])
    client.post(reverse("surveys:survey-publish", args=[survey.pk]))
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.DRAFT, "no questions yet"
    add = reverse("surveys:question-add", args=[survey.pk])
    refused = client.post(add, {"kind": "single", "text": "Pick", "choices": "Only one"})
    assert "Give at least two choices" in refused.content.decode()
    client.post(add, {"kind": "scale", "text": "How safe do you feel here?", "low_label": "not", "high_label": "very"})
    client.post(add, {"kind": "text", "text": "Anything else?"})
    assert client.get(detail).content.decode().count("Re-identification risk") == 1
    assert list(survey.questions.values_list("kind", flat=True)) == ["scale", "text"]
    assert survey.questions.get(kind="scale").choices.count() == 5
    client.post(reverse("surveys:survey-publish", args=[survey.pk]))
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.PUBLISHED
    assert client.get(reverse("surveys:survey-edit", args=[survey.pk])).status_code == 403
    client.post(reverse("surveys:survey-close", args=[survey.pk]))
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.CLOSED


def test_a_survey_needs_groups_or_everyone(client, staff, group):
    client.force_login(staff)
    page = client.post(
        reverse("surveys:survey-new"), {"title": "T", "opens_on": "2026-03-01", "closes_on": "2026-03-02"}
    )
    assert "Choose the groups the survey is for" in page.content.decode()
    assert not Survey.objects.exists()


def test_invitation_on_the_group_page_and_the_home_page(client, survey, group, member, time_machine):
    time_machine.move_to(NOW)
    client.force_login(member)
    for url in (reverse("groups:group-home", args=[group.slug]), reverse("home")):
        page = client.get(url).content.decode()
        assert "A short anonymous survey" in page and "Answering is optional" in page
        assert reverse("surveys:answer", args=[survey.pk, group.slug]) in page


def test_no_invitation_for_an_applicant(client, survey, group, applicant, time_machine):
    time_machine.move_to(NOW)
    client.force_login(applicant)
    assert (
        "A short anonymous survey" not in client.get(reverse("groups:group-home", args=[group.slug])).content.decode()
    )


def _fill(survey, group, count, **kwargs):
    for _ in range(count):
        response = Response.objects.create(survey=survey, group=group, answered_on=NOW.date())
        for kind, position in kwargs.items():
            Answer.objects.create(
                response=response, question=question(survey, kind), choice=choice(survey, kind, position)
            )


def test_results_page_shows_tables_svg_and_suppressed_cells(client, survey, group, staff, time_machine):
    _fill(survey, group, 7, single=1)
    _fill(survey, group, 6, single=2)
    _fill(survey, group, 2, single=3)
    time_machine.move_to(NOW)
    client.force_login(staff)
    url = reverse("surveys:survey-results", args=[survey.pk])
    assert "The results open when the survey closes" in client.get(url).content.decode()
    lifecycle.close(survey, now=NOW)
    page = client.get(url).content.decode()
    assert "<svg" in page and 'data-count="7"' in page
    assert "fewer than 5" in page and "not shown" in page
    assert 'data-count="2"' not in page and 'data-count="6"' not in page


def test_csv_holds_aggregates_only_and_suppresses_the_same(client, survey, group, other_group, staff):
    _fill(survey, group, 7, single=1)
    _fill(survey, group, 6, single=2)
    _fill(survey, other_group, 2, single=3)
    lifecycle.close(survey, now=AFTER)
    client.force_login(staff)
    response = client.get(reverse("surveys:survey-results-csv", args=[survey.pk]) + "?by=group")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["question", "answer", "column", "count"]
    single = {(r[1], r[2]): r[3] for r in rows if r[0] == "How often do you visit?"}
    assert single[("Daily", "")] == "7"
    assert single[("Less often", "")] == "fewer than 5"
    assert single[("Less often", "Family and friends")] == "fewer than 5"
    assert all(not value.isdigit() or int(value) >= 5 for *_rest, value in rows[1:])
    assert not any(str(r.pk) in response.content.decode() for r in Response.objects.all())


def test_review_page_shows_and_withholds(client, survey, group, staff, time_machine):
    time_machine.move_to(NOW)
    text = question(survey, "text")
    for word in ["Alpha", "Bravo", "Charlie", "Delta", "Echo my street"]:
        response = Response.objects.create(survey=survey, group=group, answered_on=NOW.date())
        Answer.objects.create(response=response, question=text, text=word, review=Answer.Review.WAITING)
    client.force_login(staff)
    review = reverse("surveys:survey-review", args=[survey.pk])
    assert client.get(review).status_code == 403, "not while the survey is open and counts are small"
    lifecycle.close(survey, now=AFTER)
    page = client.get(review)
    form = page.context["form"]
    data = {name: "withheld" if field.label.startswith("Echo") else "shown" for name, field in form.fields.items()}
    assert client.post(review, data).status_code == 302
    results_page = client.get(reverse("surveys:survey-results", args=[survey.pk])).content.decode()
    assert "Alpha" in results_page and "Echo my street" not in results_page


def _alert(group, staff):
    alert = Alert.objects.create(
        title="Strong batch",
        body_source="Take care.",
        body_html="<p>Take care.</p>",
        expires_at=timezone.now() + timedelta(days=1),
        created_by=staff,
    )
    alert.groups.set([group])
    return alert


def test_was_this_useful_on_an_alert_card_once_per_person(client, group, member, staff):
    alert = _alert(group, staff)
    client.force_login(member)
    home = reverse("groups:group-home", args=[group.slug])
    assert "Was this useful?" in client.get(home).content.decode()
    url = reverse("surveys:alert-feedback", args=[alert.pk])
    client.post(url, {"group": group.slug, "useful": "yes", "next": home})
    client.post(url, {"group": group.slug, "useful": "no", "next": home})
    survey = feedback.alert_feedback_survey(alert, create=False)
    assert survey.kind == Survey.Kind.ALERT_FEEDBACK
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.get(question__survey=survey).choice.label == "Yes"
    assert "Was this useful?" not in client.get(home).content.decode()


def test_alert_feedback_results_use_the_same_protection(group, member, other_member, staff):
    alert = _alert(group, staff)
    feedback.give_feedback(member, alert, group, 1)
    feedback.give_feedback(other_member, alert, group, 1)
    survey = feedback.alert_feedback_survey(alert)
    assert AnsweredMark.objects.filter(survey=survey).count() == 2
    lifecycle.close(survey)
    found = results.survey_results(survey)
    assert [(label, cell.display(5)) for label, cell in found["questions"][0].rows] == [
        ("Yes", "fewer than 5"),
        ("Partly", "fewer than 5"),
        ("No", "fewer than 5"),
    ]


def test_staff_see_no_feedback_prompt(client, group, staff):
    _alert(group, staff)
    client.force_login(staff)
    assert "Was this useful?" not in client.get(reverse("groups:group-home", args=[group.slug])).content.decode()


def test_answering_twice_through_the_page_keeps_one_response(client, survey, group, member, time_machine):
    time_machine.move_to(NOW)
    client.force_login(member)
    url = reverse("surveys:answer", args=[survey.pk, group.slug])
    data = {f"q{question(survey, 'scale').pk}": str(choice(survey, "scale", 2).pk)}
    client.post(url, data)
    assert "You have already answered" in client.post(url, data).content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert AnsweredMark.objects.filter(survey=survey).count() == 1


def test_csv_never_starts_a_cell_with_a_formula(client, make_survey, group, staff):
    survey = make_survey([group], kinds=("single",))
    question(survey, "single").choices.filter(position=1).update(label="=HYPERLINK(1)")
    _fill(survey, group, 5, single=1)
    lifecycle.close(survey, now=AFTER)
    client.force_login(staff)
    body = client.get(reverse("surveys:survey-results-csv", args=[survey.pk])).content.decode()
    assert "'=HYPERLINK(1)" in body and ",=HYPERLINK" not in body


def test_no_feedback_prompt_long_after_an_alert_expired(group, member, staff):
    alert = _alert(group, staff)
    later = alert.expires_at + timedelta(days=feedback.FEEDBACK_DAYS + 2)
    assert feedback.may_give_feedback(member, alert, group, now=alert.created_at)
    assert not feedback.may_give_feedback(member, alert, group, now=later)
