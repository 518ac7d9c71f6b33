"""datatrove: read JSONL, repair and annotate each document, drop garbled ones, write JSONL.

Run: python examples/datatrove_pipeline.py   (pip install 'textrepair[datatrove]')
"""

import gzip
import json
import tempfile
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from textrepair.integrations.datatrove import GarbleFilter, RepairAnnotator

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as work:
        pipeline = [
            JsonlReader(str(HERE), glob_pattern="records.jsonl", text_key="text", id_key="id"),
            # One pass: repair doc.text and put the report in doc.metadata["textrepair"].
            RepairAnnotator(gazetteer=HERE / "seed_gazetteer.tsv", apply=True),
            GarbleFilter(exclusion_writer=JsonlWriter(f"{work}/garbled")),
            JsonlWriter(f"{work}/out"),
        ]
        LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1,
                              logging_dir=f"{work}/logs").run()
        out = [json.loads(line) for f in sorted(Path(work, "out").glob("*.jsonl.gz"))
               for line in gzip.open(f, "rt", encoding="utf-8")]
        dropped = sum(1 for f in Path(work, "garbled").glob("*.jsonl.gz") for _ in gzip.open(f, "rt"))
        for doc in out:
            if doc["metadata"]["textrepair"]["changed"]:
                print(f"{doc['id']}: {doc['text']}")
        print(f"{len(out)} documents kept, {dropped} dropped as garbled")
