"""Hugging Face datasets: repair a column with Dataset.map(batched=True, num_proc=2).

Run: python examples/hf_datasets_map.py   (pip install 'textrepair[hf]')
"""

import json
import tempfile
from pathlib import Path

from datasets import load_dataset

from textrepair.integrations.hf import RepairMap

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":  # num_proc starts worker processes, which re-import this file
    with tempfile.TemporaryDirectory() as cache:
        ds = load_dataset("json", data_files=str(HERE / "records.jsonl"), split="train", cache_dir=cache)
        repair_text = RepairMap("text", gazetteer=HERE / "seed_gazetteer.tsv")
        # The function is hashed by content, so running this again with the same
        # options reuses the cached result; num_proc workers each get a copy.
        repaired = ds.map(repair_text, batched=True, batch_size=8, num_proc=2)
        print("columns:", ", ".join(repaired.column_names))
        changed = 0
        for row in repaired:
            report = json.loads(row["textrepair"])
            if report["changed"]:
                changed += 1
                print(f"{row['id']}: {row['text']}")
        print(f"{len(repaired)} records, {changed} changed")
