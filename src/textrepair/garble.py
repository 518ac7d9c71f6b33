"""Flag garbled machine-translated passages, with a score and reasons.

Every sentence gets a vector of cheap, explainable cues
(:mod:`textrepair.signals`, :mod:`textrepair.lm`) that a logistic regression
trained on human judgements of MT (``benchmarks/train_garble.py``) turns into
a probability.  Scores are then made relative to the document: a sentence
whose neighbours look clean scores lower, and in a text of five or more
sentences a lone sentence over the threshold is flagged only when it is
unmistakable (``garble_lone_min``).  Paragraphs where two or more sentences
fire get a flag of their own.  Flags never change the text.

>>> text = "The trip to give, they say analysts, indicates a disposition of restarting ties."
>>> [f.reasons for f in flag_garbled(text)]
[('word order: "they say analysts"',)]
>>> flag_garbled("The committee met on Tuesday and approved the budget.")
[]
>>> [round(f.score, 2) > 0 for f in flag_garbled("Fine.", threshold=0.0)]
[True]
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import regex

from .config import RepairConfig, resolve_config
from .edits import Flag, require_text
from .lm import ClassTrigrams, WordBigrams, WordContrast, class_models, word_bigrams, word_classes, word_contrasts
from .signals import (agreement, calques, english_frequencies, is_lower_word, is_word, loop_remnants,
                      mid_sentence_capitals, missing_subject, non_words, punctuation_anomalies,
                      rare_words, repeated_words, tokenize, truncated, unmatched_closing_quotes, untranslated,
                      word_order)

FEATURES = (
    "log_words", "nonword_rate", "nonword_any", "rare_rate", "untranslated", "foreign_script",
    "bigram_unseen", "bigram_surprise", "bigram_max_surprise", "reversed_order",
    "class_fluent", "class_ratio", "class_min", "loops", "punct", "midcaps", "truncated", "patterns",
    "foreign_passage", "words_da", "words_pe", "repeated_words",
)


@dataclass(frozen=True)
class Models:
    """The sequence models the cues are computed with (the shipped ones by default)."""

    bigrams: WordBigrams
    fluent: ClassTrigrams
    bad: ClassTrigrams
    words_da: WordContrast
    words_pe: WordContrast

    @staticmethod
    def shipped() -> Models:
        fluent, bad = class_models()
        return Models(word_bigrams(), fluent, bad, *word_contrasts())


class Evidence(NamedTuple):
    strength: float  # only orders the reasons of one sentence
    reason: str


def sentence_features(sentence: str, *, document_words: frozenset[str] = frozenset(),
                      unmatched_quote: bool = False,
                      models: Models | None = None) -> tuple[list[float], list[Evidence]]:
    """The cue vector (in :data:`FEATURES` order) and the readable evidence of one sentence.

    >>> x, ev = sentence_features("Pakistan has witnessed a Sharp increase.")
    >>> ev
    [Evidence(strength=1.0, reason='mid-sentence capitals: "Sharp"')]
    """
    models = models or Models.shipped()
    tokens = tokenize(sentence)
    texts = [t.text for t in tokens]
    words = [w for w in texts if is_word(w)]
    n_words = max(1, len(words))
    n_lower = max(1, sum(1 for w in words if w.islower()))
    evidence: list[Evidence] = []

    bad_words = non_words(tokens, document_words)
    evidence += [Evidence(3.0, f'non-word: "{w}"') for w in bad_words]
    foreign = untranslated(tokens)
    evidence += [Evidence(2.5, f'untranslated: "{w}" ({lang})') for w, lang in foreign]
    n_script = sum(1 for _, lang in foreign if lang[:1].isupper())

    # word pairs (no punctuation between) against Google-Books bigrams
    freq = english_frequencies()
    unseen = surprise_sum = max_surprise = 0.0
    pairs = reversed_pairs = 0
    odd_spots: list[tuple[float, int, str]] = []  # (strength, token index, phrase) of each unusual spot
    for i, (a, b) in enumerate(zip(texts, texts[1:])):
        if not (is_lower_word(a) and is_lower_word(b)) or freq.get(a, 0) < 1e-6 or freq.get(b, 0) < 1e-6:
            continue
        pairs += 1
        s = models.bigrams.surprise(a, b)
        if models.bigrams.log_count(a, b) is None:
            unseen += 1
            back = models.bigrams.log_count(b, a)
            if back is not None and back > models.bigrams.log_cutoff + 3.0 and s > 0.5 and a != b:
                reversed_pairs += 1
                evidence.append(Evidence(1.5 + s, f'word order: "{a} {b}"'))
        surprise_sum += s
        max_surprise = max(max_surprise, s)
        if s > 2.0:
            odd_spots.append((s / 2, i + 1, f"{a} {b}"))

    # class trigram models: fluent English vs badly rated MT
    classes = word_classes(texts)
    fl = models.fluent.scores(classes)
    bd = models.bad.scores(classes)
    class_fluent = sum(fl) / len(fl)
    class_ratio = sum(f - b for f, b in zip(fl, bd)) / len(fl)
    class_min = min(fl)
    # One rare word pair is ordinary English ("more time on", "risk of being"); two apart are not.  (The
    # class models' low spots are no reason: they fire on "Each of us" as often as on garble.)
    spots = sorted({k for _, k, _ in odd_spots})
    if sum(1 for j, k in zip([-3, *spots], spots) if k - j > 2) >= 2:
        strength, _, phrase = max(odd_spots)
        evidence.append(Evidence(strength, f'unusual word sequence: "{phrase}"'))

    loops = loop_remnants(tokens)
    if loops:
        evidence.append(Evidence(3.0, "loop remnant"))
    punct = punctuation_anomalies(sentence, unmatched_quote=unmatched_quote)
    evidence += [Evidence(2.0, p) for p in punct]
    caps = mid_sentence_capitals(tokens)
    evidence += [Evidence(1.0, f'mid-sentence capitals: "{c}"') for c in caps]
    cut = bool(tokens) and truncated(tokens)
    if cut:
        evidence.append(Evidence(1.5, "truncated sentence"))
    patterns = [("agreement", agreement(sentence)), ("word order", word_order(sentence, models.bigrams)),
                ("calque", calques(sentence)), ("missing subject", missing_subject(sentence))]
    for kind, hits in patterns:
        evidence += [Evidence(4.0, f'{kind}: "{h}"') for h in hits]

    foreign_passage = 0.0
    if len(foreign) - n_script >= 2 or (len(bad_words) >= 2 and len(bad_words) / n_lower >= 0.25):
        lang, prob = _detect_language(sentence)
        if lang != "en" and prob >= 0.9:
            foreign_passage = 1.0
            evidence.append(Evidence(5.0, f"untranslated passage ({lang})"))

    x = [
        math.log1p(len(words)),
        len(bad_words) / n_lower,
        float(bool(bad_words)),
        rare_words(tokens) / n_lower,
        float(min(3, len(foreign) - n_script)),
        n_script / n_words,
        unseen / pairs if pairs else 0.0,
        surprise_sum / pairs if pairs else 0.0,
        max_surprise,
        float(min(3, reversed_pairs)),
        class_fluent,
        class_ratio,
        class_min,
        float(min(3, loops)),
        float(min(3, len(punct))),
        float(min(3, len(caps))),
        float(cut),
        float(min(3, sum(len(hits) for _, hits in patterns))),
        foreign_passage,
        models.words_da.score(texts),
        models.words_pe.score(texts),
        repeated_words(tokens),
    ]
    return x, evidence


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
    """The logistic-regression weights in ``data/garble_weights.json``."""
    blob = json.loads(resources.files("textrepair").joinpath("data", "garble_weights.json").read_text())
    if tuple(blob["features"]) != FEATURES:
        raise ValueError("garble_weights.json was trained for other features; rerun benchmarks/train_garble.py")
    heads = [(h["coef"], h["bias"]) for h in blob["heads"]]
    return Weights(blob["mean"], blob["scale"], heads, blob["threshold"], blob["doc_pivot"], blob["doc_gain"])


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


def _document_words(text: str) -> frozenset[str]:
    """Lowercase words the document uses more than once (its own terms)."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for t in tokenize(text):
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
    doc_words = _document_words(text)
    rows = []
    for p, (ps, pe) in enumerate(paragraph_spans):
        # A closing mark in the paragraph's first sentence may close a quotation of the paragraph before.
        stray = [ps + i for i in unmatched_closing_quotes(text[ps:pe])]
        for k, (s, e) in enumerate(sentences(text, ps, pe)):
            unmatched = k > 0 and bisect.bisect_left(stray, s) < bisect.bisect_left(stray, e)
            x, ev = sentence_features(text[s:e], document_words=doc_words, unmatched_quote=unmatched,
                                      models=models)
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

    ``threshold=None`` uses ``config.garble_threshold``; ``threshold=0.0``
    returns every passage with its score.  Flags are sorted by start.
    """
    require_text(text)
    cfg = resolve_config(config, {})
    if threshold is None:
        threshold = cfg.garble_threshold
    if threshold is None:
        threshold = shipped_weights().threshold
    flags: list[Flag] = []
    by_paragraph: dict[int, list[Flag]] = {}
    paragraph_spans = paragraphs(text)
    scored = score_passages(text, paragraph_spans, min_words=cfg.garble_min_words)
    firing = sum(1 for row in scored if row[3] >= threshold)
    # One odd sentence in an otherwise clean article is not garble unless it is unmistakable.
    lone_floor = cfg.garble_lone_min if len(scored) >= 5 and firing == 1 else 0.0
    for p, s, e, score, ev in scored:
        if score >= threshold and score >= lone_floor:
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
