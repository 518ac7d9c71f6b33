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


def test_seed_through_the_cli_text_and_jsonl_modes_replays(tmp_path, capsysbinary):
    from textrepair.cli import main

    assert main([str(EXAMPLES / "seed_article.txt"), "--no-flags"]) == 0
    text_out = capsysbinary.readouterr().out.decode("utf-8")
    assert text_out == textrepair.repair(SEED, flag_garbled=False).text

    source = tmp_path / "seed.jsonl"
    paragraphs = SEED.split("\n")
    source.write_text("".join(json.dumps({"id": i, "text": p}) + "\n" for i, p in enumerate(paragraphs)),
                      "utf-8")
    assert main(["--jsonl", str(source)]) == 0
    records = [json.loads(line) for line in capsysbinary.readouterr().out.decode("utf-8").splitlines()]
    assert [r["id"] for r in records] == list(range(len(paragraphs)))
    for paragraph, record in zip(paragraphs, records):
        edits = [textrepair.Edit(**{k: v for k, v in e.items() if k != "original"})
                 for e in record["textrepair"]["edits"]]
        assert apply_edits(paragraph, edits) == record["text"]
        assert all(paragraph[e["start"]:e["end"]] == e["original"] for e in record["textrepair"]["edits"])


def test_contract_positional_forms() -> None:
    # The documented contract: repair(text, gazetteer=None, config=None) and
    # flag_garbled(text, threshold=None) work positionally too.
    cfg = textrepair.RepairConfig(flag_garbled=False)
    assert textrepair.repair("The cafÃ© opened.", None, cfg).text == "The café opened."
    text = "The trip to give, they say analysts, indicates a disposition of both sides of restarting ties."
    assert textrepair.flag_garbled(text, 0.0) == textrepair.flag_garbled(text, threshold=0.0)
    assert textrepair.flag_garbled(text, 0.0)  # every passage, whatever its score


# -- long documents: windows ------------------------------------------------------

from textrepair.pipeline import windowed, windows  # noqa: E402


def test_windows_cut_after_a_paragraph_then_a_sentence_then_a_space_then_anywhere():
    para = "First sentence here. Second one.\n\n"
    assert windows(para * 3, 50) == [(0, 34), (34, 68), (68, 102)]          # after the blank line
    sent = "One short sentence. "
    assert windows(sent * 5, 50) == [(0, 40), (40, 80), (80, 100)]          # after a sentence
    words = "word " * 20
    assert windows(words, 23) == [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]  # at a space
    assert windows("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]           # anywhere
    assert windows("我们需要。" * 4, 12) == [(0, 10), (10, 20)]                # after a CJK full stop
    assert windows("short", 10) == [(0, 5)]


@given(st.text(st.sampled_from("ab .\n!"), max_size=400), st.integers(4, 60))
def test_windows_tile_the_text_within_the_size(text, size):
    spans = windows(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < e - s <= size for s, e in spans) or text == ""


def test_windowed_stage_sees_each_window_and_results_point_into_the_text():
    text = ("The cafÃ© opened. " * 40 + "\n\n") * 5
    seen: list[str] = []

    def stage(piece: str) -> list[textrepair.Edit]:
        seen.append(piece)
        return [textrepair.Edit(i, i + 2, "é", kind="encoding", rule="t")
                for i in range(len(piece)) if piece.startswith("Ã©", i)]

    edits = windowed(stage, text, size=1000)
    assert "".join(seen) == text and len(seen) == 5 and all(len(p) <= 1000 for p in seen)
    assert [text[e.start:e.end] for e in edits] == ["Ã©"] * 200
    assert windowed(stage, text, size=len(text)) == edits  # one window: the same edits


def test_a_long_document_read_in_windows():
    # Mojibake and loops see the whole text; names find their evidence in the window.
    paragraphs = [p.strip() for p in SEED.split("\n") if len(p.strip()) > 150][:10]
    para = "The cafÃ© was closed. It was mucous mucous mucous mucous mucous, the doctor said."
    gaz = textrepair.Gazetteer.from_file(EXAMPLES / "seed_gazetteer.tsv")
    text = "\n\n".join(f"{p}\n\n{para}" for p in paragraphs)
    assert len(text) > 3000
    whole = textrepair.repair(text, gaz, window_size=len(text))
    parts = textrepair.repair(text, gaz, window_size=1000)
    check_contract(text, parts)
    assert textrepair.repair(parts.text, gaz, window_size=1000).edits == ()
    assert [e for e in parts.edits if e.kind != "name"] == [e for e in whole.edits if e.kind != "name"]
    assert parts.text.count("The café was closed. It was mucous, the doctor said.") == len(paragraphs)
    # 'Dan said' becomes 'Dar said' on the evidence of 'Ishaq Dar', which is two windows away.
    assert [e.explanation.split(":")[0] for e in whole.edits if e.kind == "name"] == ["Dan→Dar"]
    assert [e for e in parts.edits if e.kind == "name"] == []
    assert textrepair.repair(text, gaz, window_size=len(text) + 1) == whole  # under the size: read whole


def test_flags_are_mapped_with_one_offset_map(monkeypatch):
    # One map per flag made repair() quadratic in the length of a garbled document.
    from textrepair import pipeline

    built: list[int] = []
    real = pipeline.OffsetMap

    def counting(edits):
        built.append(len(edits))
        return real(edits)

    monkeypatch.setattr(pipeline, "OffsetMap", counting)
    text = "\n\n".join([SEED] * 3)
    r = textrepair.repair(text)
    assert len(r.flags) > 10 and len(built) <= 2
    check_contract(text, r)
