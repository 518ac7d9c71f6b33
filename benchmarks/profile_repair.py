"""cProfile of repair() with defaults on the bench_throughput paragraphs.

    python benchmarks/profile_repair.py [N]

Prints, for clean news and for damaged MT, the N (default 10) functions with
the most time spent in their own code (tottime), after a warm-up call so that
start-up loading is not counted.  benchmarks/PROFILE.md records its output.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import textrepair  # noqa: E402
from bench_throughput import clean_news, damaged_mt  # noqa: E402


def main() -> None:
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    for label, paragraphs in (clean_news(), damaged_mt()):
        textrepair.repair(paragraphs[0])
        profiler = cProfile.Profile()
        profiler.enable()
        for p in paragraphs:
            textrepair.repair(p)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats("tottime").print_stats(top)
        print(f"## {label}, {len(paragraphs)} paragraphs")
        print("\n".join(line for line in out.getvalue().splitlines()
                        if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced"))))
        print()


if __name__ == "__main__":
    main()
