"""Survey results with k-anonymity: counts, cross-tabs and free text, never a count below k.

Results are built for display only: a suppressed cell carries no number at all (`Cell.count is None`), so no
template or export can show what it hides. Results open once the survey has closed, or earlier only when every
count passes k (see `is_ready`).
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext

from .answering import today
from .kanon import fewer_than, min_cell, suppress_lines
from .models import Answer, Question, Response, Survey

SMALL = "small"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when suppressed
    hidden: str = ""  # "", SMALL (below k) or SECONDARY (hidden so a small count cannot be worked out)
    bar: int = 0  # 0..100, width of the chart bar (shown cells only)

    def display(self, k):
        if self.hidden == SMALL:
            return fewer_than(k)
        if self.hidden == SECONDARY:
            return gettext("not shown")
        return str(self.count)


@dataclass
class QuestionResult:
    question: Question
    answered: Cell
    rows: list = field(default_factory=list)  # [(label, Cell)]
    texts: list = field(default_factory=list)  # reviewed free-text answers, when the question has k answers
    texts_note: str = ""
    crosstab: dict | None = None  # {"columns": [label], "rows": [(label, [Cell])]}


def _cells(counts, lines, k):
    """{key: Cell} for raw `counts`, with suppression along `lines` and bar widths over the shown cells."""
    hidden = suppress_lines(counts, lines, k)
    shown = [n for key, n in counts.items() if key not in hidden]
    top = max(shown, default=0) or 1
    cells = {}
    for key, n in counts.items():
        if key in hidden:
            cells[key] = Cell(None, SMALL if n < k else SECONDARY)
        else:
            cells[key] = Cell(n, "", round(100 * n / top))
    return cells


def _answered_count(question):
    return Answer.objects.filter(question=question).values("response").distinct().count()


def group_counts(survey, k):
    """[(group, Cell)]: responses per target group (empty for a survey sent to everyone)."""
    if survey.everyone:
        return []
    groups = list(survey.groups.order_by("name"))
    raw = dict(Response.objects.filter(survey=survey).values_list("group").annotate(n=Count("id")).order_by())
    counts = {g.pk: raw.get(g.pk, 0) for g in groups}
    cells = _cells(counts, [list(counts)], k)
    return [(g, cells[g.pk]) for g in groups]


def _choice_counts(question):
    raw = dict(Answer.objects.filter(question=question).values_list("choice").annotate(n=Count("id")).order_by())
    return {c.pk: raw.get(c.pk, 0) for c in question.choices.all()}


def question_result(question, k, *, with_texts=True):
    answered = _answered_count(question)
    answered_cell = _cells({"n": answered}, [], k)["n"]
    result = QuestionResult(question, answered_cell)
    if question.has_choices:
        choices = list(question.choices.all())
        counts = _choice_counts(question)
        cells = _cells(counts, [list(counts)], k)
        result.rows = [(c.label, cells[c.pk]) for c in choices]
    elif with_texts:
        result.texts, result.texts_note = shown_texts(question, k)
    return result


def shown_texts(question, k):
    """(texts, note): reviewed free-text answers, sorted (not in answering order), only when there are at least k."""
    answers = Answer.objects.filter(question=question).exclude(text="")
    if answers.count() < k:
        return [], gettext("Free-text answers are shown only when at least %(k)s people wrote one.") % {"k": k}
    texts = sorted(answers.filter(review=Answer.Review.SHOWN).values_list("text", flat=True))
    waiting = answers.filter(review=Answer.Review.WAITING).exists()
    note = gettext("Some answers wait for a staff member to read them.") if waiting else ""
    return texts, note


def crosstab(question, by, k):
    """{"columns", "rows"} of `question`'s choices against `by` ("group" or another choice question), every cell
    protected; None when the cross-tab has fewer than two columns."""
    choices = list(question.choices.all())
    if by == "group":
        survey = question.survey
        if survey.everyone:
            return None
        columns = [(g.pk, g.name) for g in survey.groups.order_by("name")]
        pairs = Answer.objects.filter(question=question).values_list("choice", "response__group")
    else:
        columns = [(c.pk, c.label) for c in by.choices.all()]
        pairs = Answer.objects.filter(question=question, response__answers__question=by).values_list(
            "choice", "response__answers__choice"
        )
    if len(columns) < 2:
        return None
    raw = {(c, col): n for c, col, n in pairs.annotate(n=Count("id")).order_by()}
    counts = {(c.pk, col): raw.get((c.pk, col), 0) for c in choices for col, _label in columns}
    lines = [[(c.pk, col) for col, _label in columns] for c in choices]
    lines += [[(c.pk, col) for c in choices] for col, _label in columns]
    cells = _cells(counts, lines, k)
    return {
        "columns": [label for _col, label in columns],
        "rows": [(c.label, [cells[(c.pk, col)] for col, _label in columns]) for c in choices],
    }


def is_closed(survey, now=None):
    return survey.status == Survey.Status.CLOSED or (
        survey.status == Survey.Status.PUBLISHED and survey.closes_on < today(now)
    )


def is_ready(survey, k=None, now=None):
    """Results open after closing; while a survey is open, only once every count passes k (nothing suppressed)."""
    if survey.status == Survey.Status.DRAFT:
        return False
    if is_closed(survey, now):
        return True
    k = k or min_cell()
    if any(cell.hidden for _g, cell in group_counts(survey, k)):
        return False
    for question in survey.questions.prefetch_related("choices"):
        result = question_result(question, k, with_texts=False)
        if result.answered.hidden or any(cell.hidden for _label, cell in result.rows):
            return False
    return Response.objects.filter(survey=survey).count() >= k


def survey_results(survey, by=None, now=None):
    """Everything the results page and the CSV show, or None while the results are not open."""
    k = min_cell()
    if not is_ready(survey, k, now):
        return None
    total = Response.objects.filter(survey=survey).count()
    questions = []
    for question in survey.questions.prefetch_related("choices"):
        result = question_result(question, k)
        if question.has_choices and by is not None and by != question:
            result.crosstab = crosstab(question, by, k)
        questions.append(result)
    return {
        "k": k,
        "total": _cells({"n": total}, [], k)["n"],
        "groups": group_counts(survey, k),
        "questions": questions,
    }


def reviewable_answers(survey, now=None):
    """Free-text answers waiting for review, of questions with at least k of them; None while results are closed."""
    k = min_cell()
    if not is_ready(survey, k, now):
        return None
    waiting = []
    for question in survey.questions.filter(kind=Question.Kind.TEXT):
        answers = Answer.objects.filter(question=question).exclude(text="")
        if answers.count() >= k:
            waiting.extend(answers.filter(review=Answer.Review.WAITING))
    return waiting


def record_review(decisions):
    """Store what a staff member chose for each answer they read: shown or withheld."""
    for answer, decision in decisions:
        if decision in (Answer.Review.SHOWN, Answer.Review.WITHHELD):
            Answer.objects.filter(pk=answer.pk, review=Answer.Review.WAITING).update(review=decision)
