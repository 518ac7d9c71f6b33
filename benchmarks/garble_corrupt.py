"""Synthetic garble: corrupt fluent sentences the way literal or broken MT does.

Used to teach the garble combiner what the rare, visible cues (non-words,
untranslated particles, broken hyphenation, word-order slips, loop remnants,
truncation ...) are worth: the MLQE-PE data has too few of them to learn
their weights.  Deterministic for a given ``random.Random``.

>>> import random
>>> clean = "The committee approved the new budget on Tuesday."
>>> corrupt(clean, random.Random(1)) != clean
True
"""

from __future__ import annotations

import random
import re

_WORD = re.compile(r"[A-Za-z]+")
_FOREIGN = {"of": ["de", "del", "della"], "and": ["und", "și", "y"], "the": ["el", "der", "les"],
            "for": ["para", "pentru", "pour"], "with": ["avec", "mit", "con"], "that": ["che", "que", "dass"],
            "in": ["dans", "nel"], "is": ["est", "ist", "este"]}
_AUX = [("was", "were"), ("were", "was"), ("has", "have"), ("have", "has"), ("is", "are"), ("are", "is"),
        ("does", "do"), ("did not", "did not was")]


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _nonword(text: str, rng: random.Random) -> str | None:
    cands = [m for m in _words(text) if len(m.group()) >= 5 and m.group().islower()]
    if not cands:
        return None
    m = rng.choice(cands)
    w = list(m.group())
    i = rng.randrange(1, len(w) - 1)
    op = rng.randrange(4)
    if op == 0:
        del w[i]
    elif op == 1:
        w.insert(i, rng.choice("aeioulnrst"))
    elif op == 2:
        w[i] = rng.choice("aeioulnrst")
    else:
        w[i], w[i + 1] = w[i + 1], w[i]
    return text[:m.start()] + "".join(w) + text[m.end():]


def _untranslated(text: str, rng: random.Random) -> str | None:
    cands = [m for m in _words(text) if m.group() in _FOREIGN]
    if not cands:
        return None
    m = rng.choice(cands)
    return text[:m.start()] + rng.choice(_FOREIGN[m.group()]) + text[m.end():]


def _agreement(text: str, rng: random.Random) -> str | None:
    cands = [(m, new) for old, new in _AUX for m in re.finditer(rf"\b{old}\b", text)]
    if not cands:
        return None
    m, new = rng.choice(cands)
    return text[:m.start()] + new + text[m.end():]


def _swap(text: str, rng: random.Random) -> str | None:
    ws = _words(text)
    pairs = [(a, b) for a, b in zip(ws, ws[1:]) if text[a.end():b.start()] == " " and a.group().islower()
             and b.group().islower()]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return text[:a.start()] + b.group() + " " + a.group() + text[b.end():]


def _of_calque(text: str, rng: random.Random) -> str | None:
    ws = _words(text)
    pairs = [(a, b) for a, b in zip(ws, ws[1:]) if text[a.end():b.start()] == " " and a.group().islower()
             and b.group().islower() and len(a.group()) > 4 and len(b.group()) > 4]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return text[:a.start()] + f"{b.group()} of {a.group()}" + text[b.end():]


def _of_chain(text: str, rng: random.Random) -> str | None:
    """``of the law enforcement`` -> ``of enforcement of the law`` (a literal genitive chain)."""
    cands = list(re.finditer(r"\bof (?:the )?([a-z]{4,}) ([a-z]{4,})\b", text))
    if not cands:
        return None
    m = rng.choice(cands)
    return text[:m.start()] + f"of {m.group(2)} of the {m.group(1)}" + text[m.end():]


def _repeat(text: str, rng: random.Random) -> str | None:
    ws = _words(text)
    if len(ws) < 3:
        return None
    i = rng.randrange(len(ws) - 1)
    span = text[ws[i].start():ws[i + rng.randrange(2)].end()]
    return text[:ws[i].start()] + span + " " + text[ws[i].start():]


def _hyphen(text: str, rng: random.Random) -> str | None:
    hy = list(re.finditer(r"\b[a-z]+-[a-z]+", text))
    if hy:
        m = rng.choice(hy)
        return text[:m.start()] + m.group().replace("-", " -", 1) + text[m.end():]
    return None


def _quote(text: str, rng: random.Random) -> str | None:
    ws = _words(text)
    if not ws:
        return None
    m = rng.choice(ws)
    return text[:m.start()] + "“" + text[m.start():]


def _capital(text: str, rng: random.Random) -> str | None:
    cands = [m for m in _words(text)[1:] if m.group().islower() and len(m.group()) > 3]
    if not cands:
        return None
    m = rng.choice(cands)
    return text[:m.start()] + m.group().capitalize() + text[m.end():]


def _truncate(text: str, rng: random.Random) -> str | None:
    ws = _words(text)
    if len(ws) < 8:
        return None
    cut = ws[rng.randrange(len(ws) // 2, len(ws) - 1)]
    return text[:cut.end()]


def _speaker_after_verb(text: str, rng: random.Random) -> str | None:
    """``analysts say`` -> ``they say analysts`` (pro-drop source order kept)."""
    cands = list(re.finditer(r"\b([a-z]{3,}s) (say|said|believe|warn|added|explained)\b", text))
    if not cands:
        return None
    m = rng.choice(cands)
    return text[:m.start()] + f"they {m.group(2)} {m.group(1)}" + text[m.end():]


def _drop_article(text: str, rng: random.Random) -> str | None:
    cands = [m for m in re.finditer(r"\b(?:the|a|an) ", text)]
    if not cands:
        return None
    m = rng.choice(cands)
    return text[:m.start()] + text[m.end():]


# Damage a reader sees at once; the garble stage's "visible" head learns from these only.
VISIBLE = (_nonword, _nonword, _untranslated, _agreement, _agreement, _repeat, _hyphen, _quote, _capital,
           _truncate, _speaker_after_verb, _speaker_after_verb, _of_chain, _of_chain)
# Plus subtler damage (benchmark only): swapped words, a "b of a" genitive, a dropped article.
CORRUPTIONS = VISIBLE + (_swap, _swap, _of_calque, _drop_article)


def leave_untranslated(text: str, source: str, rng: random.Random) -> str:
    """MT that gave up part way: the English start, then the rest of the source sentence as it was."""
    words, src = text.split(), source.split()
    if len(words) < 4 or len(src) < 4:
        return source
    cut = rng.randrange(len(words) // 4, 3 * len(words) // 4)
    return " ".join(words[:cut] + src[cut * len(src) // len(words):])


def corrupt(text: str, rng: random.Random, *, max_edits: int = 3, kinds: tuple = CORRUPTIONS) -> str:
    """``text`` with 1..max_edits random MT-like corruptions of ``kinds`` (one at least, when any applies)."""
    n = rng.randint(1, max_edits)
    done = 0
    for _ in range(4 * n):
        new = rng.choice(kinds)(text, rng)
        if new is not None and new != text:
            text = new
            done += 1
            if done == n:
                break
    return text
