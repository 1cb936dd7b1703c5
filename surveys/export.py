"""CSV of a survey's aggregates only: the same protected cells as the results page, never an answer row."""

from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """A spreadsheet must not read a question or a choice as a formula (CSV injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def rows(survey, found):
    return ([_safe(value) for value in row] for row in _rows(found))


def _rows(found):
    k = found["k"]
    yield [_("question"), _("answer"), _("column"), _("count")]
    yield [_("Everyone who answered"), "", "", found["total"].display(k)]
    for group, cell in found["groups"]:
        yield [_("Answers per group"), "", group.name, cell.display(k)]
    for result in found["questions"]:
        question = result.question.text
        yield [question, _("answered this question"), "", result.answered.display(k)]
        for label, cell in result.rows:
            yield [question, label, "", cell.display(k)]
        if result.crosstab:
            for label, cells in result.crosstab["rows"]:
                for column, cell in zip(result.crosstab["columns"], cells, strict=True):
                    yield [question, label, column, cell.display(k)]
