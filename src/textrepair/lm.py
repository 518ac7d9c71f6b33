"""Shipped English sequence models for the garble stage.

Small models, all built by ``training/train_garble.py`` from openly
licensed data and stored under ``textrepair/data/``:

* :class:`WordBigrams`: Google-Books bigram counts (the symspellpy bigram
  dictionary, MIT) as 32-bit hashes with a quantised log count.  Together
  with wordfreq's unigram frequencies it says how surprising it is that two
  frequent words never follow each other (``say analysts``, ``the the``).
* :class:`ClassTrigrams`: trigram models over word *classes*: function words
  and punctuation are kept, content words become a shape/frequency class
  (``ING``, ``S``, ``HI``, ``RARE``, ``CAP``...), so the model learns English
  syntax rather than topics.  One model is fit on fluent English (MLQE-PE
  post-edits, CC0), one on badly rated raw MT; their log ratio is a fluency
  cue that carries across topics.

>>> word_classes(["The", "withdrews", "troops", "of", "Pakistan", "quickly", "."])
['the', 'OOV', 'S', 'of', 'CAP', 'LY', '.']
"""

from __future__ import annotations

import array
import functools
import gzip
import itertools
import json
import math
import zlib
from collections import Counter
from importlib import resources
from typing import Any, Iterable, Sequence

from .signals import english_frequencies

# Closed-class English words (kept as themselves by the class models).
FUNCTION_WORDS = frozenset("""
a an the this that these those some any no every each either neither all both few many much more most
other another such what which who whom whose where when why how whether if unless because although though
while since until as than so but and or nor yet for of in on at by to from with without about above below
over under between among through during before after against into onto upon within along across around
behind beyond near off out up down i me my mine you your yours he him his she her hers it its we us our
they them their theirs myself yourself himself herself itself ourselves themselves one ones there here
is are was were be been being am have has had having do does did doing will would shall should can could
may might must not n't also only even just very too then now again still already never always often
however therefore thus hence instead rather quite almost about around
""".split())

_SUFFIXES = (("ing", "ING"), ("ed", "ED"), ("ly", "LY"), ("tion", "TION"), ("ment", "TION"),
             ("ness", "TION"), ("ity", "TION"), ("s", "S"))
_PUNCT_CLASS = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}


def word_classes(tokens: Sequence[str]) -> list[str]:
    """The class of each token (see the module docstring)."""
    freq = english_frequencies()
    out = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if not tok[:1].isalnum():
            out.append(_PUNCT_CLASS.get(tok, tok))
        elif tok[:1].isdigit():
            out.append("NUM")
        elif low in FUNCTION_WORDS and (tok.islower() or i == 0 or tok[1:].islower()):
            out.append(low)
        elif tok[:1].isupper() and i > 0:
            out.append("CAP")
        else:
            f = freq.get(low, 0.0)
            if f == 0.0:
                out.append("OOV")
                continue
            suffix = next((c for s, c in _SUFFIXES if low.endswith(s) and len(low) > len(s) + 2), None)
            if suffix:
                out.append(suffix)
            else:
                out.append("HI" if f >= 3e-5 else "MID" if f >= 1e-6 else "RARE")
    return out


class ClassTrigrams:
    """An interpolated absolute-discount trigram model over word classes."""

    DISCOUNT = 0.7

    def __init__(self, counts: dict[str, int]):
        # keys: "a", "a b", "a b c" n-grams, plus context sums "a b|" and "a|",
        # and "a b#" / "a#" = number of distinct continuations
        self.counts = counts
        self.total = counts.get("", 1)
        self.vocab = max(1, counts.get("#", 1))
        # Classes are few (function words and a dozen word classes), so a
        # memo of trigram probabilities saves most of the work of scoring.
        self._memo: dict[tuple[str, str, str], float] = {}

    @classmethod
    def train(cls, sentences: Iterable[Sequence[str]], *, min_count: int = 1) -> ClassTrigrams:
        """Count n-grams of class sequences (each padded with ``<s>``/``</s>``)."""
        grams: Counter[str] = Counter()
        for classes in sentences:
            seq = ["<s>", "<s>", *classes, "</s>"]
            for i in range(2, len(seq)):
                a, b, c = seq[i - 2], seq[i - 1], seq[i]
                grams[c] += 1
                grams[f"{b} {c}"] += 1
                grams[f"{a} {b} {c}"] += 1
        counts: Counter[str] = Counter()
        for key, n in grams.items():
            if n < min_count and key.count(" ") == 2:
                continue
            counts[key] = n
            parts = key.split(" ")
            ctx = " ".join(parts[:-1])
            counts[ctx + "|"] += n
            counts[ctx + "#"] += 1
        counts["#"] = sum(1 for k in grams if " " not in k)
        return cls(dict(counts))

    def logprob(self, a: str, b: str, c: str) -> float:
        """Natural-log probability of class ``c`` after ``a b``."""
        key = (a, b, c)
        lp = self._memo.get(key)
        if lp is None:
            lp = self._logprob(a, b, c)
            if len(self._memo) < 1 << 18:
                self._memo[key] = lp
        return lp

    def _logprob(self, a: str, b: str, c: str) -> float:
        cnt = self.counts
        d = self.DISCOUNT
        p = (cnt.get(c, 0) + 0.5) / (cnt.get("|", self.total) + 0.5 * self.vocab)
        for ctx in (b, f"{a} {b}"):
            total = cnt.get(ctx + "|", 0)
            if total:
                seen = cnt.get(f"{ctx} {c}", 0)
                p = max(seen - d, 0) / total + d * cnt.get(ctx + "#", 0) / total * p
        return math.log(p)

    def scores(self, classes: Sequence[str]) -> list[float]:
        """Log-probability of each class of the sentence and of its end."""
        seq = ["<s>", "<s>", *classes, "</s>"]
        memo = self._memo
        out = []
        for key in zip(seq, seq[1:], seq[2:]):
            lp = memo.get(key)
            out.append(self.logprob(*key) if lp is None else lp)
        return out

    def to_json(self) -> dict[str, int]:
        return self.counts


class WordBigrams:
    """Google-Books bigram counts behind 32-bit hashes (see :func:`bigram_key`)."""

    def __init__(self, table: dict[int, float], total: float, cutoff: float):
        self.table = table          # hash -> natural-log count
        self.total = total          # corpus size, for expected counts from wordfreq
        self.log_cutoff = math.log(cutoff)  # counts below this were not kept

    def log_count(self, a: str, b: str) -> float | None:
        return self.table.get(bigram_key(a, b))

    def surprise(self, a: str, b: str) -> float:
        """How many nats more often ``a b`` was expected than it could have occurred unseen.

        0 when the bigram is known or too rare to be expected.
        """
        if bigram_key(a, b) in self.table:
            return 0.0
        freq = english_frequencies()
        expected = freq.get(a, 0.0) * freq.get(b, 0.0) * self.total
        if expected <= 0:
            return 0.0
        return max(0.0, math.log(expected) - self.log_cutoff)


class WordContrast:
    """Naive-Bayes log ratios of word unigrams and bigrams between two kinds of English.

    Names and numbers are masked (``CAP``, ``NUM``) so the table learns how
    MT words things rather than what it writes about.  Shipped three times:
    badly vs well rated raw MT (human DA), raw MT vs its human post-edit, and
    the spans expert raters marked as fluency errors vs human translations.
    """

    def __init__(self, table: dict[int, float], default: float):
        self.table = table
        self.default = default  # the log ratio of a gram seen too rarely to keep

    @staticmethod
    def grams(tokens: Sequence[str]) -> list[str]:
        """Masked unigrams and bigrams (with sentence boundaries) of a token list."""
        seq = ["<s>"]
        for i, tok in enumerate(tokens):
            if tok[:1].isdigit():
                seq.append("NUM")
            elif i > 0 and tok[:1].isupper():
                seq.append("CAP")
            else:
                seq.append(tok.lower())
        seq.append("</s>")
        return seq[1:-1] + [f"{a} {b}" for a, b in zip(seq, seq[1:])]

    @classmethod
    def train(cls, positive: Iterable[Sequence[str]], negative: Iterable[Sequence[str]], *,
              min_count: int = 2, smoothing: float = 0.5) -> WordContrast:
        pos: Counter[str] = Counter()
        neg: Counter[str] = Counter()
        for tokens in positive:
            pos.update(cls.grams(tokens))
        for tokens in negative:
            neg.update(cls.grams(tokens))
        return cls.from_counts(pos, neg, min_count=min_count, smoothing=smoothing)

    @classmethod
    def from_counts(cls, pos: Counter[str], neg: Counter[str], *, min_count: int = 2,
                    smoothing: float = 0.5) -> WordContrast:
        """The table of gram counts of the two kinds (``pos`` positive)."""
        n_pos, n_neg = sum(pos.values()) or 1, sum(neg.values()) or 1
        default = math.log(n_neg / n_pos)
        table = {}
        for g in pos.keys() | neg.keys():
            if pos[g] + neg[g] >= min_count:
                ratio = math.log((pos[g] + smoothing) / n_pos) - math.log((neg[g] + smoothing) / n_neg)
                table[zlib.crc32(g.encode("utf-8", "surrogatepass"))] = max(-7.9, min(7.9, ratio))
        return cls(table, default)

    def score(self, tokens: Sequence[str]) -> float:
        """Mean log ratio (positive = more like the first kind)."""
        return self.mean_ratio(self.keys(tokens))

    @classmethod
    def keys(cls, tokens: Sequence[str]) -> list[int]:
        """The hashed grams of a token list: computed once, looked up in every table."""
        return [zlib.crc32(g.encode("utf-8", "surrogatepass")) for g in cls.grams(tokens)]

    def mean_ratio(self, keys: Sequence[int]) -> float:
        return sum(map(self.table.get, keys, itertools.repeat(self.default, len(keys)))) / len(keys)

    def top_ratio(self, keys: Sequence[int], k: int = 3) -> float:
        """Mean of the ``k`` largest log ratios: the most telling spots of a sentence, whatever its length.

        Grams never seen score 0 here (no evidence either way).
        """
        return sum(sorted(map(self.table.get, keys, itertools.repeat(0.0, len(keys))))[-k:]) / k

    def pack(self) -> bytes:
        keys = array.array("I", sorted(self.table))
        vals = array.array("b", (int(round(self.table[k] * 16)) for k in keys))
        return _pack_table({"default": self.default}, keys, vals)

    @classmethod
    def unpack(cls, blob: bytes) -> WordContrast:
        header, keys, vals = _unpack_table(blob)
        # Each of the 256 byte values decoded once, then looked up: the same floats, 3× faster to load.
        ratios = [(b - 256 if b > 127 else b) / 16 for b in range(256)]
        return cls(dict(zip(keys, map(ratios.__getitem__, vals))), header["default"])


class ClassContrast:
    """Naive-Bayes log ratios of word-class bigrams and trigrams (:func:`word_classes`) between two kinds of
    English: function words stay words, content words back off to their class, so the table learns
    constructions, not topics.  Keyed by class tuples: the classes are few, so no hashing is needed.

    >>> ClassContrast.grams(["the", "HI"])
    [('<s>', 'the'), ('the', 'HI'), ('HI', '</s>'), ('<s>', 'the', 'HI'), ('the', 'HI', '</s>')]
    """

    def __init__(self, table: dict[tuple[str, ...], float]):
        self.table = table

    @staticmethod
    def grams(classes: Sequence[str]) -> list[tuple[str, ...]]:
        seq = ["<s>", *classes, "</s>"]
        return [*zip(seq, seq[1:]), *zip(seq, seq[1:], seq[2:])]

    @classmethod
    def from_counts(cls, pos: Counter[tuple[str, ...]], neg: Counter[tuple[str, ...]], *, min_count: int = 3,
                    smoothing: float = 0.5) -> ClassContrast:
        """The table of gram counts of the two kinds (``pos`` positive), in sixteenths of a nat."""
        n_pos, n_neg = sum(pos.values()) or 1, sum(neg.values()) or 1
        table = {}
        for g in pos.keys() | neg.keys():
            if pos[g] + neg[g] >= min_count:
                ratio = math.log((pos[g] + smoothing) / n_pos) - math.log((neg[g] + smoothing) / n_neg)
                table[g] = round(max(-7.9, min(7.9, ratio)) * 16) / 16
        return cls(table)

    def top_ratio(self, classes: Sequence[str], k: int) -> float:
        """Mean of the ``k`` largest log ratios of the sentence's grams (unseen grams score 0)."""
        grams = self.grams(classes)
        return sum(sorted(map(self.table.get, grams, itertools.repeat(0.0, len(grams))))[-k:]) / k

    def pack(self) -> bytes:
        rows = sorted([" ".join(g), v] for g, v in self.table.items())
        return gzip.compress(json.dumps(rows, separators=(",", ":")).encode(), mtime=0)

    @classmethod
    def unpack(cls, blob: bytes) -> ClassContrast:
        return cls({tuple(g.split(" ")): v for g, v in json.loads(gzip.decompress(blob))})


def bigram_key(a: str, b: str) -> int:
    return zlib.crc32(f"{a} {b}".encode("utf-8", "surrogatepass"))


QUANTUM = 8.0  # log counts are stored in eighths of a nat above the cutoff


def pack_bigrams(counts: dict[tuple[str, str], int], total: float) -> bytes:
    """Serialise bigram counts (used by the training script)."""
    cutoff = min(counts.values())
    table: dict[int, int] = {}
    for (a, b), n in counts.items():
        key = bigram_key(a, b)
        q = min(255, int(round((math.log(n) - math.log(cutoff)) * QUANTUM)))
        table[key] = max(table.get(key, 0), q)
    keys = array.array("I", sorted(table))
    vals = array.array("B", (table[k] for k in keys))
    return _pack_table({"total": total, "cutoff": cutoff}, keys, vals)


def _pack_table(header: dict[str, Any], keys: array.array, vals: array.array) -> bytes:
    """A table of hashed keys and one byte each: a JSON header (with the row count ``n``),
    the sorted 32-bit keys, then the byte values."""
    head = json.dumps({**header, "n": len(keys)}).encode()
    return len(head).to_bytes(4, "little") + head + keys.tobytes() + vals.tobytes()


def _unpack_table(blob: bytes) -> tuple[dict[str, Any], array.array, array.array]:
    """What :func:`_pack_table` wrote: the header, the keys and the values as unsigned bytes."""
    hlen = int.from_bytes(blob[:4], "little")
    header = json.loads(blob[4:4 + hlen])
    n = header["n"]
    keys = array.array("I")
    keys.frombytes(blob[4 + hlen:4 + hlen + 4 * n])
    vals = array.array("B")
    vals.frombytes(blob[4 + hlen + 4 * n:4 + hlen + 5 * n])
    return header, keys, vals


def unpack_bigrams(blob: bytes) -> WordBigrams:
    header, keys, vals = _unpack_table(blob)
    base = math.log(header["cutoff"])
    log_counts = [base + v / QUANTUM for v in range(256)]  # each byte value decoded once
    table = dict(zip(keys, map(log_counts.__getitem__, vals)))
    return WordBigrams(table, header["total"], header["cutoff"])


def _data(name: str) -> bytes:
    return resources.files("textrepair").joinpath("data", name).read_bytes()


@functools.lru_cache(maxsize=1)
def word_bigrams() -> WordBigrams:
    """The shipped bigram table (loaded once)."""
    return unpack_bigrams(_data("garble_bigrams.bin"))


@functools.lru_cache(maxsize=1)
def class_models() -> tuple[ClassTrigrams, ClassTrigrams]:
    """The shipped (fluent, bad-MT) class trigram models (loaded once)."""
    blob = json.loads(gzip.decompress(_data("garble_classlm.json.gz")))
    return ClassTrigrams(blob["fluent"]), ClassTrigrams(blob["bad"])


@functools.lru_cache(maxsize=1)
def class_contrast() -> ClassContrast:
    """The shipped class-gram contrast: constructions inside rater-marked fluency errors vs human news."""
    return ClassContrast.unpack(_data("garble_classes_mqm.json.gz"))


@functools.lru_cache(maxsize=1)
def word_contrasts() -> tuple[WordContrast, WordContrast, WordContrast]:
    """The shipped word contrasts (loaded once): bad vs good MT (DA), MT vs its post-edit, and the
    words expert raters marked as fluency errors vs human translations of the same news (MQM)."""
    return (WordContrast.unpack(_data("garble_words_da.bin")),
            WordContrast.unpack(_data("garble_words_pe.bin")),
            WordContrast.unpack(_data("garble_words_mqm.bin")))
