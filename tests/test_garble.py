"""flag_garbled: the seed article, each reason kind, determinism, clean text, contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textrepair
from textrepair import flag_garbled
from textrepair.garble import paragraphs, sentences

SEED = (Path(__file__).resolve().parents[1] / "examples" / "seed_article.txt").read_text(encoding="utf-8")

CLEAN_ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate.\n"
    "Officials said the plan would fund road repairs, two new libraries and more bus routes.\n"
    "The mayor, who proposed the budget in March, thanked residents for their comments.\n"
    "Critics argued that the spending was too high, but the measure passed by a vote of seven to two.\n"
    "Work on the first projects is expected to begin in the spring.\n"
)


def flagged_text(text: str, flags: list) -> list[str]:
    return [text[f.start:f.end] for f in flags]


def covered(text: str, flags: list, needle: str) -> bool:
    i = text.index(needle)
    return any(f.start <= i < f.end for f in flags)


SEED_GARBLED = [
    "The trip to give, they say analysts,",
    "These incidents charged 852 lives,",
    "Since the Taliban Tok Control or Afghanistan",
    "Conerns security after 2021",
    "analysts see the visit of giving",
    "believes that the visit of giving has broken the ice",
]
SEED_CLEAN_PARAGRAPHS = [
    "Global rights organizations, as well as the Afghan government",
    "Islamabad has repeatedly alleged that",
    "The data of the Pak Peace Studies Institute",
    "Pakistan has received millions of Afghan refugees",
    "In response, Zabihullah Mujahid",
    "Khan added that Pakistan recognizes",
    "Meanwhile, the declaration of the Ministry of Foreign Affairs of Pakistan focused",
]


@pytest.fixture(scope="module")
def seed_flags() -> list:
    return flag_garbled(SEED)


@pytest.mark.parametrize("needle", SEED_GARBLED)
def test_seed_garbled_sentences_are_flagged(seed_flags: list, needle: str) -> None:
    assert covered(SEED, seed_flags, needle)


@pytest.mark.xfail(strict=True, reason="known failure: a verbless calque sentence with no visible cue")
def test_seed_verbless_sentence_is_flagged(seed_flags: list) -> None:
    assert covered(SEED, seed_flags, "finding the Minister of Foreign Affairs of Afghanistan")


@pytest.mark.xfail(strict=True, reason="known failure: 'de' between two names reads as a name particle "
                                      "(Charles de Gaulle); the score stays just under the threshold")
def test_seed_particle_between_names_is_flagged(seed_flags: list) -> None:
    assert covered(SEED, seed_flags, "Khan de Issi said that")


def test_seed_clean_paragraphs_stay_unflagged(seed_flags: list) -> None:
    assert not covered(SEED, seed_flags, SEED_CLEAN_PARAGRAPHS[0])
    hits = [p for p in SEED_CLEAN_PARAGRAPHS if covered(SEED, seed_flags, p)]
    assert len(hits) <= 1, hits


def test_seed_reasons_name_the_damage(seed_flags: list) -> None:
    reasons = {r for f in seed_flags for r in f.reasons}
    assert 'word order: "they say analysts"' in reasons
    assert 'calque: "of application of the law"' in reasons
    assert 'event noun with a verb: "visit of giving"' in reasons
    assert 'non-word: "Conerns"' in reasons
    assert 'non-word: "withdrews"' in reasons


def test_paragraph_flag_where_several_sentences_fire() -> None:
    text = ("The trip to give, they say analysts, indicates a disposition of restarting ties. "
            "Since the Taliban Tok Control or Afghanistan after the United States withdrews troops, attacks "
            "partularly rose.")
    flags = flag_garbled(text, threshold=0.7)
    assert [(f.start, f.end) for f in flags][0] == (0, len(text))  # the paragraph first, then its sentences
    assert len(flags) == 3


@pytest.mark.parametrize("sentence, reason", [
    ("With 358 of those killed being personnel of application of the law.", 'calque: "of application of the law"'),
    ("Khan de Issi said that the talks went well.", 'untranslated: "de" (es)'),
    ("The United States withdrews its troops last year.", 'non-word: "withdrews"'),
    ("He did not was at the meeting yesterday.", 'agreement: "did not was"'),
    ("The trip, they say analysts, was a success.", 'word order: "they say analysts"'),
    ("The scientists discovered a species new of frog in the forest.", 'word order: "species new"'),
    ("The visitors were more than the year last.", 'word order: "year last"'),
    ("The home side won in a match very disputed.", 'word order: "match very disputed"'),
    ("Is important to say that the measures will apply next month.", 'missing subject: "Is important"'),
    ("They said that no could enter the building without permission.", 'agreement: "no could"'),
    ("Since the war began, more of two million people have fled.", 'agreement: "more of two"'),
    ("The leaders discussed trade and people people to people ties.", "loop remnant"),
    ("Iphtikhar Furdous, co -founder of the newspaper, spoke.", 'broken hyphenation: "co -founder"'),
    ("The farmers said that the harvest was Poor this year because of the drought.", 'mid-sentence capitals: "Poor"'),
    ("Pakistan has witnessed a Sharp increase in attacks.", 'mid-sentence capitals: "Sharp"'),
    ("Once seen as a benefactor of the Taliban, Pakistan has cited", "truncated sentence"),
    ("The minister said that el presidente de la república está muy contento con los resultados.",
     "untranslated passage (es)"),
    ("The village is near the river Гуадалквивир in the south.", 'untranslated: "Гуадалквивир" (Cyrillic)'),
    # literal-translation frames and a misspelt headline word
    ("Observers described the meeting of signing as a turning point for the region.",
     'event noun with a verb: "meeting of signing"'),
    ("The journey to bring, officials said, was postponed because of the storm.",
     'event noun with a verb: "journey to bring"'),
    ("The flood forced the evacuation of waves of thousands of residents last week.",
     'broken frame: "waves of thousands"'),
    # number agreement and statements without subject (sentences written for these tests)
    ("The council said these problem would be solved before the winter.", 'agreement: "these problem"'),
    ("Officials admitted that the people was angry about the new fees.", 'agreement: "the people was"'),
    ("Each students must bring their own books to the exam.", 'agreement: "Each students"'),
    ("The report contains a informations about the budget of the city.", 'agreement: "a informations"'),
    ("The company hired several engineer for the project.", 'agreement: "several engineer"'),
    ("Firmly promoted the reform and steadily improved the quality of services.",
     'missing subject: "Firmly promoted the"'),
    ("By the end of the year, establish and improve the system of rural pensions.",
     'missing subject: "establish and"'),
    ("Securty concerns grow along the border before the vote", 'non-word: "Securty"'),
    ("Farmers Fear Lower Prices as Harvset Begins", 'non-word: "Harvset"'),
])
def test_each_reason_kind(sentence: str, reason: str) -> None:
    [flag] = flag_garbled(sentence, threshold=0.0)
    assert reason in flag.reasons


@pytest.mark.parametrize("text", [
    # too short to judge on overall wording
    "Yes", "OK", "Thanks!", "Photo: Reuters", "ok ok",
    # one sentence of a quotation that runs over several sentences
    "“The talks were productive, and we will meet again next month.",
    "We will meet again next month,” the minister said.",
    # adjectives English does put after the noun, and adjective-first order
    "He met the attorney general and the secretary general on Monday.",
    "The people present voted for the plan, and the money available was spent.",
    "The scientists found a new species of frog in a tropical forest.",
    "The general public was not told about the plan until last year.",
    # questions and imperatives that start with a verb
    "Is it important to vote in the local elections?",
    "Do not leave your bags unattended at the station.",
])
def test_fluent_text_is_not_flagged(text: str) -> None:
    assert flag_garbled(text) == []


# -- precision on fluent text: each false-flag class at its cause ---------------------------------------------
@pytest.mark.parametrize("headline", [
    "Germany to Phase Out Coal Power by 2038, Government Commission Says",
    "Heavy Rains Force Thousands to Leave Their Homes in Southern Brazil",
    "City Council Approves New Budget Despite Protests from Local Business Owners",
])
def test_title_case_headlines_are_not_mid_sentence_capitals(headline: str) -> None:
    [flag] = flag_garbled(headline, threshold=0.0)
    assert not any(r.startswith("mid-sentence capitals") for r in flag.reasons)
    assert flag_garbled(headline) == []


@pytest.mark.parametrize("sentence", [
    "The ministry published the Rules on the Management of Rural Housing Land last week.",
    "Officials from the Siem Reap provincial office met the delegation on Monday.",
    "The new Immigration and Asylum Law took effect in March.",
])
def test_capitalised_names_and_titles_inside_a_sentence_are_not_mid_sentence_capitals(sentence: str) -> None:
    [flag] = flag_garbled(sentence, threshold=0.0)
    assert not any(r.startswith("mid-sentence capitals") for r in flag.reasons)


@pytest.mark.parametrize("text", [
    # a quotation that opens in this segment and closes in a later one
    'The mayor told reporters at the opening of the new library, "The building belongs to every family in town',
    "The mayor told reporters, “The bridge will reopen in May. Traffic has been diverted since the flood.",
    # one that opened in an earlier segment and closes here
    "We expect the bridge to reopen in May,” the mayor said on Friday.",
    # straight and curly marks mixed by a human translator
    'The guidelines ask people to adopt a "balanced diet pattern” to lower the risk of disease.',
])
def test_a_quotation_crossing_a_segment_edge_is_not_unbalanced(text: str) -> None:
    assert not any("unbalanced quotes" in f.reasons for f in flag_garbled(text, threshold=0.0))


def test_a_closing_mark_that_closes_nothing_mid_paragraph_is_unbalanced() -> None:
    text = "The council met on Monday. The plan was approved,” she said. Work starts in the spring."
    flags = flag_garbled(text, threshold=0.0)
    [hit] = [f for f in flags if "unbalanced quotes" in f.reasons and f.end - f.start < len(text)]
    assert text[hit.start:hit.end] == "The plan was approved,” she said."


@pytest.mark.parametrize("sentence", [
    "Each of us must decide for ourselves what to do next.",
    "We have not finished our work on the report yet.",
    "They need more time on the project before it is done.",
    "The cat was white and black, too, like a small panda.",
    "Patients face a higher risk of being infected in crowded hospitals.",
])
def test_one_rare_word_pair_is_not_an_unusual_word_sequence(sentence: str) -> None:
    [flag] = flag_garbled(sentence, threshold=0.0)
    assert not any(r.startswith("unusual word sequence") for r in flag.reasons)
    assert flag_garbled(sentence) == []


@pytest.mark.parametrize("text", [
    "You can apply for the visa online at visa.visitsaudi.com before you travel.",
    "The bridge was undeflected by the storm, engineers said.",
    "The mascot “MAK MAK” welcomed visitors at the gate.",
])
def test_addresses_derivations_and_acronyms_are_not_damage(text: str) -> None:
    [flag] = flag_garbled(text, threshold=0.0)
    assert not any(r.startswith(("non-word", "loop remnant")) for r in flag.reasons), flag.reasons


@pytest.mark.parametrize("sentence", [
    "The visit of the delegation and the trip to give thanks were both planned for May.",
    "The cost of building the bridge doubled, and hundreds of thousands of people used it.",
    "The homes of thousands of families were flooded, and tens of thousands fled.",
    "Muttaqi met Boxiang Wang in Kabul on Tuesday.",
])
def test_frames_and_names_that_are_english(sentence: str) -> None:
    [flag] = flag_garbled(sentence, threshold=0.0)
    assert not any(r.startswith(("event noun", "broken frame", "non-word")) for r in flag.reasons), flag.reasons


@pytest.mark.parametrize("sentence", [
    "One of the biggest problems is the lack of water in the villages.",
    "The government are expected to publish the plan next week.",
    "This results in higher prices for families across the country.",
    "Each of the members has one vote, and these rules apply to all.",
    "The man who sold the cars was arrested on Friday.",
    "A shares rose sharply in Shanghai on Monday.",
    "Those present were asked to leave, and the young are leaving too.",
    "Many post-war buildings were demolished, and both husband and wife were hurt.",
    "He bought several aircraft, a series of ships and a customs office.",
    "Founded in 1990, the company now employs two thousand people.",
    "Compared to last year, exports rose by ten percent.",
    "Take a seat and wait for your name to be called.",
    "Go and see the new bridge before it opens.",
    "Asked about the plan, the minister declined to comment.",
    "Italy considered the offer, and Only half the votes were counted.",
])
def test_agreement_and_subjects_that_are_english(sentence: str) -> None:
    [flag] = flag_garbled(sentence, threshold=0.0)
    assert not any(r.startswith(("agreement", "missing subject")) for r in flag.reasons), flag.reasons


def test_a_pattern_is_flagged_from_garble_pattern_min() -> None:
    sentence = "The council said these problem would be solved before the winter."
    [flag] = flag_garbled(sentence, threshold=0.0)
    assert 0.5 <= flag.score < textrepair.garble.shipped_weights().threshold  # below the threshold ...
    assert [f.reasons[0] for f in flag_garbled(sentence)] == ['agreement: "these problem"']  # ... yet flagged
    assert flag_garbled(sentence, config=textrepair.RepairConfig(garble_pattern_min=1.0)) == []
    assert flag_garbled(sentence, threshold=0.9) == []  # an explicit threshold is the one bar


# -- the weights belong to the cue code ---------------------------------------------------------------------
def test_shipped_weights_were_trained_on_the_current_cue_code() -> None:
    from importlib import resources

    from textrepair.garble import FEATURES, cue_fingerprint

    blob = json.loads(resources.files("textrepair").joinpath("data", "garble_weights.json").read_text())
    assert blob["features"] == list(FEATURES)
    assert blob["cue_fingerprint"] == cue_fingerprint(), "cue code changed: rerun training/train_garble.py"


def test_a_change_to_a_cue_changes_the_fingerprint_and_stale_weights_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    from textrepair import garble

    before = garble.cue_fingerprint()
    monkeypatch.setattr(garble, "CUES", garble.CUES[:-1] + (garble.CUES[-1]._replace(cap=2.0),))
    assert garble.cue_fingerprint() != before
    assert garble._code_shape("def f(x):\n    return x + 1\n") != garble._code_shape("def f(x):\n    return x\n")
    assert garble._code_shape('def f(x):\n    """Doc."""\n    return x  # why\n') == \
        garble._code_shape("def f(x):\n    return x\n")
    garble.shipped_weights.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="rerun training"):
            garble.shipped_weights()
    finally:
        monkeypatch.undo()
        garble.shipped_weights.cache_clear()


def test_untranslated_passage_is_flagged_with_certainty() -> None:
    [flag] = flag_garbled("El presidente de la república dijo que la economía está creciendo.")
    assert flag.score > 0.9 and flag.reasons[0] == "untranslated passage (es)"


def test_clean_paragraph_and_article_have_no_flags() -> None:
    assert flag_garbled(CLEAN_ARTICLE) == []
    assert flag_garbled(CLEAN_ARTICLE.splitlines()[3]) == []


def test_one_odd_sentence_in_a_clean_article_scores_lower_than_alone() -> None:
    odd = "The trip to give, they say analysts, indicates a disposition of restarting ties."
    [alone] = flag_garbled(odd, threshold=0.0)
    text = CLEAN_ARTICLE + odd + "\n"
    embedded = [f for f in flag_garbled(text, threshold=0.0) if text[f.start:f.end] == odd]
    assert embedded[0].score < alone.score


def test_one_odd_sentence_in_a_clean_article_is_not_flagged_unless_unmistakable() -> None:
    odd = "The committee, they say analysts, will meet again next month."
    text = CLEAN_ARTICLE + odd + "\n"
    assert flag_garbled(text) == []
    cfg = textrepair.RepairConfig(garble_lone_min=0.0, garble_threshold=0.3)
    [flag] = flag_garbled(text, config=cfg)
    assert text[flag.start:flag.end] == odd and flag.reasons == ('word order: "they say analysts"',)


def test_threshold_zero_returns_every_sentence_with_valid_scores() -> None:
    flags = flag_garbled(SEED, threshold=0.0)
    n_sentences = sum(len(sentences(SEED, s, e)) for s, e in paragraphs(SEED))
    sentence_flags = [f for f in flags if (f.start, f.end) not in set(paragraphs(SEED)) or
                      len(sentences(SEED, f.start, f.end)) == 1]
    assert len(sentence_flags) == n_sentences
    assert all(0.0 <= f.score <= 1.0 and f.reasons for f in flags)
    assert all(0 <= f.start < f.end <= len(SEED) for f in flags)
    assert [f.start for f in flags] == sorted(f.start for f in flags)


def test_threshold_one_flags_nothing_and_default_is_between() -> None:
    assert flag_garbled(SEED, threshold=1.0) == []
    assert 0 < len(flag_garbled(SEED)) < len(flag_garbled(SEED, threshold=0.0))


def test_config_threshold_is_used() -> None:
    cfg = textrepair.RepairConfig(garble_threshold=0.0)
    assert len(flag_garbled(CLEAN_ARTICLE, config=cfg)) == 5


def test_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        flag_garbled(b"bytes")  # type: ignore[arg-type]


def test_empty_and_blank_text() -> None:
    assert flag_garbled("") == []
    assert flag_garbled("  \n\n ", threshold=0.0) == []


def test_deterministic_within_and_across_processes() -> None:
    first = [(f.start, f.end, round(f.score, 9), f.reasons) for f in flag_garbled(SEED, threshold=0.0)]
    assert first == [(f.start, f.end, round(f.score, 9), f.reasons) for f in flag_garbled(SEED, threshold=0.0)]
    code = ("import json, sys, textrepair; t = sys.stdin.read(); "
            "print(json.dumps([[f.start, f.end, round(f.score, 9), list(f.reasons)] "
            "for f in textrepair.flag_garbled(t, threshold=0.0)]))")
    out = subprocess.run([sys.executable, "-c", code], input=SEED, capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert json.loads(out.stdout) == [[s, e, sc, list(r)] for s, e, sc, r in first]


def test_repair_maps_flags_to_the_original() -> None:
    text = "The cafÃ© was open. The trip to give, they say analysts, indicates a disposition of restarting ties."
    r = textrepair.repair(text)
    assert r.text != text and r.flags
    flag = r.flags[-1]
    assert text[flag.start:flag.end] == "The trip to give, they say analysts, indicates a disposition of restarting ties."
    assert textrepair.repair(text, flag_garbled=False).flags == ()


def test_flags_never_change_text() -> None:
    r = textrepair.repair(CLEAN_ARTICLE)
    assert r.text == CLEAN_ARTICLE and r.edits == () and r.flags == ()


def test_adversarial_input_finishes() -> None:
    junk = "hwa" * 50_000 + " " + "or murmurs " * 5_000
    flags = flag_garbled(junk)
    assert flags and all(0 <= f.start < f.end <= len(junk) for f in flags)

_WORDS = st.sampled_from(["the", "of", "Taliban", "withdrews", "de", "co", "-founder", "“", "”", ".", ",", "\n",
                          "said", "analysts", "they", "say", "people", "Control", "a", "Sharp", "2021", "мир"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
def test_flags_are_well_formed_on_any_text(text: str) -> None:
    every = flag_garbled(text, threshold=0.0)
    default = flag_garbled(text)
    for f in every + default:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == text[f.start:f.end].strip()
        assert 0.0 <= f.score <= 1.0 and f.reasons and all(isinstance(r, str) and r for r in f.reasons)
    assert {(f.start, f.end) for f in default} <= {(f.start, f.end) for f in every}
