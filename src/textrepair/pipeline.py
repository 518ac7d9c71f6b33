"""``repair()``: the stages in order, each working on the previous one's output.

Each stage returns edits that point into the text it was given;
:func:`~textrepair.edits.compose` folds them into edits of the original, so
the result's offsets always point into what the caller passed in.

>>> r = repair("The cafÃ© opened.")
>>> r.text
'The café opened.'
>>> [(e.start, e.end, e.kind, e.rule) for e in r.edits]
[(7, 9, 'encoding', 'encoding.mojibake')]
>>> repair("Clean text stays as it is.").changed
False
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable

from .config import RepairConfig, resolve_config
from .edits import Edit, Flag, OffsetMap, RepairResult, apply_edits, compose, require_text
from .encoding import encoding_edits
from .garble import flag_garbled
from .loops import loop_edits
from .names import name_edits, name_flags, resolve_gazetteer

Stage = Callable[[str], list[Edit]]


def repair(text: str, gazetteer: Any = None, config: RepairConfig | None = None,
           **overrides: Any) -> RepairResult:
    """Repair ``text``: mojibake first, then loops, then names; flag garble last.

    ``config`` holds every option (see :class:`~textrepair.config.RepairConfig`);
    keyword ``overrides`` change single options for this call.
    """
    require_text(text)
    cfg = resolve_config(config, overrides)
    stages: list[Stage] = []
    if cfg.fix_encoding:
        stages.append(encoding_edits)
    if cfg.collapse_loops:
        stages.append(functools.partial(loop_edits, config=cfg))
    names_gazetteer = resolve_gazetteer(gazetteer, cfg) if cfg.fix_names else None
    if names_gazetteer is not None:  # after the loop stage: a collapsed stutter can leave a name to fix
        stages.append(functools.partial(name_edits, gazetteer=names_gazetteer, config=cfg))
    edits, repaired = run_stages(text, stages)
    flags: tuple[Flag, ...] = ()
    if cfg.flag_garbled:  # on the repaired text, so loop junk already removed does not count
        flags = tuple(dataclasses.replace(f, start=s, end=e) for f in flag_garbled(repaired, config=cfg)
                      for s, e in [to_original_span(edits, f.start, f.end)])
    if names_gazetteer is not None:  # a name translated as a word ("the visit of giving" for Dar)
        flags += tuple(dataclasses.replace(f, start=s, end=e) for f in name_flags(repaired, names_gazetteer)
                       for s, e in [to_original_span(edits, f.start, f.end)])
    return RepairResult(text, repaired, tuple(edits), flags)


def run_stages(text: str, stages: list[Stage]) -> tuple[list[Edit], str]:
    """Run ``stages`` in order; return edits of ``text`` and the final text."""
    edits: list[Edit] = []
    current = text
    for stage in stages:
        stage_edits = stage(current)
        if stage_edits:
            edits = compose(text, edits, stage_edits)
            current = apply_edits(current, stage_edits)
    return edits, current


def to_original_span(edits: list[Edit], start: int, end: int) -> tuple[int, int]:
    """Span of the original text that ``[start, end)`` of the repaired text came from."""
    return OffsetMap(edits).span_to_original(start, end)
