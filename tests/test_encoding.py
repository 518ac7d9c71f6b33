"""The mojibake stage and repair()'s handling of text it must not touch."""

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textrepair
from textrepair import RepairConfig, apply_edits
from textrepair.encoding import encoding_edits

# Only the encoding stage: these tests are about what ftfy may and may not change.
ENCODING_ONLY = RepairConfig(collapse_loops=False, fix_names=False, flag_garbled=False)


@pytest.mark.parametrize("broken, fixed, spans", [
    ("The cafÃ© opened.", "The café opened.", [(7, 9, "é")]),
    ("â€œHelloâ€\x9d, she said", "“Hello”, she said", [(0, 3, "“"), (8, 11, "”")]),
    ("Â£5 for a naÃ¯ve cafÃ©", "£5 for a naïve café", [(0, 2, "£"), (12, 14, "ï"), (20, 22, "é")]),
    ("ÐŸÑ€Ð¸Ð²ÐµÑ‚ means hello", "Привет means hello", [(0, 12, "Привет")]),
    ("first line\nthe cafÃ©\r\nlast", "first line\nthe café\r\nlast", [(18, 20, "é")]),
])
def test_mojibake_is_fixed_with_exact_spans(broken, fixed, spans):
    r = textrepair.repair(broken, config=ENCODING_ONLY)
    assert r.text == fixed
    assert [(e.start, e.end, e.replacement) for e in r.edits] == spans
    assert {(e.kind, e.rule) for e in r.edits} == {("encoding", "encoding.mojibake")}
    assert all(e.explanation.startswith("mojibake ") for e in r.edits)
    assert apply_edits(broken, r.edits) == r.text


def test_mojibake_far_into_a_long_line_gets_a_short_span():
    text = "word " * 1000 + "cafÃ© " + "word " * 1000
    [e] = encoding_edits(text)
    assert (e.start, e.end, e.replacement) == (5003, 5005, "é")


@pytest.mark.parametrize("text", [
    "“Curly quotes” and ‘single’ ones — and dashes – stay.",
    "Ligatures ﬁ ﬂ, fullwidth ＡＢＣ, and half-width ｶﾀｶﾅ stay.",
    "Windows\r\nline breaks\rand\u2028separators stay.",
    "HTML entities &amp; &lt;b&gt; stay as written.",
    "A lone surrogate \ud800 and a NUL \x00 pass through.",
    "Combining marks: e\u0301, n\u0303; decomposed stays decomposed.",
    "RTL: שלום עולם, مرحبا بالعالم, with \u200f marks.",
    "Emoji ZWJ: 👨\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 👍🏽",
    "Terminal escapes \x1b[31mred\x1b[0m are left to the caller.",
    "Ελληνικά, русский, 中文, 日本語, 한국어, हिन्दी.",
    "",
])
def test_text_without_mojibake_is_byte_identical(text):
    r = textrepair.repair(text, config=ENCODING_ONLY)
    assert r.text == text
    assert r.edits == ()
    assert not r.changed


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_encoding_edits_replay_and_are_idempotent(text):
    r = textrepair.repair(text, config=ENCODING_ONLY)
    assert apply_edits(text, r.edits) == r.text
    assert textrepair.repair(r.text, config=ENCODING_ONLY).edits == ()


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["a list"]])
def test_non_str_input_is_a_type_error_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        textrepair.repair(bad)


def test_empty_text_gives_an_empty_result():
    r = textrepair.repair("")
    assert (r.text, r.edits, r.flags, r.changed) == ("", (), (), False)


def test_ten_megabytes_of_text_with_mojibake_is_repaired():
    text = ("Plain news sentence number one, nothing to see. " * 20 + "The cafÃ© opened.\n") * 11_000
    assert len(text) > 10_000_000
    r = textrepair.repair(text, config=ENCODING_ONLY)
    assert len(r.edits) == 11_000
    assert r.text == text.replace("cafÃ©", "café")


def test_config_is_frozen_picklable_and_overridable():
    cfg = RepairConfig()
    with pytest.raises(AttributeError):
        cfg.fix_encoding = False  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    r = textrepair.repair("The cafÃ© opened.", config=ENCODING_ONLY, fix_encoding=False)
    assert not r.changed
    with pytest.raises(TypeError, match="no_such_option"):
        textrepair.repair("x", no_such_option=True)
    with pytest.raises(TypeError, match="RepairConfig"):
        textrepair.repair("x", config={"fix_encoding": False})  # type: ignore[arg-type]


def test_a_no_break_space_read_as_a_space_is_one_edit():
    # UTF-8 "à" is C3 A0; A0 shown as a space gives "Ã" + " ".
    [e] = encoding_edits("Ã  la carte")
    assert (e.start, apply_edits("Ã  la carte", [e])) == (0, "à la carte")
