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
"""

from __future__ import annotations

import dataclasses
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

    Garble
    ------
    garble_threshold
        A sentence is flagged when its garble score (0..1) is at least this.
        ``None`` uses the threshold shipped with the trained weights, chosen
        on the dev split so that about 5 % of fluent (post-edited) sentences
        score above it.  Lower it to flag more, raise it to flag fewer.
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
    garble_paragraph_min: int = 2
    garble_lone_min: float = 0.9
    garble_min_words: int = 5

    # -- loops ------------------------------------------------------------
    loop_max_period: int = 96
    loop_min_repeats: int = 3
    loop_fuzzy_ratio: float = 0.8
    loop_report_doubling: bool = False

    def replace(self, **overrides: Any) -> RepairConfig:
        """A copy with some options changed; unknown names are a TypeError."""
        return dataclasses.replace(self, **overrides)


DEFAULT_CONFIG = RepairConfig()


def resolve_config(config: RepairConfig | None, overrides: dict[str, Any]) -> RepairConfig:
    """The config a public function should run with."""
    if config is None:
        config = DEFAULT_CONFIG
    elif not isinstance(config, RepairConfig):
        raise TypeError(f"config must be a RepairConfig, not {type(config).__name__}")
    return config.replace(**overrides) if overrides else config
