"""Flag garbled machine-translated passages, with a score and reasons.

Every sentence gets a vector of cheap, explainable cues
(:mod:`textrepair.signals`, :mod:`textrepair.lm`) that a logistic regression
trained on human judgements of MT (``training/train_garble.py``) turns into
a probability.  Scores are then made relative to the document: a sentence
whose neighbours look clean scores lower, and in a text of five or more
sentences a lone sentence over the threshold is flagged only when it is
unmistakable (``garble_lone_min``).  Paragraphs where two or more sentences
fire get a flag of their own.  Flags never change the text.

>>> text = "The trip to give, they say analysts, indicates a disposition of restarting ties."
>>> [f.reasons for f in flag_garbled(text)]
[('word order: "they say analysts"', 'event noun with a verb: "trip to give"')]
>>> flag_garbled("The committee met on Tuesday and approved the budget.")
[]
>>> [round(f.score, 2) > 0 for f in flag_garbled("Fine.", threshold=0.0)]
[True]
"""

from __future__ import annotations

import ast
import bisect
import functools
import hashlib
import inspect
import json
import math
import os
import sys
import textwrap
import warnings
from dataclasses import dataclass
from importlib import resources
from typing import Callable, NamedTuple

import regex

from .config import RepairConfig, resolve_config
from .edits import Flag, require_text
from .lm import (ClassContrast, ClassTrigrams, WordBigrams, WordContrast, bigram_key, class_contrast, class_models,
                 word_bigrams, word_classes, word_contrasts)
from .signals import (agreement, broken_frames, calques, english_frequencies, event_frames, is_lower_word,
                      is_title_case, is_word, loop_remnants, mid_sentence_capitals, misspelt_capitals,
                      missing_subject, non_words, number_agreement, punctuation_anomalies, rare_words,
                      repeated_words, tokenize, Token, truncated, unmatched_closing_quotes, untranslated, verb_first,
                      word_order)

@dataclass(frozen=True)
class Models:
    """The sequence models the cues are computed with (the shipped ones by default)."""

    bigrams: WordBigrams
    fluent: ClassTrigrams
    bad: ClassTrigrams
    words_da: WordContrast
    words_pe: WordContrast
    words_mqm: WordContrast
    classes_mqm: ClassContrast

    @staticmethod
    def shipped() -> Models:
        fluent, bad = class_models()
        return Models(word_bigrams(), fluent, bad, *word_contrasts(), class_contrast())


class Evidence(NamedTuple):
    strength: float  # only orders the reasons of one sentence
    reason: str


class Strength:
    """How strongly each kind of reason speaks for garble; orders the reasons shown for one sentence."""

    PASSAGE = 5.0        # a whole passage in another language
    PATTERN = 4.0        # a literal-translation pattern (agreement, word order, calque, frame)
    DAMAGE = 3.0         # a non-word, a loop remnant
    FOREIGN = 2.5        # an untranslated word
    PUNCTUATION = 2.0
    WORD_PAIR = 1.5      # two words in an order English reverses; several rare word pairs
    CAPITALS = 1.0


class SentenceCues:
    """Everything the cues of one sentence are read from, each detector run once."""

    def __init__(self, sentence: str, *, document_words: frozenset[str], unmatched_quote: bool, models: Models,
                 tokens: list[Token] | None = None):
        self.sentence = sentence
        self.tokens = tokens = tokenize(sentence) if tokens is None else tokens
        self.texts = texts = [t.text for t in tokens]
        words = [w for w in texts if w[:1].isalpha()]
        self.n_words = len(words)
        self.n_lower = max(1, sum(1 for w in words if w.islower()))
        title = is_title_case(tokens)
        self.bad_words = misspelt_capitals(tokens, title=title) + non_words(tokens, document_words)
        self.foreign = untranslated(tokens)
        self.n_script = sum(1 for _, lang in self.foreign if lang[:1].isupper())
        self._word_pairs(models.bigrams)
        classes = word_classes(texts)
        fl, bd = models.fluent.scores(classes), models.bad.scores(classes)
        self.class_fluent = sum(fl) / len(fl)
        self.class_ratio = sum(f - b for f, b in zip(fl, bd)) / len(fl)
        self.class_min = min(fl)
        self.loops = loop_remnants(tokens)
        self.punct = punctuation_anomalies(sentence, unmatched_quote=unmatched_quote)
        self.caps = mid_sentence_capitals(tokens, title=title)
        self.cut = bool(tokens) and truncated(tokens)
        self.patterns = [(kind, h) for kind, hits in (
            ("agreement", agreement(sentence) + number_agreement(texts, models.bigrams)),
            ("word order", word_order(sentence, models.bigrams)), ("calque", calques(sentence)),
            ("missing subject", missing_subject(sentence) + verb_first(texts, models.bigrams)),
            ("event noun with a verb", event_frames(sentence)), ("broken frame", broken_frames(sentence)),
        ) for h in hits]
        self.foreign_language = ""
        if len(self.foreign) - self.n_script >= 2 or (len(self.bad_words) >= 2
                                                       and len(self.bad_words) / self.n_lower >= 0.25):
            lang, prob = _detect_language(sentence)
            if lang != "en" and prob >= 0.9:
                self.foreign_language = lang
        self.gram_keys = WordContrast.keys(texts)
        self.classes = classes
        self.models = models

    def _word_pairs(self, bigrams: WordBigrams) -> None:
        """Word pairs (no punctuation between) against Google-Books bigrams."""
        freq = english_frequencies()
        texts = self.texts
        self.pairs = self.unseen = 0
        self.surprise_sum = 0.0
        self.reversed: list[str] = []
        spots: list[tuple[float, int, str]] = []  # (surprise, position, pair) of each pair English never writes
        # a lowercase word English writes often enough for its pairs to be counted
        known = [w.islower() and w[:1].isalpha() and freq.get(w, 0) >= 1e-6 for w in texts]
        for i, (a, b) in enumerate(zip(texts, texts[1:])):
            if not (known[i] and known[i + 1]):
                continue
            self.pairs += 1
            if bigram_key(a, b) in bigrams.table:
                continue  # a pair English writes: no surprise
            self.unseen += 1
            s = bigrams.surprise(a, b)
            back = bigrams.log_count(b, a)
            if back is not None and back > bigrams.log_cutoff + 3.0 and s > 0.5 and a != b:
                self.reversed.append(f"{a} {b}")
            self.surprise_sum += s
            if s > 2.0:
                spots.append((s, i, f"{a} {b}"))
        # One rare word pair is ordinary English ("more time on", "risk of being"); several apart are not.
        positions = [i for _, i, _ in spots]
        self.odd_spots = sum(1 for j, k in zip([-3, *positions], positions) if k - j > 2)
        self.worst_pair = max(spots)[2] if spots else ""


class Cue(NamedTuple):
    """One input of the garble model: its value for a sentence and the reasons it gives."""

    name: str
    value: Callable[[SentenceCues], float]
    cap: float = math.inf          # values above are read as the cap
    strength: float = 0.0          # of each reason (a Strength)
    reasons: Callable[[SentenceCues], list[str]] | None = None


def _rate(n: int, c: SentenceCues) -> float:
    return n / c.n_lower


# The model's inputs, in the order of the coefficients in data/garble_weights.json.  Change one (or the
# code it calls) and rerun training/train_garble.py: the weights file records a fingerprint of these
# definitions (cue_fingerprint) and a stale one is reported at load.
CUES: tuple[Cue, ...] = (
    Cue("log_words", lambda c: math.log1p(c.n_words)),
    Cue("nonword_rate", lambda c: _rate(len(c.bad_words), c)),
    Cue("nonword_any", lambda c: float(bool(c.bad_words)), 1.0, Strength.DAMAGE,
        lambda c: [f'non-word: "{w}"' for w in c.bad_words]),
    Cue("rare_rate", lambda c: _rate(rare_words(c.tokens), c)),
    Cue("untranslated", lambda c: float(len(c.foreign) - c.n_script), 3.0, Strength.FOREIGN,
        lambda c: [f'untranslated: "{w}" ({lang})' for w, lang in c.foreign]),
    Cue("foreign_script", lambda c: c.n_script / max(1, c.n_words)),
    Cue("bigram_unseen", lambda c: c.unseen / c.pairs if c.pairs else 0.0),
    Cue("bigram_surprise", lambda c: c.surprise_sum / c.pairs if c.pairs else 0.0),
    Cue("odd_pairs", lambda c: float(c.odd_spots), 3.0, Strength.WORD_PAIR,
        lambda c: [f'unusual word sequence: "{c.worst_pair}"'] if c.odd_spots >= 2 else []),
    Cue("reversed_order", lambda c: float(len(c.reversed)), 3.0, Strength.WORD_PAIR,
        lambda c: [f'word order: "{p}"' for p in c.reversed]),
    Cue("class_fluent", lambda c: c.class_fluent),
    Cue("class_ratio", lambda c: c.class_ratio),
    Cue("class_min", lambda c: c.class_min),
    Cue("loops", lambda c: float(c.loops), 3.0, Strength.DAMAGE, lambda c: ["loop remnant"] if c.loops else []),
    Cue("punct", lambda c: float(len(c.punct)), 3.0, Strength.PUNCTUATION, lambda c: c.punct),
    Cue("midcaps", lambda c: float(len(c.caps)), 3.0, Strength.CAPITALS,
        lambda c: [f'mid-sentence capitals: "{w}"' for w in c.caps]),
    Cue("truncated", lambda c: float(c.cut), 1.0, Strength.WORD_PAIR,
        lambda c: ["truncated sentence"] if c.cut else []),
    Cue("patterns", lambda c: float(len(c.patterns)), 3.0, Strength.PATTERN,
        lambda c: [f'{kind}: "{h}"' for kind, h in c.patterns]),
    Cue("foreign_passage", lambda c: float(bool(c.foreign_language)), 1.0, Strength.PASSAGE,
        lambda c: [f"untranslated passage ({c.foreign_language})"] if c.foreign_language else []),
    Cue("words_da", lambda c: c.models.words_da.mean_ratio(c.gram_keys)),
    Cue("words_pe", lambda c: c.models.words_pe.mean_ratio(c.gram_keys)),
    Cue("words_mqm", lambda c: c.models.words_mqm.top_ratio(c.gram_keys)),
    # the 8 most error-like constructions (8 chosen on the newstest2020 dev documents over 3 and 5)
    Cue("classes_mqm", lambda c: c.models.classes_mqm.top_ratio(c.classes, 8)),
    Cue("repeated_words", lambda c: repeated_words(c.tokens)),
)
FEATURES = tuple(cue.name for cue in CUES)


def sentence_features(sentence: str, *, document_words: frozenset[str] = frozenset(),
                      unmatched_quote: bool = False, models: Models | None = None,
                      tokens: list[Token] | None = None) -> tuple[list[float], list[Evidence]]:
    """The cue vector (in :data:`CUES` order) and the readable evidence of one sentence.

    >>> x, ev = sentence_features("Pakistan has witnessed a Sharp increase.")
    >>> ev
    [Evidence(strength=1.0, reason='mid-sentence capitals: "Sharp"')]
    """
    c = SentenceCues(sentence, document_words=document_words, unmatched_quote=unmatched_quote,
                     models=models or Models.shipped(), tokens=tokens)
    x = [min(cue.cap, cue.value(c)) for cue in CUES]
    evidence = [Evidence(cue.strength, r) for cue in CUES if cue.reasons for r in cue.reasons(c)]
    return x, evidence


def cue_fingerprint() -> str:
    """A hash of the cue definitions: the code of :mod:`textrepair.signals`, of :class:`SentenceCues`
    and :data:`CUES`, and of the class and word-gram mappings of :mod:`textrepair.lm` (docstrings,
    comments and layout left out), with the cue names, caps and strengths."""
    from . import lm, signals

    parts = [inspect.getsource(signals), inspect.getsource(SentenceCues), inspect.getsource(lm.word_classes),
             inspect.getsource(lm.WordContrast.grams), inspect.getsource(lm.WordContrast.mean_ratio),
             inspect.getsource(lm.WordContrast.top_ratio), inspect.getsource(lm.ClassContrast)]
    source = inspect.getsource(sys.modules[__name__])
    parts.append(source[source.index("\nCUES: tuple"):source.index("\nFEATURES = ")])
    digest = hashlib.sha256(repr([(c.name, c.cap, c.strength) for c in CUES]).encode())
    for part in parts:
        digest.update(_code_shape(part).encode())
    return digest.hexdigest()[:16]


def _code_shape(source: str) -> str:
    """The syntax tree of ``source`` without docstrings: what the code does, not how it is laid out."""
    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(tree, annotate_fields=False)


@functools.lru_cache(maxsize=1)
def _language_detector_factory():  # type: ignore[no-untyped-def]
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _detect_language(sentence: str) -> tuple[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _language_detector_factory().create()
    detector.append(sentence)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "en", 0.0
    return best.lang, best.prob


class Weights(NamedTuple):
    mean: list[float]
    scale: list[float]
    heads: list[tuple[list[float], float]]  # (coefficients, bias) of each logistic head
    threshold: float
    doc_pivot: float   # logit of a sentence score halfway between clean and garbled documents
    doc_gain: float    # how far the rest of the document moves a sentence's logit


@functools.lru_cache(maxsize=1)
def shipped_weights() -> Weights:
    """The logistic-regression weights in ``data/garble_weights.json``.

    Weights fitted for other cues are an error; weights fitted before the cue code last changed are
    reported with a :class:`RuntimeWarning` (the scores still come, from slightly different cues).
    """
    blob = json.loads(resources.files("textrepair").joinpath("data", "garble_weights.json").read_text())
    if tuple(blob["features"]) != FEATURES:
        raise ValueError("garble_weights.json was trained for other cues; rerun training/train_garble.py")
    fingerprint = _stored_cue_fingerprint()
    if fingerprint is not None and blob.get("cue_fingerprint") != fingerprint:
        warnings.warn("garble_weights.json was trained before the cue code changed; rerun training/train_garble.py",
                      RuntimeWarning, stacklevel=2)
    heads = [(h["coef"], h["bias"]) for h in blob["heads"]]
    return Weights(blob["mean"], blob["scale"], heads, blob["threshold"], blob["doc_pivot"], blob["doc_gain"])


def _stored_cue_fingerprint() -> str | None:
    """:func:`cue_fingerprint` (None without the source code), kept in the cache directory under the
    size and modification time of the source files it reads and the cue names, caps and strengths:
    parsing the sources costs every process (every CLI run and pipeline worker) tens of milliseconds
    at start-up."""
    from . import lm, signals
    from .gazetteer import cache_dir, read_cache, write_cache

    try:
        files = [inspect.getsourcefile(m) or "" for m in (sys.modules[__name__], lm, signals)]
        stamp = [(f, st.st_mtime_ns, st.st_size) for f in files for st in [os.stat(f)]]
    except (OSError, TypeError):
        return None
    tag = hashlib.sha256(repr((stamp, [(c.name, c.cap, c.strength) for c in CUES])).encode()).hexdigest()[:32]
    folder = cache_dir()
    path = folder / f"cue-fingerprint-{tag}" if folder is not None else None
    data = read_cache(path) if path is not None else None
    if data is not None:
        return data.decode("ascii", "replace")
    if not _source_available():
        return None
    fingerprint = cue_fingerprint()
    if path is not None:
        write_cache(path, fingerprint.encode("ascii"))
    return fingerprint


def _source_available() -> bool:
    try:
        inspect.getsource(SentenceCues)
    except (OSError, TypeError):
        return False
    return True


def logit(x: list[float], w: Weights) -> float:
    """Log-odds that a sentence with cue vector ``x`` is garbled: the most alarmed head decides.

    One head knows visible damage (non-words, untranslated words, broken
    punctuation ...), the other the statistics of badly rated MT.
    """
    z = [(v - m) / s for v, m, s in zip(x, w.mean, w.scale)]
    return max(bias + sum(c * v for c, v in zip(coef, z)) for coef, bias in w.heads)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


# -- passages ------------------------------------------------------------------
_BOUNDARY = regex.compile(r"[.!?…]+[\"”’)\]]*\s+")
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st gen sen rep jr sr vs etc no inc co ltd corp dept fig approx "
                           "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k".split())


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one paragraph), whitespace trimmed.

    >>> t = "Mr. Dar landed. He met Muttaqi in Kabul."
    >>> [t[s:e] for s, e in sentences(t, 0, len(t))]
    ['Mr. Dar landed.', 'He met Muttaqi in Kabul.']
    """
    spans = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        nxt = text[m.end():m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘(["):
            continue
        word_start = m.start()
        while word_start > s and not text[word_start - 1].isspace():
            word_start -= 1
        prev_word = text[word_start:m.start()].lower().strip("(\"“")
        if text[m.start()] == "." and (prev_word in _ABBREVIATIONS or (len(prev_word) == 1 and prev_word.isalpha())):
            continue
        spans.append((s, m.end()))
        s = m.end()
    spans.append((s, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, whitespace trimmed.

    >>> t = "  One line. \\n\\n Two."
    >>> [t[s:e] for s, e in paragraphs(t)]
    ['One line.', 'Two.']
    """
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped:
            start = pos + len(line) - len(stripped)
            out.append((start, start + len(stripped.rstrip())))
        pos += len(line)
    return out


def _document_words(sentence_tokens: list[list[Token]]) -> frozenset[str]:
    """Lowercase words the document uses more than once (its own terms)."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for tokens in sentence_tokens:
        for t in tokens:
            w = t.text.lower()
            if w in seen:
                repeated.add(w)
            seen.add(w)
    return frozenset(repeated)


def score_passages(text: str, paragraph_spans: list[tuple[int, int]], *, min_words: int
                   ) -> list[tuple[int, int, int, float, list[Evidence]]]:
    """``(paragraph index, start, end, score, evidence)`` of every sentence of ``text``.

    A sentence of fewer than ``min_words`` words with no specific evidence
    scores at most 0.5: the overall-wording cues were fitted on full
    sentences and say nothing about ``Yes.`` or ``Photo: Reuters``.
    """
    w = shipped_weights()
    models = Models.shipped()
    spans = []
    for p, (ps, pe) in enumerate(paragraph_spans):
        # A closing mark in the paragraph's first sentence may close a quotation of the paragraph before.
        stray = [ps + i for i in unmatched_closing_quotes(text[ps:pe])]
        for k, (s, e) in enumerate(sentences(text, ps, pe)):
            spans.append((p, s, e, k > 0 and bisect.bisect_left(stray, s) < bisect.bisect_left(stray, e)))
    sentence_tokens = [tokenize(text[s:e]) for _, s, e, _ in spans]
    doc_words = _document_words(sentence_tokens)
    rows = []
    for (p, s, e, unmatched), tokens in zip(spans, sentence_tokens):
        x, ev = sentence_features(text[s:e], document_words=doc_words, unmatched_quote=unmatched,
                                  models=models, tokens=tokens)
        z = logit(x, w)
        if not ev and x[0] < math.log1p(min_words):
            z = min(z, 0.0)
        rows.append((p, s, e, z, ev))
    # Relative to the document: when the OTHER sentences look cleaner than the
    # pivot between clean and garbled text, each logit is lowered (never raised:
    # raising it flagged clean sentences of mixed documents on dev).
    n = len(rows)
    if n >= 3:
        probs = [_sigmoid(z) for _, _, _, z, _ in rows]
        total = sum(probs)
        weight = w.doc_gain * min(1.0, (n - 1) / 5)
        adjusted = []
        for (p, s, e, z, ev), prob in zip(rows, probs):
            others = min(0.99, max(0.01, (total - prob) / (n - 1)))
            shift = min(0.0, math.log(others / (1 - others)) - w.doc_pivot)
            adjusted.append((p, s, e, z + weight * shift, ev))
        rows = adjusted
    return [(p, s, e, _sigmoid(z), ev) for p, s, e, z, ev in rows]


def _reasons(evidence: list[Evidence], limit: int = 5) -> tuple[str, ...]:
    out: list[str] = []
    for ev in sorted(evidence, key=lambda ev: -ev.strength):
        if ev.reason not in out:
            out.append(ev.reason)
        if len(out) == limit:
            break
    return tuple(out) or ("unusual wording overall",)


def flag_garbled(text: str, threshold: float | None = None, *,
                 config: RepairConfig | None = None) -> list[Flag]:
    """Flags for the garbled sentences of ``text`` (and paragraphs where several fire).

    ``threshold=None`` uses ``config.garble_threshold`` (and
    ``config.garble_pattern_min`` for sentences with a literal-translation
    pattern); an explicit ``threshold`` is the one bar for every sentence:
    ``threshold=0.0`` returns every passage with its score.  Flags are sorted
    by start.
    """
    require_text(text)
    cfg = resolve_config(config, {})
    pattern_threshold = threshold
    if threshold is None:
        threshold = cfg.garble_threshold
    if threshold is None:
        threshold = shipped_weights().threshold
    if pattern_threshold is None:
        pattern_threshold = min(threshold, cfg.garble_pattern_min)
    flags: list[Flag] = []
    by_paragraph: dict[int, list[Flag]] = {}
    paragraph_spans = paragraphs(text)
    scored = score_passages(text, paragraph_spans, min_words=cfg.garble_min_words)
    # A literal-translation pattern (agreement, a missing subject, a broken frame ...) is specific evidence
    # that fluent human text almost never gives: such a sentence needs only garble_pattern_min.
    limits = [pattern_threshold if any(ev.strength >= Strength.PATTERN for ev in row[4]) else threshold
              for row in scored]
    firing = sum(1 for row, limit in zip(scored, limits) if row[3] >= limit)
    # One odd sentence in an otherwise clean article is not garble unless it is unmistakable.
    lone_floor = cfg.garble_lone_min if len(scored) >= 5 and firing == 1 else 0.0
    for (p, s, e, score, ev), limit in zip(scored, limits):
        if score >= limit and score >= lone_floor:
            flag = Flag(s, e, score, _reasons(ev))
            flags.append(flag)
            by_paragraph.setdefault(p, []).append(flag)
    for p, fired in by_paragraph.items():
        if len(fired) >= max(2, cfg.garble_paragraph_min):
            reasons = _reasons([Evidence(f.score, r) for f in fired for r in f.reasons], limit=8)
            score = sum(f.score for f in fired) / len(fired)
            flags.append(Flag(*paragraph_spans[p], score, reasons))
    flags.sort(key=lambda f: (f.start, -f.end))
    return flags
