"""The review report: one self-contained HTML page of a run's edits and flags.

:class:`HtmlReport` collects results while a run streams by.  It counts every
record and keeps only the ``limit`` worst ones: the highest flag score first,
then the most edits, then input order.  Memory stays bounded on any input.
:meth:`HtmlReport.render` makes one HTML string with no external resources.

Each record with an edit or a flag is shown line by line, as written.  Removed
text is struck through and replacements are inserted, coloured by kind.
Flagged passages are highlighted more strongly the higher their score.  Each
edit's rule and explanation, and each flag's score and reasons, appear on hover
and in the list beside the text.

Everything taken from the input is escaped.  The page's one script is fixed
code that reads only numbers and kind names from ``data-`` attributes, so no
input text ever reaches it.

>>> from textrepair import repair
>>> report = HtmlReport(limit=10)
>>> report.add("a.txt", repair("It was mucous mucous mucous mucous mucous, the doctor said."))
>>> page = report.render()
>>> 'id="record-1"' in page, "<del> mucous mucous mucous mucous</del>" in page
(True, True)
"""

from __future__ import annotations

import bisect
import heapq
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from .edits import EDIT_KINDS, Edit, Flag, RepairResult

DEFAULT_LIMIT = 2000
SCORE_BINS = 20
FLAG_KINDS: tuple[str, ...] = ("garble", "name")

# Unchanged text longer than this is shown by its two ends (megabyte lines stay readable).
_PLAIN_MAX = 1200
_PLAIN_KEEP = 500
# Removed text longer than this is shown by its two ends (a loop can be megabytes long).
_REMOVED_MAX = 600
_REMOVED_HEAD, _REMOVED_TAIL = 400, 100
_NOTE_QUOTE_MAX = 80

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One record of the run as the report shows it."""

    number: int        # 1-based position in the run; its anchor is ``#record-<number>``
    source: str        # where it came from: ``a.txt``, ``in.jsonl:12``
    original: str
    edits: tuple[Edit, ...]
    flags: tuple[Flag, ...]

    @property
    def worst(self) -> float:
        """The highest flag score, 0 without flags."""
        return max((f.score for f in self.flags), default=0.0)

    @property
    def rank(self) -> tuple[float, int, int]:
        """Higher is worse: the worst flag, then the number of edits, then the earlier record."""
        return (self.worst, len(self.edits), -self.number)


@dataclass
class Summary:
    """Counts over every record of the run, shown or not."""

    records: int = 0
    changed: int = 0
    flagged: int = 0
    with_findings: int = 0          # records with an edit or a flag
    edits_by_kind: Counter[str] = field(default_factory=Counter)
    edits_by_rule: Counter[str] = field(default_factory=Counter)
    flags_by_kind: Counter[str] = field(default_factory=Counter)
    score_bins: list[int] = field(default_factory=lambda: [0] * SCORE_BINS)

    def add(self, result: RepairResult) -> None:
        self.records += 1
        self.changed += result.changed
        self.flagged += bool(result.flags)
        self.with_findings += bool(result.edits or result.flags)
        for e in result.edits:
            self.edits_by_kind[e.kind] += 1
            self.edits_by_rule[e.rule] += 1
        for f in result.flags:
            self.flags_by_kind[f.kind] += 1
            self.score_bins[min(int(f.score * SCORE_BINS), SCORE_BINS - 1)] += 1


class HtmlReport:
    """Collects a run's results; :meth:`render` makes the page.

    >>> report = HtmlReport(limit=1)
    >>> from textrepair import RepairResult
    >>> report.add("x", RepairResult("fine", "fine"))
    >>> report.summary.records, report.records()
    (1, [])
    """

    def __init__(self, *, limit: int = DEFAULT_LIMIT, title: str = "textrepair report") -> None:
        if limit < 0:
            raise ValueError(f"limit must be at least 0, not {limit}")
        self.limit = limit
        self.title = title
        self.summary = Summary()
        self._worst: list[tuple[tuple[float, int, int], ReportRecord]] = []  # a min-heap by rank

    def add(self, source: str, result: RepairResult) -> None:
        """Count ``result``; keep it if it has an edit or a flag and ranks among the worst."""
        self.summary.add(result)
        if not (result.edits or result.flags) or self.limit == 0:
            return
        record = ReportRecord(self.summary.records, source, result.original, result.edits, result.flags)
        # Ranks are unique (the record number is part of them), so records are never compared.
        if len(self._worst) < self.limit:
            heapq.heappush(self._worst, (record.rank, record))
        elif record.rank > self._worst[0][0]:
            heapq.heapreplace(self._worst, (record.rank, record))

    def records(self) -> list[ReportRecord]:
        """The records kept, worst first."""
        return [record for _, record in sorted(self._worst, key=lambda item: item[0], reverse=True)]

    def render(self) -> str:
        return render_html(self.records(), self.summary, limit=self.limit, title=self.title)


def render_html(records: Sequence[ReportRecord], summary: Summary, *, limit: int, title: str) -> str:
    """The whole page: summary, filters, and ``records`` in the order given."""
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        # No network: the page may load nothing from anywhere, not even a favicon.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
        "<link rel=\"icon\" href=\"data:,\">\n",
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        _render_summary(records, summary, limit=limit, title=title),
        _FILTERS,
        "<main>\n",
        *(_render_record(r) for r in records),
        "</main>\n",
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n",
    ]
    # A lone surrogate (a "\ud800" escape in JSON input) cannot be written as UTF-8.
    return _LONE_SURROGATE.sub("\ufffd", "".join(parts))


# -- summary -----------------------------------------------------------------

def _render_summary(records: Sequence[ReportRecord], s: Summary, *, limit: int, title: str) -> str:
    def stat(ident: str, label: str, value: int) -> str:
        return f'<div class="stat"><dt>{label}</dt><dd id="{ident}">{value:,}</dd></div>'

    n_edits = sum(s.edits_by_kind.values())
    n_flags = sum(s.flags_by_kind.values())
    totals = "".join([
        stat("n-records", "records", s.records),
        stat("n-changed", "changed", s.changed),
        stat("n-flagged", "flagged", s.flagged),
        stat("n-edits", "edits", n_edits),
        stat("n-flags", "flags", n_flags),
    ])
    kinds = "".join(
        f'<tr class="k-{kind}"><th><span class="swatch"></span>{kind} edits</th>'
        f'<td id="n-edit-{kind}">{s.edits_by_kind[kind]:,}</td></tr>'
        for kind in EDIT_KINDS
    ) + "".join(
        f'<tr class="fk-{_flag_class(kind)}"><th><span class="swatch"></span>{_esc(kind)} flags</th>'
        f'<td id="n-flag-{_flag_class(kind)}">{s.flags_by_kind[kind]:,}</td></tr>'
        for kind in sorted(set(FLAG_KINDS) | set(s.flags_by_kind))
    )
    rules = "".join(
        f'<tr><th><code>{_esc(rule)}</code></th><td data-rule="{_esc(rule)}">{n:,}</td></tr>'
        for rule, n in sorted(s.edits_by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    ) or '<tr><td colspan="2">no edits</td></tr>'
    shown = len(records)
    if shown < s.with_findings:
        cap = (f"Showing the {shown:,} worst of the {s.with_findings:,} records with an edit or a flag "
               f"(the cap is {limit:,}: <code>--html-limit</code>), worst flags first. "
               f"The counts above cover every record.")
    elif shown == 1:
        cap = "Showing the one record with an edit or a flag."
    else:
        cap = (f"Showing all {shown:,} records with an edit or a flag, worst flags first."
               if shown else "No record has an edit or a flag.")
    return (
        f'<header>\n<h1>{_esc(title)}</h1>\n<section class="summary">\n'
        f'<dl class="totals">{totals}</dl>\n'
        f'<table class="kinds"><caption>by kind</caption>{kinds}</table>\n'
        f'<table class="rules"><caption>edits by rule</caption>{rules}</table>\n'
        f'<figure class="hist"><figcaption>flag scores</figcaption>{_histogram(s.score_bins)}</figure>\n'
        f'</section>\n<p class="cap" id="cap">{cap}</p>\n</header>\n'
    )


def _histogram(bins: list[int]) -> str:
    """An inline SVG bar chart of flag scores in ``len(bins)`` equal bins over [0, 1]."""
    width, height, pad = 400, 110, 18
    plot_h = height - 2 * pad
    top = max(bins) or 1
    bar_w = width / len(bins)
    bars = []
    for i, n in enumerate(bins):
        lo, hi = i / len(bins), (i + 1) / len(bins)
        h = plot_h * n / top
        bars.append(
            f'<rect class="s{min(int(lo * 10), 9)}" x="{i * bar_w + 1:.1f}" y="{pad + plot_h - h:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{h:.1f}"><title>{lo:.2f}–{hi:.2f}: {n} flags</title></rect>'
        )
        if n and len(str(n)) * 6 <= bar_w:  # a count that does not fit is left to the hover text
            bars.append(f'<text x="{(i + 0.5) * bar_w:.1f}" y="{pad + plot_h - h - 3:.1f}" '
                        f'text-anchor="middle">{n}</text>')
    axis = "".join(
        f'<text x="{x * width:.1f}" y="{height - 4}" text-anchor="{anchor}">{x:g}</text>'
        for x, anchor in ((0, "start"), (0.5, "middle"), (1, "end"))
    )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="histogram of flag scores">'
        f'<line x1="0" y1="{pad + plot_h}" x2="{width}" y2="{pad + plot_h}"/>{"".join(bars)}{axis}</svg>'
    )


# -- records -----------------------------------------------------------------

def _render_record(r: ReportRecord) -> str:
    anchor = f"record-{r.number}"
    edit_kinds = " ".join(sorted({e.kind for e in r.edits}))
    flag_scores = " ".join(
        f'data-worst-{_flag_class(kind)}="{max(f.score for f in r.flags if f.kind == kind):.4f}"'
        for kind in sorted({f.kind for f in r.flags})
    )
    counts = [f"{len(r.edits)} edit{'s' * (len(r.edits) != 1)}"] if r.edits else []
    if r.flags:
        counts.append(f"{len(r.flags)} flag{'s' * (len(r.flags) != 1)}, worst "
                      f'<span class="score s{_decile(r.worst)}">{r.worst:.2f}</span>')
    excerpts = "".join(
        _render_excerpt(r, group) for group in _excerpts(r.original, r.edits, r.flags)
    )
    return (
        f'<section class="record" id="{anchor}" data-edits="{edit_kinds}" {flag_scores}>\n'
        f'<h2><a href="#{anchor}">#{r.number}</a> <span class="source">{_esc(r.source)}</span> '
        f'<span class="counts">{" · ".join(counts)}</span></h2>\n'
        f'<div class="body">\n<div class="text">{excerpts}</div>\n'
        f'<ol class="notes">{_render_notes(r)}</ol>\n</div>\n</section>\n'
    )


@dataclass
class _Excerpt:
    first_line: int    # 0-based
    last_line: int
    start: int = 0     # the span of the original shown
    end: int = 0
    edits: list[tuple[int, Edit]] = field(default_factory=list)   # (number in the record, edit)
    flags: list[tuple[int, Flag]] = field(default_factory=list)


def _excerpts(text: str, edits: Sequence[Edit], flags: Sequence[Flag]) -> list[_Excerpt]:
    """The lines to show, grouped: every line an edit or flag touches, runs of them joined."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos) - 1

    spans: list[tuple[int, int, int, Edit | Flag]] = []
    for number, edit in enumerate(edits, 1):
        spans.append((line_of(edit.start), line_of(max(edit.start, edit.end - 1)), number, edit))
    for number, flag in enumerate(flags, 1):
        spans.append((line_of(flag.start), line_of(max(flag.start, flag.end - 1)), number, flag))
    spans.sort(key=lambda s: (s[0], s[1]))
    groups: list[_Excerpt] = []
    for first, last, number, item in spans:
        if not groups or first > groups[-1].last_line + 1:
            groups.append(_Excerpt(first, last))
        group = groups[-1]
        group.last_line = max(group.last_line, last)
        if isinstance(item, Edit):
            group.edits.append((number, item))
        else:
            group.flags.append((number, item))
    for group in groups:
        group.edits.sort(key=lambda ne: ne[0])
        group.flags.sort(key=lambda nf: (nf[1].start, -nf[1].end, nf[0]))
        group.start = line_starts[group.first_line]
        after = group.last_line + 1
        line_end = line_starts[after] - 1 if after < len(line_starts) else len(text)
        group.end = max([line_end] + [e.end for _, e in group.edits] + [f.end for _, f in group.flags])
    return groups


def _render_excerpt(r: ReportRecord, group: _Excerpt) -> str:
    """The lines of ``group`` with edits inline and flags as (correctly nested) highlights."""
    text, start, end = r.original, group.start, group.end

    edits = [e for _, e in group.edits]
    edit_starts = [e.start for e in edits]

    def outside_edits(pos: int, *, side: int) -> int:
        """``pos``, moved to the nearer end of an edit it falls strictly inside (side -1: its start)."""
        j = bisect.bisect_left(edit_starts, pos) - 1
        if j >= 0 and pos < edits[j].end:
            return edits[j].start if side < 0 else edits[j].end
        return pos

    # A flag boundary inside an edit moves to the edit's edge: an edit is shown whole.
    marks = [(outside_edits(f.start, side=-1), outside_edits(f.end, side=1), n, f) for n, f in group.flags]
    opening: dict[int, list[tuple[int, int, int, Flag]]] = {}
    for mark in sorted(marks, key=lambda m: (m[0], -m[1], m[2])):
        opening.setdefault(mark[0], []).append(mark)
    edits_at: dict[int, list[tuple[int, Edit]]] = {}
    for n, e in group.edits:
        edits_at.setdefault(e.start, []).append((n, e))
    points = sorted({start, end, *(m[0] for m in marks), *(m[1] for m in marks),
                     *(e.start for e in edits), *(e.end for e in edits)})

    out: list[str] = []
    stack: list[tuple[int, int, int, Flag]] = []   # open marks, outermost first
    covered_to = start                            # the end of the edit last shown
    for k, pos in enumerate(points):
        ending = [i for i, m in enumerate(stack) if m[1] == pos]
        if ending:
            # Close every mark down to the outermost one that ends here, then reopen the rest.
            lowest = ending[0]
            reopen = [m for m in stack[lowest:] if m[1] != pos]
            out.append("</mark>" * (len(stack) - lowest))
            del stack[lowest:]
            for m in reopen:
                out.append(_mark_open(r.number, m, first=False))
                stack.append(m)
        for m in opening.get(pos, []):
            out.append(_mark_open(r.number, m, first=True))
            if m[1] == pos:  # an empty flag is a point in the text
                out.append("</mark>")
            else:
                stack.append(m)
        for n, e in edits_at.get(pos, []):
            out.append(_render_edit(r.number, n, e, text[e.start:e.end]))
            covered_to = max(covered_to, e.end)
        if k + 1 < len(points) and pos >= covered_to:
            out.append(_plain(text[pos:points[k + 1]]))
    out.append("</mark>" * len(stack))

    first, last = group.first_line + 1, group.last_line + 1
    if "\n" not in text:  # a one-line record (a JSONL sentence): no line numbers
        return f'<div class="excerpt"><p>{"".join(out)}</p></div>'
    lines = f"line {first}" if first == last else f"lines {first}–{last}"
    return f'<div class="excerpt"><span class="lines">{lines}</span><p>{"".join(out)}</p></div>'


def _mark_open(record: int, mark: tuple[int, int, int, Flag], *, first: bool) -> str:
    _, _, n, f = mark
    ref = f'<a class="ref" href="#record-{record}-f{n}">F{n}</a>' if first else ""
    return (f'<mark class="flag fk-{_flag_class(f.kind)} s{_decile(f.score)}" data-flag="{n}" '
            f'data-score="{f.score:.4f}" title="{_esc(_flag_title(f))}">{ref}')


def _render_edit(record: int, n: int, e: Edit, removed_text: str) -> str:
    removed = f"<del>{_elide(removed_text, _REMOVED_MAX)}</del>" if removed_text else ""
    inserted = f"<ins>{_esc(e.replacement)}</ins>" if e.replacement else ""
    return (f'<span class="edit k-{e.kind}" title="{_esc(_edit_title(e))}">{removed}{inserted}'
            f'<a class="ref" href="#record-{record}-e{n}">{n}</a></span>')


def _render_notes(r: ReportRecord) -> str:
    notes = []
    for n, e in enumerate(r.edits, 1):
        removed = r.original[e.start:e.end]
        notes.append(
            f'<li class="note k-{e.kind}" id="record-{r.number}-e{n}" data-kind="edit-{e.kind}">'
            f'<span class="tag">{n}</span><code>{_esc(e.rule)}</code> '
            f'<span class="conf" title="confidence">{e.confidence:.2f}</span>'
            f'<div class="expl">{_esc(e.explanation)}</div>'
            f'<div class="change"><del>{_quote(removed)}</del> → <ins>{_quote(e.replacement)}</ins></div></li>'
        )
    for n, f in enumerate(r.flags, 1):
        reasons = "".join(f"<li>{_esc(reason)}</li>" for reason in f.reasons)
        notes.append(
            f'<li class="note flag fk-{_flag_class(f.kind)}" id="record-{r.number}-f{n}" '
            f'data-kind="flag-{_flag_class(f.kind)}" data-score="{f.score:.4f}">'
            f'<span class="tag">F{n}</span><span class="score s{_decile(f.score)}">{f.score:.2f}</span> '
            f'{_esc(f.kind)} flag<ul class="reasons">{reasons}</ul></li>'
        )
    return "".join(notes)


# -- text helpers ------------------------------------------------------------

def _edit_title(e: Edit) -> str:
    return f"{e.rule}: {e.explanation} (confidence {e.confidence:.2f})"


def _flag_title(f: Flag) -> str:
    return f"{f.kind} flag, score {f.score:.2f}: " + "; ".join(f.reasons)


def _flag_class(kind: str) -> str:
    """A CSS class name for a flag kind (kinds are library-defined; anything else is 'other')."""
    return kind if kind in FLAG_KINDS else "other"


def _decile(score: float) -> int:
    return min(int(score * 10), 9)


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _plain(s: str) -> str:
    """Unchanged text, escaped; a very long run is shown by its ends."""
    if len(s) <= _PLAIN_MAX:
        return _esc(s)
    return _esc(s[:_PLAIN_KEEP]) + _cut(len(s) - 2 * _PLAIN_KEEP) + _esc(s[-_PLAIN_KEEP:])


def _elide(s: str, limit: int) -> str:
    if len(s) <= limit:
        return _esc(s)
    return _esc(s[:_REMOVED_HEAD]) + _cut(len(s) - _REMOVED_HEAD - _REMOVED_TAIL) + _esc(s[-_REMOVED_TAIL:])


def _cut(n: int) -> str:
    return f'<span class="cut">[… {n:,} characters not shown …]</span>'


def _quote(s: str) -> str:
    """A short quotation for the side list; empty text says so."""
    if not s:
        return '<span class="none">nothing</span>'
    if len(s) > _NOTE_QUOTE_MAX:
        return _esc(s[:_NOTE_QUOTE_MAX - 20]) + "…" + _esc(s[-15:])
    return _esc(s)


# -- page furniture ----------------------------------------------------------

_FILTERS = """<form id="filters" hidden>
<fieldset><legend>Show records with</legend>
<label class="k-encoding"><input type="checkbox" name="kind" value="edit-encoding" checked>\
<span class="swatch"></span>encoding edits</label>
<label class="k-loop"><input type="checkbox" name="kind" value="edit-loop" checked>\
<span class="swatch"></span>loop edits</label>
<label class="k-name"><input type="checkbox" name="kind" value="edit-name" checked>\
<span class="swatch"></span>name edits</label>
<label class="fk-garble"><input type="checkbox" name="kind" value="flag-garble" checked>\
<span class="swatch"></span>garble flags</label>
<label class="fk-name"><input type="checkbox" name="kind" value="flag-name" checked>\
<span class="swatch"></span>name flags</label>
<label>scoring at least <input type="range" name="min" min="0" max="1" step="0.05" value="0">\
 <output name="minout">0.00</output></label>
<output name="shown"></output>
</fieldset>
</form>
"""

# Plain JS, no library: without it every record shows and the filters stay hidden.
_SCRIPT = """
"use strict";
(function () {
  var form = document.getElementById("filters");
  var records = Array.prototype.slice.call(document.querySelectorAll("section.record"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.flag"));
  function update() {
    var on = {};
    form.querySelectorAll("input[name=kind]").forEach(function (box) { on[box.value] = box.checked; });
    var min = parseFloat(form.elements.min.value);
    form.elements.minout.value = min.toFixed(2);
    var shown = 0;
    records.forEach(function (rec) {
      var visible = rec.dataset.edits.split(" ").some(function (k) { return k && on["edit-" + k]; });
      ["garble", "name", "other"].forEach(function (k) {
        var worst = rec.getAttribute("data-worst-" + k);
        if (worst !== null && on["flag-" + k] !== false && parseFloat(worst) >= min) { visible = true; }
      });
      rec.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    marks.forEach(function (m) { m.classList.toggle("below", parseFloat(m.dataset.score) < min); });
    form.elements.shown.value = "showing " + shown + " of " + records.length + " records";
  }
  form.addEventListener("input", update);
  form.hidden = false;
  update();
})();
"""

_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --paper: #fff;
  --enc: #0550ae; --enc-bg: #ddf4ff; --loop: #8250df; --loop-bg: #f3e8ff; --name: #116329; --name-bg: #d2f4dc; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 0 40px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: #f6f8fa; }
header, main, #filters { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
h1 { font-size: 22px; margin: 18px 0 12px; }
code { font: 12.5px ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", monospace; }
.summary { display: flex; flex-wrap: wrap; gap: 14px; align-items: stretch; }
.summary > * { background: var(--paper); border: 1px solid var(--rule); border-radius: 8px; padding: 10px 16px;
  margin: 0; }
.totals { display: flex; gap: 22px; align-items: center; }
.stat { text-align: center; display: flex; flex-direction: column-reverse; }
.stat dd { margin: 0; font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; line-height: 1.1; }
.stat dt { color: var(--muted); font-size: 13px; }
caption, figcaption { text-align: left; font-weight: 600; font-size: 12px; color: var(--muted);
  text-transform: uppercase; letter-spacing: .04em; padding-bottom: 4px; }
.summary table { border-collapse: collapse; font-size: 14px; }
.summary th { text-align: left; font-weight: normal; padding: 1px 16px 1px 0; }
.summary td { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px;
  background: var(--c); }
.k-encoding { --c: var(--enc); --bg: var(--enc-bg); }
.k-loop { --c: var(--loop); --bg: var(--loop-bg); }
.k-name { --c: var(--name); --bg: var(--name-bg); }
.fk-garble { --c: #c26a00; --rgb: 245 158 11; }
.fk-name { --c: #0f766e; --rgb: 20 184 166; }
.fk-other { --c: #6e7781; --rgb: 140 149 159; }
.s0 { --a: .07; } .s1 { --a: .08; } .s2 { --a: .09; } .s3 { --a: .10; } .s4 { --a: .12; }
.s5 { --a: .16; } .s6 { --a: .22; } .s7 { --a: .30; } .s8 { --a: .40; } .s9 { --a: .52; }
.hist svg { display: block; }
.hist rect { fill: rgb(245 158 11 / calc(var(--a) + .35)); }
.hist text { font-size: 10px; fill: var(--muted); }
.hist line { stroke: var(--rule); }
.cap { color: var(--muted); margin: 12px 0 6px; }
#filters fieldset { border: 1px solid var(--rule); border-radius: 8px; background: var(--paper);
  display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; font-size: 14px; padding: 6px 14px; }
#filters legend { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
#filters input[type=range] { vertical-align: middle; width: 140px; }
#filters output[name=shown] { color: var(--muted); margin-left: auto; }
.record { background: var(--paper); border: 1px solid var(--rule); border-radius: 8px; margin: 14px 0;
  padding: 10px 18px 6px; }
.record:target { outline: 3px solid #54aeff; }
.record h2 { font-size: 15px; margin: 0 0 8px; font-weight: 650; display: flex; gap: 12px; align-items: baseline; }
.record h2 a { color: inherit; text-decoration: none; }
.source { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); overflow-wrap: anywhere; }
.counts { margin-left: auto; font-weight: normal; color: var(--muted); font-size: 13px; white-space: nowrap; }
.body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 22px; }
@media (max-width: 900px) { .body { grid-template-columns: minmax(0, 1fr); } }
.excerpt { margin: 0 0 12px; }
.lines { font-size: 12px; color: var(--muted); }
.excerpt p { margin: 1px 0 0; white-space: pre-wrap; overflow-wrap: anywhere;
  font: 16px/1.7 Georgia, "DejaVu Serif", "Noto Serif", serif; }
.edit del { color: var(--c); text-decoration: line-through 2px; opacity: .8; }
.edit ins { color: var(--c); background: var(--bg); text-decoration: none; font-weight: 700;
  border-bottom: 2px solid var(--c); border-radius: 2px; padding: 0 1px; }
.ref { font: 600 10px system-ui, sans-serif; vertical-align: super; line-height: 0; text-decoration: none;
  color: var(--c); margin: 0 2px; user-select: none; }
mark.flag { color: inherit; background: rgb(var(--rgb) / var(--a)); border-radius: 3px;
  box-shadow: inset 0 -2px rgb(var(--rgb) / calc(var(--a) + .3)); }
mark.flag.below { background: none; box-shadow: none; }
.cut { font: 12px system-ui, sans-serif; color: var(--muted); background: #eaeef2; border-radius: 3px;
  padding: 0 4px; text-decoration: none; }
.notes { list-style: none; margin: 0 0 10px; padding: 0; font-size: 13.5px; line-height: 1.45; }
.note { border-left: 3px solid var(--c); background: #f6f8fa; border-radius: 0 6px 6px 0;
  padding: 5px 10px; margin-bottom: 7px; }
.note:target { background: #fff8c5; }
.tag { display: inline-block; min-width: 2em; font-weight: 700; color: var(--c); }
.conf { color: var(--muted); font-size: 12px; margin-left: 4px; }
.expl { margin-top: 2px; }
.change { margin-top: 2px; font-family: Georgia, "DejaVu Serif", serif; overflow-wrap: anywhere; }
.change del { color: var(--c); opacity: .8; }
.change ins { color: var(--c); text-decoration: none; font-weight: 700; }
.reasons { margin: 3px 0 0; padding-left: 18px; }
.score { display: inline-block; padding: 0 5px; border-radius: 4px; font-weight: 700;
  font-variant-numeric: tabular-nums; background: rgb(245 158 11 / calc(var(--a) + .1)); color: var(--ink); }
.none { font-style: italic; color: var(--muted); }
"""
