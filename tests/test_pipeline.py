"""repair() end to end: every stage together keeps the contract."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textrepair
from textrepair import apply_edits

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = (EXAMPLES / "seed_article.txt").read_text("utf-8")


def check_contract(text: str, r: textrepair.RepairResult) -> None:
    assert r.original == text
    assert apply_edits(text, r.edits) == r.text
    assert r.changed == (r.text != text)
    for e in r.edits:
        assert e.kind in ("encoding", "loop", "name") and e.rule and e.explanation
        assert 0.0 <= e.confidence <= 1.0
    for f in r.flags:
        assert 0 <= f.start < f.end <= len(text)
        assert 0.0 <= f.score <= 1.0 and f.reasons
    json.dumps(r.to_dict())


def test_seed_article_replays_and_is_idempotent():
    r = textrepair.repair(SEED)
    check_contract(SEED, r)
    again = textrepair.repair(r.text)
    assert again.edits == ()


def test_seed_article_with_its_gazetteer_replays():
    gazetteer = getattr(textrepair, "Gazetteer", None)
    gaz = gazetteer.from_file(EXAMPLES / "seed_gazetteer.tsv") if gazetteer else None
    r = textrepair.repair(SEED, gaz)
    check_contract(SEED, r)
    assert textrepair.repair(r.text, gaz).edits == ()


def test_repair_is_deterministic():
    assert textrepair.repair(SEED).to_dict() == textrepair.repair(SEED).to_dict()


words = st.sampled_from(["the", "a", "cat", "sat", "on", "mat", "Kabul", "Dar", "said", ",", ".",
                         "cafÃ©", "“", "”", "very", "ha", "需要", "あ、", "\n"])


@given(st.lists(words, max_size=60).map(" ".join))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_text_keeps_the_contract_and_repair_is_idempotent(text):
    r = textrepair.repair(text)
    check_contract(text, r)
    assert textrepair.repair(r.text).edits == ()


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_unicode_keeps_the_contract(text):
    check_contract(text, textrepair.repair(text))
