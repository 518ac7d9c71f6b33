"""Time and peak memory of one ``repair()`` call (defaults) as the input grows.

    python benchmarks/bench_scaling.py                      # 10 KB .. 10 MB, every input kind
    python benchmarks/bench_scaling.py --max-size 1000000   # stop at 1 MB (a quick run)
    python benchmarks/bench_scaling.py --kinds cjk,quotes

Every measurement runs in a fresh process: the input is built, the models and
tables are loaded by warm-up calls (on the first 100 KB of the input and on
a little of every kind), the resident set size is read (the baseline), then
``repair()`` runs once.  "peak B/char" is the peak resident
set size above that baseline divided by the input length; "x10" is the time
ratio to the size ten times smaller (10 means linear).  The target is linear
time and at most 40 bytes per character at every size.

Real sentences are MLQE-PE machine translations read from ../shared (the
kind is skipped when the data is absent); the other kinds are generated.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import SHARED, table  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000, 10_000_000)

_MOJIBAKE_WORDS = ["café", "São Paulo", "Zürich", "résumé", "naïve", "Ångström", "façade", "Málaga",
                   "Gdańsk", "Þingvellir", "crème brûlée", "Dvořák", "Köln", "piñata", "Ærø"]
_FILLER = ("The delegation arrived in {w} on Monday and met local officials. "
           "Talks about trade in {w} went on until late, according to the statement. ")
_PLACES = ["Islamabad", "Karachi", "Peshawar", "Lahore", "Kandahar", "Jalalabad", "Rawalpindi",
           "Quetta", "Faisalabad", "Multan", "Hyderabad", "Mazar-i-Sharif", "Herat", "Kunduz"]


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i + 1] + word[i] + word[i + 2:]


def make(kind: str, size: int) -> str:
    """``size`` characters of input of one kind (deterministic)."""
    rng = random.Random(size)
    parts: list[str] = []
    n = 0
    while n < size:
        if kind == "mojibake":
            w = rng.choice(_MOJIBAKE_WORDS).encode("utf-8").decode("latin-1")
            piece = _FILLER.format(w=w) + ("\n\n" if rng.random() < 0.2 else "")
        elif kind == "places":
            a, b = rng.sample(_PLACES, 2)
            piece = (f"Officials from {_typo(rng, a)} travelled to {_typo(rng, b)} for talks. "
                     + ("\n\n" if rng.random() < 0.2 else ""))
        elif kind == "one_char":
            piece = "a" * min(size - n, 65536)
        elif kind == "quotes":
            piece = "“”, " * 4096
        elif kind == "cjk":
            piece = "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(4096))
        elif kind == "sentences":
            piece = _sentences(rng)
        else:
            raise ValueError(kind)
        parts.append(piece)
        n += len(piece)
    return "".join(parts)[:size]


_SENTENCES: list[str] = []


def _sentences(rng: random.Random) -> str:
    if not _SENTENCES:
        csv.field_size_limit(sys.maxsize)
        for path in sorted((SHARED / "data" / "mtqe").glob("*-en.train.tsv")):
            with open(path, encoding="utf-8", newline="") as f:
                _SENTENCES.extend(r["mt_output"] for r in csv.DictReader(f, delimiter="\t",
                                                                         quoting=csv.QUOTE_NONE))
    return " ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 7))) + "\n\n"


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def measure(kind: str, size: int) -> dict[str, float]:
    """Run in a child process: time and peak memory of one repair() call."""
    import textrepair

    text = make(kind, size)
    # Every model and table (langdetect's, wordfreq's other languages) loads before the baseline.
    textrepair.repair(text[:100_000])
    for warm_up in _KINDS:
        if warm_up != "sentences" or _has_sentences():
            textrepair.repair(make(warm_up, 3000))
    textrepair.repair("Der Präsident hat gestern die neue Regierung vorgestellt, sagte er.")
    baseline = _rss_bytes()
    t = time.perf_counter()
    result = textrepair.repair(text)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": seconds, "peak_per_char": max(0, peak - baseline) / len(text),
            "edits": len(result.edits), "flags": len(result.flags)}


_KINDS = ("mojibake", "places", "one_char", "quotes", "cjk", "sentences")


def _has_sentences() -> bool:
    return (SHARED / "data" / "mtqe").exists()


def main(argv: list[str]) -> int:
    kinds_all = list(_KINDS)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--max-size", type=int, default=SIZES[-1], help="largest input, in characters")
    p.add_argument("--kinds", default=",".join(kinds_all), help="comma-separated input kinds")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per measurement")
    p.add_argument("--child", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return 0
    kinds = [k for k in args.kinds.split(",") if k]
    if "sentences" in kinds and not _has_sentences():
        print(f"sentences skipped: {SHARED / 'data' / 'mtqe'} is absent")
        kinds.remove("sentences")
    rows: list[list[object]] = []
    for kind in kinds:
        previous: float | None = None
        for size in (s for s in SIZES if s <= args.max_size):
            try:
                proc = subprocess.run([sys.executable, __file__, "--child", kind, str(size)],
                                      capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                rows.append([kind, _size(size), f"> {args.timeout:.0f}", "", "", ""])
                break
            if proc.returncode != 0:
                error = (proc.stderr.strip().splitlines() or ["?"])[-1]
                rows.append([kind, _size(size), "failed", "", "", error[:60]])
                break
            m = json.loads(proc.stdout)
            ratio = f"{m['seconds'] / previous:.1f}" if previous else ""
            rows.append([kind, _size(size), f"{m['seconds']:.2f}", ratio, f"{m['peak_per_char']:.1f}",
                         f"{m['edits']} edits, {m['flags']} flags"])
            previous = m["seconds"]
            print(f"{kind} {_size(size)}: {m['seconds']:.2f} s, {m['peak_per_char']:.1f} B/char",
                  file=sys.stderr, flush=True)
    print(table(["input", "size", "seconds", "x10", "peak B/char", "result"], rows))
    return 0


def _size(n: int) -> str:
    return f"{n // 1_000_000} MB" if n >= 1_000_000 else f"{n // 1000} KB"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
