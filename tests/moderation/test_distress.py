"""Distress detection: first-person distress is urgent, informational words and idioms are not, in EN/FI/SV."""

import io
import re
import time
from importlib import resources
from pathlib import Path

import pytest
from django.core.management import call_command

from moderation import distress
from moderation.distress import evaluate, lexicon, model, stemmed, training
from moderation.distress.matcher import Phrase
from moderation.management.commands import distress_eval

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "distress_labelled.tsv"
HELDOUT = DATA / "distress_heldout.tsv"
PROBES = [DATA / "distress_unseen_probe.tsv", DATA / "distress_unseen_probe2.tsv"]
# The pooled recall of `distress_eval --cross-rounds` at the last training (each round scored by a model that
# never read it): the estimate for wording nobody has seen. A retraining may not ship below it.
CROSS_ROUNDS_RECALL = 0.912


@pytest.mark.parametrize(("path", "minimum"), [(LABELLED, 300), (HELDOUT, 80)])
def test_labelled_sets_are_large_and_cover_every_label_and_language(path, minimum):
    rows = evaluate.load(path)
    assert len(rows) >= minimum
    assert {label for label, _lang, _text in rows} == set(evaluate.LABELS)
    assert {lang for _label, lang, _text in rows} == {"en", "fi", "sv"}


def test_held_out_set_shares_no_sentence_with_the_tuned_set():
    tuned = {text.lower() for _label, _lang, text in evaluate.load(LABELLED)}
    assert not [text for _label, _lang, text in evaluate.load(HELDOUT) if text.lower() in tuned]


@pytest.mark.parametrize("path", [LABELLED, HELDOUT, *PROBES], ids=["labelled", "heldout", "probe", "probe2"])
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
        # a direct phrase is not vetoed by the stop words of a shorter one ("en jaksa tätä", "way through this ...")
        "mä en jaksa elää tätä elämää",
        "i really can't see any way through this anymore",
        "took too much on purpose but woke up. next time i'll take more",
        # "than before" and "before I ..." are not a story about the past (the Finnish past marker "ennen")
        "viillän taas, syvemmälle ku ennen",
        "mä lopetan kaiken tänään ennen ku kukaan herää",
        # Swedish: the last post, being where the dead partner is, one's own "ta livet av mig"
        "det här blir mitt sista inlägg. förlåt",
        "min fru dog i höstas. jag vill bara vara där hon är",
        "jag ska ta livet av mig i natt",
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
        "mä viiltelin ennen, nyt oon ollu vuoden ilman",
        "den här förkylningen tar livet av mig",
        "ryggen tar livet av mig efter trädgårdsarbetet",
        "jag flyttar nästa månad så det här är mitt sista inlägg i gruppen, tack för allt",
        # short chat lines the model once called distress (a browser test found the first; distress_round35_short)
        "Please look at this",
        "me too",
        "bye",
        "I am here",
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
    text = "I went to the group today and it was good, thank you all " * 100 + " and i want to die"
    started = time.perf_counter()
    assert distress.assess(text).distress
    assert time.perf_counter() - started < 2


def test_the_small_model_ships_with_its_weights_and_trains_deterministically(tmp_path):
    weights, _bias, (threshold, cue_threshold) = model.load()
    assert 0.3 <= cue_threshold <= threshold < 1
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


def test_a_text_naming_a_means_or_a_goodbye_meets_the_lower_of_the_models_two_thresholds():
    _weights, _bias, (threshold, cue_threshold) = model.load()
    assert model.threshold(model.features(stemmed("the rope is in the closet"))) == cue_threshold
    assert model.threshold(model.features(stemmed("thank you all, this is my last message"))) == cue_threshold
    assert model.threshold(model.features(stemmed("i made some tea and sat down"))) == threshold


def test_the_model_only_speaks_for_a_writer_in_the_first_person():
    assert "first-person" in model.features(stemmed("mä en jaksa"))
    assert "first-person" not in model.features(stemmed("Is it safe to use naloxone on a child?"))


# -- indirect distress, by concept family --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # places and means
        "im standing on the bridge right now",
        "sitting on the railway tracks, waiting",
        "thinking about jumping",
        "i've got a rope in the garage",
        "i've been saving my pills for weeks",
        "took everything i had, all of it",
        "mä seison sillalla",
        "mietin hyppääväni junan alle",
        "mulla on pillerit valmiina",
        "oon kerännyt lääkkeitä",
        # goodbyes and apologies, giving things away
        "please tell my mum I'm sorry",
        "sorry for everything. love you all",
        "i gave away all my stuff",
        "sanokaa äidille että rakastan häntä",
        "hyvästi",
        # burden
        "they'll all be better off",
        "i'm nothing but a burden",
        "kaikilla ois helpompaa ilman mua",
        # being gone, not waking up
        "i won't be around much longer",
        "i'll be gone by the morning",
        "haluun nukahtaa ikiuneen",
        # no way out
        "what's even the point",
        "there is nothing left for me",
        "i'm done with it all",
        "ei tässä oo enää mitään järkeä",
        "kaikki on ihan toivotonta",
        # plans with a time
        "tonight's the night",
        "this is the last time i'll post here",
        "tänä yönä mä teen sen",
        "oon päättäny et kuolen tänään",
        # self-harm
        "i cut again last night",
        "viilsin ranteet",
        # a pet handed on for good, being found afterwards, the last time here (2026-12-03)
        "can someone take my cat, serious question",
        "ottaisko joku mun koiran. ihan tosissani kysyn",
        "kan någon ta min katt",
        "how long before someone finds you in a flat like mine",
        "kauanko menee et joku löytää jos asuu yksin",
        "hur länge innan någon hittar en",
        "oon tänään viimestä kertaa tässä chatissa",
        "vad är ens poängen med att gå upp imorgon",
        "tog allt i medicinskåpet för en timme sen",
        "my kids will get the insurance if it looks like an OD right?",
        "nothing helps, nothing will, I'm done trying to be fixed",
        "honestly whats the point in any of it",
        "står vid vattnet nu, ville bara säga hej då till nån",
        # pills bought where nobody asks, a car in a closed garage, being found, done fighting (2026-12-03, round D)
        "got the tablets from three different chemists so nobody would ask",
        "sat in my car in the garage, engine on",
        "hope it's over before my flatmate finds me",
        "that's it, done fighting it",
        "give me one reason to keep going",
        "kiersin neljä apteekkia et saan tarpeeks",
        "miks mun pitäis enää jaksaa",
        "auto on autotallissa ja moottori käy, istun tässä",
        "hyvä yö lähteä",
        "repet ligger i förrådet",
        "inatt slutar jag kämpa",
        "sitter i garaget med motorn på",
        # the last reason gone, nobody left stuck "when I'm gone", not a cry for help (2026-12-03, round G)
        "and that was my last reason",
        "made sure mum won't be left short when i'm gone",
        "this isn't a cry for help, i just want someone to know",
        "paljonko tarvii vetää ettei enää herää",
        "har googlat på hur man gör så det inte gör ont",
        # nothing left to stay for, all at once on a date, better off thinking I'm gone (2026-12-04, round H)
        "nothing left to stay for since they took her into care",
        "going to take them all at once on my birthday",
        "she's better off thinking i'm already gone",
        "won't be at the next meeting. or any after that",
        "veisin koiran ja pojan mummolle, ettei ne joudu näkemään",  # the subject before the comma is not hers
        "älkää pitäkö mulle paikkaa ensi kerralla",
        "jos tää on se parempi elämä niin kiitos ei",
        "det finns inget som håller mig kvar",
        "när lånen tar slut tar jag också slut",
        "nu är jag på riktigt klar",
        # (2026-12-04, round J)
        "I don't anymore, and I've stopped wanting to.",
        "cant do another morning of this",
        "sanokaa pekalle et se oli mun paras kaveri",
        "ku mä meen, ni sanokaa mun pojalle et ei se ollu sen syy",
        "odotan et muut nukahtaa",
        "luin netistä kauanko menee et sydän pysähtyy",
        "ei oo voimia yrittää uudestaan",
        "keräsin metadonit talteen viikon ajalta",
        "varför ens gå upp",
        "är bara en börda",
        # (2026-12-04, round M)
        "just took everything in the box. wanted someone to know",
        "nothing left to stay sober for. or alive for",
        "can someone feed my cat if the door's unlocked tomorrow",
        "I don't see why I should keep going like this",
        "drove past the reservoir at 3 and nearly turned the wheel",
        "stopped taking my meds a fortnight ago and started saving them instead",
        "if I don't reply tomorrow tell my mum I'm sorry",
        "I left the narcan at my mate's on purpose",
        "don't save me a seat at the meeting, I won't be coming back",
        "voisko joku käydä ruokkimassa mun kissaa jos ovi on huomenna auki",
        "ei semmonen väsymys mikä menee nukkumalla ohi",
        "yövuoron jälkee melkein käänsin rattia",
        "lopetin lääkkeiden ottamisen ja aloin kerätä niitä talteen",
        "viime kuun yliannostus ei ollu vahinko",
        "ens kerralla otan tarpeeks",
        "mietitty miten tän saa loppumaan lopullisesti",
        "tog precis allt som fanns i burken",
    ],
)
def test_indirect_distress_raises_an_urgent_item(text):
    assert distress.assess(text).urgent, text


@pytest.mark.parametrize(
    "text",
    [
        # idioms
        "this taper is killing me",
        "I'm dying to see my kids",
        "my back is killing me today",
        "i'm thinking about jumping ship to a new job",
        "tää vieroitus tappaa mut, mut mä pärjään",
        # someone else's crisis, an overdose talked about, bereavement
        "my friend overdosed last night, we used naloxone and he's okay now",
        "my mate jumped off a bridge two years ago, i think about him a lot",
        "my dad says he wants to end it, how do i get him help?",
        "how many naloxone doses should i keep at home?",
        "what's a safe dose of methadone when starting?",
        "veljeni kuoli yliannostukseen viime keväänä",
        "tyttäreni sanoo että haluaa kuolla, miten voin auttaa?",
        # everyday talk with the same words
        "I'm going to the bridge club tonight",
        "i take the train to the clinic every morning",
        "goodbye everyone, see you next tuesday",
        "sorry i was late tonight everyone",
        "i'm not going to be around on friday, dentist",
        "i've decided to go back to college",
        "hain lääkkeet apteekista",
        "anteeks et myöhästyin",
        "en herää huomenna ajoissa jos valvon",
        "mä oon junassa, tuun kohta",
    ],
)
def test_idioms_someone_elses_overdose_and_everyday_talk_are_not_urgent(text):
    assert not distress.assess(text).urgent, text


@pytest.mark.parametrize(
    "text",
    [
        "i'm not going to make it to christmas",
        "since my wife died i'm just waiting for my turn",
        "i can't see a way through this",
    ],
)
def test_a_date_one_will_not_see_a_bereaved_writers_own_wish_and_no_way_through_are_urgent(text):
    assert distress.assess(text).urgent, text


@pytest.mark.parametrize(
    "text",
    [
        "i'm not going to make it to the meeting on tuesday",
        "i'm not going to make it tonight, sorry guys",
        "i'm waiting for my turn at the dentist",
        "can't see a way through the crowd, where are you",
        "i can't see any way through this crowd",
        "took too much on at work this week, need a quiet weekend",
        "moi kaikki, oon uusi täällä",
        "hi everyone, new here. three weeks sober today",
        # the same families in everyday talk (2026-12-03)
        "can someone take my dog for a walk tomorrow",
        "could anyone keep my cat while im in detox",
        "voisko joku ottaa mun koiran hoitoon huomenna",
        "kan någon ta min hund ut imorgon",
        "how long until they find a donor",
        "hur länge innan någon hittar min plånbok",
        "viimeistä kertaa tässä ryhmässä kysyn, onko kukaan nähnyt avaimia",
        "vad är poängen med att gå upp tidigt på lördag",
        "how long does it take for someone to find you a flat through the council",
        "my kids will get the insurance card next week",
        "im done trying to fix my car",
        "whats the point in arguing with the clinic",
        "sitter vid vattnet nu och fiskar",
        "ville bara säga hej då till er innan semestern",
        # the same words in everyday talk (2026-12-03, round D)
        "tried two pharmacies before one had naloxone in stock",
        "the shop was out so i went to the pharmacy, they didnt ask for a prescription",
        "in the film she sits in the car in the garage with the engine running, i had to switch it off",
        "can you ring me before my mum finds me a new flat",
        "before you find me a sponsor, can i try the group first",
        "im done fighting with my sister about christmas",
        "tell me one reason to stay with this clinic",
        "kävin apteekissa et saan naloksonia",
        "hyvä päivä lähteä lenkille",
        "miks mun pitäis jatkaa tätä kurssia",
        "vi har ett rep i garaget för båten",
        "jag slutar försöka vara perfekt",
        "ställde bilen i garaget, motorn på service imorgon",
        # the same words in everyday talk (2026-12-03, round G)
        "that was the last reason we kept the old car",
        "he's not left alone when I'm gone to work, his gran comes",
        "self-harm is not a cry for help, it's coping, the nurse told us",
        "pitää syödä iltapala ettei herää nälkään",
        "frågade hur man gör så det inte gör ont när man tar blodprov",
        # the same words in everyday talk (2026-12-04, round H)
        "nothing left to do but wait for the bus",
        "the pharmacist said take them all at once in the morning",
        "vein lapset mummolle ettei ne joudu näkemään mun vieroitusoireita",
        "älkää pitäkö mulle paikkaa, oon myöhässä",
        "jos tää on se parempi kahvi niin kiitos",
        "inget håller mig kvar i stan efter jobbet",
        "pengarna tar slut snart, måste söka jobb",
        "had a slip last week but I'm back on track",
        "kaveri sano eilen et sen ois parempi olla kuollu",  # what a friend said
        "my brother, he says he wants to die",
        # (2026-12-04, round J)
        "I stopped wanting to drink after a month",
        "odotan et lapset nukahtaa niin pääsen suihkuun",
        "kertokaa et onks teillä kokemusta tästä",
        "sanokaa jos se oli liikaa",
        "kertokaa et miten te teitte kun se oli vaikeeta",
        "ei oo voimia yrittää uudestaan sitä tenttiä",
        "varför ens gå upp så tidigt på lördagar",
        'isäni jätti viestin "älkää etsikö mua" ja löytyi kaverin luota seuraavana päivänä',
        # (2026-12-04, round M)
        "if someone's had GHB and won't wake up do you put them in the recovery position or what",
        "that curry was so hot I thought I was going to die",
        "took everything in the box to the charity shop",
        "can you feed my cat if the door is open, keys are under the mat",
        "nearly turned the wheel too late and scraped the car",
        "I left the narcan at home by accident, have to go back",
        "don't save me a seat, I'm running late",
        "ens kerralla otan tarpeeks eväitä mukaan",
        "lopetan tupakan lopullisesti",
        "miten tän kivun saa loppumaan",
        "jag tog allt som fanns i kylskåpet och lagade soppa",
        "the toddler stopped taking naps and I'm saving them for the weekend",
        "I thought I was going to die when I saw the bill",
    ],
)
def test_the_same_words_in_everyday_talk_and_a_newcomers_hello_are_not_urgent(text):
    assert not distress.assess(text).urgent, text


def test_the_model_reads_a_writer_who_names_nobody_else_but_not_a_text_about_someone_else():
    # "thank you all, goodbye" and Finnish without its "I" ("istun kallion reunalla") name no one...
    assert "no-subject" in model.features(stemmed("thank you all for everything, goodbye"))
    assert distress.read("istun kallion reunalla")[1] is not None
    # ...but "he" is someone else, and the model is not asked.
    assert distress.read("he said goodbye to everyone")[1] is None


def test_every_file_and_every_commented_block_of_a_file_is_a_round_of_its_own():
    rows, groups = evaluate.load_rounds([LABELLED, HELDOUT])
    assert len(groups) == len(rows) == len(evaluate.load(LABELLED)) + len(evaluate.load(HELDOUT))
    assert len({g for g in groups if g.startswith("distress_labelled.tsv#")}) > 20  # written in many sittings
    assert {g for g in groups if g.startswith("distress_heldout.tsv#")} == {"distress_heldout.tsv#1"}


def test_a_left_out_round_is_scored_by_a_model_that_never_read_its_wording():
    # Round "a" alone says "zorblax"; trained on it, the model would call its own sentences distress.
    rows = [("distress", "en", "i feel zorblax tonight"), ("distress", "en", "so zorblax, i am")] * 3 + [
        ("ordinary", "en", "i walked the dog"),
        ("ordinary", "en", "i made some tea"),
        ("distress", "en", "i want to vanish forever"),
    ] * 3
    groups = ["a"] * 6 + ["b"] * 9
    samples = training.prepare(rows)
    settings = {"l2": 1e-2, "epochs": 10}
    held_out = training.cross_round_scores(samples, groups, settings)
    weights, bias = model.train([(s.features, s.distress) for s in samples], **settings)
    seen = model.score(samples[0].asked, weights, bias)
    assert held_out[0] < 0.5 < seen


def test_an_indirect_phrase_about_someone_else_is_not_the_writers_crisis_and_the_model_still_reads_it():
    # "on the bridge" about a friend is no crisis of the writer...
    assert not distress.assess("my friend is standing on the bridge taking photos").urgent
    # ...and a soft phrase that does not match vetoes nothing: the writer's own words still count.
    result, asked = distress.read("letters to my kids, just in case")
    assert asked is not None and not result.urgent


# -- the lexicons ship as data files inside the package ------------------------------------------------------


def test_the_lexicons_are_data_files_shipped_inside_the_package():
    data = resources.files("moderation.distress").joinpath("data")
    assert {name for name in ("en.toml", "fi.toml", "sv.toml", "common.toml") if data.joinpath(name).is_file()} == {
        "en.toml",
        "fi.toml",
        "sv.toml",
        "common.toml",
    }
    assert len(Path(lexicon.__file__).read_text().splitlines()) <= 400
    for language in lexicon.LANGUAGES:
        assert lexicon.DISTRESS[language] and lexicon.FIRST_PERSON[language]


def test_every_shipped_phrase_compiles_with_its_macros_resolved():
    for table in (lexicon.DISTRESS, lexicon.INDIRECT, lexicon.EMERGENCY, lexicon.IDIOM):
        for language, phrases in table.items():
            for text in phrases:
                assert not re.search(r"[{}]", text), text
                assert Phrase(text, language).specs, text


# -- the trainer and the command -----------------------------------------------------------------------------


def test_the_trainer_chooses_a_threshold_within_the_false_urgent_budget():
    rows = [("distress", "en", "I want to die tonight"), ("distress", "en", "i cant go on")] * 3 + [
        ("ordinary", "en", "I want to dance tonight"),
        ("ordinary", "en", "i cant go to the shop"),
    ] * 3
    groups = [number % 3 for number in range(len(rows))]
    samples = training.prepare(rows)
    grid = ({"l2": 1e-2, "epochs": 5, "min_count": 1},)
    choice = training.choose(samples, groups, settings_grid=grid)
    assert choice.false_urgent <= training.FALSE_URGENT_BUDGET
    assert choice == training.choose(samples, groups, settings_grid=grid)  # deterministic


def test_the_shipped_weights_say_how_they_were_chosen_and_were_trained_on_every_shipped_round():
    _weights, _bias, (threshold, _cue_threshold) = model.load()
    about = model.about()
    rows, groups = evaluate.load_rounds(distress_eval.training_files())
    assert (about["sentences"], about["rounds"]) == (len(rows), len(set(groups)))  # retrained after every new round
    # Left-out rounds, pooled, as measured at the last training (never below them: see the report's commands).
    assert about["cross_rounds"]["false_urgent"] <= training.FALSE_URGENT_BUDGET
    assert about["cross_rounds"]["recall"] >= CROSS_ROUNDS_RECALL
    assert 0.3 <= threshold < 1
    # Read once per process: 4.1 MB with 12,406 sentences, about 0.08 s and 30 MB of memory to load.
    assert model.WEIGHTS.stat().st_size < 4_500_000


def test_distress_eval_cross_rounds_leaves_out_each_round_and_pools_them(tmp_path):
    first, second = tmp_path / "distress_one.tsv", tmp_path / "distress_two.tsv"
    first.write_text(
        "# a first sitting\ndistress\ten\ti want to die tonight\nordinary\ten\ti want to dance tonight\n"
        "# a second sitting\ndistress\ten\tnobody would notice if i was gone\nidiom\ten\tthis taper is killing me\n"
    )
    second.write_text("distress\tfi\ten jaksa enää\ninformational\ten\thow much naloxone should i carry?\n")
    out = io.StringIO()
    call_command("distress_eval", "--cross-rounds", "--file", str(first), "--file", str(second), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("leave one round out (3 rounds)")
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["distress_one.tsv", "distress_two.tsv", "pooled"]
    pairs = r"\((\d+)/(\d+) (?:distress|others)\)"  # (caught/distress), then (false urgent/others)
    counts = [[int(n) for pair in re.findall(pairs, line) for n in pair] for line in lines[1:]]
    assert counts[-1] == [sum(column) for column in zip(*counts[:-1], strict=True)]  # pooled: the files added up
    assert counts[-1][:2] == [3, 3] and counts[-1][3] == 3  # the lexicons alone catch the three distress sentences


def test_distress_eval_reports_the_targets_on_the_shipped_sets():
    out = io.StringIO()
    call_command("distress_eval", "--file", str(LABELLED), "--file", str(HELDOUT), *_files(PROBES), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    for line in lines:
        recall, false_urgent = (float(x) for x in re.findall(r"(?:recall|false urgent) ([0-9.]+)", line))
        assert recall >= 0.95 and false_urgent <= 0.10, line


def _files(paths):
    return [arg for path in paths for arg in ("--file", str(path))]


# Every shipped round is trained on since the twenty-seventh round (the blind rounds and probes included, as their
# headers say): these are the figures of the shipped model on them, held as floors (no regression). They are not the
# estimate for new wording: that is `distress_eval --cross-rounds` (CROSS_ROUNDS_RECALL), and the outside probe.
SHIPPED = {
    "distress_blind21.tsv": (1.0, 0.0),
    "distress_blind22.tsv": (1.0, 0.0),
    "distress_blind23.tsv": (1.0, 0.1),
    "distress_blind24.tsv": (1.0, 0.04),
    "distress_blind26.tsv": (1.0, 0.023),
    "distress_dev.tsv": (1.0, 0.0),
    "distress_fresh20.tsv": (1.0, 0.04),
    "distress_heldout.tsv": (1.0, 0.0),
    "distress_labelled.tsv": (0.998, 0.019),
    "distress_round27.tsv": (0.991, 0.021),
    "distress_round28.tsv": (0.983, 0.035),  # "ennen ku" read as "before": 8 more distress, 1 more false urgent
    "distress_round29.tsv": (0.973, 0.026),
    "distress_round31.tsv": (0.981, 0.024),
    "distress_round32.tsv": (0.987, 0.022),
    "distress_round33.tsv": (0.976, 0.009),
    "distress_round34.tsv": (0.988, 0.016),
    "distress_round35_short.tsv": (1.0, 0.0),
    "distress_round36.tsv": (0.98, 0.021),
    "distress_round37.tsv": (0.968, 0.018),
    "distress_round38_everyday.tsv": (1.0, 0.0),
    "distress_unseen_probe.tsv": (1.0, 0.0),
    "distress_unseen_probe2.tsv": (1.0, 0.0),
    "distress_unseen_probe3.tsv": (1.0, 0.0),
}


@pytest.mark.parametrize(("name", "floor"), SHIPPED.items(), ids=list(SHIPPED))
def test_every_shipped_round_meets_the_targets_and_does_not_regress(name, floor):
    recall, false_urgent = floor
    report = evaluate.evaluate(evaluate.load(DATA / name))
    assert report.recall >= max(0.95, recall - 1e-9), report.missed
    assert report.false_urgent_rate <= min(0.10, false_urgent + 1e-9), report.flagged


def test_the_floors_name_every_shipped_round():
    assert set(SHIPPED) == {path.name for path in distress_eval.training_files()}


# Rounds kept out of training (tests/moderation/data/kept_out/, not matched by distress_*.tsv), with the figures their
# headers give: new wording, so below the targets; held as floors, and the nearest thing here to the outside probe.
# (distress sentences caught, of how many; others flagged urgent, of how many)
KEPT_OUT = {
    "round39_a.tsv": (115, 129, 5, 171),
    "round39_b.tsv": (121, 129, 4, 171),
    "round39_c.tsv": (117, 129, 3, 171),
    "round40_d.tsv": (129, 130, 2, 170),
    "round40_e.tsv": (116, 130, 2, 170),
    "round41_f.tsv": (123, 130, 3, 170),
    "round41_g.tsv": (123, 130, 6, 170),
    "round42_h.tsv": (125, 130, 5, 170),
    "round42_i.tsv": (121, 130, 6, 170),
    "round42_j.tsv": (121, 130, 6, 170),
    "round42_k.tsv": (121, 130, 7, 170),
    "round42_l.tsv": (106, 130, 6, 170),
    "round42_m.tsv": (127, 130, 2, 170),
}


@pytest.mark.parametrize(("name", "floor"), KEPT_OUT.items(), ids=list(KEPT_OUT))
def test_rounds_kept_out_of_training_do_not_regress(name, floor):
    caught, distressed, false_urgent, others = floor
    path = DATA / "kept_out" / name
    assert path not in distress_eval.training_files()
    report = evaluate.evaluate(evaluate.load(path))
    assert (report.distress, report.others) == (distressed, others)
    assert report.caught >= caught, report.missed
    assert report.false_urgent <= false_urgent, report.flagged
