"""textrepair as a batched map function for Hugging Face ``datasets``.

>>> fn = RepairMap("text")
>>> out = fn({"id": [1, 2], "text": ["The cafÃ© opened.", "Fine."]})
>>> list(out), out["text"]
(['id', 'text', 'textrepair'], ['The café opened.', 'Fine.'])
>>> import json
>>> json.loads(out["textrepair"][1])
{'changed': False, 'edits': [], 'flags': []}

Use it as ``dataset.map(RepairMap("text"), batched=True, num_proc=4)``.  It is
a frozen dataclass: it pickles to the worker processes with its gazetteer
and config, and ``datasets`` fingerprints it by content (column names,
config, the gazetteer's entities and the textrepair version), so a second
run with the same options reuses the cache and any change invalidates it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..config import RepairConfig, resolve_config
from ..pipeline import repair
from ._common import GazetteerLike, load_gazetteer, report_json, require

require("datasets", "hf")

__all__ = ["RepairMap"]


@dataclass(frozen=True)
class RepairMap:
    """Repair ``column`` of each row; put the report, as a JSON string, in ``report_column``.

    ``report_column=None`` leaves the report out.  The other columns are
    returned as they came, in their order.  A value of ``column`` that is not
    a string (``None`` included) is a TypeError naming the column.
    """

    column: str = "text"
    gazetteer: GazetteerLike = None
    config: RepairConfig | None = None
    report_column: str | None = "textrepair"
    # Part of the fingerprint, so a new textrepair release invalidates cached maps.
    version: str = field(default=__version__, init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gazetteer", load_gazetteer(self.gazetteer))
        object.__setattr__(self, "config", resolve_config(self.config, {}))

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        if self.column not in batch:
            raise KeyError(f"no column {self.column!r} in the batch (columns: {list(batch)})")
        if isinstance(batch[self.column], str):
            raise TypeError("RepairMap maps batches: use dataset.map(RepairMap(...), batched=True)")
        results = []
        for text in batch[self.column]:
            if not isinstance(text, str):
                raise TypeError(f"column {self.column!r} must hold strings, not {type(text).__name__}")
            results.append(repair(text, self.gazetteer, config=self.config))
        out = dict(batch)
        out[self.column] = [r.text for r in results]
        if self.report_column is not None:
            out[self.report_column] = [report_json(r) for r in results]
        return out
