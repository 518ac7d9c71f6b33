"""Fix misspelled proper names against a gazetteer, using the document as evidence.

>>> from textrepair.gazetteer import Gazetteer
>>> g = Gazetteer([("Ishaq Dar", "person", ["Dar"]), ("Iftikhar Furdous", "person", ["Furdous"])])
>>> text = "Ishaq Dar arrived. Dar met Dar's hosts, and Dar spoke. Later Dan said so."
>>> r = fix_names(text, g)
>>> r.text
"Ishaq Dar arrived. Dar met Dar's hosts, and Dar spoke. Later Dar said so."
>>> r.edits[0].explanation
"Dan→Dar: 1 edit from 'Ishaq Dar' (person); 'Dar' occurs 4× in this document"
>>> fix_names("Dan said the talks went well.", g).changed   # a real name, no evidence
False
>>> fix_names("Iphtikhar Furdous spoke.", g).text
'Iftikhar Furdous spoke.'

A word is a candidate only if it is capitalised, is not itself a word of any
name or alias in the gazetteer, and lies close to a gazetteer word (see
:mod:`textrepair.gazetteer` for the index).  It is corrected when

* the document is evidence: the target word occurs elsewhere in it (``Dar``
  four times), or the neighbouring words complete the entity's name
  (``Iphtikhar Furdous``).  A real English word or first name (``Dan``)
  additionally needs two or more mentions of the target, a mid-sentence
  capital, no capitalised neighbour that is not part of the name, and no
  other use of itself in the document; or
* without evidence, the word is in no wordfreq list (English, or 16 other
  Latin-script languages above their noise: zipf 1.5), is 5+ letters, is at
  most one edit (or a transliteration) from one gazetteer word with the same
  first letter and at least one edit further from any other (or, for a
  capital inside a sentence, a hundred times rarer in English: ``Itlay``
  is Italy), is not one edit from a common English word (a typo of a word
  is likelier) nor another English ending (``Judaist``), and stands beside
  no rare capitalised word (``Eugeniu Carada`` is a person).  Towards a
  general list rather than the document's own (``name_document_list_size``),
  the word must have 7+ letters and the target be a name common in English
  text (a swap: a famous one); so also when the document names another
  word that no list knows.  A word the lists know only as a rare
  misspelling (``Febuary``, zipf < 2.5) of a much commoner name counts as
  in no list; from nine letters, whatever letter it adds or drops
  (``Connecticutt``).

Whole names come first (:func:`_phrase_edits`): a misspelt word whose glued
neighbours spell out the rest of a multi-word name, in order, is corrected
to that name's word (``New Zeakand``, a lower-case ``Ella fitzgerrald``;
``Forth Wort`` is ``Fort Worth``), and where the document names the entity
in full even a real word is (``Edmund Hilary``).  A name run together is
split back (``Losangels``).  A replacement is the gazetteer's spelling; a
wrong diacritic is a typo, a missing one only where the document writes it.

A transliteration that English text itself uses at least as often as the
gazetteer's spelling (``Nizhny`` for ``Nizhniy``) is a spelling, not a typo.
World-list places (the built-in gazetteer) need more; see
:func:`_open_world_evidence`.

Two candidates equally close (and equally attested) make it abstain.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
import unicodedata
import zlib
from array import array
from collections import Counter
from importlib import metadata
from typing import Any, Sequence

from wordfreq import get_frequency_dict, top_n_list, zipf_frequency

from .config import RepairConfig, resolve_config
from .edits import Edit, Flag, RepairResult, apply_edits, compose, require_text, result_from_edits
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from .gazetteer import (TOKEN_RE, Candidate, Entity, Gazetteer, _Index, cache_dir, fold, name_tokens, once,
                        read_cache, translit_key,
                        word_distance, write_cache)

__all__ = ["fix_names", "name_edits", "name_flags", "resolve_gazetteer"]

_POSSESSIVE = ("'s", "’s")
_SENTENCE_END = frozenset(".!?:;\n")
_OPENERS = frozenset(" \t\r\"'“”‘’«»([{—–-*•")
# The gaps that join two words of one name: up to three spaces and hyphens.
_GLUE_GAPS = frozenset("".join(gap) for n in range(4) for gap in itertools.product(" -", repeat=n))
# Longer "words" are junk (a loop the loop stage left); looking them up costs
# time quadratic in their length.
_MAX_WORD = 40
_MAX_PASSES = 4
# How many of the document's own names a word is compared with directly, and
# how similar (after transliteration folding) it must be to one of them.
_MAX_ATTESTED = 256
_ATTESTED_SIMILARITY = 0.65
# A word with no evidence this similar to a name the document uses may be
# that name's variant, so it is left alone ("Pakistn" beside "Afghanistan"
# is not: half their letters differ).
_OTHER_NAME_SIMILARITY = 0.6
# Without evidence, towards a general list (more entities than
# config.name_document_list_size), a word is corrected only towards a name
# English text uses often enough (see _general_list_target_zipf): words of 7+
# letters towards Brandenburg or Canberra, not Amravati or Kabanov; shorter
# ones only towards very common names (Franve, not Vavila or Lohore).
_NO_EVIDENCE_TARGET_ZIPF = 2.5
_NO_EVIDENCE_MIN_LENGTH = 7
_SWAP_TARGET_ZIPF = 4.0
_LONG_SWAP_TARGET_ZIPF = 3.0
# From this length a listed word one letter off a much commoner name is its
# misspelling, whatever letter differs ("Massachusettes", "Mississipi").
_LONG_TYPO = 9
# From this length a word in no list, two edits off a name the document names, is its misspelling.
_TWO_EDIT_LENGTH = 7
_SHORT_TARGET_ZIPF = 4.5
# Latin-script languages whose wordfreq lists tell a foreign word or name
# (Oltenia, Olivenza) from a typo.
_OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "ro", "pl", "tr", "id", "sv", "fi", "cs", "hu",
                    "ca", "da")
# Below this zipf a language's list holds English typos as often as its own
# words ("Cambrige", "Bluetooh", "Mozila" in three or four lists; "Oltenia",
# "Olivenza", "Trotzki" are well above it).
_FOREIGN_WORD_ZIPF = 1.5
# A document that names this many other things its gazetteer lacks shows the
# list is not its own (typos are rare, unknown names are not): a word with no
# evidence is then read as against a general list.
_UNLISTED_NAMES = 1
# Among names equally close to a word with no evidence, one at least this
# common in English and this much commoner than each other one is the name meant.
_DOMINANT_NAME_ZIPF = 3.5
_DOMINANT_MARGIN = 2.0
# A very common word (zipf ≥ this: "The", "Far", "War") is never corrected.
_COMMON_WORD_ZIPF = 5.5
# Evidence from a single word that is itself common ("North", "Brown") is
# not evidence: only a full mention of the entity counts then.
_WEAK_EVIDENCE_ZIPF = 4.5
# A word of a name rarer than this (a first name such as "Stephen", not "The")
# anchors a real word read as a misspelt word of that name.
_DISTINCTIVE_ZIPF = 5.0
# A word this common in English (or a common first name: "Dan") is corrected
# only when everything in the document agrees (see _real_word_fix_ok).
_REAL_WORD_ZIPF = 3.0
# A word rarer than this, one edit from a general-list name the document
# names in full, is a typo of it (wordfreq lists common misspellings too:
# "Carribean" 2.2, "Ghandi" 2.3).
_NAMED_TYPO_ZIPF = 2.5
# Such a word with no evidence: the name must be this much commoner in English.
_MISSPELLING_MARGIN = 1.5


# Documents repeat their words: fold each once.
_fold = functools.lru_cache(maxsize=1 << 16)(fold)


@functools.lru_cache(maxsize=1 << 16)
def _zipf(word: str) -> float:
    """The word's frequency in English (wordfreq's zipf scale), memoised: the stage asks often."""
    return zipf_frequency(word, "en")


def fix_names(text: str, gazetteer: Gazetteer, *, config: RepairConfig | None = None,
              **overrides: Any) -> RepairResult:
    """Correct misspelled names in ``text``; the result carries ``name`` edits."""
    require_text(text)
    if not isinstance(gazetteer, Gazetteer):
        raise TypeError(f"gazetteer must be a Gazetteer, not {type(gazetteer).__name__}")
    cfg = resolve_config(config, overrides)
    return result_from_edits(text, name_edits(text, gazetteer, cfg), name_flags(text, gazetteer))


def resolve_gazetteer(gazetteer: Gazetteer | str | os.PathLike[str] | None,
                      config: RepairConfig) -> Gazetteer | None:
    """The gazetteer ``repair()`` corrects against: the one given (a path is
    read with :meth:`Gazetteer.from_file`), else the built-in world places
    when ``config.use_builtin_gazetteer``, else None."""
    if gazetteer is None:
        if not config.use_builtin_gazetteer:
            return None
        from .places import world_places
        return world_places()
    if isinstance(gazetteer, Gazetteer):
        return gazetteer
    if isinstance(gazetteer, (str, os.PathLike)):
        path = os.fspath(gazetteer)
        st = os.stat(path)
        return _load_cached(os.path.abspath(path), st.st_mtime_ns, st.st_size)
    raise TypeError(f"gazetteer must be a Gazetteer, a path or None, not {type(gazetteer).__name__}")


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int) -> Gazetteer:
    # Keyed by modification time and size, so an edited file is read again.
    return Gazetteer.from_file(path)


class _Token:
    """A word of the document; ``initial``: a capitalised word that starts a sentence or line."""

    __slots__ = ("start", "end", "word", "folded", "cap", "initial")

    def __init__(self, start: int, end: int, word: str, initial: bool) -> None:
        self.start, self.end, self.word = start, end, word
        self.folded = _fold(word)
        self.cap = word[:1].isupper()
        self.initial = initial


def name_edits(text: str, gazetteer: Gazetteer, config: RepairConfig | None = None) -> list[Edit]:
    """The ``name`` edits for ``text`` (the names stage of :func:`textrepair.repair`)."""
    require_text(text)
    cfg = config if config is not None else resolve_config(None, {})
    # A fix is evidence for its neighbours ("Fordous Iphtikhar": once Furdous
    # is right, Iphtikhar completes 'Iftikhar Furdous'), so repeat to a fixpoint.
    edits: list[Edit] = []
    current = text
    # Look-ups do not depend on the document: shared across calls unless the screens are off.
    memo: dict[str, list[Candidate]] = (gazetteer.index.lookups(cfg.name_max_distance) if cfg._screens
                                        else {})
    for _ in range(_MAX_PASSES):
        new, again = _name_pass(current, gazetteer, cfg, memo)
        if new:
            edits = compose(text, edits, new)
            current = apply_edits(current, new)
        if not again:
            break
    return edits


def _name_pass(text: str, gazetteer: Gazetteer, cfg: RepairConfig,
               memo: dict[str, list[Candidate]]) -> tuple[list[Edit], bool]:
    """This pass's edits, and whether they may be evidence for a word left as it was."""
    index = gazetteer.index
    tokens = _tokenize(text)
    if not tokens:
        return [], False
    doc = _Document(text, tokens, gazetteer)
    attested_memo: dict[str, list[Candidate]] = {}  # depends on this pass's document
    # Whole names first: their words in order are stronger evidence than any one word.
    phrase = _phrase_edits(doc, gazetteer, cfg, memo)
    edits: list[Edit] = list(phrase.values())
    edited: set[int] = set(phrase)
    left: list[tuple[int, list[Candidate]]] = []  # words looked up and left as they are
    for i, tok in enumerate(tokens):
        if not tok.cap or i in edited:
            continue
        if tok.folded in index.surface_words:
            if tok.folded in index.accented or not tok.word.isascii():
                edit = _diacritic_edit(i, tok, doc)
                if edit is not None:
                    edits.append(edit)
                    edited.add(i)
            continue
        if "'" in tok.word or "’" in tok.word:
            continue
        if not 3 <= len(tok.folded) <= _MAX_WORD or (tok.word.isupper() and len(tok.word) <= 4):
            continue  # too short to tell a typo from another name; acronyms; junk
        edit = _stutter_edit(tok, gazetteer, doc)
        if edit is None and _zipf(tok.folded) < _COMMON_WORD_ZIPF:
            cands = memo.get(tok.folded)
            if cands is None:
                cands = memo[tok.folded] = index.lookup(tok.word, cfg.name_max_distance)
            extra = attested_memo.get(tok.folded)
            if extra is None:
                extra = attested_memo[tok.folded] = _attested_candidates(tok, doc, cands)
            cands = cands + extra
            if cands:
                edit = _decide(i, tok, cands, doc, gazetteer, cfg)
            if edit is None:
                edit = _joined_edit(i, tok, doc, gazetteer, cfg)
            if edit is None:
                left.append((i, cands))
        if edit is not None:
            edits.append(edit)
            edited.add(i)
    edits.sort(key=lambda e: e.start)
    return edits, bool(edits) and _may_change(left, edited, edits, doc)


def _diacritic_edit(i: int, tok: _Token, doc: _Document) -> Edit | None:
    """``Mèrida`` → ``Mérida``: a name word spelled with diacritics the gazetteer
    never uses is a typo.  A plain spelling (``Merida``) is English and stays,
    unless the document itself writes the name with the gazetteer's diacritics
    (elsewhere, or in another word of the same name: ``Cote-de-Beaupré``)."""
    spelled = doc.index.accented.get(tok.folded)
    if not spelled:
        return None  # the gazetteer writes it plain only: "Zürich" may be the native spelling
    if tok.word.isascii():
        # This name's own spelling when its other words carry their diacritics, else the word's.
        target = (doc.window_spelling(i) if doc.accented_neighbour(i) else None) or ""
        if target.isascii():
            target = spelled[0]
            if spelled[-1].isascii() or not doc.writes_accented(tok.folded, target):
                return None
        how = "the document writes it with diacritics"
    else:
        marks = _marks(tok.word)
        if len(tok.folded) < 4 or any(marks == _marks(s) for s in spelled):
            return None
        swapped = list(dict.fromkeys(s for s in spelled if _swapped_marks(marks, _marks(s))))
        if len(swapped) != 1:
            return None  # another letter marked ("Moș" is not "Mós"), or two readings
        target = swapped[0]
        wid = doc.index.word_ids.get(tok.folded)
        entities = doc.index.word_entities[wid] if wid is not None else ()
        # A general list's transliterations differ in their marks too ("Ghânim", "Ghānim"; a
        # long vowel written with a circumflex or a macron: "Bîjâpur", "Bījāpur").
        if all(doc.gazetteer.is_open_world(e) for e in entities) and not doc.writes_accented(tok.folded, target) and (
                not any(doc.mentions.get(e) for e in entities) or _long_vowel_marks(marks, _marks(target))):
            return None
        how = "a diacritic the gazetteer does not use"
    replacement = target.upper() if len(tok.word) > 1 and tok.word.isupper() else target
    return Edit(tok.start, tok.end, replacement, "name", "name.diacritic", 0.9,
                f"{tok.word}→{replacement}: {how}")


def _marks(word: str) -> list[tuple[str, str]]:
    """Each letter of ``word`` (lower case) with its combining marks (a comma
    below read as a cedilla: ``Timișoara`` is ``Timişoara``)."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch) and out:
            out[-1] = (out[-1][0], out[-1][1] + ("\u0327" if ch == "\u0326" else ch))
        else:
            out.append((ch, ""))
    return out


# Two transliteration conventions for a long vowel (â and ā).
_LONG_VOWEL_MARKS = frozenset({"\u0302", "\u0304"})


def _long_vowel_marks(word: list[tuple[str, str]], name: list[tuple[str, str]]) -> bool:
    """Whether two spellings differ only in writing long vowels with a
    circumflex or a macron: transliterations, not typos.

    >>> _long_vowel_marks(_marks("Bîjâpur"), _marks("Bījāpur"))
    True
    >>> _long_vowel_marks(_marks("Bogotà"), _marks("Bogotá"))
    False
    """
    return all({a[1], b[1]} <= _LONG_VOWEL_MARKS for a, b in zip(word, name) if a[1] != b[1])


def _swapped_marks(word: list[tuple[str, str]], name: list[tuple[str, str]]) -> bool:
    """Whether two spellings differ only in which mark some letters carry
    (``Mèrida``/``Mérida``), never in whether a letter is marked.

    >>> _swapped_marks(_marks("Pokēmon"), _marks("Pokémon")), _swapped_marks(_marks("Moș"), _marks("Mós"))
    (True, False)
    """
    if len(word) != len(name) or any(a[0] != b[0] for a, b in zip(word, name)):
        return False
    differ = [(a[1], b[1]) for a, b in zip(word, name) if a[1] != b[1]]
    return bool(differ) and all(x and y for x, y in differ)


def _phrase_edits(doc: _Document, gazetteer: Gazetteer, cfg: RepairConfig,
                  memo: dict[str, list[Candidate]]) -> dict[int, Edit]:
    """Edits from whole multi-word names, by token: a misspelt word whose
    neighbours spell out the rest of a name in order (``New Zeakand``,
    ``Humphrey lyttleton``; ``Forth Wort`` becomes ``Fort Worth``, never
    ``Worth Fort``), and a name the document names in full written again
    with a near word (``Edmund Hilary`` after ``Edmund Hillary``)."""
    tokens = doc.tokens
    glue = doc.glue
    words = doc.index.surface_words
    mentioned = doc.mentioned_slots(gazetteer)
    english = _english_words()
    last = len(tokens) - 1
    out: dict[int, Edit] = {}
    rare_lower = doc.lower_words - english  # lower-case words that may be a misspelt name part
    for i in [i for i, t in enumerate(tokens) if t.cap or t.folded in rare_lower]:
        tok = tokens[i]
        if i in out:
            continue
        # The cheap screen: which neighbours are glued to it, and is it a word that may be misspelt?
        left = tokens[i - 1] if i > 0 and glue[i - 1] else None
        right = tokens[i + 1] if i < last and glue[i] else None
        f = tok.folded
        if tok.cap:
            if f in words:
                # A name word ("Houston") read as another only beside a word of a name the document names.
                if not (mentioned and f not in mentioned and (left is not None and left.folded in mentioned
                                                             or right is not None and right.folded in mentioned)):
                    continue
            elif (left is None and right is None or tok.word.isupper() and len(f) <= 4
                  or not any(n is not None and (n.cap or n.folded in words) for n in (left, right))):
                continue
        elif len(f) < 3 or not _anchored(i, doc):
            continue
        if "'" in tok.word or "’" in tok.word or not 2 <= len(f) <= _MAX_WORD:
            continue
        match = _best_phrase(i, tok, doc, gazetteer, cfg, memo)
        if match is not None:
            for j, edit in match.items():
                out.setdefault(j, edit)
    return out


def _anchored(i: int, doc: _Document) -> bool:
    """Whether a capitalised name word is glued to token ``i``, directly or
    across one name word (``Rio de janiero``)."""
    tokens, glue, words = doc.tokens, doc.glue, doc.index.surface_words
    for step in (-1, 1):
        j = i
        for _ in range(2):
            if not (0 <= j + step < len(tokens) and glue[min(j, j + step)]):
                break
            j += step
            if tokens[j].folded not in words:
                break
            if tokens[j].cap:
                return True
    return False


class _PhraseMatch:
    __slots__ = ("words", "start", "near", "exact", "mentioned")

    def __init__(self, words: tuple[str, ...], start: int, near: list[tuple[int, float]], exact: list[int],
                 mentioned: bool) -> None:
        self.words, self.start, self.near, self.exact, self.mentioned = words, start, near, exact, mentioned


def _best_phrase(i: int, tok: _Token, doc: _Document, gazetteer: Gazetteer, cfg: RepairConfig,
                 memo: dict[str, list[Candidate]]) -> dict[int, Edit] | None:
    index = doc.index
    zipf = _zipf(tok.folded)
    targets: dict[str, float] = {}  # folded name word -> its distance from the token
    looked_up = tok.folded not in index.surface_words and zipf < _COMMON_WORD_ZIPF and len(tok.folded) >= 3
    cands: list[Candidate] = []
    if looked_up:
        cands = memo.get(tok.folded)
        if cands is None:
            cands = memo[tok.folded] = index.lookup(tok.word, cfg.name_max_distance)
        in_names = index.slots  # only words of multi-word names matter here
        for c in cands:
            w = _fold(c.spelling)
            if w in in_names:
                targets.setdefault(w, c.distance)
    mentioned = doc.mentioned_slots(gazetteer)
    # A name word or a real word ("Houston"), or a lower-case word near no capitalised name word ("complient").
    if mentioned and zipf < _COMMON_WORD_ZIPF and (not looked_up or not cands and not tok.cap):
        for w in doc.near_mentioned(tok.folded):
            if w not in targets:
                targets[w] = word_distance(tok.folded, translit_key(tok.folded), w)
    if not targets:
        return None
    matches: list[_PhraseMatch] = []
    tokens = doc.tokens
    names = doc.mentioned_names
    pairs = index.pairs
    left = tokens[i - 1].folded if i > 0 else ""
    right = tokens[i + 1].folded if i + 1 < len(tokens) else ""
    for w, d in targets.items():
        if _suffixed(tok.folded, w) or d > _max_distance_with_evidence(len(tok.folded)):
            continue
        # Names with an exact neighbour of this reading in place, and those the document names.
        places = {(words, p + 1) for words, p in pairs.get((left, w), ())}
        places.update(pairs.get((w, right), ()))
        places.update(mentioned.get(w, ()))
        for words, p in places:
            start = i - p
            if start < 0 or start + len(words) > len(tokens):
                continue
            m = _align(i, d, words, p, doc, bool(names) and words in names)
            if m is not None:
                matches.append(m)
    accepted = [m for m in matches if _phrase_ok(m, i, tok, zipf, doc, gazetteer, cfg)]
    if not accepted:
        return None
    # Fewest misspelt words, then the longest name; two different readings of this token: abstain.
    accepted.sort(key=lambda m: (len(m.near), -len(m.words)))
    best = accepted[0]
    reading = best.words[i - best.start]
    for other in accepted[1:]:
        if (len(other.near), len(other.words)) != (len(best.near), len(best.words)):
            break
        if other.words[i - other.start] != reading:
            return None
    return _phrase_edit_map(best, doc, gazetteer)


# A name word that more multi-word names share than this ("City", "New") is
# not looked up for the name it spells with its neighbours.
_MAX_SLOTS = 4000


def _align(i: int, d: float, words: tuple[str, ...], p: int, doc: _Document,
           mentioned: bool) -> _PhraseMatch | None:
    """The document's tokens read as ``words``, token ``i`` as word ``p``;
    other words may be misspelt too only in a name the document mentions."""
    tokens = doc.tokens
    start = i - p
    end = start + len(words)
    if start < 0 or end > len(tokens):
        return None
    exact = []
    others = []
    for j in range(start, end):
        if j > start and not doc.glue[j - 1]:
            return None
        if j == i:
            continue
        if tokens[j].folded == words[j - start]:
            exact.append(j)
        elif not mentioned:
            return None
        else:
            others.append(j)
    near = [(i, d)]
    for j in others:
        t = tokens[j]
        w = words[j - start]
        if not (t.cap or _zipf(t.folded) < _REAL_WORD_ZIPF) or _suffixed(t.folded, w):
            return None
        dj = word_distance(t.folded, translit_key(t.folded), w)
        if dj > min(_max_distance_with_evidence(len(t.folded)), 2.0):
            return None
        near.append((j, dj))
    return _PhraseMatch(words, start, sorted(near), exact, False)


def _phrase_ok(m: _PhraseMatch, i: int, tok: _Token, zipf: float, doc: _Document, gazetteer: Gazetteer,
               cfg: RepairConfig) -> bool:
    """Whether a reading of glued tokens as a multi-word name is evidence enough.

    * The document names the entity in full elsewhere: each misspelt word
      within the usual distance, even a real word (``Anjelica Houston``) if
      it is one edit off and a distinctive word of the name is spelled
      exactly (not ``the League`` for ``The Hague``) or every word is one
      edit off (``Forth Wort``);
    * otherwise one misspelt word, no English word nor a word of another
      name, and the rest of the name spelled exactly: at most one edit
      towards a general list (``Soutr Africa``), two for a long word in the
      document's own list.
    """
    written = " ".join(t.folded for t in doc.tokens[m.start:m.start + len(m.words)])
    if written in doc.index.surfaces_folded:
        return False  # as written, the words are a name too ("Pakistan Taliban")
    entities = doc.index.surfaces_folded.get(" ".join(m.words), ())
    if any(doc.mentions.get(e, 0) for e in entities):
        m.mentioned = True
        tokens = doc.tokens
        # A real word needs a distinctive word of the name beside it, or the
        # whole name written again a letter off in every word ("Forth Wort").
        anchored = any(_zipf(tokens[k].folded) < _DISTINCTIVE_ZIPF for k in m.exact) or not m.exact
        return all(_zipf(tokens[j].folded) < _REAL_WORD_ZIPF or d <= 1 and anchored for j, d in m.near)
    if len(m.near) != 1 or not m.exact:
        return False
    d = m.near[0][1]
    if d < 1 and zipf > 0 and not _double_typo(tok.folded, m.words[i - m.start]):
        return False  # a transliteration English writes too ("Nizhny Novgorod")
    if (tok.folded in doc.index.surface_words or zipf >= _REAL_WORD_ZIPF
            or tok.cap and tok.folded in doc.lower_words):
        return False
    if doc.cap_counts.get(tok.folded, 0) > 1 and tok.cap:
        return False  # the document writes it so more than once: a name of its own
    if _names_another_like(tok.folded, m.words[i - m.start], doc):
        return False  # "Gudzar Khan" beside "Gujar Khan" is not "Gulzar Khan"
    open_world = all(gazetteer.is_open_world(e) for e in entities)
    general = open_world or len(gazetteer) > cfg.name_document_list_size
    if general:
        # One edit; a doubled or dropped letter too ("yearss"), but no transliteration ("Jazeera").
        if d > 1 or d < 1 and (zipf > 0 or not _double_typo(tok.folded, m.words[i - m.start])):
            return False
        # Only common words around it ("New", "San"): the word itself must be a clear typo,
        # in no list or a listed misspelling of a much commoner word ("Fransisco").
        if all(_zipf(doc.tokens[j].folded) >= _WEAK_EVIDENCE_ZIPF for j in m.exact):
            target = m.words[i - m.start]
            return len(tok.folded) >= 4 and (
                not _is_foreign_word(tok.folded) if zipf == 0 else
                zipf < _NAMED_TYPO_ZIPF and _zipf(target) >= zipf + _MISSPELLING_MARGIN)
        return True
    return d <= (1.5 if len(tok.folded) < 8 else 2.0)


def _phrase_edit_map(m: _PhraseMatch, doc: _Document, gazetteer: Gazetteer) -> dict[int, Edit] | None:
    entities = doc.index.surfaces_folded.get(" ".join(m.words), ())
    spelled = _spelled_surface(m.words, entities, gazetteer)
    if spelled is None:
        return None
    surface, ei = spelled
    words = name_tokens(surface)
    entity = gazetteer[ei]
    rest = " ".join(doc.tokens[j].word for j in m.exact)
    out: dict[int, Edit] = {}
    for j, d in m.near:
        t = doc.tokens[j]
        replacement = _match_case(t.word, words[j - m.start], doc.index)
        if replacement == t.word:
            continue
        n = int(d)
        how = ("a transliteration of" if d == 0.5 else
               f"transliteration and {n} edit{'s' * (n != 1)} from" if d != n else f"{n} edit{'s' * (n != 1)} from")
        why = (f"{entity.name!r} is named {doc.mentions[ei]}× in this document" if m.mentioned
               else f"the rest of the name ({rest}) matches")
        out[j] = Edit(t.start, t.end, replacement, "name", "name.phrase", 0.85 if m.mentioned else 0.8,
                      f"{t.word}→{replacement}: {how} a word of {surface!r} ({entity.kind}); {why}")
    return out or None


def _spelled_surface(words: tuple[str, ...], entities: Sequence[int],
                     gazetteer: Gazetteer) -> tuple[str, int] | None:
    """The name or alias that folds to ``words``, as the gazetteer writes it, and its entity."""
    for ei in entities[:8]:
        for surface in gazetteer[ei].surfaces:
            if tuple(_fold(w) for w in name_tokens(surface)) == words:
                return surface, ei
    return None


_DOUBLE_CONSONANT_RE = re.compile(r"([b-df-hj-np-tv-xz])\1+")


def _double_typo(word: str, name_word: str) -> bool:
    """A consonant written once for twice or the other way round (``yearss``,
    ``Carribean``); doubled vowels are transliteration (``Naberezhnyye``)."""
    return word != name_word and _DOUBLE_CONSONANT_RE.sub(r"\1", word) == _DOUBLE_CONSONANT_RE.sub(r"\1", name_word)
_DERIVED_ENDINGS = frozenset({"s", "es", "n", "ns", "an", "ans", "ian", "ians", "er", "ers", "ese", "i", "is", "ic",
                              "ish", "ite", "ites", "ern", "erns"})


def _suffixed(word: str, name_word: str) -> bool:
    """``Lankan`` for ``Lanka``, ``Zealanders`` for ``Zealand``: a derived word, not a typo."""
    ending = word[len(name_word):]
    return word.startswith(name_word) and ending in _DERIVED_ENDINGS and ending[0] != name_word[-1]


def _joined_edit(i: int, tok: _Token, doc: _Document, gazetteer: Gazetteer, cfg: RepairConfig) -> Edit | None:
    """``Losangels`` → ``Los Angeles``, ``ProctorandGamble`` → ``Procter & Gamble``:
    a word in no word list that is a multi-word name with the spaces (and
    ``&`` read as *and*) taken out, its first or last word exact and at most
    one edit elsewhere."""
    f = tok.folded
    if (len(f) < 6 or f in doc.index.surface_words or not f.isalpha()
            or _zipf(f) > 0 or _is_foreign_word(f)):
        return None
    first, last = doc.index.ends
    found: dict[tuple[str, ...], int] = {}
    for p in range(3, len(f) - 2):
        head, tail = f[:p], f[p:]
        for words in first.get(head, ()):
            d = _joined_distance(tail, "".join(words[1:]), leading=True)
            if d <= 1:
                found[words] = min(d, found.get(words, 2))
        for words in last.get(tail, ()):
            d = _joined_distance(head, "".join(words[:-1]), leading=False)
            if d <= 1:
                found[words] = min(d, found.get(words, 2))
    if not found:
        return None
    best = min(found.values())
    matches = [w for w, d in found.items() if d == best]
    if len(matches) > 1:
        return None
    words = matches[0]
    surface_folded = " ".join(words)
    entities = doc.index.surfaces_folded.get(surface_folded, ())
    mentioned = any(doc.mentions.get(e, 0) for e in entities)
    general = all(gazetteer.is_open_world(e) for e in entities) or len(gazetteer) > cfg.name_document_list_size
    # Towards a general list, only a name English text uses often, and not a
    # word of a longer name ("Millpark Hospital" is not at "Mill Park").
    if general and not mentioned and (len(f) < 7 or _zipf(surface_folded) < _NO_EVIDENCE_TARGET_ZIPF
                                      or any(n.cap for n in doc.neighbours(i))):
        return None
    # A typo as well as no spaces, with nothing else for it: the exact word must say something
    # ("Baranday" is not "Bar Andaz").
    if best and not mentioned and min(len(words[0]), len(words[-1])) < 4 and (
            _zipf(surface_folded) < _NO_EVIDENCE_TARGET_ZIPF):
        return None
    spelled = _spelled_surface(words, entities, gazetteer)
    if spelled is None:
        return None
    surface, ei = spelled
    replacement = surface.upper() if tok.word.isupper() else surface
    entity = gazetteer[ei]
    how = "the words run together" if best == 0 else "the words run together, and 1 edit"
    return Edit(tok.start, tok.end, replacement, "name", "name.joined", 0.8,
                f"{tok.word}→{replacement}: {how}, of {entity.name!r} ({entity.kind})")


def _joined_distance(part: str, name_part: str, *, leading: bool) -> int:
    """Edits between part of a run-together word and the words of a name it
    should be (2 when more than one, or one in fewer than four letters);
    ``and`` may stand for ``&``."""
    if abs(len(part) - len(name_part)) > 4 or part != name_part and len(name_part) < 4:
        return 2
    d = OSA.distance(part, name_part, score_cutoff=2)
    if d > 1 and "and" in part:
        bare = part[3:] if leading and part.startswith("and") else part[:-3] if part.endswith("and") else part
        if bare != part:
            d = min(d, OSA.distance(bare, name_part, score_cutoff=2))
    return d


def _may_change(left: list[tuple[int, list[Candidate]]], edited: set[int], edits: list[Edit],
                doc: _Document) -> bool:
    """Whether a word left alone now has new evidence: an edited neighbour, a
    candidate that an edit just wrote or whose entity it named, or a new name
    the document now uses."""
    written = {_fold(e.replacement) for e in edits}
    written_keys = [translit_key(w) for w in written]
    index = doc.index
    named = {ei for w in written if w in index.word_ids for ei in index.word_entities[index.word_ids[w]]}
    for i, cands in left:
        if (i - 1 in edited and doc.glue[i - 1]) or (i + 1 in edited and doc.glue[i]):
            return True
        if any(_fold(c.spelling) in written or not named.isdisjoint(c.entities) for c in cands):
            return True
        if process.extractOne(translit_key(doc.tokens[i].folded), written_keys,
                              scorer=Levenshtein.normalized_similarity, score_cutoff=_ATTESTED_SIMILARITY):
            return True
    return False


# A translated name sits where a noun phrase ends ("the visit of giving as …");
# the same word as a verb takes an object or particle ("of giving the money").
_NAME_SLOT_BEFORE = frozenset({"of", "with", "by", "from", "for", "and", "to", "minister", "said", "told"})
_VERB_OBJECT_AFTER = frozenset({"the", "a", "an", "it", "them", "him", "her", "us", "me", "you", "up", "back",
                                "away", "in", "out", "their", "his", "its", "this", "that", "these", "those",
                                "to", "some", "more", "any", "our", "my", "your", "way"})


def name_flags(text: str, gazetteer: Gazetteer) -> list[Flag]:
    """Flags on words that may be a name translated as a word, for entities the
    document names elsewhere (kind ``name``; the text is not changed).

    >>> g = Gazetteer([Entity("Ishaq Dar", "person", ("Dar",), ("giving",))])
    >>> text = "Ishaq Dar landed. Analysts see the visit of giving as significant."
    >>> [(text[f.start:f.end], f.reasons) for f in name_flags(text, g)]
    [('giving', ("'giving' may be the name 'Dar' translated as a word; 'Ishaq Dar' is named 1× in this document",))]
    >>> name_flags("He is giving the money to the visit of giving.", g)
    []
    """
    require_text(text)
    table = gazetteer.translations
    if not table:
        return []
    tokens = _tokenize(text)
    doc: _Document | None = None
    flags: list[Flag] = []
    for i, tok in enumerate(tokens):
        if tok.cap:
            continue
        entities = table.get(tok.folded)
        if not entities or i == 0 or tokens[i - 1].folded not in _NAME_SLOT_BEFORE:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].folded in _VERB_OBJECT_AFTER and _spaced(text, tok, tokens[i + 1]):
            continue
        if doc is None:
            doc = _Document(text, tokens, gazetteer)
        for ei in entities:
            entity = gazetteer[ei]
            mentions = doc.mentions.get(ei, 0)
            if not mentions:
                continue
            short = min(entity.surfaces, key=len)
            flags.append(Flag(tok.start, tok.end, 0.6, (
                f"{tok.word!r} may be the name {short!r} translated as a word; "
                f"{entity.name!r} is named {mentions}× in this document",), kind="name"))
            break
    return flags


def _spaced(text: str, a: _Token, b: _Token) -> bool:
    """Whether only spaces separate two tokens."""
    return not text[a.end:b.start].strip()


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    append = tokens.append
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        word = m.group()
        if word.endswith(_POSSESSIVE) and len(word) > 3:
            word, end = word[:-2], end - 2
        initial = False
        if word[0].isupper():  # only a capital may be a sentence's
            j = start - 1
            while j >= 0 and text[j] in _OPENERS:
                j -= 1
            initial = j < 0 or text[j] in _SENTENCE_END or "\n" in text[j + 1:start]
        append(_Token(start, end, word, initial))
    return tokens


class _Document:
    """What the document says about names: counts of capitalised words and
    of full entity mentions, in one pass over its tokens."""

    def __init__(self, text: str, tokens: list[_Token], gazetteer: Gazetteer) -> None:
        index = gazetteer.index
        self.text = text
        self.tokens = tokens
        self.gazetteer = gazetteer
        self.index = index
        self.cap_counts: Counter[str] = Counter(t.folded for t in tokens if t.cap)
        self.lower_words: set[str] = {t.folded for t in tokens if not t.cap}
        self.accented_words: dict[str, set[str]] = {}
        if not text.isascii():
            for t in tokens:
                if not t.word.isascii():
                    self.accented_words.setdefault(t.folded, set()).add(t.word.lower())
        self._mentioned_slots: dict[str, list[tuple[tuple[str, ...], int]]] | None = None
        self._mentioned_words: list[str] = []
        self.mentioned_names: set[tuple[str, ...]] = set()  # filled by mentioned_slots
        self.spelling: dict[str, str] = {}
        for t in tokens:
            if t.cap:
                self.spelling.setdefault(t.folded, t.word)
        # Distinctive gazetteer words the document uses, most frequent first:
        # the few names a misspelling in this document most likely stands for.
        attested = Counter(t.folded for t in tokens if t.cap and t.folded in index.word_ids)
        self.attested = [w for w, _ in attested.most_common()
                         if _zipf(w) < _WEAK_EVIDENCE_ZIPF][:_MAX_ATTESTED]
        self.attested_keys = [translit_key(w) for w in self.attested]
        self._unlisted: set[str] | None = None
        # glue[i]: tokens i and i+1 are joined by spaces or hyphens only.
        self.glue = [text[a.end:b.start] in _GLUE_GAPS for a, b in zip(tokens, tokens[1:])]
        self._surface_words: dict[int, list[set[str]]] = {}
        self.mentions: Counter[int] = Counter()
        surfaces = index.surfaces_folded
        words = index.surface_words
        width = min(index.max_surface_words, 8)
        # Longest mentions, left to right: "Ishaq Dar" names Ishaq Dar once.
        i = 0
        while i < len(tokens):
            t = tokens[i]
            longest, found = i, None
            if t.cap and t.folded in words:
                parts: list[str] = []
                for j in range(i, min(i + width, len(tokens))):
                    if j > i and not self.glue[j - 1] or tokens[j].folded not in words:
                        break
                    parts.append(tokens[j].folded)
                    entities = surfaces.get(" ".join(parts))
                    if entities:
                        longest, found = j, entities
            if found:
                self.mentions.update(set(found))
            i = longest + 1

    def unlisted_names(self, tok: _Token) -> int:
        """How many distinct capitals inside sentences other than ``tok`` are
        in no word list and no gazetteer name: names the gazetteer does not know."""
        if self._unlisted is None:
            words = self.index.surface_words
            self._unlisted = {t.folded for t in self.tokens if t.cap and not t.initial
                              and t.folded not in words and _zipf(t.folded) == 0}
        return len(self._unlisted) - (tok.folded in self._unlisted)

    def mentioned_slots(self, gazetteer: Gazetteer) -> dict[str, list[tuple[tuple[str, ...], int]]]:
        """Like ``index.slots``, for the multi-word names of the entities
        this document names in full (memoised)."""
        if self._mentioned_slots is None:
            slots: dict[str, list[tuple[tuple[str, ...], int]]] = {}
            for ei in self.mentions:
                for words in self.index.entity_names(ei, gazetteer):
                    if len(words) > 1 and words not in self.mentioned_names:
                        self.mentioned_names.add(words)
                        for p, w in enumerate(words):
                            slots.setdefault(w, []).append((words, p))
            self._mentioned_slots = slots
            self._mentioned_words = [w for w in slots if len(w) >= 2]
        return self._mentioned_slots

    def near_mentioned(self, word: str) -> list[str]:
        """Words of the names this document mentions within two edits of ``word``."""
        return [w for w, _, _ in process.extract(word, self._mentioned_words, scorer=Levenshtein.distance,
                                                 score_cutoff=2, limit=None) if w != word]

    def writes_accented(self, folded: str, spelling: str) -> bool:
        """Whether the document writes the word ``folded`` as ``spelling`` somewhere."""
        return spelling.lower() in self.accented_words.get(folded, ())

    def accented_neighbour(self, i: int) -> bool:
        """Whether a word glued to token ``i`` (up to two away) is written
        with the diacritics the gazetteer gives it (``Cote-de-Beaupré``)."""
        for j in (i - 2, i - 1, i + 1, i + 2):
            if not 0 <= j < len(self.tokens) or not all(self.glue[min(i, j):max(i, j)]):
                continue
            t = self.tokens[j]
            if not t.word.isascii() and t.word.lower() in (s.lower() for s in self.index.accented.get(t.folded, ())):
                return True
        return False

    def window_spelling(self, i: int) -> str | None:
        """How the multi-word name that token ``i`` and its glued neighbours
        spell out writes token ``i`` (None when they spell none)."""
        places = self.index.slots.get(self.tokens[i].folded, ())
        if len(places) > _MAX_SLOTS:
            return None
        for words, p in places:
            start = i - p
            if start < 0 or start + len(words) > len(self.tokens) or not all(self.glue[start:start + len(words) - 1]):
                continue
            if all(self.tokens[start + k].folded == w for k, w in enumerate(words)):
                spelled = _spelled_surface(words, self.index.surfaces_folded[" ".join(words)], self.gazetteer)
                if spelled is not None:
                    return name_tokens(spelled[0])[p]
        return None

    def surface_words_of(self, ei: int, gazetteer: Gazetteer) -> list[set[str]]:
        """The folded words of each name and alias of entity ``ei`` (memoised)."""
        words = self._surface_words.get(ei)
        if words is None:
            words = self._surface_words[ei] = [set(name) for name in self.index.entity_names(ei, gazetteer)]
        return words

    def spells(self, i: int, k: int, words: list[str]) -> bool:
        """Whether the glued tokens around token ``i`` (as word ``k``) read ``words``."""
        start = i - k
        if start < 0 or start + len(words) > len(self.tokens):
            return False
        for j, w in enumerate(words, start):
            if j != i and self.tokens[j].folded != w:
                return False
            if j > start and not self.glue[j - 1]:
                return False
        return True

    def neighbours(self, i: int) -> list[_Token]:
        out = []
        if i > 0 and self.glue[i - 1]:
            out.append(self.tokens[i - 1])
        if i + 1 < len(self.tokens) and self.glue[i]:
            out.append(self.tokens[i + 1])
        return out


class _Reading:
    """One candidate with the document's evidence for it: how often the
    target word occurs capitalised, how often the entity is named in full,
    and which neighbouring word completes the entity's name."""

    __slots__ = ("cand", "entity", "word_count", "mentions", "completes")

    def __init__(self, cand: Candidate, entity: int, word_count: int, mentions: int,
                 completes: str) -> None:
        self.cand, self.entity = cand, entity
        self.word_count, self.mentions, self.completes = word_count, mentions, completes

    @property
    def count(self) -> int:
        return self.word_count or self.mentions

    @property
    def evidence(self) -> bool:
        return self.count > 0 or bool(self.completes)


def _read(cand: Candidate, neighbours: dict[str, str], doc: _Document, gazetteer: Gazetteer) -> _Reading:
    target = _fold(cand.spelling)
    word_count = doc.cap_counts.get(target, 0)
    # The word alone is evidence only if it is a name by itself ("Dar", not
    # the "Rana" of "São Domingos de Rana") and not a common word ("North").
    if word_count and (target not in doc.index.surfaces_folded
                       or _zipf(target) >= _WEAK_EVIDENCE_ZIPF):
        word_count = 0
    best_entity, best_key = cand.entities[0], (False, -1)
    completes = ""
    for ei in cand.entities[:64]:
        joined = ""
        if neighbours:
            for words in doc.surface_words_of(ei, gazetteer):
                hit = [w for f, w in neighbours.items() if f in words and f != target]
                if hit and target in words:
                    joined = hit[0]
                    break
        key = (bool(joined), doc.mentions.get(ei, 0))
        if key > best_key:
            best_entity, best_key, completes = ei, key, joined
    return _Reading(cand, best_entity, word_count, best_key[1], completes)


def _attested_candidates(tok: _Token, doc: _Document, found: list[Candidate]) -> list[Candidate]:
    """Names the document itself uses that are further than the index looks
    (``Gudzharat`` for ``Gujarat``): a bounded number of direct comparisons."""
    if not doc.attested or _zipf(tok.folded) >= _REAL_WORD_ZIPF:
        return []
    key = translit_key(tok.folded)
    have = {_fold(c.spelling) for c in found}
    out = []
    for _, sim, j in process.extract(key, doc.attested_keys, scorer=Levenshtein.normalized_similarity,
                                     limit=2, score_cutoff=_ATTESTED_SIMILARITY):
        word = doc.attested[j]
        if word in have or word == tok.folded:
            continue
        index = doc.index
        wid = index.word_ids[word]
        out.append(Candidate(index.spellings[wid], index.word_entities[wid],
                             max(word_distance(tok.folded, key, word), 1.0), Levenshtein.distance(tok.folded, word)))
    return out


def _decide(i: int, tok: _Token, cands: list[Candidate], doc: _Document,
            gazetteer: Gazetteer, cfg: RepairConfig) -> Edit | None:
    # Only a distinctive word completes a name ("Furdous", not "The" or "II").
    neighbours = {n.folded: n.word for n in doc.neighbours(i)
                  if n.cap and len(n.folded) >= 3 and _zipf(n.folded) < _WEAK_EVIDENCE_ZIPF}
    # Candidates too far for even the evidence rule are not worth reading.
    limit = _max_distance_with_evidence(len(tok.folded))
    cands = [c for c in cands if c.distance <= limit]
    if cfg._screens and not neighbours and _evidence_only(tok, cfg):
        # The screen: such a word is corrected only on a reading with evidence, and without a
        # distinctive neighbour a reading has evidence only if the document writes its word
        # capitalised or names one of the entities _read weighs.
        counts, mentions = doc.cap_counts, doc.mentions.keys()
        cands = [c for c in cands if _fold(c.spelling) in counts or not mentions.isdisjoint(c.entities[:64])]
    readings = [_read(c, neighbours, doc, gazetteer) for c in cands
                if not _derived(tok.folded, _fold(c.spelling)) or _inflected(tok.folded, _fold(c.spelling), doc)
                or _double_typo(tok.folded, _fold(c.spelling))]
    if not readings:
        return None
    attested = [r for r in readings if r.evidence]
    zipf = _zipf(tok.folded)
    if zipf >= _COMMON_WORD_ZIPF:
        return None
    if attested:
        attested.sort(key=lambda r: (r.cand.distance, -bool(r.completes), -r.count))
        best = attested[0]
        if (best.cand.distance < 1 and 0 < _zipf(_fold(best.cand.spelling)) <= zipf
                and not _short_dropped_double(tok.folded, _fold(best.cand.spelling))):
            return None  # an established spelling of the name ("Nizhny"), not a typo
        if best.cand.distance > cfg.name_max_distance and (
                len(attested) > 1 and attested[1].cand.distance < best.cand.distance + 1):
            return None  # a far match needs a clear margin
        for other in attested[1:]:
            if (other.cand.distance == best.cand.distance
                    and bool(other.completes) == bool(best.completes)
                    and _fold(other.cand.spelling) != _fold(best.cand.spelling)):
                return None  # two attested names equally close
        own = doc.cap_counts.get(tok.folded, 0)
        if own > max(best.count, 1) and not best.completes:
            return None  # the document uses this spelling more than the name
        if best.cand.distance > _max_distance_with_evidence(len(tok.folded)):
            return None
        if best.cand.distance > 1 and (zipf >= _FOREIGN_WORD_ZIPF or _is_foreign_word(tok.folded)):
            return None  # "Românul" is Romanian, not a misspelt "Romania"; "Bhim" is not "Bam"
        if zipf >= _REAL_WORD_ZIPF and not _real_word_fix_ok(i, tok, best, doc):
            return None
        if (all(gazetteer.is_open_world(e) for e in best.cand.entities)
                and not _open_world_evidence(i, tok, best, doc, gazetteer)):
            return None
        return _edit(tok, best, doc, gazetteer, "name.document", 0.9 if zipf < _REAL_WORD_ZIPF else 0.8)
    if cfg.names_require_evidence or len(tok.folded) < 5:
        return None
    # A word in the lists is corrected only as a listed misspelling of a much commoner name ("Febuary").
    listed = zipf >= cfg.name_word_zipf
    if listed and (zipf >= _NAMED_TYPO_ZIPF or len(tok.folded) < 6):
        return None
    best = _dominant(tok.folded, readings, mid_sentence=not tok.initial)
    if best is None or best.cand.distance > 1:
        return None  # another name nearly as close
    target = _fold(best.cand.spelling)
    if target not in doc.index.surfaces_folded:
        return None  # only to a whole name ("Furdous", not the "City" of "Vatican City")
    target_zipf = _zipf(target)
    general = len(gazetteer) > cfg.name_document_list_size or doc.unlisted_names(tok) >= _UNLISTED_NAMES
    if translit_key(tok.folded)[:1] != translit_key(target)[:1] or _suffix_swap(tok.folded, target):
        return None  # people rarely mistype a first letter ("Kiratas", "Ukita"); "Judaist" is a word
    if listed and (target_zipf < zipf + _MISSPELLING_MARGIN or doc.cap_counts.get(tok.folded, 0) > 1
                   or _other_ending(tok.folded, target) and (len(tok.folded) < _LONG_TYPO or zipf >= 2.0
                                                              or len(tok.folded) == len(target))
                   or general and (_more_foreign_than_english(tok.folded, zipf)
                                   or _letter_added(tok.folded, target) and (
                                       len(tok.folded) < _LONG_TYPO or target_zipf < _SWAP_TARGET_ZIPF))):
        # A name of its own: "Ghani" beside "Gandhi", the German "Balduin", a
        # name written twice, "Americus" (not "Americas"), the protein
        # "Huntingtin"; "Bratman" is Batman plus a letter, a name too.  A long
        # word a letter longer or shorter than a much commoner name rarely is
        # ("Massachusettes", "Novemeber").
        return None
    if any(n.cap and not n.initial and _zipf(n.folded) < _REAL_WORD_ZIPF for n in doc.neighbours(i)):
        return None  # part of a longer name ("Eugeniu Carada", "Captain Indika Liyanage")
    if general:
        if target_zipf < _general_list_target_zipf(len(tok.folded), swap=best.cand.edits > 1):
            return None  # text names many people and places a general list does not
        if not tok.word.isascii() and best.cand.spelling.isascii():
            return None  # a spelling in another language's letters: the Romanian "Bărboși", not "Barbosa"
    elif target_zipf >= _WEAK_EVIDENCE_ZIPF and len(target) < _NO_EVIDENCE_MIN_LENGTH:
        return None  # not to a short common word ("North"); "Pakistan" is long enough
    if tok.folded in doc.lower_words or _near_english_word(tok.folded, target):
        return None
    if not listed and _is_foreign_word(tok.folded):
        return None  # a real word or name in another language, not a typo
    if doc.attested and process.extractOne(translit_key(tok.folded), doc.attested_keys,
                                           scorer=Levenshtein.normalized_similarity,
                                           score_cutoff=_OTHER_NAME_SIMILARITY):
        return None  # the document names something else much like it
    return _edit(tok, best, doc, gazetteer, "name.gazetteer", 0.75)


def _evidence_only(tok: _Token, cfg: RepairConfig) -> bool:
    """Whether :func:`_decide` corrects ``tok`` only on the document's evidence: a word too short,
    or in the word lists and not a listed misspelling, or any word when evidence is required."""
    zipf = _zipf(tok.folded)
    return (cfg.names_require_evidence or len(tok.folded) < 5
            or zipf >= cfg.name_word_zipf and (zipf >= _NAMED_TYPO_ZIPF or len(tok.folded) < 6))


def _dominant(word: str, readings: list[_Reading], *, mid_sentence: bool) -> _Reading | None:
    """The reading a word with no evidence is corrected towards: the closest,
    if every other name is at least one edit further; else, for a capital
    inside a sentence (a name, not just a sentence's first word), among
    names as close, one that English text writes a hundred times more often
    than each of the others and no more letters off (``Lodon`` is London,
    not the hamlet Odón; ``Isael`` is Israel or Isabel; ``Jupyther`` is
    Jupyter, a letter nearer than Jupiter).  None when no reading stands out."""
    nearest = min(r.cand.distance for r in readings)
    close = [r for r in readings if r.cand.distance < nearest + 1]
    if len(close) == 1:
        return close[0]
    if not mid_sentence:
        return None
    ranked = sorted(close, key=lambda r: -_zipf(_fold(r.cand.spelling)))
    top = _fold(ranked[0].cand.spelling)
    if (ranked[0].cand.distance > nearest or _zipf(top) < _DOMINANT_NAME_ZIPF
            or OSA.distance(word, top) > min(OSA.distance(word, _fold(r.cand.spelling)) for r in close)):
        return None
    runner_up = max((_zipf(_fold(r.cand.spelling)) for r in ranked[1:] if _fold(r.cand.spelling) != top),
                    default=0.0)
    return ranked[0] if _zipf(top) >= runner_up + _DOMINANT_MARGIN else None


def _general_list_target_zipf(length: int, *, swap: bool) -> float:
    """How common in English a name must be for a word of ``length`` letters
    to be corrected towards it from a general list without evidence.

    Long words are mostly typos (``Islamabd``); a word of five or six letters
    one edit from a name is as often a name of its own (``Vavila``,
    ``Sivage``), unless the name is very common (``Franve``, ``Isrel``); a
    swap of two letters is a typo of a famous name (``Gremany``) or a name
    of its own (``Bologan``); in eight or more letters, of a well-known
    name (``Armenain``, ``Antractica``).
    """
    if length >= _NO_EVIDENCE_MIN_LENGTH:
        swapped = _LONG_SWAP_TARGET_ZIPF if length > _NO_EVIDENCE_MIN_LENGTH else _SWAP_TARGET_ZIPF
        return max(_NO_EVIDENCE_TARGET_ZIPF, swapped if swap else 0.0)
    return _SHORT_TARGET_ZIPF


def _open_world_evidence(i: int, tok: _Token, best: _Reading, doc: _Document, gazetteer: Gazetteer) -> bool:
    """Whether the document's evidence for a general-list place is strong enough.

    Clean text names many places and people that a world list spells a
    little differently, so for such a list: no English word (``Germans``,
    ``Nicholas``), no transliteration variant (``Staraia``, ``Sergiev`` are
    spellings too), five or more letters, and one of

    * a word English rarely writes (common misspellings such as
      ``Carribean`` or ``Ghandi`` are in word lists too), one edit (or a
      swap, or a transliteration) from a place the document names, with the
      same first letter and not just another ending (``Farnce`` beside
      ``France``, ``Ghandi`` beside ``Gandhi``; a listed word only towards
      a whole name, and not inside another name: not the Romanian ``Valea``
      of ``Valea Rusului`` beside ``Vâlcea``); not ``Magar`` beside ``Pokhara
      Nagar``, ``Bajra`` two edits from ``Bhadra``, the god ``Saima`` beside
      ``Sama``, or ``Asturian``/``Constantini``/``Livoniae`` beside
      ``Asturias``/``Constantine``/``Livonia``); a long word in no list may
      slip in its first or last letter or a doubled consonant (see
      :func:`_long_slip`);
    * neighbours that spell out a whole name of the entity in order
      (``Younis Khan`` is not ``Khan Yunis``, ``Dal Bahadur`` is not ``Lal
      Bahadur Nagar``), unless the document names another word much like
      this one (``Gudzar Khan`` beside ``Gujar Khan``);
    * for seven or more letters in no word list, two edits from a place the
      document names, with the same first letter (``Kubenertes``, ``Porltand``);
    * for six or more letters, the entity named in full at least twice.
    """
    word = tok.folded
    word_zipf = _zipf(word)
    target = _fold(best.cand.spelling)
    # A long word in no list slips in any letter: the first ("Luetooth") or the last ("Microsof").
    slip = word_zipf == 0 and not _is_foreign_word(word) and _long_slip(word, target)
    if (best.mentions and best.cand.distance <= 1 and word_zipf < _NAMED_TYPO_ZIPF
            and (_same_start(word, target) or slip)
            and word[:-1] != target[:-1]
            and (word_zipf == 0 or target in doc.index.surfaces_folded
                 and not any(n.cap and not n.initial for n in doc.neighbours(i)))
            and (len(word) >= 5 and not _derived(word, target) or _short_dropped_double(word, target) or slip)
            and (word_zipf == 0 or len(target) >= 6 or best.cand.distance < 1)):  # the god "Saima" beside "Sama"
        return True
    if len(word) < 5 or best.cand.distance < 1 or word_zipf >= 2.0:
        return False
    if best.completes and not _names_another_like(word, target, doc):
        for surface in gazetteer[best.entity].surfaces:
            words = [_fold(w) for w in TOKEN_RE.findall(surface)]
            if target in words and doc.spells(i, words.index(target), words):
                return True
    if (best.mentions and len(word) >= _TWO_EDIT_LENGTH and best.cand.distance <= 2 and word_zipf == 0
            and _same_start(word, target) and not _derived(word, target) and not _is_foreign_word(word)):
        return True  # a long word two edits off a name the document names ("Fahrenheight", "Adeilade")
    return best.mentions >= 2 and len(word) >= 6


def _names_another_like(word: str, target: str, doc: _Document) -> bool:
    """Whether the document names a word much like ``word`` other than
    ``target`` (``Gujar`` for ``Gudzar``, read as ``Gulzar``): the neighbours
    spelling out ``target``'s name are then no evidence."""
    return bool(doc.attested) and any(doc.attested[j] != target for _, _, j in process.extract(
        translit_key(word), doc.attested_keys, scorer=Levenshtein.normalized_similarity, limit=3,
        score_cutoff=_OTHER_NAME_SIMILARITY))


def _same_start(word: str, name: str) -> bool:
    """The same first letter, up to transliteration (``Sionist``/``Zionist``)."""
    return word[:1] == name[:1] or translit_key(word)[:1] == translit_key(name)[:1]


def _long_slip(word: str, name: str) -> bool:
    """A slip that only a long word survives: in eight or more letters, one
    edit that changes, drops or adds the first letter (``Luetooth``,
    ``Ubernetes``); in seven or more, the name without its last consonant
    (``Microsof``; ``Bratislav`` is a name of its own, as a Slavic name
    without its ``-a`` often is) or with a consonant doubled or undoubled
    (``Americanss``).

    >>> _long_slip("luetooth", "bluetooth"), _long_slip("microsof", "microsoft"), _long_slip("asturian", "asturias")
    (True, True, False)
    >>> _long_slip("bratislav", "bratislava")
    False
    """
    if len(word) < _NO_EVIDENCE_MIN_LENGTH:
        return False
    if word[1:] == name[1:] or word == name[1:] or word[1:] == name:
        return len(word) >= _NO_EVIDENCE_MIN_LENGTH + 1
    return word == name[:-1] and name[-1] not in "aeiouy" or _double_typo(word, name)


def _derived(word: str, name: str) -> bool:
    """``Lankan``/``Lanka``, ``Italians``/``Italian``, ``Kuznetsova``/``Kuznetsov``:
    one word is the other plus a few letters, a derived form rather than a typo."""
    short, long = sorted((word, name), key=len)
    return long.startswith(short) and len(long) - len(short) <= 4


def _inflected(word: str, name: str, doc: _Document) -> bool:
    """A derived form that is still a misspelling of a name the document uses:
    one or two letters more or fewer (``Balasor``, ``Multano``), in no word
    list, and not an English plural or possessive."""
    return (doc.cap_counts.get(name, 0) > 0 and abs(len(word) - len(name)) <= 2
            and not word.endswith("s") and _zipf(word) == 0)


def _max_distance_with_evidence(length: int) -> float:
    """How far a word may be from a name the document uses: one edit (plus
    a transliteration) up to 5 letters, two up to 8, three from 9."""
    return 1.5 if length <= 5 else 2.0 if length < 9 else 3.0


def _short_dropped_double(word: str, name: str) -> bool:
    """``Bon`` for ``Bonn``, ``Hil`` for ``Hill``: a name of at most five
    letters written with one letter of its double.

    >>> _short_dropped_double("bon", "bonn"), _short_dropped_double("dan", "dar")
    (True, False)
    """
    return (len(name) <= 5 and len(name) == len(word) + 1
            and _double_typo(word, name))


def _real_word_fix_ok(i: int, tok: _Token, best: _Reading, doc: _Document) -> bool:
    """A real word (``Dan``) is a typo of the name only if everything agrees."""
    if best.completes:
        return True
    # Two mentions of the name; one for a short name that lost a doubled letter ("Bon" for "Bonn").
    needed = 1 if _short_dropped_double(tok.folded, _fold(best.cand.spelling)) else 2
    if tok.initial or best.cand.distance > 1 or best.count < needed:
        return False
    if doc.cap_counts.get(tok.folded, 0) != 1 or tok.folded in doc.lower_words:
        return False
    # "Dan Brown": part of another capitalised name ("Later Dan": a capital
    # that only starts the sentence does not count).
    return not any(n.cap and not (n.initial and _zipf(n.folded) >= 3.5)
                   for n in doc.neighbours(i))


def _edit(tok: _Token, reading: _Reading, doc: _Document, gazetteer: Gazetteer,
          rule: str, confidence: float) -> Edit:
    cand = reading.cand
    target = doc.spelling.get(_fold(cand.spelling), cand.spelling)
    replacement = _match_case(tok.word, target, doc.index)
    entity = gazetteer[reading.entity]
    if cand.distance == 0.5:
        how = "a transliteration of"
    elif cand.distance != int(cand.distance):
        n = int(cand.distance)
        how = f"transliteration and {n} edit{'s' * (n != 1)} from"
    else:
        n = int(cand.distance)
        how = f"{n} edit{'s' * (n != 1)} from"
    parts = [f"{tok.word}→{replacement}: {how} {entity.name!r} ({entity.kind})"]
    if reading.completes:
        parts.append(f"next to {reading.completes!r}")
    if reading.word_count:
        parts.append(f"{target!r} occurs {reading.word_count}× in this document")
    elif reading.mentions:
        parts.append(f"{entity.name!r} is named {reading.mentions}× in this document")
    if not reading.evidence:
        parts.append("not an English word; no other name as close")
    return Edit(tok.start, tok.end, replacement, "name", rule, confidence, "; ".join(parts))


def _stutter_edit(tok: _Token, gazetteer: Gazetteer, doc: _Document) -> Edit | None:
    """``Pakhtunkhwahwa`` → ``Pakhtunkhwa``: a name followed by a repeat of its own tail.

    A whole name said twice (``Rajaraja``) is reduplication, and one or two
    letters again (``Khasas``, ``Donana``) an ending, not stutter; a
    general-list place (``Hala``) counts only if the document names it
    elsewhere, since ``Halalal`` may be a name of its own.
    """
    index = gazetteer.index
    f = tok.folded
    if len(f) != len(tok.word):
        return None
    for p in range(len(f) - 2, 3, -1):
        wid = index.word_ids.get(f[:p])
        if wid is None:
            continue
        rest = f[p:]
        for k in range(2, min(p, len(rest), 8) + 1):
            tail = f[p - k:p]
            if (tail * (len(rest) // k + 1))[:len(rest)] == rest:
                if k == p or len(rest) < 3 or (all(gazetteer.is_open_world(e) for e in index.word_entities[wid])
                              and not doc.cap_counts.get(f[:p], 0)):
                    return None
                spelling = index.spellings[wid]
                return Edit(tok.start, tok.end, _match_case(tok.word, spelling, index), "name", "name.stutter", 0.9,
                            f"{tok.word}→{spelling}: the name {spelling!r} followed by a repeat of its "
                            f"ending {tail!r} (MT stutter)")
        return None
    return None


def _match_case(word: str, spelling: str, index: _Index) -> str:
    """The gazetteer's ``spelling`` as the replacement for ``word``: exactly
    as the gazetteer writes it (a lower-case name part is an error too), in
    capitals for a word in capitals, and without diacritics for a plain word
    only where the gazetteer also writes the name without them (``Zurich``)."""
    if word.isascii() and not spelling.isascii():
        spelled = index.accented.get(_fold(spelling), ())
        if spelled and spelled[-1].isascii():
            spelling = spelled[-1]
    if len(word) > 1 and word.isupper():
        return spelling.upper()
    return spelling


@once
def _english_words() -> frozenset[str]:
    # Words with zipf >= 3 (about 29k): a word one edit from these is more
    # likely a typo of the word than a variant of a name.
    return frozenset(top_n_list("en", 29000))


@functools.lru_cache(maxsize=1 << 16)
def _is_foreign_word(word: str) -> bool:
    if not (word.isascii() and word.isalpha()):
        return any(zipf_frequency(word, lang) >= _FOREIGN_WORD_ZIPF for lang in _OTHER_LANGUAGES)
    hashes = _foreign_word_hashes()
    h = zlib.crc32(word.encode("ascii"))
    i = bisect.bisect_left(hashes, h)
    return i < len(hashes) and hashes[i] == h


@once
def _foreign_word_hashes() -> array:
    """Sorted CRC-32s of the ASCII words in the wordfreq lists of ``_OTHER_LANGUAGES``
    at zipf ``_FOREIGN_WORD_ZIPF`` or more.

    Reading those lists costs seconds in every process (every CLI run and
    pipeline worker); the 2.3 million hashes load from the cache directory in
    milliseconds.  A collision can only make a word look foreign, which makes
    the stage abstain, never edit.
    """
    folder = cache_dir()
    spec = f"{','.join(_OTHER_LANGUAGES)}@{_FOREIGN_WORD_ZIPF}"
    tag = f"{metadata.version('wordfreq')}-{zlib.crc32(spec.encode()):08x}"
    path = folder / f"foreign-words-{tag}.u32" if folder is not None else None
    hashes = array("I")
    data = read_cache(path) if path is not None else None
    if data is not None and len(data) % hashes.itemsize == 0:
        hashes.frombytes(data)
        return hashes
    floor = 10 ** (_FOREIGN_WORD_ZIPF - 9)  # zipf = log10(frequency) + 9
    words: set[str] = set()
    for lang in _OTHER_LANGUAGES:
        words.update(w for w, freq in get_frequency_dict(lang).items()
                     if freq >= floor and w.isascii() and w.isalpha())
    hashes.extend(sorted({zlib.crc32(w.encode("ascii")) for w in words}))
    if path is not None:
        write_cache(path, hashes.tobytes())
    return hashes


def _other_ending(word: str, name: str) -> bool:
    """The two differ only in their last two letters (``Americus``/``Americas``)."""
    shared = len(os.path.commonprefix((word, name)))
    return shared >= min(len(word), len(name)) - 2


# English derivational endings: a word that trades one for another is another word.
_SUFFIXES = frozenset({"ism", "isms", "ist", "ists", "ian", "ians", "ic", "ics", "ical", "ite", "ites", "ese",
                       "an", "ans", "ine", "ity", "ize", "ise", "ish", "y", "ia", "ium"})


def _suffix_swap(word: str, name: str) -> bool:
    """``Judaist``/``Judaism``: the same stem with another English ending.

    >>> _suffix_swap("judaist", "judaism"), _suffix_swap("islamabd", "islamabad")
    (True, False)
    """
    shared = len(os.path.commonprefix((word, name)))
    return word != name and any(word[stem:] in _SUFFIXES and name[stem:] in _SUFFIXES
                                for stem in range(max(3, shared - 2), shared + 1))


def _letter_added(word: str, name: str) -> bool:
    """``word`` is ``name`` with one letter more, not a doubled consonant
    (``Bratman``/``Batman``; ``Carribean`` is a misspelling)."""
    return (len(word) == len(name) + 1 and Levenshtein.distance(word, name, score_cutoff=1) == 1
            and not _double_typo(word, name))


def _more_foreign_than_english(word: str, zipf: float) -> bool:
    """Whether another language writes ``word`` more often than ``zipf``, and
    above its lists' noise (``Balduin`` is German; ``Febuary`` is nobody's,
    ``Conneticut`` a typo in Swedish text too)."""
    return any(f > zipf and f >= _FOREIGN_WORD_ZIPF for f in (zipf_frequency(word, lang) for lang in _OTHER_LANGUAGES))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@functools.lru_cache(maxsize=1 << 16)
def _near_english_word(word: str, exclude: str) -> bool:
    """Whether ``word`` is one edit (or a swap) from a common English word."""
    words = _english_words()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        variants = []
        if b:
            variants.append(a + b[1:])
            variants.extend(a + c + b[1:] for c in _LETTERS)
        if len(b) > 1:
            variants.append(a + b[1] + b[0] + b[2:])
        variants.extend(a + c + b for c in _LETTERS)
        for v in variants:
            if v != word and v != exclude and v in words:
                return True
    return False
