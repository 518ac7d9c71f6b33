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

# Lines longer than this are cut at whitespace before fixing, so that the
# character alignment below stays cheap (its cost grows with piece length).
_MAX_PIECE = 2000


def encoding_edits(text: str) -> list[Edit]:
    """Edits that undo mojibake in ``text``; empty when there is none."""
    if text.isascii():
        return []
    edits: list[Edit] = []
    for start, piece in _pieces(text):
        if piece.isascii():
            continue
        fixed, steps = ftfy.fix_encoding_and_explain(piece, _FTFY_CONFIG)
        if fixed == piece:
            continue
        how = ", ".join(f"{op} {arg}" for op, arg in steps) or "re-decoded"
        for a_s, a_e, b_s, b_e in _changed_blocks(piece, fixed):
            before, after = piece[a_s:a_e], fixed[b_s:b_e]
            edits.append(Edit(
                start + a_s, start + a_e, after, kind="encoding", rule="encoding.mojibake",
                confidence=0.95, explanation=f"mojibake {before!r} -> {after!r} ({how})",
            ))
    return edits


def _pieces(text: str) -> list[tuple[int, str]]:
    """Lines of ``text`` (long ones cut at whitespace) with their offsets."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        while len(line) > _MAX_PIECE:
            cut = line.rfind(" ", _MAX_PIECE // 2, _MAX_PIECE)
            cut = _MAX_PIECE if cut < 0 else cut + 1
            pieces.append((pos, line[:cut]))
            pos += cut
            line = line[cut:]
        pieces.append((pos, line))
        pos += len(line)
    return pieces


def _changed_blocks(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Changed regions between ``a`` and ``b`` as (a_start, a_end, b_start, b_end).

    Each region is widened over neighbouring non-ASCII characters that the
    diff happened to keep (``Â£`` -> ``£`` keeps the ``£``), so an edit covers
    the whole mis-decoded sequence.
    """
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
