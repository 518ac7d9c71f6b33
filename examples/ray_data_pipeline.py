"""Ray Data: read JSONL, repair a column in parallel actors, write JSONL.

Run: python examples/ray_data_pipeline.py   (pip install 'textrepair[ray]')

This starts a local Ray with 2 CPUs.  On a cluster, the same script runs
unchanged with ``ray.init(address="auto")`` (or ``address="ray://head:10001"``)
in place of ``ray.init(num_cpus=2)``, and input and output paths every node can
reach (s3://, gs://, a shared file system); ``ActorPoolStrategy(size=...)``
sets how many actors, each of which reads the gazetteer once.
"""

import json
import tempfile
import time
from pathlib import Path

import ray

from textrepair.integrations.ray import RepairBatches

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        # Reading and writing are light I/O: they take no CPU slot here, so that
        # the two repair actors can hold both CPUs of this 2-CPU Ray without
        # starving them (on a cluster, leave num_cpus at its default).
        ds = ray.data.read_json(str(HERE / "records.jsonl"), num_cpus=0)
        ds = ds.map_batches(
            RepairBatches,
            fn_constructor_kwargs={"column": "text", "gazetteer": str(HERE / "seed_gazetteer.tsv")},
            compute=ray.data.ActorPoolStrategy(size=2), batch_size=8, batch_format="pandas",
        )
        ds.write_json(out, ray_remote_args={"num_cpus": 0})
        elapsed = time.perf_counter() - started
        rows = [json.loads(line) for f in sorted(Path(out).glob("*.json")) for line in open(f, encoding="utf-8")]
        rows.sort(key=lambda row: row["id"])
        print("columns:", ", ".join(rows[0]))
        changed = [row for row in rows if json.loads(row["textrepair"])["changed"]]
        for row in changed:
            print(f"{row['id']}: {row['text']}")
        print(f"{len(rows)} records, {len(changed)} changed, {len(rows) / elapsed:.0f} records/s")
    ray.shutdown()
