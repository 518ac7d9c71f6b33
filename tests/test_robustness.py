"""Hostile input: repair() never raises and its result always holds its invariants.

For every generated input (lone surrogates, control characters, bidi controls,
ZWJ sequences, text made only of punctuation, mojibake, CJK, loops and real
sentences, mixed):

* no exception;
* exact replay: ``apply_edits(original, edits) == text``;
* edits sorted, non-overlapping and inside the original; flags inside it;
* the report survives a JSON round trip (``json.dumps`` / ``json.loads``);
* idempotence: ``repair(repair(x).text)`` makes no edit.

These back the promises in RELIABILITY.md.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textrepair
from textrepair import RepairConfig, apply_edits

SENTENCES = [
    "The committee met on Tuesday and approved the budget.",
    "Ishaq Dar arrived in Islamabad, where he met officials.",
    "The trip to give, they say analysts, indicates a disposition of both sides.",
    "Officials from Islamabd travelled to Kabol for talks.",
    "She said: “We will not allow it.”",
    "Yes.",
    "It was mucous mucous mucous mucous mucous, the doctor said.",
]
ATOMS = [
    *SENTENCES,
    " ", "\n", "\n\n", "\r\n", "\t", "\x85", "\u2028", "\u2029", "\x00", "\x1b[31m", "\x7f", "\x0c",
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c",            # bidi controls
    "\u200d", "\u200c", "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "👍🏽", "e\u0301", "\ufe0f",  # ZWJ, modifiers
    "“”", "“", "”", ", ", ".", "...", "…", "!!!", "?!", "—", "-", "'", '"', "(", ")", "«»", "。", "，",
    "cafÃ©", "â€™", "Ã", "Ã ", "å…³äºŽ", "Â£", "\ufffd",                             # mojibake
    "关于", "我们需要", "天天", "ha ha", "hwa", "Pakhtunkhwa",
]
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)
ATOM = st.one_of(
    st.sampled_from(ATOMS),
    SURROGATES,
    st.text(st.characters(blacklist_categories=()), max_size=4),  # any code point, surrogates too
    st.tuples(st.sampled_from(ATOMS), st.integers(2, 12)).map(lambda t: t[0] * t[1]),  # loops
)
TEXTS = st.lists(ATOM, max_size=24).map("".join)

# Punctuation only, with every kind of space between.
PUNCTUATION = st.text(st.sampled_from("“”‘’\"'.,;:!?…—–-()[]{}«»。，、 \n\t*#/\\|"), max_size=200)


def json_safe(s: str) -> bool:
    """Whether JSON can carry ``s``: a high surrogate directly followed by a low
    one is read back as the single character the pair encodes."""
    return not any("\ud800" <= a <= "\udbff" and "\udc00" <= b <= "\udfff" for a, b in zip(s, s[1:]))


def check_result(text: str, r: textrepair.RepairResult) -> None:
    assert r.original == text
    assert apply_edits(text, r.edits) == r.text
    end = 0
    for e in r.edits:
        assert end <= e.start <= e.end <= len(text), (e, end)
        assert text[e.start:e.end] != e.replacement, e
        end = e.end
    for f in r.flags:
        assert 0 <= f.start <= f.end <= len(text) and 0.0 <= f.score <= 1.0 and f.reasons, f
    report = r.to_dict()
    line = json.dumps(report)  # the default ensure_ascii: lone surrogates become \udXXX escapes
    if json_safe(text):
        assert json_safe(r.text)  # a repair never joins a surrogate pair out of two halves
        assert json.loads(line) == report
        assert json.loads(json.dumps(report, ensure_ascii=False)) == report


def check_all(text: str, config: RepairConfig | None = None) -> None:
    r = textrepair.repair(text, config=config)
    check_result(text, r)
    again = textrepair.repair(r.text, config=config)
    assert again.edits == (), (text, r.text, again.edits)


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_hostile_text(text: str) -> None:
    check_all(text)


@settings(max_examples=60)
@given(PUNCTUATION)
def test_punctuation_only(text: str) -> None:
    check_all(text)


@settings(max_examples=60)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=12), st.lists(SURROGATES, max_size=6),
       st.randoms(use_true_random=False))
def test_real_sentences_with_surrogates_spliced_in(sentences, surrogates, rnd) -> None:
    text = " ".join(sentences)
    for s in surrogates:
        i = rnd.randrange(len(text) + 1)
        text = text[:i] + s + text[i:]
    check_all(text)


@pytest.mark.parametrize("text", [
    "\ud800",
    "a\udfffb",
    "The cafÃ© \ud800 opened. Ishaq Dar met Dan in Islamabd.",
    "or murmurs \udc80 or murmurs or murmurs or murmurs or murmurs",
    "\ud83d" + " “” " * 20 + "\ude00",
])
def test_lone_surrogates_are_opaque(text: str) -> None:
    r = textrepair.repair(text)
    check_result(text, r)
    # Every surrogate of the input is still there, in order.
    assert [c for c in r.text if "\ud800" <= c <= "\udfff"] == [c for c in text if "\ud800" <= c <= "\udfff"]


def test_mojibake_joined_by_a_loop_collapse_is_fixed_in_the_same_pass() -> None:
    text = "Start " + "Ã" * 3000 + " end."
    r = textrepair.repair(text)
    assert r.text == "Start à end."
    assert textrepair.repair(r.text).edits == ()


def test_mojibake_holding_nel_is_one_piece() -> None:
    # '关于' read as Latin-1 holds U+0085, which str.splitlines takes for a line break.
    r = textrepair.repair("关于".encode().decode("latin-1"))
    assert r.text == "关于"
    assert [(e.start, e.end, e.rule) for e in r.edits] == [(0, 6, "encoding.mojibake")]


@pytest.mark.parametrize(("option", "value", "error", "message"), [
    ("garble_min_words", -1, ValueError, "garble_min_words must be at least 0, not -1"),
    ("garble_pattern_min", 2, ValueError, "garble_pattern_min must be in [0, 1], not 2"),
    ("garble_threshold", 1.5, ValueError, "garble_threshold must be in [0, 1], not 1.5"),
    ("garble_threshold", "high", TypeError, "garble_threshold must be a number or None, not str"),
    ("loop_min_repeats", 1, ValueError, "loop_min_repeats must be at least 2, not 1"),
    ("loop_max_period", 3.5, TypeError, "loop_max_period must be an integer, not float"),
    ("loop_fuzzy_ratio", 0.0, ValueError, "loop_fuzzy_ratio must be in (0, 1], not 0.0"),
    ("name_max_distance", float("nan"), ValueError, "name_max_distance must be in [0, 64], not nan"),
    ("fix_names", "no", TypeError, "fix_names must be True or False, not 'no'"),
    ("collapse_loops", 0, TypeError, "collapse_loops must be True or False, not 0"),
    ("name_document_list_size", True, TypeError, "name_document_list_size must be an integer, not bool"),
    ("window_size", 10, ValueError, "window_size must be at least 1000, not 10"),
])
def test_config_rejects_nonsense_when_built(option, value, error, message) -> None:
    with pytest.raises(error) as exc:
        RepairConfig(**{option: value})
    assert str(exc.value) == f"RepairConfig option {message}"
    with pytest.raises(error):  # the same check on replace() and on repair()'s keywords
        RepairConfig().replace(**{option: value})
    with pytest.raises(error):
        textrepair.repair("text", **{option: value})


def test_every_default_option_passes_its_own_check() -> None:
    cfg = RepairConfig()
    assert RepairConfig(**{f: getattr(cfg, f) for f in cfg.__dataclass_fields__}) == cfg


# -- the cache: checked, rebuilt, reported once --------------------------------------

CORRUPTIONS = {
    "empty": lambda blob: b"",
    "half-written": lambda blob: blob[:len(blob) // 2],
    "zero-filled": lambda blob: bytes(len(blob)),
    "random": lambda blob: random_bytes(len(blob), 1),
    "flipped bytes": lambda blob: flip(blob, 100),
}


def random_bytes(n: int, seed: int) -> bytes:
    import random
    return random.Random(seed).randbytes(n)


def flip(blob: bytes, count: int) -> bytes:
    import random
    rnd = random.Random(count)
    data = bytearray(blob)
    for i in rnd.sample(range(len(data) // 2, len(data)), count):  # inside the payload
        data[i] ^= 0xFF
    return bytes(data)


@pytest.fixture
def small_foreign_lists(tmp_path, monkeypatch):
    """The foreign-word hashes of one language (fast to build) in an empty cache."""
    from textrepair import names

    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(names, "_OTHER_LANGUAGES", ("pl",))
    names._foreign_word_hashes.cache_clear()
    yield names
    names._foreign_word_hashes.cache_clear()


@pytest.mark.parametrize("damage", CORRUPTIONS)
def test_a_damaged_foreign_word_file_is_detected_reported_once_and_rebuilt(small_foreign_lists, tmp_path,
                                                                          caplog, damage):
    names = small_foreign_lists
    built = names._foreign_word_hashes()
    [path] = tmp_path.glob("foreign-words-*.u32")
    good = path.read_bytes()
    path.write_bytes(CORRUPTIONS[damage](good))
    for _ in range(2):  # reported once, however often it is found
        names._foreign_word_hashes.cache_clear()
        assert names._foreign_word_hashes() == built
        path.write_bytes(CORRUPTIONS[damage](good))
    warnings = [r.getMessage() for r in caplog.records if r.name == "textrepair"]
    assert len(warnings) == 1 and str(path) in warnings[0] and warnings[0].endswith("; rebuilding it")
    names._foreign_word_hashes.cache_clear()
    path.write_bytes(good)
    assert names._foreign_word_hashes() == built and path.read_bytes() == good


@pytest.mark.parametrize("damage", CORRUPTIONS)
def test_a_damaged_index_file_is_detected_and_rebuilt(tmp_path, monkeypatch, caplog, damage):
    from textrepair import gazetteer as gz

    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gz, "_CACHE_MIN_ENTITIES", 2)
    entries = [("Iftikhar Furdous", "person", ["Furdous"]), ("Islamabad", "place"), ("Kabul", "place")]
    expected = [(c.spelling, c.distance) for c in gz.Gazetteer(entries).candidates("Iphtikhar")]
    [path] = tmp_path.glob("index-*.marshal")
    good = path.read_bytes()
    path.write_bytes(CORRUPTIONS[damage](good))
    assert [(c.spelling, c.distance) for c in gz.Gazetteer(entries).candidates("Iphtikhar")] == expected
    assert path.read_bytes() == good  # rewritten
    assert [r.getMessage() for r in caplog.records if r.name == "textrepair"][0].startswith(
        f"textrepair: cache file {path} ")


def test_a_cache_path_that_is_a_directory_leaves_no_temp_file(small_foreign_lists, tmp_path, caplog):
    names = small_foreign_lists
    built = names._foreign_word_hashes()
    [path] = tmp_path.glob("foreign-words-*.u32")
    path.unlink()
    path.mkdir()
    names._foreign_word_hashes.cache_clear()
    assert names._foreign_word_hashes() == built
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no *.tmp beside it
    assert any("cannot be" in r.getMessage() for r in caplog.records)


def test_threads_on_a_cold_cache_build_each_table_once(tmp_path, monkeypatch):
    import threading

    from textrepair import gazetteer as gz

    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gz, "_CACHE_MIN_ENTITIES", 2)
    builds: list[int] = []
    real = gz._Index.__init__

    def counting(self, entities):
        builds.append(1)
        real(self, entities)

    monkeypatch.setattr(gz._Index, "__init__", counting)
    g = gz.Gazetteer([("Islamabad", "place"), ("Kabul", "place")])
    start = threading.Barrier(8)
    indexes = []

    def work() -> None:
        start.wait()
        indexes.append(g.index)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1 and all(i is indexes[0] for i in indexes)

    calls: list[int] = []
    table = gz.once(lambda: calls.append(1) or len(calls))
    results: list[int] = []
    start = threading.Barrier(8)
    threads = [threading.Thread(target=lambda: (start.wait(), results.append(table()))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and results == [1] * 8


_PROCESS_SCRIPT = """
import hashlib, sys
from textrepair import gazetteer as gz, names
gz._CACHE_MIN_ENTITIES = 2
names._OTHER_LANGUAGES = ("pl",)
g = gz.Gazetteer([("Iftikhar Furdous", "person", ["Furdous"]), ("Islamabad", "place"), ("Kabul", "place")])
cands = [(c.spelling, c.distance) for c in g.candidates("Iphtikhar")]
hashes = hashlib.sha256(names._foreign_word_hashes().tobytes()).hexdigest()
print(cands, hashes, names._is_foreign_word("policja"))
"""


def test_four_processes_on_a_cold_cache_agree(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "TEXTREPAIR_CACHE_DIR": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-c", _PROCESS_SCRIPT], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4
    assert all(err == "" for _, err in outputs)  # nothing was found damaged
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].endswith(" True\n")
    from textrepair.gazetteer import read_cache
    files = sorted((tmp_path / "cache").iterdir())
    assert sorted(p.suffix for p in files) == [".marshal", ".u32"]  # no temp files
    assert all(read_cache(p) is not None for p in files)


_SEEDED_SCRIPT = """
import json, sys, textrepair
from pathlib import Path
text = Path(sys.argv[1]).read_text("utf-8") + " Ã© \\ud800 or murmurs or murmurs or murmurs or murmures"
print(json.dumps(textrepair.repair(text).to_dict()))
"""


def test_same_result_under_other_hash_seeds(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    seed_article = Path(__file__).resolve().parents[1] / "examples" / "seed_article.txt"
    text = seed_article.read_text("utf-8") + " Ã© \ud800 or murmurs or murmurs or murmurs or murmures"
    expected = json.dumps(textrepair.repair(text).to_dict())
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", _SEEDED_SCRIPT, str(seed_article)], capture_output=True,
                             text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        assert out == expected + "\n"
