"""The edit model: what a repair changed, what it flagged, and how stages compose.

Every stage of :func:`textrepair.repair` reports :class:`Edit` objects whose
offsets point into the text *that stage saw*.  :func:`compose` rewrites a later
stage's edits so that they point into the ORIGINAL input, merging edits that
touch the same characters, so the final :class:`RepairResult` always satisfies::

    apply_edits(result.original, result.edits) == result.text

Offsets are Python string indices (code points), half-open ``[start, end)``.

>>> e = Edit(4, 7, "cat", kind="name", rule="name.fix", confidence=0.9,
...          explanation="dog->cat")
>>> apply_edits("the dog sat", [e])
'the cat sat'
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Sequence

EditKind = Literal["encoding", "loop", "name"]
EDIT_KINDS: tuple[str, ...] = ("encoding", "loop", "name")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``original[start:end]`` with ``replacement``.

    ``rule`` is a stable dotted id (``loop.collapse``, ``encoding.mojibake``)
    that names the code path which made the edit; ``explanation`` is one line
    a person can read.
    """

    start: int
    end: int
    replacement: str
    kind: str
    rule: str
    confidence: float = 1.0
    explanation: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span [{self.start}, {self.end})")
        if self.kind not in EDIT_KINDS:
            raise ValueError(f"edit kind must be one of {EDIT_KINDS}, not {self.kind!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], not {self.confidence}")

    @property
    def delta(self) -> int:
        """How much longer the text gets when this edit is applied."""
        return len(self.replacement) - (self.end - self.start)

    def shifted(self, start: int, end: int) -> Edit:
        """The same edit over another span."""
        return Edit(start, end, self.replacement, self.kind, self.rule,
                    self.confidence, self.explanation)

    def to_dict(self, original: str | None = None) -> dict[str, Any]:
        """JSON-safe form; with ``original`` it also carries the replaced text."""
        d: dict[str, Any] = {"start": self.start, "end": self.end}
        if original is not None:
            d["original"] = original[self.start:self.end]
        d.update(replacement=self.replacement, kind=self.kind, rule=self.rule,
                 confidence=round(self.confidence, 4), explanation=self.explanation)
        return d


@dataclass(frozen=True, slots=True)
class Flag:
    """A passage of the original text that looks wrong but is left as written.

    ``score`` is in [0, 1], higher is worse; ``reasons`` says why, one short
    phrase each (``non-word: "withdrews"``).
    """

    start: int
    end: int
    score: float
    reasons: tuple[str, ...]
    kind: str = "garble"

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad flag span [{self.start}, {self.end})")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be in [0, 1], not {self.score}")
        if isinstance(self.reasons, str) or not self.reasons:
            raise ValueError("a flag needs a non-empty tuple of reasons")
        object.__setattr__(self, "reasons", tuple(self.reasons))

    def to_dict(self, original: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end}
        if original is not None:
            d["text"] = original[self.start:self.end]
        d.update(score=round(self.score, 4), reasons=list(self.reasons), kind=self.kind)
        return d


@dataclass(frozen=True, slots=True)
class RepairResult:
    """What :func:`textrepair.repair` returns.

    >>> r = RepairResult("ab", "ab")
    >>> r.changed, r.to_dict()["edits"]
    (False, [])
    """

    original: str
    text: str
    edits: tuple[Edit, ...] = ()
    flags: tuple[Flag, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON types (the repaired text is under ``text``)."""
        return {
            "text": self.text,
            "changed": self.changed,
            "edits": [e.to_dict(self.original) for e in self.edits],
            "flags": [f.to_dict(self.original) for f in self.flags],
        }


def require_text(text: object, name: str = "text") -> str:
    """``text`` itself, or a TypeError naming what was passed instead."""
    if not isinstance(text, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{name} must be str, not {type(text).__name__}{hint}")
    return text


def result_from_edits(text: str, edits: Sequence[Edit], flags: Sequence[Flag] = ()) -> RepairResult:
    """The result of applying ``edits`` (which point into ``text``) to ``text``."""
    return RepairResult(text, apply_edits(text, edits), tuple(edits), tuple(flags))


def check_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise ValueError unless ``edits`` are sorted, disjoint and inside ``text``."""
    prev_end = 0
    prev_start = -1
    for e in edits:
        if e.end > len(text):
            raise ValueError(f"edit [{e.start}, {e.end}) is past the end of the text ({len(text)})")
        # Two insertions at one point would be ambiguous, so they must be merged.
        if e.start < prev_end or (e.start == prev_start and e.start == e.end):
            raise ValueError(f"edit at {e.start} overlaps or precedes the edit before it")
        prev_end, prev_start = e.end, e.start


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits whose offsets point into ``text``.

    >>> apply_edits("aXc", [Edit(1, 2, "b", kind="loop", rule="t")])
    'abc'
    """
    check_edits(text, edits)
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


class OffsetMap:
    """Maps positions in ``apply_edits(original, edits)`` back to ``original``.

    A position inside (or on the boundary of) a replacement has no single
    original position; ``side`` chooses: ``"before"`` maps to the start of the
    replaced span and ``"after"`` to its end.

    >>> m = OffsetMap([Edit(1, 4, "X", kind="loop", rule="t")])   # "abcde" -> "aXe"
    >>> m.to_original(1, "before"), m.to_original(2, "after"), m.to_original(2, "before")
    (1, 4, 4)
    >>> m.span_to_original(1, 2)   # the "X" came from "bcd"
    (1, 4)
    """

    __slots__ = ("_edits", "_starts", "_ends", "_deltas")

    def __init__(self, edits: Sequence[Edit]) -> None:
        self._edits = list(edits)
        self._starts: list[int] = []   # where each replacement starts in the output
        self._ends: list[int] = []     # ... and ends
        self._deltas: list[int] = [0]  # total delta of the edits before index i
        for e in self._edits:
            s = e.start + self._deltas[-1]
            self._starts.append(s)
            self._ends.append(s + len(e.replacement))
            self._deltas.append(self._deltas[-1] + e.delta)

    def to_original(self, pos: int, side: Literal["before", "after"]) -> int:
        """Original position of output position ``pos``.

        ``"after"`` places ``pos`` after every edit that ends at it (deletions
        there included); ``"before"`` places it before every edit that starts
        at it.  Inside a replacement they give the replaced span's end or start.
        """
        if side == "after":
            k = bisect.bisect_right(self._ends, pos)
            if k < len(self._edits) and self._starts[k] < pos:
                return self._edits[k].end
            return pos - self._deltas[k]
        j = bisect.bisect_left(self._starts, pos)
        if j > 0 and self._ends[j - 1] > pos:
            return self._edits[j - 1].start
        return pos - self._deltas[j]

    def output_span(self, i: int) -> tuple[int, int]:
        """Where the replacement of edit ``i`` lies in the output."""
        return self._starts[i], self._ends[i]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The widest original span that output span ``[start, end)`` came from."""
        return self.to_original(start, "before"), self.to_original(end, "after")


def compose(original: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """Edits of ``original`` equivalent to applying ``first``, then ``second``.

    ``second`` points into ``apply_edits(original, first)``.  Edits of the two
    lists that touch the same characters become one edit, which keeps the
    later stage's kind and joins both rules and explanations.

    >>> a = [Edit(0, 1, "B", kind="encoding", rule="r1")]            # "abc" -> "Bbc"
    >>> b = [Edit(1, 3, "", kind="loop", rule="r2")]                 # "Bbc" -> "B"
    >>> apply_edits("abc", compose("abc", a, b))
    'B'
    """
    if not second:
        return list(first)
    middle = apply_edits(original, first)
    check_edits(middle, second)
    out = OffsetMap(first)
    # Every edit as an interval of `middle`: first-stage replacements, second-stage spans.
    items = [(s, s + len(e.replacement), 0, e) for s, e in zip(out._starts, first)]
    items += [(e.start, e.end, 1, e) for e in second]
    items.sort(key=lambda it: (it[0], it[1] > it[0], it[2]))

    # Sorted by start, insertions before spans that start at the same point,
    # an item shares characters with the current cluster iff it starts before
    # the cluster's end (an insertion: strictly before), or it is a second
    # insertion at the very point of the cluster's last insertion.
    clusters: list[list[tuple[int, int, int, Edit]]] = []
    cluster_end = -1
    for it in items:
        s, t = it[0], it[1]
        last = clusters[-1][-1] if clusters else None
        if last is not None and (s < cluster_end or (s == t == last[0] == last[1])):
            clusters[-1].append(it)
            cluster_end = max(cluster_end, t)
        else:
            clusters.append([it])
            cluster_end = t

    result: list[Edit] = []
    for cluster in clusters:
        firsts = [it[3] for it in cluster if it[2] == 0]
        seconds = [it[3] for it in cluster if it[2] == 1]
        if not seconds:
            result.extend(firsts)
            continue
        # Original footprint: whole first-stage edits, and second-stage spans
        # mapped so that they stay clear of first-stage edits they only abut.
        starts = [e.start for e in firsts]
        ends = [e.end for e in firsts]
        for e in seconds:
            s = out.to_original(e.start, "after")
            starts.append(s)
            ends.append(s if e.start == e.end else out.to_original(e.end, "before"))
        o_start, o_end = min(starts), max(ends)
        if not firsts and len(seconds) == 1:
            result.append(seconds[0].shifted(o_start, o_end))
            continue
        m_start = min(it[0] for it in cluster)
        m_end = max(it[1] for it in cluster)
        replacement = apply_edits(
            middle[m_start:m_end], [e.shifted(e.start - m_start, e.end - m_start) for e in seconds]
        )
        if original[o_start:o_end] == replacement:
            continue  # the second stage undid the first
        result.append(_merged(o_start, o_end, replacement, firsts + seconds))
    return _merge_insertions(result)


def _merged(start: int, end: int, replacement: str, parts: Sequence[Edit]) -> Edit:
    last = parts[-1]
    return Edit(
        start, end, replacement, last.kind,
        "+".join(_unique(e.rule for e in parts)),
        min(e.confidence for e in parts),
        "; ".join(_unique(e.explanation for e in parts if e.explanation)),
    )


def _merge_insertions(edits: list[Edit]) -> list[Edit]:
    """Join insertions that landed on the same original point (order kept)."""
    merged: list[Edit] = []
    for e in edits:
        prev = merged[-1] if merged else None
        if prev is not None and prev.start == prev.end == e.start == e.end:
            merged[-1] = _merged(e.start, e.end, prev.replacement + e.replacement, [prev, e])
        else:
            merged.append(e)
    return merged


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
