"""Distress detection: first-person distress is urgent, informational words and idioms are not, in EN/FI/SV."""

from pathlib import Path

import pytest

from moderation import distress
from moderation.distress import evaluate

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "distress_labelled.tsv"
HELDOUT = DATA / "distress_heldout.tsv"


@pytest.mark.parametrize(("path", "minimum"), [(LABELLED, 300), (HELDOUT, 80)])
def test_labelled_sets_are_large_and_cover_every_label_and_language(path, minimum):
    rows = evaluate.load(path)
    assert len(rows) >= minimum
    assert {label for label, _lang, _text in rows} == set(evaluate.LABELS)
    assert {lang for _label, lang, _text in rows} == {"en", "fi", "sv"}


def test_held_out_set_shares_no_sentence_with_the_tuned_set():
    tuned = {text.lower() for _label, _lang, text in evaluate.load(LABELLED)}
    assert not [text for _label, _lang, text in evaluate.load(HELDOUT) if text.lower() in tuned]


@pytest.mark.parametrize("path", [LABELLED, HELDOUT], ids=["labelled", "heldout"])
def test_targets_recall_at_least_095_and_false_urgent_at_most_010(path):
    report = evaluate.evaluate(evaluate.load(path))
    assert report.recall >= 0.95, report.missed
    assert report.false_urgent_rate <= 0.10, report.flagged


@pytest.mark.parametrize(
    "text",
    [
        "I want to die",
        "I can't go on",
        "en jaksa enää",
        "haluan kuolla",
        "jag vill dö",
        "jag orkar inte längre",
        "nobody would notice if I was gone",
        "i dont want to wake up tomorrow",
        "I just want it all to end tonight",
        "en jaksa enää, haluan vaan kuolla",
        "EN JAKSA ENAA",  # capitals, and a phone without ä
        "im gonna kill myself",
        "kukaan ei huomaisi jos olisin poissa",
    ],
)
def test_first_person_distress_is_urgent(text):
    assert distress.assess(text).distress


@pytest.mark.parametrize(
    "text",
    [
        "overdose",
        "yliannostus",
        "naloxone",
        "how do I recognise an overdose in my son?",
        "Poikani kuoli yliannostukseen viime vuonna",
        "My brother died by suicide three years ago",
    ],
)
def test_informational_words_are_noted_but_never_urgent(text):
    result = distress.assess(text)
    assert result.informational
    assert not result.urgent


@pytest.mark.parametrize(
    "text",
    [
        "I'm dying to see my kids",
        "this taper is killing me",
        "I could kill for a coffee",
        "en jaksa odottaa että näen lapset",
        "jag dör av skratt",
        "I would never kill myself, but some days are heavy",
        "I don't want to die, I want to get better",
        "my son says he wants to die, how do I help him?",
        "I used to want to die every day, now I'm a year clean",
        "I can't go on holiday this year",
        "i dont want to wake up early tomorrow",
    ],
)
def test_idioms_negation_someone_else_and_the_past_are_not_urgent(text):
    assert not distress.assess(text).urgent


def test_informational_sentence_with_first_person_distress_is_urgent():
    result = distress.assess("After the overdose I can't go on, I want to die")
    assert result.informational
    assert result.distress


def test_someone_in_danger_now_is_urgent_but_a_question_about_it_is_not():
    assert distress.assess("he's not breathing what do I do").emergency
    assert not distress.assess("what do I do if someone is not breathing?").urgent


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("en jaksa enää, haluan vaan kuolla", "fi"),
        ("jag orkar inte längre med någonting", "sv"),
        ("I just want it all to end tonight", "en"),
        ("112", ""),
    ],
)
def test_language_is_detected_from_the_text(text, language):
    assert distress.detect_language(text) == language
    assert distress.assess(text).language == language


def test_a_very_long_message_is_read_quickly():
    import time

    text = "I went to the group today and it was good, thank you all " * 100 + " and i want to die"
    started = time.perf_counter()
    assert distress.assess(text).distress
    assert time.perf_counter() - started < 2


def test_the_small_model_ships_with_its_weights_and_trains_deterministically(tmp_path):
    from moderation.distress import model, stemmed

    weights, _bias, threshold = model.load()
    assert 0.5 <= threshold < 1
    assert len(weights) > 1000  # shipped in moderation/distress/weights.json, nothing downloaded
    samples = [
        (model.features(stemmed(text)), label == "distress")
        for label, text in [("distress", "I want to die"), ("ordinary", "I want to dance"), ("distress", "kuolla")]
    ]
    assert model.train(samples) == model.train(samples)
    path = tmp_path / "weights.json"
    model.save(*model.train(samples), path=path)
    assert model.load(path)[0]
    model.load.cache_clear()


def test_the_model_only_speaks_for_a_writer_in_the_first_person():
    from moderation.distress import model, stemmed

    assert "first-person" in model.features(stemmed("mä en jaksa"))
    assert "first-person" not in model.features(stemmed("Is it safe to use naloxone on a child?"))
