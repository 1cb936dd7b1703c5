"""Print how well distress detection does on labelled files: recall on distress, false urgent on the rest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from moderation.distress import evaluate, model, training

DATA = Path(settings.BASE_DIR) / "tests" / "moderation" / "data"
LABELLED = DATA / "distress_labelled.tsv"
DEFAULT_FILES = [LABELLED, DATA / "distress_heldout.tsv"]


def training_files():
    """Every labelled round the project ships (tests/moderation/data/distress_*.tsv): all are trained on."""
    return sorted(DATA.glob("distress_*.tsv"))


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
            help="First retrain the small model on every shipped round (tests/moderation/data/distress_*.tsv), its "
            "settings and threshold chosen by leaving out one round at a time, and save its weights.",
        )
        parser.add_argument(
            "--cross-rounds",
            action="store_true",
            help="Leave out one writing round at a time (a file, or a block of it that opens with comments): train "
            "on the others with the shipped settings, measure on it at the shipped threshold; print each file and "
            "the pooled figures, the estimate for wording nobody has seen. Reads --file, else every shipped round.",
        )

    def handle(self, *args, files=None, show=False, train=False, cross_rounds=False, **options):
        try:
            if train:
                self._train()
            if cross_rounds:
                self._cross_rounds(files or training_files())
                return
            for path in files or DEFAULT_FILES:
                self._measure(path, show)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def _train(self):
        rows, groups = evaluate.load_rounds(training_files())
        choice, count = training.fit(rows, groups)
        self.stdout.write(
            f"trained on {len(rows)} sentences in {len(set(groups))} rounds: {count} weights in "
            f"{model.WEIGHTS.name}, settings {choice.settings}, thresholds {choice.threshold} (plain), "
            f"{choice.cue_threshold} (naming a risk) (left-out rounds: "
            f"recall {choice.recall:.3f}, false urgent {choice.false_urgent:.3f})"
        )

    def _cross_rounds(self, paths):
        rows, groups = evaluate.load_rounds(paths)
        samples = training.prepare(rows)
        chosen = model.about().get("settings", training.SETTINGS[0])
        thresholds = model.load()[2]
        scores = training.cross_round_scores(samples, groups, chosen)
        self.stdout.write(f"leave one round out ({len(set(groups))} rounds), thresholds {thresholds}, {chosen}:")
        for name, counts in training.by_file(samples, groups, scores, thresholds).items():
            self.stdout.write(f"  {name}: {_figures(counts)}")
        self.stdout.write(f"pooled: {_figures(training.tally(samples, scores, thresholds))}")

    def _measure(self, path, show):
        report = evaluate.evaluate(evaluate.load(path))
        self.stdout.write(f"{Path(path).name}: {_figures(report)}")
        if show:
            for text in report.missed:
                self.stdout.write(f"  missed: {text}")
            for label, text in report.flagged:
                self.stdout.write(f"  false urgent ({label}): {text}")


def _figures(counts):
    return (
        f"recall {counts.recall:.3f} ({counts.caught}/{counts.distress} distress), "
        f"false urgent {counts.false_urgent_rate:.3f} ({counts.false_urgent}/{counts.others} others)"
    )
