"""Loops: exact outputs on real excerpts and the seed, legitimate repetition left
alone, property tests, and linear behaviour on adversarial input.

``tests/data/loops_cases.jsonl`` holds one case per line:

``kind``
    ``in_the_wild`` (a real MT/ASR/LLM output; ``source`` names the record of
    ../shared/data/loops/real_loops.jsonl and its upstream repository, or the
    paragraph of the seed article),
    ``constructed`` (written for this project), ``negative`` (legitimate
    repetition: ``expected`` equals ``text``) or ``known_failure`` (what we
    would want, which the current method does not give; ``why`` says why).
``form``
    The loop form the case exercises (``word``, ``phrase``, ``drift``,
    ``stutter``, ``punct``, ``segment``, ``sentence``), empty for negatives.
``text``, ``expected``
    Input and the exact output of ``collapse_loops``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import textrepair
from textrepair import RepairConfig, apply_edits, collapse_loops, find_loops
from textrepair.loops import Loop, loop_edits

HERE = Path(__file__).parent
CASES = [json.loads(line) for line in (HERE / "data" / "loops_cases.jsonl").open(encoding="utf-8")]
SEED = (HERE.parent / "examples" / "seed_article.txt").read_text(encoding="utf-8")


def _ids(kind: str) -> list[dict]:
    return [c for c in CASES if c["kind"] == kind]


@pytest.mark.parametrize("case", _ids("in_the_wild") + _ids("constructed"),
                         ids=lambda c: c["text"][:30])
def test_collapse_gives_expected_text(case: dict) -> None:
    r = collapse_loops(case["text"])
    assert r.text == case["expected"]
    assert r.edits and all(e.kind == "loop" and e.rule.startswith("loop.") for e in r.edits)
    assert apply_edits(case["text"], r.edits) == r.text
    assert collapse_loops(r.text).edits == ()


@pytest.mark.parametrize("case", _ids("negative"), ids=lambda c: c["text"][:30])
def test_legitimate_repetition_is_left_alone(case: dict) -> None:
    assert find_loops(case["text"]) == []
    assert collapse_loops(case["text"]).text == case["text"]


@pytest.mark.parametrize("case", _ids("known_failure"), ids=lambda c: c["text"][:30])
def test_known_failures_still_fail(case: dict) -> None:
    # When one of these starts passing, move it to in_the_wild / negative.
    assert collapse_loops(case["text"]).text != case["expected"]


def test_corpus_covers_every_form() -> None:
    forms = {c["form"] for c in CASES if c["kind"] in ("in_the_wild", "constructed")}
    assert {"word", "phrase", "drift", "stutter", "punct", "segment", "sentence"} <= forms
    assert len(_ids("negative")) >= 30


# -- the seed article ---------------------------------------------------------

SEED_P6_END = "large -scale joint projects and other matters or murmurs”"


def test_seed_article_paragraphs() -> None:
    r = collapse_loops(SEED)
    before, after = SEED.split("\n"), r.text.split("\n")
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [5, 7, 9]
    assert after[5].endswith(SEED_P6_END)
    assert after[7].endswith("nor will it allow it”")
    # "Southwestern or The Southwestern and the Southwestern and the Southunkhwa":
    # one item joined to three drifting copies of itself (issue 12).
    assert after[9].endswith("partularly in the northwester Southwestern and with Afghanistan.")
    for i, (a, b) in enumerate(zip(before, after)):
        if i not in changed:
            assert a == b, f"paragraph {i + 1} changed"
    assert "hwahwa" not in r.text and "“”" not in r.text
    assert [e.rule for e in r.edits] == ["loop.drift", "loop.punct", "loop.punct", "loop.drift", "loop.stutter"]
    assert r.edits[0].explanation.startswith('removed ') and "(drifting phrase loop)" in r.edits[0].explanation


def test_repair_runs_loops_after_encoding() -> None:
    text = "The cafÃ© sold couscous couscous couscous couscous couscous, they said."
    r = textrepair.repair(text, fix_names=False, flag_garbled=False)
    assert r.text == "The café sold couscous, they said."
    assert [e.kind for e in r.edits] == ["encoding", "loop"]
    assert textrepair.repair(text, collapse_loops=False, fix_names=False,
                             flag_garbled=False).text == "The café sold couscous couscous couscous couscous couscous, they said."


# -- drifting loops (issue 12) ------------------------------------------------

DRIFT_CLEAN = "Officials said the water supply network was repaired on Monday."
DRIFT_PHRASE = "water supply network"
DRIFT_VARIANTS = ["watr supply network", "water suply network", "water supply netwrk",
                  "wanter supply network", "water supply nеtwork".replace("е", "e") + "s"]


@pytest.mark.parametrize("at", ["first", "second", "middle", "last", "first and last"])
@pytest.mark.parametrize("variant", DRIFT_VARIANTS[:4])
def test_a_misspelt_copy_anywhere_is_part_of_the_loop(at: str, variant: str) -> None:
    copies = [DRIFT_PHRASE] * 6
    where = {"first": [0], "second": [1], "middle": [3], "last": [5], "first and last": [0, 5]}[at]
    for i in where:
        copies[i] = variant
    cut = DRIFT_CLEAN.index(DRIFT_PHRASE) + len(DRIFT_PHRASE)
    text = DRIFT_CLEAN[:cut] + "".join(" " + c for c in copies) + DRIFT_CLEAN[cut:]
    r = collapse_loops(text)
    assert r.text == DRIFT_CLEAN
    assert [e.rule for e in r.edits] == ["loop.drift"]


@pytest.mark.parametrize("tail", ["water supply netw", "water sup", "water suply netw"])
def test_a_truncated_last_copy_goes_with_the_loop(tail: str) -> None:
    text = "Officials said the water supply network water supply network water suply network " + tail
    assert collapse_loops(text).text == "Officials said the water supply network"


@pytest.mark.parametrize("junk", [", “”, “”, “”", ",“”,“”,“”", " , ‘’ ‘’ ‘’", "; «» «» «»", " “” “” “”"])
def test_junk_after_a_sentence_goes_with_the_mark_that_joined_it(junk: str) -> None:
    assert collapse_loops("Mr Batt said." + junk).text == "Mr Batt said."
    assert collapse_loops("Mr Batt said." + junk + " Then he left.").text == "Mr Batt said. Then he left."
    # A comma that is the text's own stays: only junk goes.
    assert collapse_loops("He listed: “”, “”, “”").text == "He listed:"


def test_a_joined_item_keeps_one_copy_whatever_its_joining_words() -> None:
    text = "in the northwester Southwestern or The Southwestern and the Southwestern and the Southunkhwa and with Afghanistan."
    assert collapse_loops(text).text == "in the northwester Southwestern and with Afghanistan."
    assert collapse_loops("It was fun and fun and fun and fun and fun and fun today.").text == "It was fun today."
    for legit in ("It went over and over and over again.", "the cat and the hat and the bat sat down.",
                  "black and white and black and white photos"):
        assert collapse_loops(legit).edits == ()


# -- API --------------------------------------------------------------------

def test_loop_span_fields() -> None:
    text = "It was the mucous mucous mucous mucous mucous membrane."
    (loop,) = find_loops(text)
    assert isinstance(loop, Loop)
    assert (loop.start, loop.end, loop.unit, loop.repeats, loop.form) == (11, 45, "mucous", 5, "word")
    assert text[loop.start:loop.kept_end] == "mucous"
    assert 0.0 < loop.confidence <= 1.0
    (edit,) = collapse_loops(text).edits
    assert (edit.start, edit.end, edit.rule) == (17, 45, "loop.word")
    assert edit.explanation == "removed 4 repeats of 'mucous' (word loop)"


def test_non_str_is_a_type_error() -> None:
    for bad in (b"the the the", None, 3):
        with pytest.raises(TypeError):
            find_loops(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            collapse_loops(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        find_loops("a a a a a a", config={"loop_min_repeats": 2})  # type: ignore[arg-type]


def test_doubling_is_reported_only_when_asked_and_never_collapsed() -> None:
    text = "I saw the the cat."
    assert find_loops(text) == []
    cfg = RepairConfig(loop_report_doubling=True)
    (loop,) = find_loops(text, config=cfg)
    assert loop.form == "doubling" and text[loop.start:loop.end] == "the the"
    assert loop_edits(text, cfg) == []
    assert collapse_loops(text, config=cfg).text == text


def test_oscillation_is_reported_not_collapsed() -> None:
    # real_loops.jsonl #41 (deep-spin/hallucinations-in-nmt annotated_corpus.csv)
    text = ('In the Star Trek: The Next Generation episode " The Next Generation " , Star Trek: '
            'The Next Generation and Star Trek: The Next Generation episode " The Next Generation " , '
            'Star Trek: Deep Space Nine , and Star Trek: The Next Generation episode " The Next '
            'Generation " , Star Trek: The Next Generation and Star Trek: Voyager .')
    (loop,) = find_loops(text)
    assert loop.form == "oscillation" and loop.unit.lower() == "the next generation"
    assert loop.explanation.endswith("(phrase oscillation, left as written)")
    assert collapse_loops(text).edits == ()
    assert find_loops("The Next Generation was good. I liked The Next Generation.") == []


def test_min_repeats_option() -> None:
    text = "We went to the shop, to the shop, to the shop yesterday."
    assert collapse_loops(text).text == "We went to the shop yesterday."
    assert collapse_loops(text, config=RepairConfig(loop_min_repeats=4)).text == text


# -- properties -------------------------------------------------------------

WORDS = ["the", "river", "runs", "north", "of", "a", "city", "where", "people", "live",
         "and", "work", "in", "small", "shops", "near", "old", "bridges", "today"]
clean_sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12, unique=True).map(
    lambda ws: " ".join(ws).capitalize() + ".")
clean_texts = st.lists(clean_sentences, min_size=1, max_size=6, unique=True).map(" ".join)
units = st.lists(st.sampled_from(WORDS + ["“”", "-", "hwa", "需要"]), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(clean_texts)
def test_clean_text_is_never_edited(text: str) -> None:
    assert collapse_loops(text).edits == ()


@settings(max_examples=150, deadline=None)
@given(clean_texts, clean_sentences, st.sampled_from(WORDS), clean_texts)
def test_a_sentence_said_twice_is_never_rewritten(before: str, sentence: str, word: str, after: str) -> None:
    # "The river runs. The river runs. The river runs north.": two copies of a
    # sentence, then one that begins like it, is doubling (ambiguous), not a loop.
    assume(sentence[:-1] not in before + after)
    longer = sentence[:-1] + " " + word + "."
    text = f"{before} {sentence} {sentence} {longer} {after}"
    assert collapse_loops(text).edits == ()


def test_doubling_across_sentences_regression() -> None:
    text = "The river north. The north river runs. The river runs. The river runs north."
    assert find_loops(text) == [] and collapse_loops(text).edits == ()


@settings(max_examples=150, deadline=None)
@given(clean_texts, units, st.integers(2, 30), st.text(alphabet="ab ,.", max_size=8))
def test_edits_replay_and_collapse_is_idempotent(prefix: str, unit: str, n: int, tail: str) -> None:
    text = f"{prefix} {' '.join([unit] * n)}{tail}"
    r = collapse_loops(text)
    assert apply_edits(text, r.edits) == r.text
    assert collapse_loops(r.text).edits == ()
    for e in r.edits:
        assert text[e.start:e.end] and e.kind == "loop"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_replays(text: str) -> None:
    r = collapse_loops(text)
    assert apply_edits(text, r.edits) == r.text


PIECES = ["hwa", "the ", "or x ", "or y ", "Aye. ", "(2) ", "“”, ", "- ", "需要", "murmurs ",
          "murmures ", "big cat ", ", ", ". ", "\n", "mur", "’ ", "sub-", "abc", "あ、"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_loopy_text_replays_and_is_idempotent(text: str) -> None:
    r = collapse_loops(text)
    assert apply_edits(text, r.edits) == r.text
    assert collapse_loops(r.text).edits == ()


# -- linear time ----------------------------------------------------------------

def _calls(fn, text: str) -> int:
    """Python-level function calls made while running fn(text): a count, not a timing."""
    import sys

    count = 0

    def profiler(frame, event, arg):  # noqa: ARG001
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profiler)
    try:
        fn(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("unit", ["hwa", "a ", "“”, ", "需要", "the cat sat on the mat. ", "- "])
def test_work_grows_linearly_on_adversarial_input(unit: str) -> None:
    small = _calls(collapse_loops, "Start. " + unit * 2_000)
    large = _calls(collapse_loops, "Start. " + unit * 20_000)
    assert large <= 12 * max(small, 1)


def test_megabytes_of_repetition_collapse() -> None:
    cases = [("Pakhtunk" + "hwa" * 1_000_000 + ".", "Pakhtunkhwa."),
             ("我们" + "需要" * 300_000 + "。", "我们需要。"),
             ("Start. " + "“”, " * 200_000, "Start. ")]
    for text, want in cases:
        assert collapse_loops(text).text == want


def test_megabytes_of_one_letter_or_mark_collapse() -> None:
    # The stutter regex used to run out of memory here (MemoryError at 6 MB).
    assert collapse_loops("a" * 6_000_000).text == "a"
    assert collapse_loops("“" * 1_000_000).text == ""


# Peak memory per input character, above what the call starts with: token
# arrays, not a Python object per token.
MEMORY_CASES = {
    "one letter": "a" * 400_000,
    "quote junk": "Start. " + "“”, " * 100_000,
    "quote marks": "“" * 400_000,
    "CJK loop": "我们" + "需要" * 200_000,
    "CJK text": "".join(chr(0x4E00 + (i * 7919) % 3000) for i in range(400_000)),
    "spaced word": "a " * 200_000,
    "lines": "a\n" * 200_000,
}


@pytest.mark.parametrize("name", MEMORY_CASES)
def test_memory_per_character_is_bounded(name: str) -> None:
    import tracemalloc

    text = MEMORY_CASES[name]
    collapse_loops("the Pakhtunkhwahwahwahwahwahwa " + text[:2000])   # word lists loaded once
    tracemalloc.start()
    try:
        collapse_loops(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 40 * len(text), f"{peak / len(text):.1f} bytes per character"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abhw", min_size=10, max_size=80))
def test_stutter_spans_match_the_unbounded_regex(word: str) -> None:
    import regex

    from textrepair.loops import _WORDCHAR, _stutter_spans

    unbounded = regex.compile(rf"({_WORDCHAR}{{1,12}}?)\1{{2,}}")
    want = [(m.start(), m.end(), m.group(1)) for m in unbounded.finditer(word)]
    assert list(_stutter_spans(word)) == want
