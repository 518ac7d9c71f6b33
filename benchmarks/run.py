"""Run every benchmark in this folder and print its tables.

    python benchmarks/run.py            # all of them
    python benchmarks/run.py loops      # only bench_loops.py

bench_scaling.py stops at 1 MB here (its 10 MB inputs take many minutes);
run it alone for the full table: python benchmarks/bench_scaling.py.

Data comes from ../shared (override with TEXTREPAIR_SHARED); a benchmark whose
data is absent says so and is skipped.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Arguments a benchmark gets when run from here.
ARGS = {"bench_scaling": ["--max-size", "1000000"]}


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    status = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        status |= subprocess.call([sys.executable, str(script), *ARGS.get(script.stem, [])], cwd=HERE)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
