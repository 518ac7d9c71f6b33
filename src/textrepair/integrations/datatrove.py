"""textrepair as datatrove pipeline steps.

- :class:`RepairFormatter` repairs ``doc.text`` (a formatter: text in, text out).
- :class:`RepairAnnotator` writes the report (``changed``, ``edits``,
  ``flags``) into ``doc.metadata["textrepair"]``; with ``apply=True`` it also
  replaces the text, so one pass both repairs and records what it did.
- :class:`GarbleFilter` drops documents with a garbled passage (or, with
  ``keep_garbled=True``, keeps only those), and records the flags that decided.

>>> from datatrove.data import Document
>>> step = RepairFormatter()
>>> [d.text for d in step.run([Document(text="The cafÃ© opened.", id="1")])]
['The café opened.']

Steps hold the gazetteer (read once when the step is built, from a path or a
:class:`~textrepair.gazetteer.Gazetteer`) and the config, and pickle to
datatrove's worker processes and Ray tasks with them.
"""

from __future__ import annotations

from typing import Any

from ..config import RepairConfig, resolve_config
from ..edits import RepairResult
from ..pipeline import repair
from ._common import GazetteerLike, load_gazetteer, report_dict, require

require("datatrove", "datatrove")

from datatrove.data import DocumentsPipeline  # noqa: E402
from datatrove.pipeline.base import PipelineStep  # noqa: E402
from datatrove.pipeline.filters.base_filter import BaseFilter  # noqa: E402
from datatrove.pipeline.formatters.base import BaseFormatter  # noqa: E402
from datatrove.utils.typeshelper import StatHints  # noqa: E402

__all__ = ["GarbleFilter", "RepairAnnotator", "RepairFormatter"]


class _Repairs:
    """The options every step carries, and the one call they make."""

    def __init__(self, gazetteer: GazetteerLike, config: RepairConfig | None) -> None:
        self.gazetteer = load_gazetteer(gazetteer)
        self.config = resolve_config(config, {})

    def __call__(self, text: str) -> RepairResult:
        return repair(text, self.gazetteer, config=self.config)


class RepairFormatter(BaseFormatter):
    """Replace each document's text with its repair."""

    name = "🩹 textrepair"

    def __init__(self, *, gazetteer: GazetteerLike = None, config: RepairConfig | None = None) -> None:
        super().__init__()
        self._repair = _Repairs(gazetteer, config)

    def format(self, text: str) -> str:
        return self._repair(text).text


class RepairAnnotator(PipelineStep):
    """Put the report of each document into ``doc.metadata[key]``.

    Offsets in the report point into the text the step was given.  With
    ``apply=False`` (the default) the text is left as it is.
    """

    name = "🩹 textrepair report"
    type = "📝 - ANNOTATOR"

    def __init__(self, *, gazetteer: GazetteerLike = None, config: RepairConfig | None = None,
                 key: str = "textrepair", apply: bool = False) -> None:
        super().__init__()
        self._repair = _Repairs(gazetteer, config)
        self.key = key
        self.apply = apply

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result = self._repair(doc.text)
            doc.metadata[self.key] = report_dict(result)
            if result.changed:
                self.stat_update("changed")
            if result.flags:
                self.stat_update("flagged")
            if self.apply:
                doc.text = result.text
            yield doc


class GarbleFilter(BaseFilter):
    """Drop documents that have a garbled passage scoring at least ``min_score``.

    The reason given to datatrove is ``"textrepair_garbled"`` (or
    ``"textrepair_clean"`` for the documents dropped with
    ``keep_garbled=True``), so the stats count each; the flags themselves, with
    their human-readable reasons, go into ``doc.metadata[key]`` of every
    garbled document, kept or dropped (an ``exclusion_writer`` saves them).
    """

    name = "🩹 textrepair garble filter"

    def __init__(self, *, min_score: float = 0.0, keep_garbled: bool = False,
                 config: RepairConfig | None = None, key: str = "textrepair",
                 exclusion_writer: Any = None) -> None:
        super().__init__(exclusion_writer)
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be in [0, 1], not {min_score}")
        self._repair = _Repairs(None, config)
        self.min_score = min_score
        self.keep_garbled = keep_garbled
        self.key = key

    def filter(self, doc: Any) -> bool | tuple[bool, str]:
        result = self._repair(doc.text)
        flags = [f for f in result.flags if f.score >= self.min_score]
        if flags:
            doc.metadata[self.key] = {"flags": [f.to_dict(doc.text) for f in flags]}
        garbled = bool(flags)
        if garbled == self.keep_garbled:
            return True
        return False, "textrepair_garbled" if garbled else "textrepair_clean"
