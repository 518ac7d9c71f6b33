"""Reading the shared MT quality data (/work/shared/data/mtqe) for the garble scripts.

The data stays in ../shared (see its README for sources and licences); these
helpers only read it.  ``TEXTREPAIR_SHARED`` overrides the location.
"""

from __future__ import annotations

import csv
import json
import os
import re
import zlib
from pathlib import Path

PAIRS = ("ro-en", "et-en", "ne-en", "si-en", "ru-en")


def mtqe_dir() -> Path:
    shared = Path(os.environ.get("TEXTREPAIR_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
    return shared / "data" / "mtqe"


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of ``{name}.tsv`` (e.g. ``ro-en.train``) as dicts."""
    csv.field_size_limit(1 << 30)
    with open(mtqe_dir() / f"{name}.tsv", encoding="utf-8", newline="") as f:
        return [{k: _unquote(v) for k, v in row.items()}
                for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _unquote(field: str) -> str:
    """Undo the CSV quoting some fields carry: outer quotes, inner quotes doubled."""
    if len(field) >= 2 and field[0] == field[-1] == '"' and '""' in field:
        return field[1:-1].replace('""', '"')
    return field


_SPACE_BEFORE = re.compile(r" +([.,;:!?%)\]}]|'(?:s|t|re|ve|ll|d|m)\b|n't\b)")
_SPACE_AFTER = re.compile(r"([(\[{]) +")


def detokenize(tokenized: str) -> str:
    """Undo Moses-style tokenisation well enough for fluency cues.

    >>> detokenize('He said " we don \\'t know , yet " ( really ) .')
    'He said "we don\\'t know, yet" (really).'
    """
    text = _SPACE_BEFORE.sub(r"\1", tokenized)
    text = _SPACE_AFTER.sub(r"\1", text)
    parts = text.split('"')
    if len(parts) % 2 == 1:  # balanced straight quotes: glue each pair to what it quotes
        text = _rejoin_quotes(parts)
    return text.strip()


def _rejoin_quotes(parts: list[str]) -> str:
    out = parts[0]
    for i in range(1, len(parts), 2):
        inner = parts[i].strip()
        after = parts[i + 1] if i + 1 < len(parts) else ""
        out = out.rstrip() + (" " if out.strip() else "") + '"' + inner + '"' + after
    return out


NEWSTEST = "zh-en.mqm_newstest2020.jsonl"


def document_split(doc: str) -> str:
    """``train``, ``dev`` or ``test`` for a newstest2020 document: CRC-32 of its id mod 10 (0-5, 6-7, 8-9).

    The split is by document, so no document's segments (or its other
    systems' translations) are on both sides; it depends on the id only.

    >>> document_split("australian-zh.104")
    'test'
    """
    k = zlib.crc32(doc.encode("utf-8")) % 10
    return "train" if k < 6 else "dev" if k < 8 else "test"


def read_newstest(split: str | None = None) -> list[dict]:
    """Rows of the MQM newstest2020 zh-en file (README section 3), in file order; one split when given."""
    with open(mtqe_dir() / NEWSTEST, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if split is None or document_split(r["doc"]) == split]
