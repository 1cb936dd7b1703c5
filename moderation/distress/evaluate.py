"""Measure the detector on a labelled file (tests/moderation/data/*.tsv).

File format: one sentence a line, ``label<TAB>language<TAB>text``; lines
starting with # are comments. Labels: distress, informational, ordinary,
idiom. Recall is measured on distress; the false-urgent rate on the rest.
"""

from dataclasses import dataclass, field
from pathlib import Path

from . import assess

LABELS = ("distress", "informational", "ordinary", "idiom")


@dataclass
class Report:
    distress: int = 0
    caught: int = 0
    others: int = 0
    false_urgent: int = 0
    missed: list = field(default_factory=list)  # distress sentences not flagged
    flagged: list = field(default_factory=list)  # (label, sentence) flagged though not distress

    @property
    def recall(self):
        return self.caught / self.distress if self.distress else 1.0

    @property
    def false_urgent_rate(self):
        return self.false_urgent / self.others if self.others else 0.0


def load(path):
    """[(label, language, text)] from a labelled file; a malformed line is an error naming its number."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[0] not in LABELS:
                raise ValueError(f"{path}:{number}: expected label<TAB>language<TAB>text")
            rows.append(tuple(parts))
    return rows


def rounds(path):
    """The round of each row of `load(path)`: a block of comment lines starts a new one (the labelled set is
    written in rounds, each by a fresh sitting, so a round left out is the nearest thing to new wording)."""
    numbers, number, in_comment = [], 0, False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                number += not in_comment
                in_comment = True
            elif line.strip():
                in_comment = False
                numbers.append(number)
    return numbers


def evaluate(rows):
    report = Report()
    for label, _language, text in rows:
        urgent = assess(text).urgent
        if label == "distress":
            report.distress += 1
            report.caught += urgent
            if not urgent:
                report.missed.append(text)
        else:
            report.others += 1
            report.false_urgent += urgent
            if urgent:
                report.flagged.append((label, text))
    return report


def load_rounds(paths):
    """(rows, the round of each row) of several labelled files; a round is named ``file#block``: every file is a
    writing round of its own, and a file's blocks of comment lines start further ones (see rounds())."""
    rows, groups = [], []
    for path in paths:
        name = Path(path).name
        rows += load(path)
        groups += [f"{name}#{number}" for number in rounds(path)]
    return rows, groups
