"""Cheap, explainable per-sentence cues of garbled machine translation.

Each detector looks at the tokens of one sentence and returns the evidence
it found as ``(reason, weight)`` pairs or counts; :mod:`textrepair.garble`
turns them into features and a score.  Everything here is linear in the
sentence length.

>>> toks = tokenize("Since the Taliban Tok Control or Afghanistan, the US withdrews troops.")
>>> [t.text for t in toks][:5]
['Since', 'the', 'Taliban', 'Tok', 'Control']
>>> non_words(toks, frozenset())
['withdrews']
>>> agreement("He did not was there.")
['did not was']
"""

from __future__ import annotations

import functools
import gzip
from typing import TYPE_CHECKING, NamedTuple

import regex

if TYPE_CHECKING:
    from .lm import WordBigrams

# A word (letters with inner apostrophes/hyphens), a number, or one symbol.
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*|\p{N}+(?:[.,:]\p{N}+)*|[^\s\p{L}\p{N}]")
_LATIN = regex.compile(r"^[\p{Latin}\p{M}'’]+$")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(sentence: str) -> list[Token]:
    """Words, numbers and single symbols with their offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


@functools.lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """wordfreq's English word -> frequency table (loaded once)."""
    import wordfreq

    return wordfreq.get_frequency_dict("en")


def is_word(tok: str) -> bool:
    return tok[:1].isalpha()


def is_lower_word(tok: str) -> bool:
    return tok[:1].isalpha() and tok.islower()


def non_words(tokens: list[Token], document_words: frozenset[str]) -> list[str]:
    """Lowercase words unknown to English (not names: names are capitalised).

    A word the document repeats is a term of that document, not a typo.
    """
    freq = english_frequencies()
    out = []
    for i, t in enumerate(tokens):
        w = t.text
        if w in freq or len(w) < 3 or not w.islower() or not w[:1].isalpha():
            continue
        w = w.replace("’", "'")
        if (w not in freq and w not in document_words and w.split("'")[0] not in freq and _LATIN.match(w)
                and not _in_address(tokens, i) and not _derived(w, freq)):
            out.append(t.text)
    return out


_PREFIXES = ("un", "re", "non", "co", "self", "over", "under", "multi", "anti", "pre", "post", "inter", "counter",
             "semi", "mis")


def _derived(word: str, freq: dict[str, float]) -> bool:
    """A regular formation from known words: a prefix on a common word (``undeflected``) or a
    compound of two different common words (``carsickness``).

    >>> _derived("undeflected", english_frequencies()), _derived("politicianspoliticians", english_frequencies())
    (True, False)
    """
    if len(word) > 30:  # bounded work per word, whatever the input
        return False
    for p in _PREFIXES:
        if word.startswith(p) and freq.get(word[len(p):], 0.0) >= 1e-6 and len(word) - len(p) >= 4:
            return True
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        if head != tail and freq.get(head, 0.0) >= 1e-5 and freq.get(tail, 0.0) >= 1e-5:
            return True
    return False


def _in_address(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` is glued to a dot, slash or @ joining it to more text (``visa.visitsaudi.com``)."""
    t = tokens[i]
    before = i > 0 and tokens[i - 1].end == t.start and tokens[i - 1].text in "./@"
    after = (i + 2 < len(tokens) and tokens[i + 1].start == t.end and tokens[i + 1].text in "./@"
             and tokens[i + 2].start == tokens[i + 1].end)
    return before or after


def rare_words(tokens: list[Token]) -> int:
    """How many lowercase words are known but rare (zipf < 3)."""
    freq = english_frequencies()
    return sum(1 for t in tokens if 0 < freq.get(t.text, 0) < 1e-6 and is_lower_word(t.text))


# Very frequent function words of common MT source languages that are not
# English words; a word shared by several languages names the first.
FOREIGN_FUNCTION_WORDS: dict[str, str] = {
    w: lang
    for lang, words in reversed(list({
        "es": "de del los las una por para pero porque cuando donde muy también más está están fue esta este "
              "estos como",
        "fr": "les des une avec sans dans mais parce quand où très aussi sont été être ont avait cette leur qui",
        "de": "der das dem ein eine einer und oder nicht mit zu für auf ist sind wird wurde auch aber wenn dass sich "
              "nach bei aus",
        "it": "il della delle degli nel nella che sono anche perché molto",
        "pt": "uma pelo pela não são também muito",
        "ro": "și sau pentru într între este sunt fost că această acest unei unui",
        "et": "ning kui või",
        "ru": "chto eto dlya ili uzhe",
    }.items()))
    for w in words.split()
}


def untranslated(tokens: list[Token]) -> list[tuple[str, str]]:
    """Foreign function words and non-Latin-script words: ``(word, language or script)``.

    A lowercase particle inside a name (``Charles de Gaulle``) still counts:
    the learned weight of this cue is small, and it only shows in reasons of
    sentences that other cues already make suspicious.
    """
    out = []
    for t in tokens:
        w = t.text
        if not w[:1].isalpha():
            continue
        lang = FOREIGN_FUNCTION_WORDS.get(w) if w.islower() else None
        if lang:
            out.append((w, lang))
        elif not w.isascii() and not _LATIN.match(w):  # ASCII letters are Latin script
            script = _script_name(w)
            if script:
                out.append((w, script))
    return out


_SCRIPTS = ("Cyrillic", "Devanagari", "Sinhala", "Han", "Arabic", "Greek", "Hangul", "Hiragana", "Katakana",
            "Thai", "Khmer", "Tamil", "Bengali", "Hebrew", "Armenian", "Georgian")
_SCRIPT_RES = [(s, regex.compile(rf"\p{{{s}}}")) for s in _SCRIPTS]


def _script_name(word: str) -> str | None:
    for name, pattern in _SCRIPT_RES:
        if pattern.search(word):
            return name
    return None


# -- literal-translation patterns --------------------------------------------
# Each pattern is bounded (no nested quantifiers over unbounded input).
_AGREEMENT = regex.compile(
    r"\b(?:(?:(?:did|does|do) not|didn't|doesn't|don't) (?:was|were|is|are|been|has|had|went|did|made)"
    r"|(?:he|she) (?:have|are)|(?:they|we) (?:has|is|was|does)"
    r"|there (?:is|was) (?:many|several|two|three|four|five) )\b",
    regex.IGNORECASE)
_WORD_ORDER = regex.compile(
    r"\b(?:they|he|she|we) (?:say|says|said|explain|explains|explained|add|adds|added|affirm|affirms|affirmed"
    r"|indicate|indicates|indicated|believe|believes|believed|warn|warns|warned) (?:the )?"
    r"(?!always|perhaps|unless|across|sometimes|nevertheless)\p{Ll}{4,}s\b",
    regex.IGNORECASE)
# Grammar slips of literal MT that fluent English does not make: Spanish
# negation ("no could"), "for to", "more of two".
_GRAMMAR = regex.compile(
    r"\b(?i:no) (?:could|can(?! do)|was|is|has|have|will|should|would|did|does|must|might)\b"
    r"|\b(?i:for) to \p{Ll}{2,}"
    r"|\b(?i:more) of (?:\d|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\w*")
# An adjective after its noun ("the team local", "a species new of frog", "the
# crisis economic."): English puts these before the noun; at the end of a
# phrase they are Romance word order.
_PREPOSED = ("local national international economic political social tropical torrential important main major "
             "military foreign financial historical historic human public private young large little strong new "
             "old big small great last previous regional municipal civil global technical sanitary presidential "
             "annual monthly daily").split()
_NOT_NOUNS = frozenset(_PREPOSED + ("very most more less least same only first second third one ones other another "
                                    "such whole own entire real true full best worst next former latter top good bad "
                                    "high low long short few many much several various certain brand all each every "
                                    "any some no the this that these those its their his her our are is was were be "
                                    "will would can could has have had then than").split())
_POSTPOSED = regex.compile(
    r"\b(?:the|a|an|this|that|these|those|its|their|his|her|our) (\p{Ll}{3,}) (" + "|".join(_PREPOSED) + r")"
    r"(?=\s*[.,;:!?]|\s*$| (?:of|in|on|for|with|at|from|by|that|which|and|or|was|is|were|are|has|have|had|will"
    r"|would|\p{Ll}+ed)\b)")
# "a match very disputed": "very" straight after a noun.
_NOUN_VERY = regex.compile(r"\b(?:the|a|an) (\p{Ll}{3,}) very (?!much\b|\p{Ll}+ly\b)\p{Ll}{3,}")
# "Is important that …", "Was expected …": Romance impersonal verbs without "it".
_NO_SUBJECT = regex.compile(
    r"^[\"“‘(]?(?:Is|Was|Are|Were) (?:important|necessary|possible|impossible|expected|likely|unlikely|clear"
    r"|known|believed|estimated|probable|difficult|easy|true|evident|needed|worth|essential|fundamental|urgent"
    r"|convenient|foreseen|planned|scheduled)\b")
_OF_CHAIN = regex.compile(r"\b(\p{Ll}+) of (\p{Ll}+[^s\W]) of (?:the |a |an )(\p{Ll}+)")
_OF_OK = frozenset("all some each many one none most any both part much few several lots kind sort type "
                   "number rest out because instead course terms front top end side behind ahead".split())


def agreement(sentence: str) -> list[str]:
    """Agreement and grammar slips typical of literal MT.

    >>> agreement("He did not was there, and more of two men no could help.")
    ['did not was', 'more of two', 'no could']
    """
    hits = [(m.start(), m.group()) for m in _AGREEMENT.finditer(sentence)]
    hits += [(m.start(), m.group()) for m in _GRAMMAR.finditer(sentence)]
    return [h for _, h in sorted(hits)]


def word_order(sentence: str, bigrams: WordBigrams | None = None) -> list[str]:
    """Source-language order kept in English.

    With ``bigrams``, a noun-adjective pair counts only when English writes
    the adjective first far more often (``local team`` over ``team local``;
    not ``general public``, where ``general`` is no noun).

    >>> word_order("The trip, they say analysts, shows a species new of frog in a match very disputed.")
    ['they say analysts', 'species new', 'match very disputed']
    """
    hits = [(m.start(), m.group()) for m in _WORD_ORDER.finditer(sentence)]
    hits += [(m.start(1), f"{m.group(1)} {m.group(2)}") for m in _POSTPOSED.finditer(sentence)
             if m.group(1) not in _NOT_NOUNS and not m.group(1).endswith("ly")
             and (bigrams is None or _usual_order(bigrams, m.group(2), m.group(1)))]
    hits += [(m.start(1), m.group()[m.start(1) - m.start():]) for m in _NOUN_VERY.finditer(sentence)
             if m.group(1) not in _NOT_NOUNS]
    return [h for _, h in sorted(hits)]


def _usual_order(bigrams: WordBigrams, first: str, second: str) -> bool:
    """Whether English writes ``first second`` far more often than ``second first``."""
    usual = bigrams.log_count(first, second)
    if usual is None:
        return False
    reverse = bigrams.log_count(second, first)
    return reverse is None or usual - reverse >= 2.0


def missing_subject(sentence: str) -> list[str]:
    """A statement that starts with its verb (``Is important that …``).

    >>> missing_subject("Is important to say that the measures will apply.")
    ['Is important']
    >>> missing_subject("Is it important?")
    []
    """
    m = _NO_SUBJECT.search(sentence.lstrip())
    return [m.group().lstrip("\"“‘(")] if m and not sentence.rstrip().endswith("?") else []


# -- number agreement and verb-first statements (read against the Google-Books bigram counts) ------------------
_PLURAL_DETERMINERS = frozenset("these those many several various few numerous".split())  # not "both X and Y"
_SINGULAR_DETERMINERS = frozenset("a an this each every another".split())
# Words that end a noun phrase: the word before one is the phrase's head noun, not an adjective.
_PHRASE_END = frozenset("of in on at for to with from by and or but that which who is are was were has have had "
                        "will would can could should may might must about into over under after before during as "
                        "than through across".split())
_PEOPLE_ADJECTIVES = frozenset("dead poor rich free elderly wounded injured unemployed sick accused living "
                               "deceased disabled faithful".split())
# Their spellings in running text and at a sentence start ("A shares" is a name: capital "A" is left out).
_DETERMINER_FORMS = frozenset(w for d in _PLURAL_DETERMINERS | _SINGULAR_DETERMINERS for w in (d, d.capitalize())
                              if w != "A")
_AUXILIARIES = frozenset("is are was were has have had will would can could should may might must".split())
# Words in -s that are singular (``a crisis``, ``a famous``, ``a news``, ``a physics``, ``a census``).
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics", "ws", "ies")
_VERB_NUMBER = {"is": "are", "are": "is", "was": "were", "were": "was", "has": "have", "have": "has"}
_SUBJECT_DETERMINERS = frozenset("the these those this that our their his her its my your".split())
# A word before the subject's determiner that makes the noun no subject ("one of the problems is", "the man in
# the houses was", "the funds used to buy back the shares was", "the man who sold the cars was"); "that" right
# before the determiner introduces a clause ("said that the people was").
_NOT_SUBJECT = frozenset("""of in on at for with from by among between which who that what where when if to along
about under over across through into onto within without behind around near against per like than via toward
towards during after before since until beyond inside outside upon as below above beneath""".split())
# Nats by which English must prefer the other number: after a determiner (e^3.5, thirty times as often), and
# after a subject noun, where collective nouns take either (``the government are`` is British English: 2.4).
DETERMINER_MARGIN = 3.5
VERB_MARGIN = 2.5


def _plurals(word: str) -> tuple[str, ...]:
    if word.endswith(("sh", "ch", "x", "z")):
        return (word + "es",)
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return (word[:-1] + "ies",)
    return (word + "s",)


def _singulars(word: str) -> tuple[str, ...]:
    if word.endswith("ies"):
        return (word[:-3] + "y", word[:-1])
    if word.endswith("es"):
        return (word[:-2], word[:-1])
    return (word[:-1],)


def _number_mismatch(bigrams: WordBigrams, det: str, written: str, others: tuple[str, ...]) -> bool:
    """Whether English writes ``det`` before one of ``others`` (the noun in the other number) far more often
    than before ``written``.  When it writes neither after ``det`` (the bigram table keeps frequent pairs only),
    back off to the nouns alone: the other number written after ``the`` and common beside
    ``written`` (``aircrafts`` is rare beside ``aircraft``: invariant), and a singular after a plural
    determiner no adjective (``those present``)."""
    freq = english_frequencies()
    dets = ("a", "an") if det in ("a", "an") else (det,)
    here = max((v for d in dets if (v := bigrams.log_count(d, written)) is not None), default=None)
    there = max((v for d in dets for o in others if freq.get(o, 0.0) >= 1e-6
                 and (v := bigrams.log_count(d, o)) is not None), default=None)
    if there is not None:
        return here is None or there - here >= DETERMINER_MARGIN
    if here is not None:
        return False
    plural_det = det in _PLURAL_DETERMINERS
    if plural_det and not _noun(bigrams, written):
        return False
    floor = max(1e-6, 0.05 * freq.get(written, 0.0))
    return any(bigrams.log_count("the", o) is not None and freq.get(o, 0.0) >= floor for o in others)


def _noun(bigrams: WordBigrams, word: str) -> bool:
    """A word English writes after ``the`` but never after ``is`` or ``very`` (a noun, not an adjective)."""
    return (bigrams.log_count("the", word) is not None and bigrams.log_count("is", word) is None
            and bigrams.log_count("very", word) is None)


def number_agreement(texts: list[str], bigrams: WordBigrams) -> list[str]:
    """A determiner or a verb whose number disagrees with its noun (``these problem``, ``a informations``,
    ``the people was``), where English writes the other number far more often after the same word.

    >>> from textrepair.lm import word_bigrams
    >>> def words(sentence): return [t.text for t in tokenize(sentence)]
    >>> number_agreement(words("We saw these problem, and the people was tired."), word_bigrams())
    ['these problem', 'the people was']
    >>> number_agreement(words("Each students must read a informations about it."), word_bigrams())
    ['Each students', 'a informations']
    >>> number_agreement(words("This results in a crisis; each of the members is here, the government are."),
    ...                  word_bigrams())
    []
    """
    hits = []
    # Most sentences hold no determiner or verb of interest: look only where one stands.
    for i in ([i for i, w in enumerate(texts[:-2]) if w in _DETERMINER_FORMS]
              if not _DETERMINER_FORMS.isdisjoint(texts) else ()):
        det, noun, after = texts[i], texts[i + 1], texts[i + 2]
        low = det.lower()
        if (not (noun.isalpha() and noun.islower() and len(noun) >= 3) or noun.endswith("ing")
                or after in ("-", "–")):  # "many post-war"
            continue
        if low in _PLURAL_DETERMINERS and not noun.endswith("s"):
            # the noun must end the phrase; before another word it may be an adjective ("these new rules")
            if (not after[:1].isalpha() or after.lower() in _PHRASE_END) and _number_mismatch(
                    bigrams, low, noun, _plurals(noun)):
                hits.append(f"{det} {noun}")
        elif (low in _SINGULAR_DETERMINERS and noun.endswith("s") and not noun.endswith(_SINGULAR_ENDINGS)
              # a plural before another noun is attributive ("a customs officer", "a weapons system")
              and (not after[:1].isalpha() or after.lower() in _PHRASE_END)
              and all(bigrams.log_count(w, noun) is None for w in ("it", "he", "she", "also"))  # no verb
              # "this", "each", "another" are pronouns too ("This contrasts with"): a noun ends their phrase
              and (low in ("a", "an", "every") or not after[:1].isalpha() or after in _AUXILIARIES)):
            if _number_mismatch(bigrams, low, noun, _singulars(noun)):
                hits.append(f"{det} {noun}")
    for i in ([i for i, w in enumerate(texts[2:], 1) if w in _VERB_NUMBER]
              if not _VERB_NUMBER.keys().isdisjoint(texts) else ()):
        det, noun, verb = texts[i - 1].lower(), texts[i], texts[i + 1]
        if (det not in _SUBJECT_DETERMINERS or not noun.isalpha() or not noun.islower() or len(noun) < 3
                or noun in _NOT_NOUNS or noun in _PEOPLE_ADJECTIVES  # "the young are", "the latter were"
                or any(w.lower() in _NOT_SUBJECT
                       for w in texts[max(0, i - 6):i - 1 - (texts[i - 2:i - 1] == ["that"])])):
            continue
        there, here = bigrams.log_count(noun, _VERB_NUMBER[verb]), bigrams.log_count(noun, verb)
        if there is not None and (here is None or there - here >= VERB_MARGIN):
            hits.append(f"{texts[i - 1]} {noun} {verb}")
    return hits


_OBJECT_STARTS = frozenset("the a an its their his her our this these that and out up".split())
_INTRODUCTIONS = frozenset("By In At From On Since Before After Through During".split())
# Closed-class words that open sentences without being verbs ("All the", "And the", "Both the").
_NOT_VERBS = frozenset("""all and both also just that this these those then so but or yet only even as not now here
there when while since after before first in for of on at to with from by into about""".split())


def verb_first(texts: list[str], bigrams: WordBigrams) -> list[str]:
    """A statement whose first word is its verb: no subject (``Quickly built the bridge``, ``By May,
    finish the survey``), as literal MT of pro-drop languages writes it.

    A past form counts when English writes it after ``he``, ``they``, ``has`` or ``have``, and only before
    an object or ``and`` (not an opening participle: ``Founded in 1990, …``, ``Compared to …``); a base
    form only after a time frame (an imperative is English: ``Take a seat``), when English writes it after
    ``to`` and ``will`` more than after ``the`` (a verb, not a noun).

    >>> from textrepair.lm import word_bigrams
    >>> def words(sentence): return [t.text for t in tokenize(sentence)]
    >>> verb_first(words("Quickly built the bridge and opened the road."), word_bigrams())
    ['Quickly built the']
    >>> verb_first(words("By next May, expand the clinics and improve the roads."), word_bigrams())
    ['expand the']
    >>> verb_first(words("Founded in 1990, the firm grew; All the staff agreed."), word_bigrams())
    []
    >>> verb_first(words("Go and see the new bridge."), word_bigrams())
    []
    """
    from .lm import FUNCTION_WORDS  # lm imports this module

    i = 0
    framed = bool(texts) and texts[0] in _INTRODUCTIONS and "," in texts[:7]
    if framed:
        i = texts.index(",") + 1
    # an opening manner adverb ("Quickly"), not a name or an adjective in -ly ("Italy", "Silly")
    first = texts[0].lower() if texts else ""
    adverb = (not framed and len(texts) > 1 and first.endswith("ly") and texts[0][1:].islower()
              and first not in FUNCTION_WORDS and english_frequencies().get(first[:-2], 0.0) >= 1e-6  # quick-ly
              and all(bigrams.log_count(w, first) is None for w in ("the", "in")))  # "Early", "Italy"
    i += adverb
    if len(texts) - i < 4 or not texts[i].isalpha() or (i == 0 and not texts[i][:1].isupper()):
        return []
    word, nxt = texts[i].lower(), texts[i + 1].lower()
    if nxt not in _OBJECT_STARTS or word in _NOT_VERBS or word in FUNCTION_WORDS:
        return []
    if word.endswith("ed") or adverb:  # after an opening adverb any past form ("Quickly built the")
        verb = not word.endswith("s") and any(bigrams.log_count(w, word) is not None
                                              for w in ("he", "they", "has", "have"))
    else:
        after_to, after_will, after_the = (bigrams.log_count(w, word) for w in ("to", "will", "the"))
        # An imperative is English too ("Take a seat", "Go and see"): only one after a time frame ("By May,
        # expand the …") reads as a statement without subject.
        verb = (framed and after_to is not None and after_will is not None
                and (after_the is None or after_the < after_to - 2.0)
                and not word.endswith(("ing", "s")) and english_frequencies().get(word, 0.0) >= 1e-6)
    return [" ".join(texts[:i + 2]) if adverb else f"{texts[i]} {texts[i + 1]}"] if verb else []


def calques(sentence: str) -> list[str]:
    """``of X of the Y`` chains with a bare noun in the middle (``personnel of application of the law``)."""
    out = []
    for m in _OF_CHAIN.finditer(sentence):
        head, middle = m.group(1), m.group(2)
        if middle in _OF_OK or head in _OF_OK or len(middle) < 4:
            continue
        out.append(m.group()[len(head) + 1:])
    return out


# -- punctuation and layout ----------------------------------------------------
_SPACE_HYPHEN = regex.compile(r"\b\p{L}+ -\p{L}+")
_OPEN_Q, _CLOSE_Q = "“", "”"
_EMPTY_QUOTES = regex.compile(r'“\s*”|(?<![\p{L}\p{N}.,!?])""')


def unmatched_closing_quotes(paragraph: str) -> list[int]:
    """Offsets of closing quotation marks that close no quotation opened before them in the paragraph.

    A straight ``"`` opens or closes, whichever the quotation needs, and a
    curly ``”`` closes a straight opening (human translators mix them).  An
    opening mark never closed is no evidence: a quotation may run over
    several paragraphs, and a segment cut from a document may end inside one.

    >>> unmatched_closing_quotes('He said, “We will go. Then we rest.')
    []
    >>> unmatched_closing_quotes('He said we will go.” Then we rest. It was late.” The end.')
    [19, 47]
    """
    out = []
    inside = False
    for m in _QUOTE_MARK.finditer(paragraph):
        mark = m.group()
        if mark == _OPEN_Q:
            inside = True
        elif mark == _CLOSE_Q:
            if not inside:
                out.append(m.start())
            inside = False
        else:
            inside = not inside
    return out


_QUOTE_MARK = regex.compile(r'[“”"]')


def punctuation_anomalies(sentence: str, *, unmatched_quote: bool = False) -> list[str]:
    """Broken hyphenation, quotation marks that close nothing, empty quotes.

    ``unmatched_quote`` comes from the paragraph (see
    :func:`unmatched_closing_quotes`): quote balance is a property of the
    paragraph, never of one sentence.
    """
    out = [f'broken hyphenation: "{m.group()}"' for m in _SPACE_HYPHEN.finditer(sentence)]
    if unmatched_quote:
        out.append("unbalanced quotes")
    if _EMPTY_QUOTES.search(sentence):
        out.append("empty quotes")
    return out


# Words English doubles on purpose ("ha ha", "bye bye", "had had", "that that").
_DOUBLING_OK = frozenset("that had is ha bye no yes so knock tut blah bla now well there far more again very "
                         "chop hush pooh tsk ok okay yeah oh hey go".split())


def loop_remnants(tokens: list[Token]) -> int:
    """Immediate repeats of a common word or word pair (``people people``, ``or shocks or shocks``).

    Only repeats with nothing between them count: ``really, really`` and
    ``ding, ding, ding`` are emphasis, and reduplicated names (``ylang ylang``,
    ``Walla Walla``) are rare words.
    """
    freq = english_frequencies()
    # All-capital tokens are names and acronyms ("MAK MAK", a mascot), not looping words.
    words = [t.text.lower() if t.text[:1].isalpha() and not (t.text.isupper() and len(t.text) > 1) else None
             for t in tokens]
    n = 0
    for i in range(1, len(words)):
        w = words[i]
        if w is None or freq.get(w, 0.0) < 1e-6:
            continue
        if w == words[i - 1] and w not in _DOUBLING_OK:
            n += 1
        elif i >= 3 and w == words[i - 2] and words[i - 1] is not None and words[i - 1] == words[i - 3]:
            n += 1
    return n


def repeated_words(tokens: list[Token]) -> float:
    """Share of a sentence's content words that repeat an earlier one (hallucinated loops of NMT).

    >>> repeated_words(tokenize("The army, the army, the army of the army."))
    0.75
    """
    freq = english_frequencies()
    seen: set[str] = set()
    content = repeats = 0
    for t in tokens:
        w = t.text.lower()
        if not w[:1].isalpha() or freq.get(w, 0.0) >= 1e-3:  # skip function words
            continue
        content += 1
        repeats += w in seen
        seen.add(w)
    return repeats / content if content else 0.0


@functools.lru_cache(maxsize=1)
def lowercase_words() -> frozenset[str]:
    """Words that fluent English writes in lower case mid-sentence (never as names).

    Built by ``benchmarks/train_garble.py`` from the cased MLQE-PE post-edits:
    wordfreq folds case, so it cannot tell ``sharp`` from ``Pakistan``.
    """
    from importlib import resources

    blob = resources.files("textrepair").joinpath("data", "garble_lowercase.txt.gz").read_bytes()
    return frozenset(gzip.decompress(blob).decode("utf-8").split())


# Short words a title or a name keeps in lower case between its capitalised words.
_TITLE_JOINERS = frozenset("of the and for on to in a an at by with from de la van von".split())


def is_title_case(tokens: list[Token]) -> bool:
    """A headline or title written in title case: most longer words after the first are capitalised.

    >>> is_title_case(tokenize("Poland to Withdraw from the European Treaty on Violence against Women"))
    True
    >>> is_title_case(tokenize("Pakistan has witnessed a Sharp increase in attacks."))
    False
    """
    n = capitalised = 0
    for t in tokens[1:]:
        w = t.text
        if len(w) >= 4 and w[:1].isalpha():
            n += 1
            capitalised += w[:1].isupper()
    return n >= 2 and capitalised >= 0.6 * n


def _capitalised(tok: str) -> bool:
    return tok[:1].isupper()


def _in_capitalised_run(tokens: list[Token], i: int) -> bool:
    """Whether another capitalised word stands next to ``tokens[i]``, directly or across joiners
    (``Siem Reap``, ``Immigration and Asylum Law``, ``Anniversary of the Founding``)."""
    for step in (-1, 1):
        j = i + step
        joiners = 0
        while 0 <= j < len(tokens) and tokens[j].text.lower() in _TITLE_JOINERS and joiners < 2:
            j += step
            joiners += 1
        if 0 < j < len(tokens) and _capitalised(tokens[j].text):
            return True
    return False


def mid_sentence_capitals(tokens: list[Token], *, title: bool | None = None) -> list[str]:
    """A lone common word capitalised between lowercase words (``a Sharp increase``).

    Not in a title-case headline, and not inside a run of capitalised words:
    that is a name or a title (``the Siem Reap office``, ``the Measures for
    the Administration of …``).
    """
    if is_title_case(tokens) if title is None else title:
        return []
    common = lowercase_words()
    out = []
    for i in range(1, len(tokens) - 1):
        w = tokens[i].text
        if not (w[:1].isupper() and w[1:].islower() and len(w) > 2):
            continue
        nxt = tokens[i + 1].text
        if not is_lower_word(nxt) or w.lower() not in common:
            continue
        prev = tokens[i - 1].text
        if is_lower_word(prev) and prev not in ("the", "of") and not _in_capitalised_run(tokens, i):
            out.append(w)  # "the Senate", "of State" are titles
    return out


_TERMINAL = frozenset('.!?:;…"”’)]')
_DANGLING = frozenset("the a an of to and or but with from by for in on at as than that which whose "
                      "is are was were be been has have had will would can could should must its their his her "
                      "our your my this these those".split())


def truncated(tokens: list[Token]) -> bool:
    """A sentence that stops without final punctuation on a word that needs more after it.

    Headlines also lack a full stop, so the last word must dangle (``has
    cited``, ``of the``) for this to fire.
    """
    words = [t.text for t in tokens if is_word(t.text)]
    if len(words) < 5 or tokens[-1].text in _TERMINAL or not is_word(tokens[-1].text):
        return False
    last, before = words[-1].lower(), words[-2].lower()
    return last in _DANGLING or (before in _DANGLING and before not in ("the", "a", "an", "its", "their", "his",
                                                                        "her", "our", "your", "my", "this",
                                                                        "these", "those") and last.endswith("ed"))


# -- literal-translation frames ------------------------------------------------------------------------------
# Nouns of an event or a journey.  English names who made it ("Dar's visit", "the visit by the minister"); a
# gerund after "of" ("the visit of giving") or an object-less verb after "to" ("the trip to give,") is a
# source-language construction copied word for word.
_EVENT_NOUNS = ("visit visits trip trips journey tour meeting meetings arrival departure stay ceremony summit "
                "conference speech interview mission negotiations talks").split()
_NOT_GERUNDS = frozenset("""building meeting wedding morning evening opening funding training housing hearing
ending beginning planning offering warning ceiling spring string thing nothing something anything everything
king ring sibling during according including regarding concerning following pending bring sing swing sting
wing""".split())
_EVENT_OF_GERUND = regex.compile(r"\b(?:" + "|".join(_EVENT_NOUNS) + r") of (\p{Ll}{2,}ing)\b")
_TRANSITIVE = "give make take bring provide offer send hold put show tell deliver present sign".split()
_EVENT_TO_VERB = regex.compile(r"\b(?:" + "|".join(_EVENT_NOUNS) + r") to (?:" + "|".join(_TRANSITIVE)
                               + r")(?=\s*[,.;:!?)\"”]|\s*$)")


def event_frames(sentence: str) -> list[str]:
    """An event noun owned by a gerund or an object-less verb (``the meeting of signing``, ``a tour to make,``).

    >>> event_frames("Observers called the meeting of signing a success, and the tour to make, a failure.")
    ['meeting of signing', 'tour to make']
    >>> event_frames("The visit of the king and the trip to give thanks were planned; the cost of building rose.")
    []
    """
    hits = [(m.start(), m.group()) for m in _EVENT_OF_GERUND.finditer(sentence) if m.group(1) not in _NOT_GERUNDS]
    hits += [(m.start(), m.group()) for m in _EVENT_TO_VERB.finditer(sentence)]
    return [h for _, h in sorted(hits)]


# "tens of thousands", "hundreds of millions": a plural before "of thousands" that is no number word, straight
# after "of", is a mistranslated number ("the return of waves of thousands of refugees").
_QUANTITIES = frozenset("tens hundreds thousands millions billions dozens scores".split())
_BROKEN_FRAME = regex.compile(r"\bof (\p{Ll}{3,}s) of (?:thousands|millions|hundreds|billions) of\b")


def broken_frames(sentence: str) -> list[str]:
    """A fixed number frame broken by a mistranslated word (``of waves of thousands of``).

    >>> broken_frames("The eviction of waves of thousands of families began; tens of thousands fled.")
    ['waves of thousands']
    >>> broken_frames("The fate of hundreds of thousands of people and the homes of thousands of families.")
    []
    """
    return [m.group()[3:m.group().rfind(" of")] for m in _BROKEN_FRAME.finditer(sentence)
            if m.group(1) not in _QUANTITIES]


def is_headline(tokens: list[Token], *, title: bool | None = None) -> bool:
    """A title-case line, or a short one (at most 10 words) without final punctuation.

    >>> is_headline(tokenize("Security concerns after the vote")), is_headline(tokenize("He left."))
    (True, False)
    """
    if is_title_case(tokens) if title is None else title:
        return True
    return bool(tokens) and tokens[-1].text not in _TERMINAL and sum(1 for t in tokens if is_word(t.text)) <= 10


def misspelt_capitals(tokens: list[Token], *, title: bool | None = None) -> list[str]:
    """Capitalised words of a headline that are no English word but a common one with a letter dropped or
    two letters swapped (``Conerns`` for ``Concerns``).

    Names are capitalised too, so only a word within that one edit of a common word (zipf >= 4) that
    wordfreq does not know at all counts, and only in a headline (:func:`is_headline`): in running text
    only the first word is capitalised, and it is most often a name.

    >>> misspelt_capitals(tokenize("Securty Worries Grow After the Election"))
    ['Securty']
    >>> misspelt_capitals(tokenize("Boxiang Wang Visits Kabul"))
    []
    """
    if title is None:
        title = is_title_case(tokens)
    if not is_headline(tokens, title=title):
        return []
    freq = english_frequencies()
    out = []
    for i, t in enumerate(tokens):
        w = t.text
        if not (title or i == 0) or not (w[:1].isupper() and w[1:].islower()) or not 5 <= len(w) <= 20:
            continue
        low = w.lower()
        if low not in freq and w.isalpha() and _near_common_word(low, freq):
            out.append(w)
    return out


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _near_common_word(word: str, freq: dict[str, float]) -> bool:
    """Whether ``word`` is a common word with one letter dropped or two letters swapped.

    (Not a substituted or an added letter: names are often that close to a word, ``Boxiang``, ``Casera``.)
    """
    def common(w: str) -> bool:
        return freq.get(w, 0.0) >= 1e-5  # zipf 4
    for i in range(len(word) + 1):
        if i < len(word) - 1 and common(word[:i] + word[i + 1] + word[i] + word[i + 2:]):
            return True
        if any(common(word[:i] + c + word[i:]) for c in _LETTERS):
            return True
    return False
