"""Pipeline figures: CLI throughput with --jobs 1 and 2, peak memory on a large stream, Ray Data.

    python benchmarks/bench_pipelines.py            # everything
    python benchmarks/bench_pipelines.py --no-ray   # without the Ray Data row
    python benchmarks/bench_pipelines.py --memory-mb 5,20 --stream-mb 100,1000   # the defaults
    python benchmarks/bench_pipelines.py --memory-mb '' --stream-mb ''           # throughput only

Records: 10,000 JSONL records built from the MLQE-PE ``post_edit`` and
``mt_output`` columns of ../shared/data/mtqe/*.train.tsv (CC0), one sentence
to three per record, with problems injected into a fixed share of them (seed
0): mojibake (UTF-8 read as cp1252, on a sentence with non-ASCII
letters) in 10 %, a phrase loop in 10 %, a repeated
sentence in 5 %.  Every run goes through the installed ``textrepair`` command
(or the Ray Data example's transform) end to end, start-up included, and the
--jobs 2 output is checked to be byte-identical to --jobs 1.

Peak memory is the maximum resident set of the CLI process and its workers
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` of a fresh child per run),
on a JSONL stream made by repeating the records up to the given size: with
every stage on (--jobs 2) at sizes a run can afford at that speed, and with the
encoding stage only (--jobs 1), which streams fast enough for 1 GB.  Equal
peaks across sizes show that memory does not grow with the input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _shared import REPO, read_tsv, shared_path, table

N_RECORDS = 10_000
GAZETTEER = REPO / "examples" / "seed_gazetteer.tsv"


def sentences() -> list[str]:
    folder = shared_path("data", "mtqe")
    out: list[str] = []
    for path in sorted(folder.glob("*.train.tsv")):
        for row in read_tsv(path):
            out.extend(s for s in (row.get("post_edit"), row.get("mt_output")) if s)
    return out


def mixed_records(n: int, rng: random.Random) -> list[dict[str, object]]:
    pool = sentences()
    accented = [s for s in pool if not s.isascii()]  # mojibake needs something to garble
    records: list[dict[str, object]] = []
    for i in range(n):
        roll = rng.random()
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
        problem = None
        if roll < 0.10:
            text = rng.choice(accented) + " " + text
            problem, text = "mojibake", text.encode("utf-8").decode("cp1252", errors="ignore")
        elif roll < 0.20:
            words = text.split()
            at = rng.randrange(max(1, len(words) - 3))
            phrase = " ".join(words[at:at + rng.randint(1, 3)])
            problem, text = "loop", " ".join(words[:at] + [phrase] * rng.randint(6, 15) + words[at:])
        elif roll < 0.25:
            first = text.split(" . ")[0].split(". ")[0]
            problem, text = "repeated sentence", text + (" " + first) * rng.randint(3, 6)
        records.append({"id": i, "text": text, "problem": problem})
    return records


def write_jsonl(path: Path, records: list[dict[str, object]], target_bytes: int | None = None) -> int:
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records]
    written = 0
    with open(path, "wb") as f:
        while True:
            for line in lines:
                f.write(line)
                written += len(line)
                if target_bytes is not None and written >= target_bytes:
                    return written
            if target_bytes is None:
                return written


def run_cli(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one textrepair run, workers included."""
    script = ("import resource, subprocess, sys, time\n"
              "t = time.perf_counter()\n"
              "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL)\n"
              "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)\n")
    # `python -m textrepair.cli`: the textrepair this interpreter imports (PYTHONPATH may point at a checkout).
    out = subprocess.run([sys.executable, "-c", script, sys.executable, "-m", "textrepair.cli", *args],
                         check=True, capture_output=True, text=True)
    seconds, cpu, rss_kb = out.stdout.split()
    return float(seconds), float(cpu), int(rss_kb) / 1024


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_speedup() -> float:
    """What 2 processes gain over 1 on a pure-Python loop here: the ceiling for --jobs 2 in this run."""
    seconds = []
    for jobs in (1, 2):
        started = time.perf_counter()
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_spin, [2_000_000] * 8))
        seconds.append(time.perf_counter() - started)
    return seconds[0] / seconds[1]


def throughput(work: Path, records: list[dict[str, object]]) -> list[list[object]]:
    src = work / "records.jsonl"
    nbytes = write_jsonl(src, records)
    rows = []
    outputs = {}
    for jobs in (1, 2):
        out = work / f"out{jobs}.jsonl"
        seconds, cpu, rss = run_cli(["--jsonl", "--gazetteer", str(GAZETTEER), "--jobs", str(jobs),
                                     "-o", str(out), str(src)])
        outputs[jobs] = out.read_bytes()
        rows.append([f"textrepair --jsonl --jobs {jobs}", len(records), nbytes / 1e6, seconds,
                     len(records) / seconds, nbytes / 1e6 / seconds, cpu, rss])
    assert outputs[1] == outputs[2], "--jobs 2 output differs from --jobs 1"
    changed = sum(json.loads(line)["textrepair"]["changed"] for line in outputs[1].splitlines())
    flagged = sum(bool(json.loads(line)["textrepair"]["flags"]) for line in outputs[1].splitlines())
    print(f"{len(records)} records: {changed} changed, {flagged} flagged; --jobs 2 output byte-identical to --jobs 1")
    print(f"speed-up with 2 jobs: {rows[0][3] / rows[1][3]:.2f}x on {os.cpu_count()} CPUs "
          f"(a pure-Python loop gains {machine_speedup():.2f}x from 2 processes on this machine right now)")
    return rows


def ray_row(work: Path, records: list[dict[str, object]]) -> list[object] | None:
    try:
        import ray
        import ray.data
    except ImportError:
        print("Ray Data row skipped: pip install 'textrepair[ray]'")
        return None
    from textrepair.integrations.ray import RepairBatches

    src = work / "records.jsonl"
    nbytes = src.stat().st_size
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        started = time.perf_counter()
        ds = ray.data.read_json(str(src), num_cpus=0)
        ds = ds.map_batches(RepairBatches, fn_constructor_kwargs={"gazetteer": str(GAZETTEER)},
                            compute=ray.data.ActorPoolStrategy(size=2), batch_size=256, batch_format="pandas")
        ds.write_json(str(work / "ray_out"), ray_remote_args={"num_cpus": 0})
        seconds = time.perf_counter() - started
    finally:
        ray.shutdown()
    return ["Ray Data map_batches, 2 actors (local, 2 CPUs)", len(records), nbytes / 1e6, seconds,
            len(records) / seconds, nbytes / 1e6 / seconds, "-", "-"]


def memory(work: Path, records: list[dict[str, object]], sizes_mb: list[int], jobs: int,
           stage_args: list[str], stages: str) -> list[list[object]]:
    rows = []
    for size in sizes_mb:
        src = work / f"stream_{size}mb.jsonl"
        nbytes = write_jsonl(src, records, target_bytes=size * 1_000_000)
        seconds, _, rss = run_cli(["--jsonl", "--gazetteer", str(GAZETTEER), "--jobs", str(jobs),
                                   *stage_args, "-o", os.devnull, str(src)])
        rows.append([f"{nbytes / 1e6:,.0f} MB", stages, jobs, seconds, nbytes / 1e6 / seconds, rss])
        src.unlink()
    return rows


def sizes(arg: str) -> list[int]:
    return [int(size) for size in arg.split(",") if size]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--no-ray", action="store_true")
    p.add_argument("--memory-mb", default="5,20",
                   help="stream sizes (MB) for peak memory with every stage (about 0.15 MB/s a job)")
    p.add_argument("--stream-mb", default="100,1000",
                   help="stream sizes (MB) for peak memory with the encoding stage only (about 5 MB/s)")
    args = p.parse_args()
    records = mixed_records(N_RECORDS, random.Random(0))
    print("load average before: {:.2f} {:.2f} {:.2f} on {} CPUs".format(*os.getloadavg(), os.cpu_count()))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = throughput(work, records)
        if not args.no_ray and (row := ray_row(work, records)) is not None:
            rows.append(row)
        print("\nThroughput on the same 10,000 mixed records (wall clock, start-up included)")
        print(table(["run", "records", "MB", "seconds", "records/s", "MB/s", "CPU s", "peak RSS MB"], rows))
        mem_rows = memory(work, records, sizes(args.memory_mb), 2, [], "all")
        mem_rows += memory(work, records, sizes(args.stream_mb), 1,
                           ["--no-loops", "--no-names", "--no-flags"], "encoding only")
        if mem_rows:
            print("\nPeak memory of the streaming CLI (RSS of the process and its workers, max over them)")
            print(table(["input", "stages", "jobs", "seconds", "MB/s", "peak RSS MB"], mem_rows))
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
