"""Print how well distress detection does on a labelled file: recall on distress, false urgent on the rest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from moderation.distress import evaluate, model, training

DATA = Path(settings.BASE_DIR) / "tests" / "moderation" / "data"
LABELLED = DATA / "distress_labelled.tsv"
DEFAULT_FILES = [LABELLED, DATA / "distress_heldout.tsv"]


class Command(BaseCommand):
    requires_system_checks = []  # reads files and the lexicons only
    help = (
        "Measure distress detection on labelled sentences (label<TAB>language<TAB>text; labels distress, "
        "informational, ordinary, idiom). Without --file: the project's labelled and held-out sets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", action="append", dest="files", help="A labelled file (repeatable).")
        parser.add_argument("--show", action="store_true", help="List the misses and the false urgents.")
        parser.add_argument(
            "--train",
            action="store_true",
            help="First retrain the small model on the labelled set (never the held-out one), its settings and "
            "threshold chosen by cross-validation (moderation/distress/training.py), and save its weights.",
        )

    def handle(self, *args, files=None, show=False, train=False, **options):
        if train:
            rows = evaluate.load(LABELLED)
            choice, count = training.fit(rows, groups=evaluate.rounds(LABELLED))
            self.stdout.write(
                f"trained on {len(rows)} sentences: {count} weights in {model.WEIGHTS.name}, settings "
                f"{choice.settings}, threshold {choice.threshold} (out of fold: recall {choice.recall:.3f}, "
                f"false urgent {choice.false_urgent:.3f})"
            )
        for path in files or DEFAULT_FILES:
            try:
                report = evaluate.evaluate(evaluate.load(path))
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"{Path(path).name}: recall {report.recall:.3f} ({report.caught}/{report.distress} distress), "
                f"false urgent {report.false_urgent_rate:.3f} ({report.false_urgent}/{report.others} others)"
            )
            if show:
                for text in report.missed:
                    self.stdout.write(f"  missed: {text}")
                for label, text in report.flagged:
                    self.stdout.write(f"  false urgent ({label}): {text}")
