"""Results with k-anonymity: k-1 answers show "fewer than k", k answers show the count (counts, cross-tabs, text)."""

import pytest
from django.test import override_settings

from surveys import kanon, lifecycle, results
from surveys.models import Answer, Response
from tests.surveys.conftest import AFTER, NOW, choice, question

K = 5


def _answer(survey, group, *, scale=None, single=None, text="", review=Answer.Review.SHOWN):
    response = Response.objects.create(survey=survey, group=group, answered_on=NOW.date())
    if scale:
        Answer.objects.create(
            response=response, question=question(survey, "scale"), choice=choice(survey, "scale", scale)
        )
    if single:
        Answer.objects.create(
            response=response, question=question(survey, "single"), choice=choice(survey, "single", single)
        )
    if text:
        Answer.objects.create(response=response, question=question(survey, "text"), text=text, review=review)
    return response


def _closed(survey):
    lifecycle.close(survey, now=AFTER)
    return results.survey_results(survey, now=AFTER)


def _rows(found, kind):
    result = next(r for r in found["questions"] if r.question.kind == kind)
    return {label: cell.display(found["k"]) for label, cell in result.rows}


def test_k_is_five_by_default_and_never_below_three(settings):
    assert kanon.min_cell() == 5
    settings.SURVEY_MIN_CELL = 1
    assert kanon.min_cell() == 3
    settings.SURVEY_MIN_CELL = 8
    assert kanon.min_cell() == 8


@pytest.mark.parametrize(("n", "shown"), [(K - 1, "fewer than 5"), (K, "5")])
def test_a_count_at_k_minus_one_is_suppressed_and_at_k_shown(survey, group, n, shown):
    for _ in range(n):
        _answer(survey, group, scale=4)
    for _ in range(7):
        _answer(survey, group, scale=2)
    rows = _rows(_closed(survey), "scale")
    assert rows["4"] == shown
    # With 4, the total minus 7 gives the 4 away (the empty cells could be worked out as zeros): 7 goes too.
    assert rows["2"] == ("7" if n == K else "not shown"), rows
    assert rows["1"] == "fewer than 5", "an empty cell is small too"


def test_a_suppressed_cell_has_no_number_anywhere(survey, group):
    for _ in range(3):
        _answer(survey, group, scale=1)
    for _ in range(9):
        _answer(survey, group, scale=5)
    found = _closed(survey)
    result = next(r for r in found["questions"] if r.question.kind == "scale")
    hidden = [cell for _label, cell in result.rows if cell.hidden]
    assert hidden and all(cell.count is None for cell in hidden)


def test_secondary_suppression_stops_subtracting_from_the_total(survey, group):
    """18 answered: 3 daily, 9 weekly, 6 less often. Showing 9 and 6 would give away the 3."""
    for position, count in ((1, 3), (2, 9), (3, 6)):
        for _ in range(count):
            _answer(survey, group, single=position)
    rows = _rows(_closed(survey), "single")
    assert rows == {"Daily": "fewer than 5", "Weekly": "9", "Less often": "not shown"}


@pytest.mark.parametrize(("n", "shown"), [(K - 1, "fewer than 5"), (K, "5")])
def test_cross_tab_cells_at_k_minus_one_and_k(survey, group, other_group, n, shown):
    for _ in range(n):
        _answer(survey, other_group, single=1)
    for _ in range(6):
        _answer(survey, group, single=1)
    for slug_group, count in ((group, 6), (other_group, 6)):
        for _ in range(count):
            _answer(survey, slug_group, single=2)
    lifecycle.close(survey, now=AFTER)
    found = results.survey_results(survey, by="group", now=AFTER)
    result = next(r for r in found["questions"] if r.question.kind == "single")
    table = {label: [c.display(K) for c in cells] for label, cells in result.crosstab["rows"]}
    assert result.crosstab["columns"] == ["Family and friends", "Recovery circle"]
    assert table["Daily"][0] == shown
    if n == K:
        assert table == {"Daily": ["5", "6"], "Weekly": ["6", "6"], "Less often": ["fewer than 5", "fewer than 5"]}
    else:
        # Daily x Family (4) is alone in its row and its column: the row's and the column's smallest other cells go.
        assert table == {
            "Daily": ["fewer than 5", "not shown"],
            "Weekly": ["not shown", "not shown"],
            "Less often": ["fewer than 5", "fewer than 5"],
        }


def test_cross_tab_by_another_question(survey, group):
    for scale, count in ((3, 6), (4, 4), (5, 5)):
        for _ in range(count):
            _answer(survey, group, scale=scale, single=1)
    lifecycle.close(survey, now=AFTER)
    found = results.survey_results(survey, by=question(survey, "scale"), now=AFTER)
    result = next(r for r in found["questions"] if r.question.kind == "single")
    table = {label: [c.display(K) for c in cells] for label, cells in result.crosstab["rows"]}
    assert table["Daily"] == ["fewer than 5", "fewer than 5", "6", "fewer than 5", "not shown"]


@pytest.mark.parametrize(("n", "visible"), [(K - 1, False), (K, True)])
def test_free_text_appears_only_from_k_answers(survey, group, n, visible):
    for i in range(n):
        _answer(survey, group, text=f"Answer {i}")
    found = _closed(survey)
    result = next(r for r in found["questions"] if r.question.kind == "text")
    assert bool(result.texts) is visible
    if not visible:
        assert "at least 5 people" in result.texts_note


def test_free_text_appears_only_after_review_and_withheld_never(survey, group):
    for i in range(5):
        _answer(survey, group, text=f"Waiting {i}", review=Answer.Review.WAITING)
    _answer(survey, group, text="Names my street", review=Answer.Review.WITHHELD)
    found = _closed(survey)
    result = next(r for r in found["questions"] if r.question.kind == "text")
    assert result.texts == [] and "wait for a staff member" in result.texts_note
    waiting = results.reviewable_answers(survey, now=AFTER)
    assert len(waiting) == 5
    results.record_review([(a, "shown") for a in waiting[:3]] + [(a, "withheld") for a in waiting[3:]])
    result = next(r for r in results.survey_results(survey, now=AFTER)["questions"] if r.question.kind == "text")
    assert len(result.texts) == 3 and "Names my street" not in result.texts
    assert result.texts == sorted(result.texts), "alphabetical, never in answering order"


def test_free_text_cannot_be_reviewed_below_k(survey, group):
    for i in range(4):
        _answer(survey, group, text=f"Few {i}", review=Answer.Review.WAITING)
    lifecycle.close(survey, now=AFTER)
    assert results.reviewable_answers(survey, now=AFTER) == []


def test_results_stay_closed_while_open_unless_every_cell_passes_k(make_survey, group):
    survey = make_survey([group], kinds=("single",))
    for position in (1, 2):
        for _ in range(5):
            Answer.objects.create(
                response=Response.objects.create(survey=survey, group=group, answered_on=NOW.date()),
                question=question(survey, "single"),
                choice=choice(survey, "single", position),
            )
    assert results.survey_results(survey, now=NOW) is None, "'Less often' has 0 answers"
    for _ in range(5):
        _answer(survey, group, single=3)
    found = results.survey_results(survey, now=NOW)
    assert found is not None and _rows(found, "single") == {"Daily": "5", "Weekly": "5", "Less often": "5"}


def test_group_counts_are_protected(survey, group, other_group):
    for _ in range(4):
        _answer(survey, other_group, scale=3)
    for _ in range(8):
        _answer(survey, group, scale=3)
    found = _closed(survey)
    shown = {g.name: cell.display(K) for g, cell in found["groups"]}
    assert shown["Family and friends"] == "fewer than 5" and shown["Recovery circle"] == "not shown"
    assert found["total"].display(K) == "12"


@override_settings(SURVEY_MIN_CELL=3)
def test_a_smaller_k_from_the_settings_applies(survey, group):
    for _ in range(3):
        _answer(survey, group, scale=2)
    rows = _rows(_closed(survey), "scale")
    assert rows["2"] == "3"
