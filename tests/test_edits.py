"""The edit model: applying, composing and mapping offsets."""

import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.edits import Edit, Flag, OffsetMap, RepairResult, apply_edits, check_edits, compose

ALPHABET = "ab c\u00e9\U0001F600"


@st.composite
def edit_lists(draw, text: str, kind: str = "loop"):
    """Sorted, disjoint edits of ``text`` (at most one insertion per point)."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    prev_end = 0
    prev_insert = None
    for i in range(0, len(cuts) - 1, 2):
        s, t = cuts[i], cuts[i + 1]
        if s < prev_end or (s == t and prev_insert == s):
            continue
        if s == t and edits and edits[-1].start == s:
            continue
        repl = draw(st.text(ALPHABET, max_size=4))
        edits.append(Edit(s, t, repl, kind=kind, rule=f"{kind}.test"))
        prev_end = t
        prev_insert = s if s == t else None
    return edits


@st.composite
def two_stages(draw):
    original = draw(st.text(ALPHABET, max_size=20))
    first = draw(edit_lists(original, "encoding"))
    middle = apply_edits(original, first)
    second = draw(edit_lists(middle, "name"))
    return original, first, second


@given(two_stages())
@settings(max_examples=400)
def test_compose_equals_sequential_application(case):
    original, first, second = case
    composed = compose(original, first, second)
    check_edits(original, composed)
    assert apply_edits(original, composed) == apply_edits(apply_edits(original, first), second)


@given(two_stages())
@settings(max_examples=200)
def test_offset_map_spans_cover_changed_text(case):
    original, first, _ = case
    out = apply_edits(original, first)
    m = OffsetMap(first)
    for pos in range(len(out) + 1):
        before, after = m.to_original(pos, "before"), m.to_original(pos, "after")
        assert 0 <= before <= after <= len(original)


def test_offset_map_on_unchanged_text_is_identity():
    m = OffsetMap([])
    assert [m.to_original(i, "after") for i in range(4)] == [0, 1, 2, 3]


def test_offset_map_across_a_deletion():
    # "aXXb" -> "ab": position 1 in the output is either side of the deleted "XX".
    m = OffsetMap([Edit(1, 3, "", kind="loop", rule="t")])
    assert m.to_original(1, "before") == 1
    assert m.to_original(1, "after") == 3
    assert m.to_original(2, "after") == 4


def test_compose_merges_overlapping_stages_and_keeps_later_kind():
    original = "The cafÃ© cafÃ© opened"
    first = [Edit(7, 9, "é", kind="encoding", rule="encoding.mojibake"),
             Edit(13, 15, "é", kind="encoding", rule="encoding.mojibake")]
    middle = apply_edits(original, first)
    assert middle == "The café café opened"
    second = [Edit(8, 13, "", kind="loop", rule="loop.collapse")]
    composed = compose(original, first, second)
    assert apply_edits(original, composed) == "The café opened"
    assert [(e.start, e.end, e.replacement, e.kind) for e in composed] == [
        (7, 9, "é", "encoding"),
        (9, 15, "", "loop"),
    ]


def test_compose_drops_edits_the_second_stage_undid():
    first = [Edit(0, 1, "b", kind="encoding", rule="r")]
    second = [Edit(0, 1, "a", kind="name", rule="s")]
    assert compose("a", first, second) == []


def test_apply_edits_rejects_overlap_and_out_of_range():
    with pytest.raises(ValueError, match="overlaps"):
        apply_edits("abcd", [Edit(0, 2, "", kind="loop", rule="t"), Edit(1, 3, "", kind="loop", rule="t")])
    with pytest.raises(ValueError, match="past the end"):
        apply_edits("ab", [Edit(1, 3, "", kind="loop", rule="t")])


@pytest.mark.parametrize("kwargs, message", [
    ({"start": 3, "end": 1}, "bad edit span"),
    ({"kind": "spelling"}, "edit kind"),
    ({"confidence": 1.5}, "confidence"),
])
def test_edit_validates_its_fields(kwargs, message):
    base = dict(start=0, end=1, replacement="", kind="loop", rule="t")
    with pytest.raises(ValueError, match=message):
        Edit(**{**base, **kwargs})


def test_flag_needs_reasons_and_a_score_in_range():
    with pytest.raises(ValueError, match="reasons"):
        Flag(0, 1, 0.5, ())
    with pytest.raises(ValueError, match="reasons"):
        Flag(0, 1, 0.5, "not a tuple")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="score"):
        Flag(0, 1, 1.5, ("x",))
    assert Flag(0, 1, 0.5, ["a list"]).reasons == ("a list",)  # type: ignore[arg-type]


def test_result_to_dict_is_json_and_names_the_replaced_text():
    r = RepairResult("a bb c", "a b c", (Edit(2, 4, "b", kind="loop", rule="loop.collapse",
                                                confidence=0.9, explanation="x"),),
                     (Flag(0, 6, 0.25, ("why",)),))
    d = json.loads(json.dumps(r.to_dict()))
    assert d == {
        "text": "a b c", "changed": True,
        "edits": [{"start": 2, "end": 4, "original": "bb", "replacement": "b", "kind": "loop",
                   "rule": "loop.collapse", "confidence": 0.9, "explanation": "x"}],
        "flags": [{"start": 0, "end": 6, "text": "a bb c", "score": 0.25, "reasons": ["why"],
                   "kind": "garble"}],
    }
    assert pickle.loads(pickle.dumps(r)) == r
