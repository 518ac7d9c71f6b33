#!/bin/sh
# JSONL in, JSONL out with the command line: repair the "text" field of each
# record, keep every other field, and add the report under "textrepair".
# Run from anywhere: sh examples/jsonl_in_out.sh
set -eu
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Two worker processes; output is byte-identical to --jobs 1. The summary line
# (records, changed, flagged, errors) goes to stderr.
textrepair --jsonl --field text --gazetteer "$here/seed_gazetteer.tsv" --jobs 2 \
    -o "$out/repaired.jsonl.gz" "$here/records.jsonl"

# Compressed output by suffix; compressed input is recognised by content.
textrepair --jsonl --no-names --check "$out/repaired.jsonl.gz" \
    && echo "check: nothing left to repair in the output" \
    || echo "check: something would still change or is flagged"

# The changed records, as id and repaired text.
gzip -dc "$out/repaired.jsonl.gz" | python3 -c '
import json, sys
for line in sys.stdin:
    record = json.loads(line)
    if record["textrepair"]["changed"]:
        print(record["id"], record["text"])
'
