"""textrepair as a Ray Data batch transform.

Give the class, not an instance, to ``map_batches``: Ray then builds one per
actor, so the gazetteer is read once per actor and reused for every batch::

    ds = ray.data.read_json("records.jsonl")
    ds = ds.map_batches(RepairBatches, fn_constructor_kwargs={"column": "text"},
                        compute=ray.data.ActorPoolStrategy(size=2), batch_size=256)
    ds.write_json("repaired/")

Batches may be dicts of numpy arrays (Ray's default) or pandas DataFrames; the
columns come back in their order, ``column`` repaired, with the report as a
JSON string in ``report_column`` (added last, or replaced where it is).

>>> import numpy as np
>>> out = RepairBatches("text")({"text": np.array(["The cafÃ© opened."]), "id": np.array([7])})
>>> list(out), out["text"].tolist()
(['text', 'id', 'textrepair'], ['The café opened.'])
"""

from __future__ import annotations

from typing import Any

from ..config import RepairConfig, resolve_config
from ..pipeline import repair
from ._common import GazetteerLike, load_gazetteer, report_json, require

require("ray.data", "ray")

import numpy as np  # noqa: E402  (ray[data] depends on numpy and pandas)
import pandas as pd  # noqa: E402

__all__ = ["RepairBatches"]


class RepairBatches:
    """Repair ``column`` of each batch; ``report_column=None`` leaves the report out."""

    def __init__(self, column: str = "text", *, gazetteer: GazetteerLike = None,
                 config: RepairConfig | None = None, report_column: str | None = "textrepair") -> None:
        self.column = column
        self.gazetteer = load_gazetteer(gazetteer)
        self.config = resolve_config(config, {})
        self.report_column = report_column

    def __call__(self, batch: dict[str, np.ndarray] | pd.DataFrame) -> dict[str, np.ndarray] | pd.DataFrame:
        if isinstance(batch, pd.DataFrame):
            texts, reports = self._repair(batch[self.column].tolist())
            out = batch.copy()
            out[self.column] = texts
            if self.report_column is not None:
                out[self.report_column] = reports
            return out
        if isinstance(batch, dict):
            texts, reports = self._repair(batch[self.column].tolist())
            columns = dict(batch)
            columns[self.column] = np.array(texts, dtype=object)
            if self.report_column is not None:
                columns[self.report_column] = np.array(reports, dtype=object)
            return columns
        raise TypeError(f"a batch must be a dict of numpy arrays or a pandas DataFrame, "
                        f"not {type(batch).__name__} (use batch_format='numpy' or 'pandas')")

    def _repair(self, values: list[Any]) -> tuple[list[str], list[str]]:
        texts, reports = [], []
        for value in values:
            if not isinstance(value, str):
                raise TypeError(f"column {self.column!r} must hold strings, not {type(value).__name__}")
            result = repair(str(value), self.gazetteer, config=self.config)
            texts.append(result.text)
            if self.report_column is not None:
                reports.append(report_json(result))
        return texts, reports
