"""The seed article end to end: repaired text, then every edit and flag.

Run: python examples/seed_article.py
"""

from pathlib import Path

import textrepair
from textrepair.edits import apply_edits
from textrepair.gazetteer import Gazetteer

HERE = Path(__file__).resolve().parent

text = (HERE / "seed_article.txt").read_text(encoding="utf-8")
gazetteer = Gazetteer.from_file(HERE / "seed_gazetteer.tsv")
result = textrepair.repair(text, gazetteer)
assert apply_edits(text, result.edits) == result.text  # offsets point into the original

print("== repaired text ==")
print(result.text)
print(f"== {len(result.edits)} edits ==")
for e in result.edits:
    print(f"{e.start}-{e.end} {e.kind} {e.rule}: {text[e.start:e.end]!r} -> {e.replacement!r}"
          f" ({e.explanation})")
print(f"== {len(result.flags)} flags ==")
for f in result.flags:
    print(f"{f.start}-{f.end} score {f.score:.2f}: {text[f.start:f.end][:60]!r}: {'; '.join(f.reasons)}")
