"""Find and collapse degenerate repetition (loops) left by MT, ASR and LLMs.

Searches, each linear in the text (periods and windows are bounded):

* token periodicity (a token is a word, a CJK character or a punctuation
  mark): word and phrase loops, loops of sentences and lines, drifting loops
  whose copies vary by a letter or alternate among variants, spaced
  punctuation junk (``- - - -``, ``’ ’ ’``);
* characters inside a word: sub-word stutter (``Southunkhwahwahwa``);
* empty typographic quote pairs (``“”, “”, “”``);
* a phrase recurring densely without a period (an oscillation): reported,
  never collapsed, since there is no single unit to keep.

A loop keeps its first clean occurrence; the repeats, drifting variants and a
truncated last copy go, and the seam is tidied.  Short units need more
copies than long ones; sung lines (♪/♫), rule lines, tables and code are left
alone, and plain doubling (``the the``) is never rewritten.

>>> collapse_loops("It was the mucous mucous mucous mucous mucous membrane.").text
'It was the mucous membrane.'
>>> [(l.form, l.unit, l.repeats) for l in find_loops("Come on, come on, come on, come on.")]
[('phrase', 'Come on,', 4)]
>>> find_loops("No, no, no. It was very, very cold in Walla Walla.")
[]
"""

from __future__ import annotations

import bisect
import operator
import re
from array import array
from collections import Counter, deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Iterator

import regex
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from .config import RepairConfig, resolve_config
from .edits import Edit, RepairResult, apply_edits, compose, require_text, result_from_edits

__all__ = ["Loop", "find_loops", "collapse_loops", "loop_edits"]


@dataclass(frozen=True, slots=True)
class Loop:
    """One loop: ``text[start:end]`` holds ``repeats`` copies of ``unit``.

    ``form`` is ``word``, ``phrase``, ``drift`` (units vary), ``stutter``
    (inside a word), ``punct`` (punctuation junk), ``oscillation`` (a phrase
    recurring without a period: reported, never collapsed) or ``doubling``
    (reported only with ``loop_report_doubling``, never collapsed).
    Collapsing keeps ``text[start:kept_end]`` and replaces
    ``text[kept_end:end]`` with ``replacement``; ``rule`` is the id of the
    rule that found it (``loop.drift``, …).
    """

    start: int
    end: int
    unit: str
    repeats: int
    form: str
    confidence: float
    kept_end: int
    replacement: str = ""
    rule: str = ""

    @property
    def explanation(self) -> str:
        what = {"drift": "drifting phrase loop", "stutter": "sub-word stutter",
                "punct": "punctuation junk", "word": "word loop",
                "phrase": "phrase loop", "doubling": "doubled word",
                "oscillation": "phrase oscillation"}[self.form]
        unit = self.unit.strip()
        if len(unit) > 40:
            unit = unit[:37] + "..."
        if self.form in _REPORT_ONLY:
            return f"{self.repeats} copies of {unit!r} ({what}, left as written)"
        return f"removed {self.repeats - 1} repeats of {unit!r} ({what})"


# -- tokens -----------------------------------------------------------------

_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}"
_WORDCHAR = rf"[^\W{_CJK}_]"
# Alternatives share no first character, so the pattern cannot backtrack.
_TOKEN = regex.compile(rf"([{_CJK}])|({_WORDCHAR}+(?:['’]{_WORDCHAR}+)*)|(\S)")
_MATCH_START, _MATCH_END = type(_TOKEN.match("a")).start, type(_TOKEN.match("a")).end
_COUNTER = regex.compile(r"(?<=\p{L}{4})\d+$")
# Three copies of a unit of up to 12 letters, the shortest unit first.  The
# count is bounded so that the regex's backtracking state stays small on
# megabytes of one letter; _stutter_spans takes in the copies past it.
_STUTTER = regex.compile(rf"({_WORDCHAR}{{1,12}}?)\1{{2,64}}")
# Every stutter that counts is at least ten letters long (see _stutter_repeats).
_LONG_WORD = regex.compile(rf"(?<!{_WORDCHAR}){_WORDCHAR}{{10,}}")
_SENTENCE_END = frozenset(".!?。！？…")
_OPEN = frozenset("([{《【「『“‘«")
_SEPARATORS = frozenset(",;:、，；/-–—|·▁")
_JOINERS = frozenset(",;、，；")
_CLOSERS = frozenset("”’»)]」』")
_JUNK_MARKS = frozenset("“”‘’„‚«»‹›\"'\ufffd")
_RULE_CHARS = frozenset("-=_*#~+|:")
_LYRICS_RE = re.compile("[♪♫♬🎵🎶]")
_OPENERS = {"“": "”", "‘": "’", "«": "»", "„": "“", "「": "」", "『": "』", "‹": "›"}


class _Lines:
    """Line bounds and sung-text marks, looked up in log time (a text can be
    one line of megabytes holding thousands of loops)."""

    __slots__ = ("text", "breaks", "lyrics")

    def __init__(self, text: str) -> None:
        self.text = text
        code = _offset_code(text)
        self.breaks = array(code, (m.start() for m in re.finditer("\n", text)))
        self.lyrics = array(code, (m.start() for m in _LYRICS_RE.finditer(text)))

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Start of the line holding ``start``, end of the line holding ``end``."""
        i = bisect.bisect_left(self.breaks, start)
        j = bisect.bisect_left(self.breaks, end)
        return (self.breaks[i - 1] + 1 if i else 0,
                self.breaks[j] if j < len(self.breaks) else len(self.text))

    def in_lyrics(self, pos: int) -> bool:
        """Sung text (lines marked with ♪/♫) repeats by design."""
        start, end = self.bounds(pos, pos)
        k = bisect.bisect_left(self.lyrics, start)
        return k < len(self.lyrics) and self.lyrics[k] < end

    def code(self, start: int, end: int) -> bool:
        """Repeated statements and cells are code, a table or data: two copies
        (``text[start:end]``) holding ``= { }``, a tab or a spaced ``|``, or
        indented lines (YAML, nested lists)."""
        copies = self.text[start:end]
        line_start = self.bounds(start, start)[0]
        return (any(c in "={}\t" for c in copies) or " |" in copies or "| " in copies
                or "\n  " in copies or self.text.startswith(("    ", "\t"), line_start))

    def rule(self, start: int, end: int) -> bool:
        """A line of only ``-=_*#~+|:`` is markup (a rule, a table border)."""
        line_start, line_end = self.bounds(start, end)
        if end - start < (line_end - line_start) // 2:
            return False
        return set(self.text[line_start:line_end].strip()) <= _RULE_CHARS | {" "}


# token kinds
_PUNCT, _WORD, _CJKC, _NUM = 0, 1, 2, 3


def _offset_code(text: str) -> str:
    """The array type code that holds any offset into ``text`` in the fewest bytes."""
    return "i" if len(text) < 2 ** 31 else "q"


class _Keys:
    """``keys[i]`` is token i's key, ``keys[i:j]`` a list of them (a view of
    the token ids: no string per token is stored)."""

    __slots__ = ("ids", "vocabulary")

    def __init__(self, ids: array, vocabulary: list[str]) -> None:
        self.ids, self.vocabulary = ids, vocabulary

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.vocabulary[j] for j in self.ids[i]]
        return self.vocabulary[self.ids[i]]

    def __len__(self) -> int:
        return len(self.ids)


class _Tokens:
    """The text as tokens, in compact arrays (a megabyte of CJK or of quote
    marks is a million tokens; a Python object per token would cost a hundred
    bytes each)."""

    __slots__ = ("text", "starts", "ends", "keys", "kinds", "ids", "lines")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _Lines(text)
        code = _offset_code(text)
        starts, ends, kinds = array(code), array(code), array("b")
        ids = array("H")   # widened when there are more distinct keys
        index: dict[str, int] = {}
        vocabulary: list[str] = []
        # A word's or CJK character's kind and id depend on it alone; a
        # mark's id also on the space before it.
        known: dict[str, tuple[int, int]] = {}
        matches = _TOKEN.finditer(text)
        while batch := list(islice(matches, 1 << 14)):
            starts.extend(map(_MATCH_START, batch))
            ends.extend(map(_MATCH_END, batch))
            for m in batch:
                tok = m.group()
                entry = known.get(tok)
                if entry is None:
                    entry = known[tok] = self._classify(m, index, vocabulary)
                kind, i = entry
                if kind == _PUNCT:
                    # "......" and ". . ." are different junk: spacing is part of a mark.
                    # (At the very start, a mark followed by a space counts as spaced.)
                    s, e = m.span()
                    spaced = text[s - 1].isspace() if s else (tok in _OPEN or text[e:e + 1].isspace())
                    if spaced:
                        i = self._id(" " + tok, index, vocabulary)
                if i > 0xFFFF and ids.typecode == "H":
                    ids = array("i", ids)
                kinds.append(kind)
                ids.append(i)
        self.starts, self.ends, self.kinds, self.ids = starts, ends, kinds, ids
        self.keys = _Keys(ids, vocabulary)

    @staticmethod
    def _id(key: str, index: dict[str, int], vocabulary: list[str]) -> int:
        i = index.get(key)
        if i is None:
            i = index[key] = len(vocabulary)
            vocabulary.append(key)
        return i

    @classmethod
    def _classify(cls, m: regex.Match, index: dict[str, int], vocabulary: list[str]) -> tuple[int, int]:
        group = m.lastindex
        tok = m[group]
        if group == 1:
            return _CJKC, cls._id(tok, index, vocabulary)
        if group == 2 and tok.isdigit():
            return _NUM, cls._id(tok, index, vocabulary)
        if group == 2:
            key = tok.casefold()
            # "assistant57", "assistant58": a counter after a word is drift
            # ("Q1", "A4" and "F1" keep their numbers).
            return _WORD, cls._id(key if key.isalpha() else _COUNTER.sub("#", key), index, vocabulary)
        return _PUNCT, cls._id(tok, index, vocabulary)

    def __len__(self) -> int:
        return len(self.ids)


# -- thresholds -------------------------------------------------------------

_CONJUNCTIONS = frozenset({"and", "or", "und", "oder", "et", "ou", "y", "o", "e", "и", "или", "和", "或"})
# Laughter, singing and interjections run long on purpose ("ha ha ha ha ha ha
# ha", "hahahahahahahaha", "la la la …"); only very long runs are a loop.
# Not "he", "je", "da", "na", "yo": pronouns and prepositions that do loop.
_INTERJECTIONS = frozenset("ha hah heh hee ho ja jaja la ah aah oh ooh uh um eh mm hm hmm "
                           "woo boo ding dong bla blah tsk".split())
_INTERJECTION_REPEATS = 16         # spaced: "ha ha ha …"
_INTERJECTION_STUTTER_REPEATS = 20  # glued: "hahaha…"
# Short words that nobody repeats for emphasis or sings ("the the the the"),
# unlike "ha", "la" or "no": four in a row are a loop.
_FUNCTION_WORDS = frozenset("the a an and or of to in on at by for from with as is are was were be its but nor "
                            "he she it we they his her him our "
                            "der die das und den von zu le les des du et un une el los las del y en".split())


def _needed_repeats(kinds: list[int], keys: list[str], cfg: RepairConfig,
                    gap: str = " ") -> int:
    """How many full copies make a unit of these tokens a loop; ``gap`` is
    what sets the second copy off from the first (a space, a line break or
    nothing, as in ``sub-sub``)."""
    words = [k for k in kinds if k != _PUNCT]
    if not words:
        # One mark run together ("!!!!") is emphasis up to a point; spaced
        # marks are junk sooner: lone quotes and U+FFFD ("’ ’ ’ ’") soonest,
        # others later (". . . ." ends a quotation, "* * *" breaks a section,
        # "- - - -" stands for a dash in segmented Chinese).
        if not any(k.startswith(" ") for k in keys):
            return cfg.loop_min_repeats + 13
        return cfg.loop_min_repeats + (1 if {k.strip() for k in keys} <= _JUNK_MARKS else 3)
    if all(k == _NUM for k in words) or all(any(ch.isdigit() for ch in k) for k, kind in zip(keys, kinds)
                                           if kind != _PUNCT):
        # "0 0 0 0 0 0", "0,0,0,0,0" and "0x00 0x00 0x00" are data; ten "(2) (2) (2)" are not.
        return cfg.loop_min_repeats + (17 if len(kinds) == 1 else 7)
    if all(k.strip().casefold() in _INTERJECTIONS for k, kind in zip(keys, kinds) if kind != _PUNCT):
        return max(cfg.loop_min_repeats, _INTERJECTION_REPEATS)   # "ha ha ha ha ha ha ha"
    if 2 <= len(words) <= 4 and (gap == "\n" or keys[-1].strip() in _SENTENCE_END):
        # A short line or sentence three times is a refrain or a chant
        # ("We shall overcome," / "Lock her up! Lock her up! Lock her up!").
        return cfg.loop_min_repeats + 1
    if len(words) == 1:
        if words[0] == _CJKC and len(kinds) == 1:
            return cfg.loop_min_repeats + 7      # 哈哈哈哈哈哈, 看看看
        word = next(k for k, kind in zip(keys, kinds) if kind != _PUNCT)
        if gap != " ":
            return cfg.loop_min_repeats + 1      # "sub-sub-sub-sub", a line four times
        if len(word) <= 3 and word.isascii() and words[0] == _WORD:
            if word.lower() in _FUNCTION_WORDS:
                return cfg.loop_min_repeats + 1  # "the the the the"
            return cfg.loop_min_repeats + 3      # "la la la la", "ha ha ha ha"
        return cfg.loop_min_repeats + 2          # "please, please, please, please"
    if len(words) == 2 and any(k in _CONJUNCTIONS for k in keys):
        return cfg.loop_min_repeats + 2          # "round and round and round and round"
    return cfg.loop_min_repeats


_LANGUAGES = ("en", "de", "fr", "es")


def _rare_word(keys: list[str], kinds: list[int]) -> bool:
    """A word of six letters or more that is rare in English, German, French
    and Spanish (loading more word lists costs seconds at first use)."""
    from wordfreq import zipf_frequency

    word = next(k for k, kind in zip(keys, kinds) if kind != _PUNCT)
    return (len(word) >= 6 and kinds[keys.index(word)] == _WORD
            and max(zipf_frequency(word, lang) for lang in _LANGUAGES) < 3.5)


def _stutter_repeats(unit: str, cfg: RepairConfig) -> int:
    if unit.isdigit():
        return 20
    if unit.casefold() in _INTERJECTIONS:
        return _INTERJECTION_STUTTER_REPEATS   # "hahahahahahahaha"
    # Three glued copies of a word of five letters or more are a stutter
    # ("WhiteWhiteWhite"); "blahblahblah" and "hahaha" are not.
    return {1: 10, 2: 8, 3: 5, 4: 4}.get(len(unit), cfg.loop_min_repeats)


def _similar(a: str, b: str, cfg: RepairConfig) -> bool:
    """Variants of one word (``murmurs``/``murmures``), not a word and its
    possessive (``Dodson``/``Dodson's``)."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a[:2] != b[:2]:
        return False
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and long[len(short):] in ("'s", "’s", "s'", "’"):
        return False
    return ratio(a, b) >= 100 * cfg.loop_fuzzy_ratio


def _alike(a: str, b: str, cfg: RepairConfig) -> bool:
    """Two tokens in the same place of two copies of a loop unit: the same,
    two joining words (``or The Southwestern and the Southwestern``), or one
    word spelt two ways: a letter changed, added or dropped (``tue``/``the``,
    ``FI``/``FBI``, ``bting``/``being``) or ``_similar``."""
    if a == b:
        return True
    if a in _CONJUNCTIONS and b in _CONJUNCTIONS:
        return True
    if _similar(a, b, cfg):
        return True
    return (max(len(a), len(b)) >= 3 and _letters(a) and _letters(b)
            and Levenshtein.distance(a, b, score_cutoff=1) <= 1)


def _letters(word: str) -> bool:
    """Letters, maybe with an apostrophe (``Peter's``)."""
    return word.replace("'", "").replace("’", "").isalpha()


def _derailed(a: str, b: str) -> bool:
    """A copy's last word that starts as the unit's word and then runs off
    (``Southunkhwa`` for ``Southwestern``)."""
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return k >= 4 and a.isalpha() and b.isalpha()


def _copy_alike(tk: _Tokens, unit: list[str], j: int, cfg: RepairConfig) -> int:
    """Is ``tk[j:j + len(unit)]`` a copy of the unit?  1 exactly (but for its
    joining word), 2 with a word spelt differently, 0 not a copy (at least one
    word of a copy is spelt as in the unit)."""
    p = len(unit)
    if j < 0 or j + p > len(tk):
        return 0
    keys, kinds = tk.keys[j:j + p], tk.kinds[j:j + p]
    exact = content = 0
    spelt: list[str] = []
    for a, b, kind in zip(unit, keys, kinds):
        if a == b or (a in _CONJUNCTIONS and b in _CONJUNCTIONS):
            exact += kind != _PUNCT
            content += kind != _PUNCT and b not in _FUNCTION_WORDS
        elif kind == _WORD and _alike(a, b, cfg):
            spelt.append(b)
        else:
            return 0
    if not exact:
        return 0
    # With only "and the" to go by, "hat" is another word, not "cat" misspelt.
    if spelt and not content and any(_common(b) for b in spelt):
        return 0
    return 2 if spelt else 1


@lru_cache(maxsize=4096)
def _common(word: str) -> bool:
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, lang) for lang in _LANGUAGES) >= 3.5


# -- token-level periodicity ------------------------------------------------

_ONES = re.compile(b"\x01+")
_EQUAL = bytes([1] + [0] * 255)


def _equal_at(ids: array, period: int) -> bytes:
    """Byte i is 1 where ``ids[i] == ids[i + period]``.  (The two shifted
    arrays are XORed as integers, each token's bytes ORed into its lowest,
    and that byte read off: no Python step per token.)"""
    if len(ids) <= period:
        return b""
    size = ids.itemsize
    raw = memoryview(ids).cast("B")
    cut = period * size
    diff = int.from_bytes(raw[:-cut], "little")
    diff ^= int.from_bytes(raw[cut:], "little")
    shift = 8
    while shift < 8 * size:
        diff |= diff >> shift
        shift *= 2
    low = diff.to_bytes(len(raw) - cut, "little")[::size]
    del diff
    return low.translate(_EQUAL)


def _runs(equal: bytes, period: int) -> list[tuple[int, int]]:
    """Maximal ``[s, e)`` with ``ids[i] == ids[i + period]`` for s <= i < e - period,
    at least two full units long."""
    runs = []
    ones = b"\x01" * period
    at = equal.find(ones)
    while at >= 0:
        end = _ONES.match(equal, at).end()
        runs.append((at, end + period))
        at = equal.find(ones, end)
    return runs


def _consensus(copies: list[list[str]]) -> list[str]:
    """What most copies say in each place; joining words vote together
    (``and``/``or``/``and``/``,`` is a joining word's place)."""
    unit = []
    for column in zip(*copies):
        votes = Counter("\0" if k in _CONJUNCTIONS else k for k in column)
        top = votes.most_common(1)[0][0]
        unit.append(Counter(k for k in column if k in _CONJUNCTIONS).most_common(1)[0][0]
                    if top == "\0" else top)
    return unit


# Runs of matches with gaps of at most two places between them, in one C scan.  The repeat is
# possessive: nothing follows it, so giving copies back never helps, and without it the engine
# keeps a backtracking frame per copy (hundreds of MB on an adversarial megabyte).
_STRETCH = re.compile(b"\x01+(?:\x00{1,2}\x01+)*+")


def _sparse(equal: bytes) -> Iterator[tuple[int, int]]:
    """Stretches where a token equals the one a period on at least every
    third place: where a loop's copies vary, the exact matches thin out but
    go on.

    >>> list(_sparse(bytes([0, 1, 0, 0, 1, 1, 0, 0, 0, 1])))
    [(1, 6), (9, 10)]
    """
    return (m.span() for m in _STRETCH.finditer(equal))


def _alike_runs(tk: _Tokens, equal: bytes, p: int, cfg: RepairConfig,
                taken: bytearray) -> list[tuple[int, int]]:
    """Runs of at least two copies alike (``_copy_alike``) to what most of
    them say, though not all equal, looked for only where exact matches recur
    densely (``the heavy the heavuy te heavy kthe heavy``)."""
    runs: list[tuple[int, int]] = []
    # The screen: a stretch is searched only if it spans p + 1 places or more with at least
    # 2 matches in 5, so a period with fewer than 2(p + 1)/5 matches in the whole text has none.
    if cfg._screens and 5 * equal.count(1) < 2 * (p + 1):
        return runs
    keys, kinds = tk.keys, tk.kinds
    for lo, hi in _sparse(equal):
        if (hi - lo < p + 1 or equal.find(0, lo, hi) < 0 or 5 * equal.count(1, lo, hi) < 2 * (hi - lo)
                or taken.find(1, lo, hi + p) >= 0):
            continue   # too short, an exact run, too thin (under 2 in 5), or a loop already
        lo, hi = max(0, lo - p), min(len(equal), hi + p)
        alike = bytes(equal[i] or (kinds[i] == kinds[i + p] == _WORD and _alike(keys[i], keys[i + p], cfg))
                      for i in range(lo, hi))
        for a, b in _sparse(alike):
            start, end = lo + a, lo + b + p
            if end - start < 2 * p:
                continue
            copies = range(start, end - p + 1, p)
            unit = _consensus([keys[j:j + p] for j in copies])
            ok = [j for j in copies if _copy_alike(tk, unit, j, cfg)]
            # The longest stretch of consecutive copies alike to the unit.
            best, first, prev = (0, 0), None, None
            for j in ok:
                first = j if prev is None or j != prev + p else first
                prev = j
                if j + p - first > best[1] - best[0]:
                    best = (first, j + p)
            if best[1] - best[0] >= 2 * p and equal.find(0, best[0], best[1] - p) >= 0:
                runs.append(best)
    return runs


def _primitive(unit: list[int]) -> bool:
    p = len(unit)
    return not any(p % q == 0 and unit == unit[:q] * (p // q) for q in range(1, p))


def _token_loops(tk: _Tokens, cfg: RepairConfig) -> tuple[list[Loop], bytearray]:
    """Loops found by token periodicity, and which tokens they cover."""
    n = len(tk)
    taken = bytearray(n)
    found: list[Loop] = []
    near: list[tuple[int, int, int, int]] = []   # one copy short of a loop
    for p in range(1, min(cfg.loop_max_period, len(tk) // 2) + 1):
        equal = _equal_at(tk.ids, p)
        seeds = [(s, e, True) for s, e in _runs(equal, p)]
        if p > 1:
            seeds += [(s, e, False) for s, e in _alike_runs(tk, equal, p, cfg, taken)]
        for s, e, exact_seed in seeds:
            if taken.find(1, s, e) >= 0:
                continue
            run_len, run_start, run_end = e - s, s, e
            count_from = s   # where whole copies are counted from
            if exact_seed:
                keys = tk.keys[s:s + p]
                exact, seed_drift = run_len // p, False
                inner = [k for k in range(p - 1)
                         if keys[k].strip() in _SENTENCE_END and tk.kinds[s + k + 1] != _PUNCT]
                if inner:
                    # Count whole sentences, not stretches across them: "The river
                    # runs. The river north runs. The river north runs." holds
                    # "runs. The river north" three times, its sentence twice.
                    count_from = s + inner[0] + 1
                    run_len = e - count_from
                    exact = run_len // p
            else:
                # Copies alike in turn: the unit is what most of them say.
                keys = _consensus([tk.keys[j:j + p] for j in range(s, e - p + 1, p)])
                exact = sum(_copy_alike(tk, keys, j, cfg) == 1 for j in range(s, e - p + 1, p))
                seed_drift = True
            if not _primitive(keys):
                continue
            s = _phase(tk, s, e, p)   # the leading tokens skipped are still one copy
            if s > run_start:
                keys = keys[s - run_start:] + keys[:s - run_start]
            # "X and X and X": the copies are "and X", and the first X stays;
            # unless the text goes on with a misspelt joining word ("Goddess
            # and Goddess and Goddess xand asked"): then "X and" is the unit.
            frame = _frame(tk, cfg, taken, p, s, keys, exact, seed_drift, run_end, _joiner(tk, s, p), True)
            if frame[0] and frame[3] < n and tk.keys[frame[3]] not in _CONJUNCTIONS \
                    and _alike(tk.keys[frame[3]], frame[2][0], cfg):
                frame = _frame(tk, cfg, taken, p, s, keys, exact, seed_drift, run_end, 0, True)
            # A part copy taken in before the loop must not leave one after it
            # ("the formation of the formmtion of … the formation of thz").
            if frame[-1] and _leaves_part(tk, frame, cfg):
                unshifted = _frame(tk, cfg, taken, p, s, keys, exact, seed_drift, run_end, frame[0], False)
                if not _leaves_part(tk, unshifted, cfg) and \
                        unshifted[3] - unshifted[1] >= frame[3] - frame[1] - p:
                    frame = unshifted
            joiner, s, keys, e, lead, exact, drifted, first, _ = frame
            kinds = tk.kinds[s:s + p]
            words = sum(k != _PUNCT for k in kinds)
            # Is the second copy's word set off by a space ("la la"), or glued ("sub-sub")?
            # What sets the second copy's word off: "la la", "sub-sub", a line break.
            second = next((j for j in range(s, s + p) if tk.kinds[j] != _PUNCT), s) + p
            before = tk.text[tk.starts[second] - 1] if second < n else " "
            need = _needed_repeats(kinds, keys, cfg,
                                   "\n" if before == "\n" else " " if before.isspace() else "")
            if e < run_end and run_end - e < p and all(
                    k.strip() in _SEPARATORS for k in keys[(run_end - s) % p:]):
                # The last copy lacks only its separator: "to the shop, to the shop, to the shop".
                e = run_end
                exact = max(exact, (e - s) // p + 1)
            e, truncated = _partial_tail(tk, e, p)
            # A part copy after the last whole one stays: removing whole copies
            # from a periodic run leaves the same text wherever they are cut.
            # (The item a joined loop keeps is one more copy.)
            total = max(exact, round((e - s) / p) + (lead < s))
            exact += lead < s and tk.keys[lead:s] == keys[p - (s - lead):]
            is_loop = (exact >= need
                       or (exact >= 2 and drifted and total >= need and words >= 2)
                       or (exact >= 2 and drifted and total >= need + 2)
                       # every copy but one misspelt somewhere: many more copies
                       or (exact >= 1 and drifted and words >= 2 and total >= need + 2)
                       or (exact >= need - 1 and exact >= 2 and truncated)
                       # "liquefied liquefied liquefied", "needlewood, needlewood,
                       # needlewood": three copies of a long, rare word (not
                       # "Location, location, location").
                       or (exact >= 3 and words == 1 and p <= 2 and _rare_word(keys, kinds))
                       # "the field of the field of the field": 2 2/3 copies of a long
                       # unit, where the part copy holds a whole sentence when the
                       # unit does ("The river runs. The river runs. The river runs
                       # north." says one sentence twice: doubling).
                       or (exact_seed and p >= 3 and words >= 3
                           and run_len >= (need - 1) * p + max(2, (p + 1) // 2)
                           and _whole_sentences(tk, keys, count_from + (need - 1) * p, run_end)))
            if not is_loop:
                if exact >= max(4, need - 2) and words == 1:
                    near.append((s, e, p, exact))
                elif cfg.loop_report_doubling and exact == 2 and p <= 2 and kinds[0] != _PUNCT:
                    found.append(_make(tk, s, e, p, 2, "doubling", "loop.doubling", 0.3))
                continue
            lines = tk.lines
            if (lines.in_lyrics(tk.starts[s]) or lines.rule(tk.starts[s], tk.ends[e - 1])
                    or lines.code(tk.starts[s], tk.ends[min(s + 2 * p, e) - 1])):
                continue
            if all(k == _PUNCT for k in kinds):
                form, rule = "punct", "loop.punct"
            elif drifted:
                form, rule = "drift", "loop.drift"
            elif words == 1:
                form, rule = "word", "loop.word"
            else:
                form, rule = "phrase", "loop.phrase"
            conf = min(0.99, 0.55 + 0.08 * exact + (0.1 if truncated else 0.0))
            found.append(_make(tk, s, e, p, total, form, rule, conf, truncated, lead))
            taken[lead:e] = b"\x01" * (e - lead)
    # One copy short is enough when the text does it again and again
    # ("see see see see what what what what you you you you …").
    near = [(s, e, p, k) for s, e, p, k in near if taken.find(1, s, e) < 0]
    if len(near) >= _NEAR_MISSES:
        for s, e, p, k in near:
            found.append(_make(tk, s, e, p, k, "word", "loop.word", 0.6))
            taken[s:e] = b"\x01" * (e - s)
    return found, taken


_NEAR_MISSES = 3


_JOINED_ITEM = 6   # longest unit, in tokens, read as an item joined by "and"/"or"


def _frame(tk: _Tokens, cfg: RepairConfig, taken: bytearray, p: int, s: int, keys: list[str],
           exact: int, drifted: bool, run_end: int, joiner: int, shifts: bool) -> tuple:
    """Read a run's loop from its unit ``keys`` at ``s``: rotated to start with
    its joining word when ``joiner``; taken back over copies and part copies
    that vary; taken on by ``_drift``.  Returns the joiner, start, unit, end,
    kept item's start, exact copies, whether copies vary, the unit's first
    exact copy and whether a part copy was taken in (only if ``shifts``)."""
    if joiner:
        s += joiner
        keys = keys[joiner:] + keys[:joiner]
    first = s
    shifted = False
    while p > 1:
        # Copies before the run that vary from it are part of the loop too
        # ("the FI. the FBI. the FBI." begins with its first copy).
        gained = 0
        while (alike := _copy_alike(tk, keys, s - p, cfg)) and taken[s - 1] == 0 and \
                "\n\n" not in tk.text[tk.starts[s - p]:tk.starts[s]]:
            s -= p
            gained += 1
            exact += alike == 1
            drifted = drifted or alike == 2
        if shifted and not gained:
            break   # a part copy taken in, and no copy before it
        # (A unit that starts with its joining word keeps a lead item instead.)
        shift = 0 if joiner or not shifts or keys[0] in _CONJUNCTIONS else _shift(tk, keys, s, cfg)
        if not shift or taken.find(1, s - shift, s) >= 0:
            break
        # The loop began inside a copy whose first words vary: read its
        # copies from there.
        s -= shift
        first -= shift
        shifted = True
        drifted = drifted or tk.keys[s:s + shift] != keys[p - shift:]
        keys = keys[p - shift:] + keys[:p - shift]
    lead = _lead(tk, keys, s, cfg) if joiner or (
        p > 1 and keys[0] in _CONJUNCTIONS and tk.kinds[s] == _WORD) else s
    if taken.find(1, lead, s) >= 0:
        lead = s
    e, drift = _drift(tk, s, first + (run_end - first) // p * p, p, cfg, keys, tk.kinds[s:s + p])
    return joiner, s, keys, e, lead, exact, drifted or drift, first, shifted


def _leaves_part(tk: _Tokens, frame: tuple, cfg: RepairConfig) -> bool:
    """Does a part copy of the unit, misspelt (no word of its own: ``thz``
    for ``the``, not ``the`` for ``they``), follow the loop's end?"""
    from wordfreq import zipf_frequency

    e, unit = frame[3], frame[2]
    return (e < len(tk) and tk.kinds[e] == _WORD and tk.keys[e] != unit[0]
            and _alike(tk.keys[e], unit[0], cfg)
            and max(zipf_frequency(tk.keys[e], lang) for lang in _LANGUAGES) < 3.0)


def _joiner(tk: _Tokens, s: int, p: int) -> int:
    """Where a unit that ends with its joining word (``the Southwestern
    and``, ``book, and``) has it; else 0."""
    j = s + p - 1
    if 2 <= p <= _JOINED_ITEM and tk.kinds[j] == _WORD and tk.keys[j] in _CONJUNCTIONS:
        return p - 1
    return 0


def _shift(tk: _Tokens, unit: list[str], s: int, cfg: RepairConfig) -> int:
    """How many tokens before ``s`` begin a copy of the unit whose first words
    vary (the run ``Lutheran the Lutheran`` after ``the Lutheran tthe`` is a
    loop of ``the Lutheran``), or begin the sentence that the unit ends (a run
    found from ``FBI. Particularly galling was the`` is a loop of
    ``Particularly galling was the FBI.``); else 0."""
    p = len(unit)
    ends = [k for k in range(p - 1) if unit[k].strip() in _SENTENCE_END and tk.kinds[s + k + 1] != _PUNCT]
    shifts = [p - ends[-1] - 1] if ends else range(p - 1, 0, -1)
    # The text's own words before the loop are more often spelt as the unit.
    for same in (operator.eq, lambda a, b: _alike(a, b, cfg)):
        for r in shifts:
            if (s - r >= 0 and tk.kinds[s - r] != _PUNCT
                    and all(map(same, unit[p - r:], tk.keys[s - r:s]))
                    and "\n\n" not in tk.text[tk.starts[s - r]:tk.starts[s]]):
                return r
    return 0


def _lead(tk: _Tokens, unit: list[str], s: int, cfg: RepairConfig) -> int:
    """Where the kept item of a joined loop begins: the longest end of the
    unit, after its joining word, that stands right before the first copy
    (``the northwester Southwestern | or The Southwestern and …``)."""
    for m in range(len(unit) - 1, 0, -1):
        if s - m >= 0 and all(_alike(a, b, cfg) for a, b in zip(unit[-m:], tk.keys[s - m:s])) \
                and tk.kinds[s - m] != _PUNCT:
            return s - m
    return s


def _whole_sentences(tk: _Tokens, unit: list[str], start: int, end: int) -> bool:
    """Does ``tk[start:end]`` end a sentence it holds a word of, if the unit
    has sentence ends at all?"""
    if not any(k.strip() in _SENTENCE_END for k in unit):
        return True
    word = False
    for j in range(start, end):
        if tk.kinds[j] != _PUNCT:
            word = True
        elif word and tk.keys[j].strip() in _SENTENCE_END:
            return True
    return False


def _phase(tk: _Tokens, s: int, e: int, p: int) -> int:
    """Start the unit where a reader would: at a word or an opening bracket,
    best after a sentence end, a separator or a line break, else where spaces
    bound the whole unit (``[ 参考 译文 ]``, not ``参考 译文 ] [``; ``Aye.``,
    not ``. Aye``; ``Val di Fassa,``, not ``di Fassa, Val``; ``一块``, not ``块 一``)."""
    ranked: list[tuple[int, int]] = []
    limit = s
    while limit < min(s + p, e - p) and tk.kinds[limit] == _PUNCT:
        limit += 1
    for j in range(s, limit + 1):
        key = tk.keys[j].strip()
        if not (tk.kinds[j] != _PUNCT or key in _OPEN):
            continue
        space_before = j == 0 or tk.starts[j] > tk.ends[j - 1]
        k = j + p - 1
        space_after = k + 1 >= len(tk) or tk.starts[k + 1] > tk.ends[k]
        prev = tk.keys[j - 1].strip() if j else ""
        boundary = (j == 0 or prev in _SENTENCE_END or prev in _SEPARATORS
                    or "\n" in tk.text[tk.ends[j - 1]:tk.starts[j]])
        rank = 0 if boundary and space_before else 1 if space_before and space_after else \
            2 if space_before else 3
        ranked.append((rank, j))
    return min(ranked)[1] if ranked else s


def _drift(tk: _Tokens, s: int, e: int, p: int, cfg: RepairConfig,
           unit: list[str], unit_kinds: array) -> tuple[int, bool]:
    """Extend a loop unit by unit while the next unit resembles the previous one
    or the loop's own ``unit``: same length with most tokens alike, or (units
    of three tokens or more) a token or three inserted or dropped."""
    keys, kinds, text, n = tk.keys, tk.kinds, tk.text, len(tk)
    first = unit
    last = first
    steps: list[tuple[int, bool]] = []
    solid = e   # the end of the last unit whose words all match (maybe fuzzily)
    while e < n:
        if "\n\n" in text[tk.ends[e - 1]:tk.starts[min(e + p, n) - 1]]:
            break
        step = 0
        if e + p <= n:
            nxt = keys[e:e + p]
            for ref in (last, first):
                if len(ref) != p:
                    continue
                same = ([a == b for a, b in zip(ref, nxt)] if p == 1
                        else [_alike(a, b, cfg) for a, b in zip(ref, nxt)])
                if any(_exits(rk, ck, r, c) for rk, ck, r, c in
                       zip(ref, nxt, kinds[e - p:e], kinds[e:e + p])):
                    continue
                words_same = any(ok and k != _PUNCT for ok, k in zip(same, kinds[e:e + p]))
                if all(same) or (p > 1 and 2 * sum(same) >= p and words_same):
                    step = p
                    if all(ok or k == _PUNCT for ok, k in zip(same, kinds[e:e + p])):
                        solid = e + p
                        break
                    if (p > 1 and all(same[:-1]) and _derailed(ref[-1], nxt[-1])
                            and not _copy_alike(tk, ref, e + p, cfg)):
                        # The last copy runs off in its last word ("and the Southunkhwa").
                        solid = e + p
                        break
        # (A sentence with a word more or less is another sentence.)
        if not step and p >= 3 and not any(k.strip() in _SENTENCE_END for k in first):
            joined = (" ".join(first), " ".join(last))
            known = [w for w, k in zip(first + last, unit_kinds + kinds[e - len(last):e])
                     if k != _PUNCT]
            best = 0.0
            for m in (p - 1, p + 1, p - 2, p + 2, p - 3, p + 3):
                if 1 <= m and e + m < n:   # a last copy cut short is a truncation, not drift
                    # Every word of a variant copy is a word of the unit, maybe misspelt.
                    if not all(k == _PUNCT or any(_similar(w, u, cfg) for u in known)
                               for w, k in zip(keys[e:e + m], kinds[e:e + m])):
                        continue
                    cand = " ".join(keys[e:e + m])
                    score = max(ratio(j, cand) for j in joined)
                    if score > best and score >= 100 * cfg.loop_fuzzy_ratio:
                        best, step = score, m
            if step:
                solid = e + step
        if not step:
            break
        steps.append((e, step != p or any(
            a != b and k != _PUNCT for a, b, k in zip(first, keys[e:e + p], kinds[e:e + p]))))
        last = keys[e:e + step]
        e += step
    # A last unit that differs in a whole word is where the text leaves the loop.
    return solid, any(varied for at, varied in steps if at < solid)


def _exits(ref: str, cand: str, ref_kind: int, cand_kind: int) -> bool:
    """A mark where the unit has a word ("from place to place."), or a word
    where it has a mark other than "A, A and A", is the text moving on."""
    if ref_kind != _PUNCT and cand_kind == _PUNCT:
        return True
    return (ref_kind == _PUNCT and cand_kind != _PUNCT
            and not (ref.strip() in _SEPARATORS and len(cand) <= 3))


def _partial_tail(tk: _Tokens, e: int, p: int) -> tuple[int, bool]:
    """Take in a truncated last unit (``... by the army. by the``), or a stray
    last part of the unit (``or mutators mutators``)."""
    keys, kinds, n = tk.keys, tk.kinds, len(tk)
    unit = keys[e - p:e]
    rest = n - e
    if 0 < rest <= p and not tk.text[tk.ends[-1]:].strip():
        tail = keys[e:]
        if all(a == b for a, b in zip(tail[:-1], unit)) and unit[rest - 1].startswith(tail[-1]):
            return n, True
    for m in range(p - 1, 0, -1):
        if (e + m <= n and keys[e:e + m] == unit[p - m:]
                and all(k == _WORD and len(w) >= 3 for k, w in zip(kinds[e:e + m], keys[e:e + m]))):
            return e + m, False
    return e, False


def _make(tk: _Tokens, s: int, e: int, p: int, repeats: int, form: str, rule: str, conf: float,
          truncated: bool = False, lead: int | None = None) -> Loop:
    """Keep the first unit without its trailing separators; remove from there
    to the last copy's last non-separator token.  A joined loop keeps its
    item ``tk[lead:s]`` and loses every copy."""
    text = tk.text
    start = tk.starts[s]
    if form == "punct":
        return _junk(text, start, tk.ends[e - 1], tk.ends[s + p - 1], repeats, conf)
    if lead is not None and lead < s:
        kept = s - 1
        while kept > lead and tk.keys[kept].strip() in _SEPARATORS:
            kept -= 1
        last = e - 1
        while not truncated and last > s and tk.kinds[last] == _PUNCT:
            last -= 1
        return Loop(tk.starts[lead], tk.ends[last], text[start:tk.ends[s + p - 1]], repeats,
                    form, round(conf, 2), tk.ends[kept], rule=rule)
    unit_end = s + p - 1
    while unit_end > s and tk.keys[unit_end].strip() in _SEPARATORS:
        unit_end -= 1
    # A unit that ends a few words into the next line ("one.\nSo") keeps
    # whole lines only.
    for j in range(unit_end - 1, max(s, unit_end - 3) - 1, -1):
        if tk.keys[unit_end].strip() in _SENTENCE_END:
            break
        if (tk.keys[j].strip() in _SENTENCE_END and j > s
                and "\n" in text[tk.ends[j]:tk.starts[j + 1]]):
            unit_end = j
            break
    last = e - 1
    # Keep the text's own last mark ("... Germany, where he returned to Germany.")
    # unless the kept unit already ends with one.
    strip = _SEPARATORS if tk.kinds[unit_end] == _PUNCT else None
    while not truncated and last > unit_end and (
            tk.keys[last].strip() in strip if strip else tk.kinds[last] == _PUNCT):
        last -= 1
    unit = text[start:tk.ends[s + p - 1]]
    if _possessive_copy(tk, s, e, p):
        # "Everyone Everyone … Everyone's happy": keep the copy that carries the 's.
        return Loop(start, tk.starts[e], unit, repeats, form, round(conf, 2), start, rule=rule)
    return Loop(start, tk.ends[last], unit, repeats, form, round(conf, 2), tk.ends[unit_end], rule=rule)


def _possessive_copy(tk: _Tokens, s: int, e: int, p: int) -> bool:
    """Is the text after the loop one more copy whose last word has an 's?"""
    if e + p > len(tk) or tk.keys[e:e + p - 1] != tk.keys[s:s + p - 1]:
        return False
    word, nxt = tk.keys[s + p - 1], tk.keys[e + p - 1]
    return nxt in (word + "'s", word + "’s")


def _junk(text: str, start: int, end: int, unit_end: int, repeats: int, conf: float) -> Loop:
    """Punctuation junk goes entirely, with the space and the comma that
    joined it to the text (``said., “”, “”`` -> ``said.``); a
    mark that ends sentences keeps one copy, and an open quote gets its
    closing mark."""
    unit = text[start:unit_end]
    if unit.strip() and set(unit.strip()) <= _SENTENCE_END:
        return Loop(start, end, unit, repeats, "punct", conf, start + len(unit.rstrip()), rule="loop.punct")
    cut = start
    while cut > 0 and text[cut - 1] in " \t":
        cut -= 1
    # A comma after a sentence's end can only have joined the junk.
    if cut > 1 and text[cut - 1] in _JOINERS:
        mark = cut - 1
        while mark > 0 and text[mark - 1] in " \t":
            mark -= 1
        if mark > 0 and text[mark - 1] in _SENTENCE_END | _CLOSERS:
            cut = mark
    # (Looking back at most 2000 characters keeps many junk runs on one line linear.)
    line = text[max(text.rfind("\n", max(0, cut - 2000), cut) + 1, cut - 2000):cut]
    closing = "".join(c for o, c in _OPENERS.items()
                      if line.count(o) > line.count(c) and text.find(c, start, end) >= 0 and o != c)
    return Loop(cut, end, unit, repeats, "punct", conf, cut, closing[:1], "loop.punct")


# -- oscillation ---------------------------------------------------------------

_OSC_GRAM, _OSC_WINDOW, _OSC_COUNT = 3, 60, 5
_OSC_CHUNK = 1 << 15
_OSC_MARGIN = (_OSC_COUNT - 1) * _OSC_WINDOW + _OSC_GRAM


def _oscillations(tk: _Tokens, taken: bytearray) -> list[Loop]:
    """A phrase that comes back again and again without a fixed period
    (``Star Trek: The Next Generation episode " The Next Generation " , Star
    Trek: The Next Generation and …``): five copies of one three-token
    phrase, two of them words, within 60 tokens.  Reported, never collapsed:
    there is no single unit to keep."""
    keys, kinds, text, ids = tk.keys, tk.kinds, tk.text, tk.ids
    n = len(ids)
    seen: dict[tuple[int, ...], deque[int]] = {}
    found: list[Loop] = []
    for chunk in range(0, n - _OSC_GRAM + 1, _OSC_CHUNK):
        # Screen: the phrases seen five times near this chunk.  Copies that
        # can make an oscillation are at most four windows apart, so the
        # margin sees all of them; the counts stay as small as a chunk.
        lo, hi = max(0, chunk - _OSC_MARGIN), min(n, chunk + _OSC_CHUNK + _OSC_MARGIN)
        counts = Counter(zip(ids[lo:hi], ids[lo + 1:hi], ids[lo + 2:hi]))
        frequent = {g for g, c in counts.items() if c >= _OSC_COUNT}
        del counts
        if not frequent:
            continue
        seen = {g: where for g, where in seen.items() if where[-1] >= chunk - _OSC_WINDOW}
        for i in range(chunk, min(chunk + _OSC_CHUNK, n - _OSC_GRAM + 1)):
            gram = (ids[i], ids[i + 1], ids[i + 2])
            if taken[i] or gram not in frequent:
                continue
            # Two different words, no numbers, no list separator: "the next
            # generation", not "哈 哈 哈", "0 0 0" or the "river, the" of a list
            # of rivers.
            if (len({w for w, k in zip(keys[i:i + _OSC_GRAM], kinds[i:i + _OSC_GRAM])
                     if k in (_WORD, _CJKC)}) < 2
                    or any(k.strip() in _SEPARATORS for k in keys[i:i + _OSC_GRAM])):
                continue
            where = seen.setdefault(gram, deque())
            if where and where[-1] > i - _OSC_GRAM:
                continue   # overlapping copies are a periodic run, handled above
            where.append(i)
            while where[0] < i - _OSC_WINDOW:
                where.popleft()
            # A list built on a template ("the Ministry of Health, the Ministry of
            # Labour, …") has a new word after every copy; an oscillation repeats.
            if len(where) >= _OSC_COUNT and not _template(keys, where):
                start, end = tk.starts[where[0]], tk.ends[i + _OSC_GRAM - 1]
                if found and start < found[-1].end:
                    prev = found[-1]
                    found[-1] = Loop(prev.start, max(end, prev.end), prev.unit,
                                     max(prev.repeats, len(where)), "oscillation", 0.5, prev.start,
                                     rule="loop.oscillation")
                elif not tk.lines.in_lyrics(start):
                    unit = text[tk.starts[i]:tk.ends[i + _OSC_GRAM - 1]]
                    found.append(Loop(start, end, unit, len(where), "oscillation", 0.5, start,
                                      rule="loop.oscillation"))
    return found


def _template(keys: list[str], where: deque[int]) -> bool:
    """Do the copies at ``where`` share a fixed part followed by a different
    word each time, like a list (``the Department of Health and the
    Department of Labor and …``)?"""
    for k in range(_OSC_GRAM, _OSC_GRAM + 8):
        after = [keys[j + k] if j + k < len(keys) else "" for j in where]
        if len(set(after)) > 1:
            return len(set(after)) == len(after)
    return False


# -- empty quote pairs ----------------------------------------------------

_QUOTE_RUN = regex.compile(r"[“”‘’«»„「」『』‹›][“”‘’«»„「」『』‹›\s,.;:]*")
_EMPTY_PAIR = regex.compile(r"[“‘«„「『‹][\s,.;:]*[”’»“」』›]")


def _quote_junk(text: str) -> list[Loop]:
    """``“”, “”, “”``: two or more empty typographic quote pairs are never text."""
    loops = []
    for run in _QUOTE_RUN.finditer(text):
        pairs = _EMPTY_PAIR.finditer(text, run.start(), run.end())
        first = next(pairs, None)
        count = 1 + sum(1 for _ in pairs) if first else 0
        if count < 2:
            continue
        s = first.start()
        e = run.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        loops.append(_junk(text, s, e, first.end(), count, 0.9))
    return loops


# -- characters inside words ---------------------------------------------

def _stutters(text: str, cfg: RepairConfig) -> list[Loop]:
    """Sub-word stutter; runs of the same unit a few letters apart are one loop
    (``Southunkhwahwahwah andhwahwahwa``)."""
    loops: list[Loop] = []
    for s, e, unit in _stutter_spans(text):
        repeats = (e - s) // len(unit)
        if repeats < _stutter_repeats(unit, cfg):
            continue
        # Truncated last copy: "hwahwah".  When it ends the word it is the
        # word's own ending ("Palestinianianian" keeps its "n").
        j = 0
        while e + j < len(text) and j < len(unit) - 1 and text[e + j] == unit[j]:
            j += 1
        if e + j < len(text) and text[e + j].isalnum():
            e += j
        prev = loops[-1] if loops else None
        if (prev is not None and prev.form == "stutter" and s - prev.end <= 6
                and _rotation(unit) == _rotation(prev.unit)):
            loops[-1] = Loop(prev.start, e, prev.unit, prev.repeats + repeats, "stutter",
                             prev.confidence, prev.kept_end, rule="loop.stutter")
            continue
        kept_end = s + len(_best_keep(text, s, e, unit))
        conf = min(0.99, 0.6 + 0.02 * repeats)
        loops.append(Loop(s, e, unit, repeats, "stutter", round(conf, 2), kept_end, rule="loop.stutter"))
    return loops


def _stutter_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each run of three copies or more of a unit inside a long word: at the
    first place where some unit repeats, the shortest such unit, with every
    copy that follows (``(\\w{1,12}?)\\1{2,}``, in linear time and memory)."""
    for word in _LONG_WORD.finditer(text):
        pos, end = word.span()
        while m := _STUTTER.search(text, pos, end):
            unit = m.group(1)
            e = m.end()
            block = unit * (4096 // len(unit))
            while text.startswith(block, e, end):
                e += len(block)
            while text.startswith(unit, e, end):
                e += len(unit)
            yield m.start(), e, unit
            pos = e


def _rotation(unit: str) -> str:
    u = unit.casefold()
    return min(u[i:] + u[:i] for i in range(len(u)))


def _best_keep(text: str, s: int, e: int, unit: str) -> str:
    """One copy of the unit, or two when that makes the commoner word:
    ``murmurmurmur`` -> ``murmur``, ``GOOOOOOD`` -> ``GOOD``, ``Noooo`` -> ``No``."""
    from wordfreq import zipf_frequency

    ws = s   # (a word is looked at 40 letters either side at most)
    while ws > max(0, s - 40) and text[ws - 1].isalpha():
        ws -= 1
    we = e
    while we < min(len(text), e + 40) and text[we].isalpha():
        we += 1
    one = (text[ws:s] + unit + text[e:we]).lower()
    two = (text[ws:s] + unit * 2 + text[e:we]).lower()
    return unit * 2 if zipf_frequency(two, "en") > zipf_frequency(one, "en") else unit


# -- public API -------------------------------------------------------------

def find_loops(text: str, *, config: RepairConfig | None = None) -> list[Loop]:
    """Every loop in ``text``, sorted, non-overlapping; empty when there is none.

    >>> [(l.form, l.unit) for l in find_loops("我们需要需要需要需要更多的时间")]
    [('phrase', '需要')]
    >>> [(l.form, l.unit) for l in find_loops("the Southunkhwahwahwahwahwahwa region")]
    [('stutter', 'hwa')]
    """
    require_text(text)
    cfg = resolve_config(config, {})
    tk = _Tokens(text)
    candidates, taken = _token_loops(tk, cfg)
    candidates += _quote_junk(text)
    candidates += _stutters(text, cfg)
    # A stutter goes first: the phrase loop around it is judged on the
    # collapsed word in the next pass ("and the Southunkhwahwahwa" is a
    # copy of "and the Southwestern" only as "and the Southunkhwa").
    candidates.sort(key=lambda l: (l.form != "stutter", -(l.end - l.start), l.start))
    chosen: list[Loop] = []
    covered = bytearray(len(text) + 1)
    # Oscillations come last: they are reported where nothing collapsible is.
    for loop in candidates + _oscillations(tk, taken):
        if covered.find(1, loop.start, max(loop.end, loop.start + 1)) < 0:
            chosen.append(loop)
            covered[loop.start:loop.end] = b"\x01" * (loop.end - loop.start)
    return sorted(chosen, key=lambda l: l.start)


def loop_edits(text: str, config: RepairConfig | None = None) -> list[Edit]:
    """The pipeline stage: one ``loop`` edit per loop (doubling is never edited).

    A loop of loops (``the people people people the people people people …``)
    collapses in a second pass; the passes' edits are composed into edits of
    ``text``.
    """
    edits: list[Edit] = []
    current = text
    for _ in range(_MAX_PASSES):
        more = _edits_once(current, config)
        if not more:
            break
        edits = compose(text, edits, more)
        current = apply_edits(current, more)
    return edits


_MAX_PASSES = 4
_REPORT_ONLY = frozenset({"doubling", "oscillation"})


def _edits_once(text: str, config: RepairConfig | None) -> list[Edit]:
    edits = []
    for loop in find_loops(text, config=config):
        if loop.form in _REPORT_ONLY or text[loop.kept_end:loop.end] == loop.replacement:
            continue
        edits.append(Edit(loop.kept_end, loop.end, loop.replacement, kind="loop",
                          rule=loop.rule, confidence=loop.confidence,
                          explanation=loop.explanation))
    return edits


def collapse_loops(text: str, *, config: RepairConfig | None = None) -> RepairResult:
    """``text`` with every loop collapsed to its first clean occurrence.

    >>> r = collapse_loops("Prague Castle, Prague Castle, Prague Castle, Prague Cast")
    >>> r.text
    'Prague Castle'
    >>> r.edits[0].explanation
    "removed 3 repeats of 'Prague Castle,' (phrase loop)"
    """
    require_text(text)
    return result_from_edits(text, loop_edits(text, config))
