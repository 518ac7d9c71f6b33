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
import re
from typing import Any, Callable, TypeVar

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
        stages.append(functools.partial(windowed, functools.partial(
            name_edits, gazetteer=names_gazetteer, config=cfg), size=cfg.window_size))
    edits, repaired = run_stages(text, stages)
    if cfg.fix_encoding and len(stages) > 1 and edits:
        edits, repaired = _encoding_at_seams(text, edits, repaired)
    found: list[Flag] = []
    if cfg.flag_garbled:  # on the repaired text, so loop junk already removed does not count
        found += windowed(functools.partial(flag_garbled, config=cfg), repaired, size=cfg.window_size)
    if names_gazetteer is not None:  # a name translated as a word ("the visit of giving" for Dar)
        found += windowed(functools.partial(name_flags, gazetteer=names_gazetteer), repaired,
                          size=cfg.window_size)
    offsets = OffsetMap(edits)  # built once: one per flag made repair() quadratic
    flags = tuple(dataclasses.replace(f, start=s, end=e) for f in found
                  for s, e in [offsets.span_to_original(f.start, f.end)])
    return RepairResult(text, repaired, tuple(edits), flags)


_Item = TypeVar("_Item", Edit, Flag)


def windowed(stage: Callable[[str], list[_Item]], text: str, *, size: int) -> list[_Item]:
    """``stage(text)``, or for a text longer than ``size`` the results of
    ``stage`` on each of its :func:`windows`, shifted to point into ``text``.

    The stages that read the whole document (names, garble) do work that
    grows faster than the text; windows keep their time linear and their
    memory bounded.
    """
    if len(text) <= size:
        return stage(text)
    found: list[_Item] = []
    for start, end in windows(text, size):
        found += [dataclasses.replace(x, start=x.start + start, end=x.end + start)
                  for x in stage(text[start:end])]
    return found


# A paragraph break (a blank line), a sentence end, any whitespace: the cut points of a window,
# best first.
_PARAGRAPH_END = re.compile(r"\n[^\S\n]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|[。！？][」』”’)\]]*\s*")  # CJK needs no space
_SPACE = re.compile(r"\s+")


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive spans of ``text``, each at most ``size`` long, that cut it
    after a paragraph break if there is one in the second half of the window,
    else after a sentence end, else after whitespace, else anywhere.

    >>> windows("One. Two.\\n\\nThree four. Five.", 14)
    [(0, 11), (11, 23), (23, 28)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        low, high = start + size // 2, start + size
        cut = high
        for pattern in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
            last = None
            for last in pattern.finditer(text, low, high):
                pass
            if last is not None:
                cut = last.end()
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _encoding_at_seams(text: str, edits: list[Edit], repaired: str) -> tuple[list[Edit], str]:
    """Run the encoding stage again where a later stage changed the text.

    A loop collapse can join characters into mojibake that was not there
    before (``Start ÃÃÃ…`` becomes ``Start Ã``); fixing it now, not on the
    next run, keeps ``repair(repair(x))`` free of edits.
    """
    offsets = OffsetMap(edits)
    seams = [offsets.output_span(i) for i, e in enumerate(edits) if e.kind != "encoding"]
    extra = encoding_edits(repaired, within=seams) if seams else []
    if not extra:
        return edits, repaired
    return compose(text, edits, extra), apply_edits(repaired, extra)


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
