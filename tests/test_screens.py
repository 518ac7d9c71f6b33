"""The screens and memos change only speed: with them off (the private
``RepairConfig(_screens=False)``) every stage runs its exact engine on every
passage, and ``repair()`` must give the same edits and flags, exactly.

Texts: this folder's test data, the bundled examples, texts of our own that
each screen must let through, and (when ../shared is present) a seeded
sample of the benchmark corpora.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import textrepair
from textrepair import Gazetteer, RepairConfig

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_GAZETTEER = Gazetteer.from_file(ROOT / "examples" / "seed_gazetteer.tsv")
EXACT = RepairConfig(_screens=False)

OWN = [
    "Ishaq Dar landed in Kabul. Dan said the visit of Dar was useful; Fordous Iphtikhar agreed.",
    "The Prime Minister of Pakistn met the president of Afghanistan in Islamabd on Tuesday.",
    "Losangels and New Zeakand, Edmund Hillary and Edmund Hilary, Pakhtunkhwahwahwa.",
    "or murmurs or murmurs or murmures or shocks or mutators or mutators or murmurs or murmurs",
    "Walla Walla is very, very nice; ha ha ha. The the cat. “”, “”, “”, “”, “”",
    "The trip to give, they say analysts, indicates a disposition of restarting ties.",
    "他说他说他说他说他说他说他说他说他说他说。我们很好。",
    "Clean text stays as it is. It has two sentences and a name, London.",
    "Cafés in São Paulo and Mèrida; Zurich and Zürich. Ghandi met Gandhi in Carribean ports.",
]


def texts() -> list[str]:
    out = list(OWN)
    for line in (ROOT / "tests" / "data" / "loops_cases.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out += [record["text"], record.get("expected") or ""]
    out.append((ROOT / "examples" / "seed_article.txt").read_text("utf-8"))
    for line in (ROOT / "examples" / "records.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            out += [v for v in json.loads(line).values() if isinstance(v, str)]
    return [t for t in out if t]


def shared_texts() -> list[str]:
    """A seeded sample of the benchmark corpora: real loops, clean news paragraphs, MT with names."""
    rng = random.Random(10)
    out: list[str] = []
    loops = SHARED / "data" / "loops" / "real_loops.jsonl"
    if loops.exists():
        records = [json.loads(line) for line in loops.read_text("utf-8").splitlines() if line.strip()]
        out += [r["text"] for r in rng.sample(records, 60)]
    news = SHARED / "data" / "mtqe" / "zh-en.mqm_newstest2020.jsonl"
    if news.exists():
        lines = news.read_text("utf-8").splitlines()
        refs = [json.loads(line)["text"] for line in lines[:20000] if '"is_human_ref": 1' in line]
        start = rng.randrange(max(1, len(refs) - 80))
        out += [" ".join(refs[i:i + 8]) for i in range(start, start + 80, 8)]
        mt = [json.loads(line)["text"] for line in rng.sample(lines, 40)]
        out.append(" ".join(mt))
    return out


def _same(text: str, gazetteer: Gazetteer | None) -> None:
    fast = textrepair.repair(text, gazetteer)
    exact = textrepair.repair(text, gazetteer, config=EXACT)
    assert fast.edits == exact.edits, text[:200]
    assert fast.flags == exact.flags, text[:200]
    assert fast.text == exact.text


def test_screens_change_nothing_on_the_test_data_and_examples() -> None:
    for text in texts():
        _same(text, None)
        _same(text, SEED_GAZETTEER)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent")
def test_screens_change_nothing_on_a_sample_of_the_benchmark_corpora() -> None:
    for text in shared_texts():
        _same(text, None)


@pytest.mark.skipif(not (SHARED / "data" / "names").exists(), reason="../shared is absent")
def test_screens_change_nothing_on_real_misspellings_of_names() -> None:
    names = SHARED / "data" / "names"
    gazetteer = Gazetteer.from_file(names / "gazetteer.tsv")
    rows = [json.loads(line) for line in (names / "name_variants.jsonl").read_text("utf-8").splitlines()]
    edited = 0
    for r in random.Random(3).sample(rows, 150):
        for text in (f"{r['canonical']} was named. Later {r['variant']} spoke to the press about it.",
                     f"Reports from {r['variant']} say the talks in Geneva went well."):
            _same(text, gazetteer)
            edited += bool(textrepair.repair(text, gazetteer).edits)
    assert edited > 100  # the comparison covers edits, not only texts left alone


def test_the_private_switch_is_not_a_documented_option() -> None:
    assert "_screens" not in (RepairConfig.__doc__ or "") and "_screens" not in repr(EXACT)
    assert EXACT != RepairConfig() and EXACT.replace(_screens=True) == RepairConfig()
    with pytest.raises(TypeError, match="_screens"):
        RepairConfig(_screens=1)


def test_screens_find_what_the_engines_find() -> None:
    # Not a vacuous comparison: each stage does something on these texts.
    kinds = {e.kind for t in OWN for e in textrepair.repair(t, SEED_GAZETTEER).edits}
    assert kinds == {"loop", "name"}
    assert any(textrepair.repair(t).flags for t in OWN)
