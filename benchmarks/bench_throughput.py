"""Speed of repair() and of each stage beside ftfy.fix_text on the same paragraphs.

    python benchmarks/bench_throughput.py

Paragraphs (about 1,100 characters each, one call per paragraph):

- clean news: the human reference translations of the WMT 2020 zh→en news test
  set (../shared/data/mtqe/zh-en.mqm_newstest2020.jsonl, ``is_human_ref``),
  joined document by document; when ../shared is absent, the seed article's
  clean paragraphs stand in (and the script says so);
- damaged MT: the seed article's paragraphs (machine translation with real
  loops and typo'd names), each clean one also with a loop injected by the
  seeded code below.

Each configuration runs one stage alone (the others switched off) or the
full ``repair()`` with defaults; times are ms of CPU time per 1,000 characters
(the fastest of 5 runs; CPU time, not wall time, so that other processes on a
shared machine count less) and the speed ratio to ftfy (ftfy's time / the configuration's time:
1.0 is as fast as ftfy).  Start-up: the first call in a fresh interpreter,
import included, for ftfy and for repair(), and the worker's peak RSS, with
the cache directory (TEXTREPAIR_CACHE_DIR) already filled by an earlier run:
the first run on a machine also builds the caches.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import textrepair  # noqa: E402
from _shared import REPO, SHARED, best_time, table  # noqa: E402

SEED = REPO / "examples" / "seed_article.txt"
PARAGRAPH = 1100

OFF = dict(fix_encoding=False, collapse_loops=False, fix_names=False, flag_garbled=False)
CONFIGS = {
    "encoding only": textrepair.RepairConfig(**{**OFF, "fix_encoding": True}),
    "loops only": textrepair.RepairConfig(**{**OFF, "collapse_loops": True}),
    "names only": textrepair.RepairConfig(**{**OFF, "fix_names": True}),
    "garble only": textrepair.RepairConfig(**{**OFF, "flag_garbled": True}),
    "repair() defaults": textrepair.RepairConfig(),
}


def join_paragraphs(sentences: list[str], size: int = PARAGRAPH) -> list[str]:
    """Consecutive sentences joined with spaces into paragraphs of about ``size`` characters."""
    out: list[str] = []
    current = ""
    for s in sentences:
        current = f"{current} {s}" if current else s
        if len(current) >= size:
            out.append(current)
            current = ""
    return out


def seed_paragraphs() -> list[str]:
    return [p for p in SEED.read_text("utf-8").split("\n") if p.strip()]


def clean_news() -> tuple[str, list[str]]:
    path = SHARED / "data" / "mtqe" / "zh-en.mqm_newstest2020.jsonl"
    if not path.exists():
        print(f"note: {path} is absent; the seed article's paragraphs stand in for clean news")
        return "seed article paragraphs", seed_paragraphs()
    by_doc: dict[str, list[tuple[int, str]]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["is_human_ref"]:
                by_doc.setdefault(r["doc"], []).append((int(r["seg_id"]), r["text"].strip()))
    paragraphs: list[str] = []
    for doc in sorted(by_doc):
        paragraphs += join_paragraphs([t for _, t in sorted(by_doc[doc])])
    return "clean news (WMT20 zh-en refs)", paragraphs


def inject_loop(text: str, rng: random.Random) -> str:
    """``text`` with one loop: a repeated word, a repeated phrase or a sub-word stutter."""
    words = list(re.finditer(r"\b[A-Za-z][a-z]{3,}\b", text))
    w = rng.choice(words)
    form = rng.choice(["word", "phrase", "stutter"])
    if form == "word":
        return text[:w.end()] + (" " + w.group()) * rng.randint(4, 12) + text[w.end():]
    if form == "phrase":
        i = words.index(w)
        phrase = text[w.start():words[min(i + 2, len(words) - 1)].end()]
        end = w.start() + len(phrase)
        return text[:end] + (" " + phrase) * rng.randint(3, 8) + text[end:]
    return text[:w.end()] + w.group()[-3:] * rng.randint(6, 20) + text[w.end():]


def damaged_mt() -> tuple[str, list[str]]:
    rng = random.Random(10)
    paragraphs = seed_paragraphs()
    return "damaged MT (seed + injected loops)", paragraphs + [inject_loop(p, rng) for p in paragraphs]


def best_cpu_time(fn: Callable[[], object]) -> float:
    """The least CPU time of this process over five runs of ``fn``, in seconds."""
    return best_time(fn, 5, clock=time.process_time)


def speed_rows(label: str, paragraphs: list[str]) -> list[list[object]]:
    kchars = sum(map(len, paragraphs)) / 1000
    for p in paragraphs[:3]:  # load data and warm caches outside the timed runs
        textrepair.repair(p)
    t_ftfy = best_cpu_time(lambda: [ftfy.fix_text(p) for p in paragraphs])
    rows: list[list[object]] = [[label, "ftfy.fix_text", 1000 * t_ftfy / kchars, 1.0]]
    for name, cfg in CONFIGS.items():
        t = best_cpu_time(lambda: [textrepair.repair(p, config=cfg) for p in paragraphs])
        rows.append([label, name, 1000 * t / kchars, t_ftfy / t])
    return rows


_FIRST_CALL = """
import sys, time
t = time.perf_counter()
{setup}
text = sys.stdin.read()
{call}
elapsed = time.perf_counter() - t
peak_kb = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")]
print(elapsed, int(peak_kb[0]) / 1024 if peak_kb else float("nan"))
"""


def first_call(setup: str, call: str, text: str) -> tuple[float, float]:
    """Seconds from a fresh interpreter's import to the end of its first call, and its peak RSS in MB."""
    out = subprocess.run([sys.executable, "-c", _FIRST_CALL.format(setup=setup, call=call)],
                         input=text, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def startup_rows(text: str) -> list[list[object]]:
    ftfy_s, ftfy_mb = min(first_call("import ftfy", "ftfy.fix_text(text)", text) for _ in range(5))
    repair_s, repair_mb = min(first_call("import textrepair", "textrepair.repair(text)", text)
                              for _ in range(5))
    return [["ftfy.fix_text", ftfy_s, 0.0, ftfy_mb],
            ["textrepair.repair", repair_s, repair_s - ftfy_s, repair_mb]]


def main() -> None:
    rows: list[list[object]] = []
    corpora = [clean_news(), damaged_mt()]
    for label, paragraphs in corpora:
        print(f"{label}: {len(paragraphs)} paragraphs, {sum(map(len, paragraphs)) / len(paragraphs):.0f}"
              " characters on average")
        rows += speed_rows(label, paragraphs)
    print("\nSpeed per call (CPU time, fastest of 5; ratio = ftfy's time / this time, measured in this run)")
    print(table(["paragraphs", "configuration", "ms per 1,000 chars", "speed vs ftfy"], rows))
    print("\nFirst call in a fresh process, import included (fastest of 5; caches in TEXTREPAIR_CACHE_DIR warm)")
    print(table(["call", "seconds", "more than ftfy", "peak RSS MB"], startup_rows(corpora[0][1][0])))


if __name__ == "__main__":
    main()
