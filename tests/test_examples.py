"""Every script in examples/ runs, offline, and prints what repair() says it should.

The expected output is computed here with textrepair.repair on the same
bundled records, so the checks follow the stages as they improve.  The
framework examples skip where their framework is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import textrepair

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GAZETTEER = textrepair.Gazetteer.from_file(EXAMPLES / "seed_gazetteer.tsv")
RECORDS = [json.loads(line) for line in (EXAMPLES / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def run(*argv: str) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", timeout=300,
                          cwd=EXAMPLES.parent, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def changed_lines(sep: str) -> list[str]:
    """``id<sep>repaired text`` for each bundled record that repair() changes, in id order."""
    lines = []
    for record in RECORDS:
        result = textrepair.repair(record["text"], GAZETTEER)
        if result.changed:
            lines.append(f"{record['id']}{sep}{result.text}")
    return lines


def test_records_are_bundled_with_their_origin():
    assert len(RECORDS) >= 20
    assert all(set(r) == {"id", "text", "origin", "problem"} and r["origin"] for r in RECORDS)
    assert changed_lines(": ")  # the mojibake records at least


def test_seed_article_example():
    out = run(sys.executable, "examples/seed_article.py")
    text = (EXAMPLES / "seed_article.txt").read_text(encoding="utf-8")
    result = textrepair.repair(text, GAZETTEER)
    head, _, rest = out.partition(f"\n== {len(result.edits)} edits ==\n")
    assert head == "== repaired text ==\n" + result.text
    edit_lines, _, flag_lines = rest.partition(f"== {len(result.flags)} flags ==\n")
    assert len(edit_lines.splitlines()) == len(result.edits)
    for line, e in zip(edit_lines.splitlines(), result.edits):
        assert line.startswith(f"{e.start}-{e.end} {e.kind} {e.rule}: {text[e.start:e.end]!r} -> {e.replacement!r}")
    assert len(flag_lines.splitlines()) == len(result.flags)


@pytest.mark.skipif(shutil.which("sh") is None or shutil.which("gzip") is None, reason="needs sh and gzip")
def test_jsonl_in_out_example():
    out = run("sh", "examples/jsonl_in_out.sh")
    lines = out.splitlines()
    assert lines[0] in ("check: nothing left to repair in the output",
                        "check: something would still change or is flagged")
    assert lines[1:] == changed_lines(" ")


def test_hf_datasets_example():
    pytest.importorskip("datasets")
    out = run(sys.executable, "examples/hf_datasets_map.py")
    expected = changed_lines(": ")
    assert out.splitlines() == ["columns: id, text, origin, problem, textrepair", *expected,
                                f"{len(RECORDS)} records, {len(expected)} changed"]


def test_datatrove_example():
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson")
    out = run(sys.executable, "examples/datatrove_pipeline.py")
    kept, dropped = [], 0
    for record in RECORDS:
        result = textrepair.repair(record["text"], GAZETTEER)
        # The filter sees the text the annotator repaired.
        if textrepair.repair(result.text).flags:
            dropped += 1
        elif result.changed:
            kept.append(f"{record['id']}: {result.text}")
    assert out.splitlines() == [*kept, f"{len(RECORDS) - dropped} documents kept, {dropped} dropped as garbled"]


def test_ray_data_example():
    pytest.importorskip("ray.data")
    out = run(sys.executable, "examples/ray_data_pipeline.py")
    expected = changed_lines(": ")
    lines = out.splitlines()
    assert lines[:-1] == ["columns: id, text, origin, problem, textrepair", *expected]
    assert lines[-1].startswith(f"{len(RECORDS)} records, {len(expected)} changed, ")
