"""One frozen, picklable object that holds every option of every stage.

>>> cfg = RepairConfig()
>>> cfg.fix_encoding, cfg.collapse_loops
(True, True)
>>> cfg.replace(collapse_loops=False).collapse_loops
False
>>> RepairConfig(colapse_loops=False)
Traceback (most recent call last):
  ...
TypeError: RepairConfig.__init__() got an unexpected keyword argument 'colapse_loops'
>>> RepairConfig(garble_min_words=-1)
Traceback (most recent call last):
  ...
ValueError: RepairConfig option garble_min_words must be at least 0, not -1

Every option is checked when the config is built, so a bad value is an error
naming the option, never a failure deep inside a stage.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RepairConfig:
    """Options for :func:`textrepair.repair`, documented one by one.

    Stage switches
    --------------
    fix_encoding
        Repair real mojibake (``cafÃ©`` → ``café``) with ftfy's encoding
        detector.  Only the mis-decoded characters change: curly quotes,
        dashes, ligatures, character widths and line breaks stay as written.
    collapse_loops
        Remove degenerate repetition (loops) left by MT, ASR and LLMs.
    fix_names
        Correct misspelled proper names against the gazetteer.
    flag_garbled
        Score passages for garbled machine translation and report the worst
        as flags (flags never change the text).

    Names
    -----
    use_builtin_gazetteer
        When ``repair()`` is given no gazetteer, correct against the built-in
        world-places gazetteer (countries, ISO 3166-2 subdivisions, cities of
        15,000+ people).  False: no gazetteer, no name fixing.
    name_max_distance
        Largest edit distance between a word and the name it is corrected to,
        after transliteration folding (``ph``/``f``, ``kh``/``k`` …, which
        count half an edit).  Without document evidence the limit is 1.
    name_word_zipf
        A word at least this frequent in English (wordfreq zipf) is a real
        word or name: it is corrected only with document evidence, and from
        zipf 3 (``Dan``, ``Fordham``) only when the evidence is strong.
    names_require_evidence
        Only correct a word when the document itself names the entity
        elsewhere (never on the gazetteer alone).
    name_document_list_size
        A gazetteer of at most this many entities is read as the document's
        own list of names: without document evidence a word of 5+ letters may
        be corrected towards any of them.  Towards a larger (general) list,
        only words of 7+ letters and names English text commonly uses
        (``Islamabd``, not ``Kakanov`` → ``Kabanov``): clean text names many
        people and places that no list has.

    Loops
    -----
    loop_max_period
        Longest loop unit searched, in tokens (a word, a CJK character or a
        punctuation mark is one token).  Search time grows linearly with it.
    loop_min_repeats
        Copies of a multi-word unit that make a loop (3).  Shorter units need
        more: a word glued to its copies (``sub-sub-sub-sub``) or on lines of
        its own one more, a spaced word two more (three if it has at most
        three letters: ``la la la``), a word-and-conjunction unit two more, a
        single CJK character seven more, a number seven more (17 bare),
        punctuation junk one more (spaced quote marks or U+FFFD), three more
        (other spaced marks) or 13 more (run together).  One
        copy fewer is enough when the text stops inside the next copy.
    loop_fuzzy_ratio
        Two words count as the same unit part of a drifting loop when their
        rapidfuzz ratio is at least this (``murmurs``/``murmures``).
    loop_report_doubling
        Also report plain doubling (``the the``) from ``find_loops`` as form
        ``doubling``.  It is never collapsed: annotators split on it.

    Long documents
    --------------
    window_size
        The names and garble stages read a document of more than this many
        characters in windows of at most this size, cut after a paragraph
        break, else after a sentence, else at a space: document evidence
        comes from the window, and time and memory stay linear in the
        length.  Shorter documents are read whole, so this changes nothing
        for them.  Mojibake and loop repair always see the whole text.

    Garble
    ------
    garble_threshold
        A sentence is flagged when its garble score (0..1) is at least this.
        ``None`` uses the threshold shipped with the trained weights, chosen
        on the dev split so that about 5 % of fluent (post-edited) sentences
        score above it.  Lower it to flag more, raise it to flag fewer.
    garble_pattern_min
        A sentence that shows a literal-translation pattern (number
        agreement, a statement without subject, a broken fixed frame, Romance
        word order ...) or an untranslated passage is flagged from this score
        on, when it is below ``garble_threshold``: such evidence is specific,
        and fluent human text almost never gives it.  It applies when the threshold
        comes from the configuration (not an explicit ``threshold=`` of
        :func:`textrepair.flag_garbled`); 1.0 turns it off.
    garble_paragraph_min
        A paragraph gets a flag of its own when at least this many of its
        sentences are flagged.
    garble_lone_min
        In a text of five or more sentences where only one sentence reaches
        the threshold, that sentence is flagged only if its score is at least
        this: one odd sentence in a clean article is not garble.
    garble_min_words
        A sentence of fewer words is flagged only on specific evidence (a
        non-word, an untranslated word, a loop remnant, ...), never on its
        overall wording alone: ``Yes.`` and ``Photo: Reuters`` are too short
        to judge.
    """

    # -- stage switches -------------------------------------------------
    fix_encoding: bool = True
    collapse_loops: bool = True
    fix_names: bool = True
    flag_garbled: bool = True

    # -- names ------------------------------------------------------------
    use_builtin_gazetteer: bool = True
    name_max_distance: float = 2.0
    name_word_zipf: float = 1.0
    names_require_evidence: bool = False
    name_document_list_size: int = 2000

    # -- garble -----------------------------------------------------------
    garble_threshold: float | None = None
    garble_pattern_min: float = 0.5
    garble_paragraph_min: int = 2
    garble_lone_min: float = 0.9
    garble_min_words: int = 5

    # -- long documents ---------------------------------------------------
    window_size: int = 100_000

    # -- loops ------------------------------------------------------------
    loop_max_period: int = 96
    loop_min_repeats: int = 3
    loop_fuzzy_ratio: float = 0.8
    loop_report_doubling: bool = False

    # -- private ------------------------------------------------------------
    # False runs every stage's exact engine on every passage, without the
    # cheap screens and cross-call memos: the reference the screens are
    # tested against (tests/test_screens.py).  Not an option for users.
    _screens: bool = dataclasses.field(default=True, repr=False)

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            check = _CHECKS.get(f.name)
            if check is not None:
                check(f.name, getattr(self, f.name))

    def replace(self, **overrides: Any) -> RepairConfig:
        """A copy with some options changed; unknown names are a TypeError."""
        return dataclasses.replace(self, **overrides)


def _flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"RepairConfig option {name} must be True or False, not {value!r}")


def _number(low: float, high: float = math.inf, *, integer: bool = False, low_open: bool = False,
            optional: bool = False) -> Any:
    kind = "an integer" if integer else "a number"

    def check(name: str, value: Any) -> None:
        if optional and value is None:
            return
        wanted = numbers.Integral if integer else numbers.Real
        if isinstance(value, bool) or not isinstance(value, wanted):
            raise TypeError(f"RepairConfig option {name} must be {kind}"
                            f"{' or None' if optional else ''}, not {type(value).__name__}")
        if math.isnan(value) or (value <= low if low_open else value < low) or value > high:
            if high == math.inf:
                bound = f"greater than {low:g}" if low_open else f"at least {low:g}"
            else:
                bound = f"in {'(' if low_open else '['}{low:g}, {high:g}]"
            raise ValueError(f"RepairConfig option {name} must be {bound}, not {value!r}")
    return check


_CHECKS = {
    "fix_encoding": _flag, "collapse_loops": _flag, "fix_names": _flag, "flag_garbled": _flag,
    "use_builtin_gazetteer": _flag, "names_require_evidence": _flag, "loop_report_doubling": _flag, "_screens": _flag,
    "name_max_distance": _number(0, 64),
    "name_word_zipf": _number(0, 10),
    "name_document_list_size": _number(0, integer=True),
    "garble_threshold": _number(0, 1, optional=True),
    "garble_pattern_min": _number(0, 1),
    "garble_paragraph_min": _number(1, integer=True),
    "garble_lone_min": _number(0, 1),
    "garble_min_words": _number(0, integer=True),
    "loop_max_period": _number(1, 100_000, integer=True),
    "loop_min_repeats": _number(2, integer=True),
    "loop_fuzzy_ratio": _number(0, 1, low_open=True),
    "window_size": _number(1000, integer=True),
}


DEFAULT_CONFIG = RepairConfig()


def resolve_config(config: RepairConfig | None, overrides: dict[str, Any]) -> RepairConfig:
    """The config a public function should run with."""
    if config is None:
        config = DEFAULT_CONFIG
    elif not isinstance(config, RepairConfig):
        raise TypeError(f"config must be a RepairConfig, not {type(config).__name__}")
    return config.replace(**overrides) if overrides else config
