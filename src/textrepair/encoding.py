"""Mojibake repair with ftfy, reported as exact per-character edits.

ftfy's defaults also uncurl quotes, fold ligatures and widths, normalise line
breaks and more; here only its encoding detector runs, so text that is not
mojibake comes back byte-identical.

>>> [(e.start, e.end, e.replacement) for e in encoding_edits("The cafÃ© opened.")]
[(7, 9, 'é')]
>>> encoding_edits("“Curly” quotes — and ﬁ ligatures stay.")
[]
"""

from __future__ import annotations

import difflib

import ftfy

from .edits import Edit

# ftfy's encoding steps only: everything else stays as the author wrote it.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

# Lines longer than this are cut at whitespace before fixing, so that ftfy's
# per-segment work and the rare difflib fallback below stay bounded.
_MAX_PIECE = 2000


def encoding_edits(text: str, *, within: list[tuple[int, int]] | None = None) -> list[Edit]:
    """Edits that undo mojibake in ``text``; empty when there is none.

    With ``within``, only the lines that touch one of those sorted spans are
    looked at (the seams that a later stage made, see :func:`textrepair.repair`).

    >>> encoding_edits("关于".encode("utf-8").decode("latin-1"))[0].replacement   # holds U+0085
    '关于'
    """
    if text.isascii():
        return []
    edits: list[Edit] = []
    for start, piece in _pieces(text, within):
        if piece.isascii():
            continue
        fixed, steps = ftfy.fix_encoding_and_explain(piece, _FTFY_CONFIG)
        if fixed == piece:
            continue
        how = ", ".join(f"{op} {arg}" for op, arg in steps or ()) or "re-decoded"
        for a_s, a_e, b_s, b_e in _changed_blocks(piece, fixed):
            before, after = piece[a_s:a_e], fixed[b_s:b_e]
            edits.append(Edit(
                start + a_s, start + a_e, after, kind="encoding", rule="encoding.mojibake",
                confidence=0.95, explanation=f"mojibake {before!r} -> {after!r} ({how})",
            ))
    return edits


def _pieces(text: str, within: list[tuple[int, int]] | None = None) -> list[tuple[int, str]]:
    """Lines of ``text`` (long ones cut at whitespace) with their offsets.

    Lines end at a line feed only: U+0085, U+2028 and the other characters
    ``str.splitlines`` breaks at are bytes of mis-decoded UTF-8 as often as
    line breaks (``关`` read as Latin-1 is ``å``, U+0085, ``³``).
    """
    pieces: list[tuple[int, str]] = []
    pos = 0
    spans = iter(within or ())
    span = next(spans, None)
    for line in _lines(text):
        if within is not None:
            while span is not None and span[1] < pos:
                span = next(spans, None)
            if span is None:
                break
            if span[0] > pos + len(line):
                pos += len(line)
                continue
        while len(line) > _MAX_PIECE:
            cut = line.rfind(" ", _MAX_PIECE // 2, _MAX_PIECE)
            cut = _MAX_PIECE if cut < 0 else cut + 1
            pieces.append((pos, line[:cut]))
            pos += cut
            line = line[cut:]
        pieces.append((pos, line))
        pos += len(line)
    return pieces


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _changed_blocks(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Changed regions between ``a`` and its repair ``b`` as (a_start, a_end, b_start, b_end).

    Mis-decoded UTF-8 is made of non-ASCII characters only, and ftfy keeps
    ASCII as it is, so the two strings align on their ASCII characters: each
    run of non-ASCII characters in ``a`` pairs with the run at the same place
    in ``b``.  This is linear; where the ASCII does not line up (ftfy read a
    space as a mangled no-break space) the rest is aligned with difflib.
    """
    blocks: list[tuple[int, int, int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j] and a[i].isascii():
            i, j = i + 1, j + 1
            continue
        if a[i].isascii() and b[j].isascii():
            blocks += [(i + s, i + e, j + t, j + u) for s, e, t, u in _diff_blocks(a[i:], b[j:])]
            return _join_close(blocks)
        i2, j2 = i, j
        while i2 < len(a) and not a[i2].isascii():
            i2 += 1
        while j2 < len(b) and not b[j2].isascii():
            j2 += 1
        if a[i:i2] != b[j:j2]:
            blocks.append((i, i2, j, j2))
        i, j = i2, j2
    if i < len(a) or j < len(b):
        blocks.append((i, len(a), j, len(b)))
    return _join_close(blocks)


def _join_close(blocks: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Join changes one kept character apart: they are one mis-decoding
    (``Ã`` + a no-break space that was read as a space)."""
    joined: list[tuple[int, int, int, int]] = []
    for block in blocks:
        if joined and block[0] - joined[-1][1] <= 1:
            joined[-1] = (joined[-1][0], block[1], joined[-1][2], block[3])
        else:
            joined.append(block)
    return joined


def _diff_blocks(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """difflib's changed regions, widened over neighbouring non-ASCII characters
    that the diff happened to keep (``Â£`` -> ``£`` keeps the ``£``)."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    blocks: list[list[int]] = []
    for tag, a_s, a_e, b_s, b_e in ops:
        if tag == "equal":
            continue
        while a_s > 0 and b_s > 0 and not a[a_s - 1].isascii() and a[a_s - 1] == b[b_s - 1]:
            a_s, b_s = a_s - 1, b_s - 1
        while a_e < len(a) and b_e < len(b) and not a[a_e].isascii() and a[a_e] == b[b_e]:
            a_e, b_e = a_e + 1, b_e + 1
        if blocks and a_s <= blocks[-1][1]:
            blocks[-1][1], blocks[-1][3] = max(blocks[-1][1], a_e), max(blocks[-1][3], b_e)
        else:
            blocks.append([a_s, a_e, b_s, b_e])
    return [(a_s, a_e, b_s, b_e) for a_s, a_e, b_s, b_e in blocks]
