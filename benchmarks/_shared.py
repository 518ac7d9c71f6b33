"""Where the benchmarks find ../shared, and small helpers they have in common."""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEXTREPAIR_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or exit 0 with a message when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        print(f"skipped: {path} is absent (set TEXTREPAIR_SHARED to the shared/ folder)")
        sys.exit(0)
    return path


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def best_time(fn: Callable[[], object], repeat: int = 3, *,
              clock: Callable[[], float] = time.perf_counter) -> float:
    """Fastest of ``repeat`` runs, in seconds of ``clock`` (the least disturbed by other load;
    ``time.process_time`` counts only this process's CPU time)."""
    best = float("inf")
    for _ in range(repeat):
        t = clock()
        fn()
        best = min(best, clock() - t)
    return best


def table(header: list[str], rows: list[list[object]]) -> str:
    cells = [header] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
