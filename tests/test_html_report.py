"""The HTML review report, read back with the standard library's ``html.parser``.

Every page is parsed into a tree that must nest correctly (each end tag closes
the element it opened), then read the way a person would: the text of each
excerpt as written (plain text and struck-through text), the text as repaired
(plain text and insertions), which flag highlights cover which characters, the
side notes, the anchors and the summary counts.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textrepair
from textrepair.cli import main
from textrepair.edits import EDIT_KINDS, Edit, Flag, RepairResult, apply_edits, result_from_edits
from textrepair.html_report import SCORE_BINS, HtmlReport, _SCRIPT

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VOID = {"meta", "link", "input", "br", "img", "hr", "wbr", "source", "area", "base", "col", "embed"}


# -- reading a page back -----------------------------------------------------------

@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.classes):
                    found.append(c)
                found.extend(c.find_all(tag, cls))
        return found

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        (node,) = self.find_all(tag, cls)
        return node


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.by_id: dict[str, Node] = {}

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Node:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if "id" in node.attrs:
            assert node.attrs["id"] not in self.by_id, f"duplicate id {node.attrs['id']}"
            self.by_id[node.attrs["id"]] = node
        return node

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._add(tag, attrs)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


@dataclass
class Page:
    root: Node
    by_id: dict[str, Node]

    def records(self) -> list[Node]:
        return self.root.find_all("section", "record")


def parse_html(page: str) -> Page:
    """The page as a tree; fails unless every element is closed where it was opened."""
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> never closed"
    return Page(builder.root, builder.by_id)


@dataclass
class Reading:
    before: str = ""                                     # the text as written
    after: str = ""                                      # the text as repaired
    marks: list[frozenset[str]] = field(default_factory=list)  # the flags over each char of `before`


def read_excerpt(p: Node) -> Reading:
    reading = Reading()

    def walk(node: Node, *, in_del: bool, in_ins: bool, marks: frozenset[str]) -> None:
        for child in node.children:
            if isinstance(child, str):
                if not in_ins:
                    reading.before += child
                    reading.marks.extend([marks] * len(child))
                if not in_del:
                    reading.after += child
                continue
            if child.tag == "a" and "ref" in child.classes:
                continue  # the superscript number that points at the side note
            assert "cut" not in child.classes, "this reading needs text short enough to be shown whole"
            walk(child, in_del=in_del or child.tag == "del", in_ins=in_ins or child.tag == "ins",
                 marks=marks | {child.attrs["data-flag"]} if child.tag == "mark" else marks)

    walk(p, in_del=False, in_ins=False, marks=frozenset())
    return reading


def count(node: Node) -> int:
    """A count as the page shows it (1,234)."""
    return int(node.text().replace(",", ""))


def line_start(text: str, line: int) -> int:
    """The offset where 1-based ``line`` starts."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return starts[line - 1]


def excerpts(record: Node, text: str) -> list[tuple[int, Reading]]:
    """Each excerpt of ``record`` with the offset in ``text`` where it starts."""
    found = []
    for div in record.find_all("div", "excerpt"):
        labels = div.find_all("span", "lines")
        assert bool(labels) == ("\n" in text), "line numbers, unless the record is one line"
        first = int(re.match(r"lines? (\d+)", labels[0].text()).group(1)) if labels else 1
        found.append((line_start(text, first), read_excerpt(div.find("p"))))
    return found


def snapped(flag: Flag, edits: list[Edit]) -> range:
    """The characters a flag's highlight covers: an edit is never cut by a highlight's edge."""
    start, end = flag.start, flag.end
    for e in edits:
        if e.start < start < e.end:
            start = e.start
        if e.start < end < e.end:
            end = e.end
    return range(start, end)


def render_one(result: RepairResult, source: str = "doc.txt") -> str:
    report = HtmlReport()
    report.add(source, result)
    return report.render()


def check_record(page: Page, record: Node, number: int, result: RepairResult) -> None:
    """Everything the report must show about one record, read back from the page."""
    text, edits, flags = result.original, list(result.edits), list(result.flags)
    assert record.attrs["id"] == f"record-{number}"
    assert record.find("h2").find("a").attrs["href"] == f"#record-{number}"

    # The text as written and as repaired, excerpt by excerpt; every character of a flag is highlighted.
    covered: dict[str, set[int]] = {str(n): set() for n in range(1, len(flags) + 1)}
    for start, reading in excerpts(record, text):
        end = start + len(reading.before)
        assert text[start:end] == reading.before
        inside = [e.shifted(e.start - start, e.end - start) for e in edits if start <= e.start and e.end <= end]
        assert reading.after == apply_edits(reading.before, inside)
        for offset, marks in enumerate(reading.marks):
            for n in marks:
                covered[n].add(start + offset)
    for n, flag in enumerate(flags, 1):
        assert covered[str(n)] == set(snapped(flag, edits)), f"flag {n}"

    # Inline: each edit with its rule and explanation on hover, coloured by kind.
    inline = record.find_all("span", "edit")
    assert len(inline) == len(edits)
    for n, (span, e) in enumerate(zip(inline, edits), 1):
        assert f"k-{e.kind}" in span.classes
        assert span.attrs["title"] == f"{e.rule}: {e.explanation} (confidence {e.confidence:.2f})"
        assert span.find("a", "ref").attrs["href"] == f"#record-{number}-e{n}"
    for n, f in enumerate(flags, 1):
        fragments = [m for m in record.find_all("mark") if m.attrs["data-flag"] == str(n)]
        assert fragments
        for m in fragments:
            assert m.attrs["title"] == f"{f.kind} flag, score {f.score:.2f}: " + "; ".join(f.reasons)
            assert float(m.attrs["data-score"]) == pytest.approx(f.score, abs=1e-4)
            assert f"s{min(int(f.score * 10), 9)}" in m.classes   # intensity follows the score

    # The side list: every edit with its rule and explanation, every flag with its score and reasons.
    for n, e in enumerate(edits, 1):
        note = page.by_id[f"record-{number}-e{n}"]
        assert note.find("code").text() == e.rule
        assert note.find("div", "expl").text() == e.explanation
    for n, f in enumerate(flags, 1):
        note = page.by_id[f"record-{number}-f{n}"]
        assert note.find("span", "score").text() == f"{f.score:.2f}"
        assert [li.text() for li in note.find("ul", "reasons").find_all("li")] == list(f.reasons)


# -- the seed article ----------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_result() -> RepairResult:
    gazetteer = textrepair.Gazetteer.from_file(EXAMPLES / "seed_gazetteer.tsv")
    return textrepair.repair((EXAMPLES / "seed_article.txt").read_text(encoding="utf-8"), gazetteer)


def test_seed_article_every_edit_and_flag_appears_with_its_rule_or_reasons(seed_result):
    assert len(seed_result.edits) >= 5 and len(seed_result.flags) >= 5
    page = parse_html(render_one(seed_result, "examples/seed_article.txt"))
    (record,) = page.records()
    check_record(page, record, 1, seed_result)
    assert record.find("span", "source").text() == "examples/seed_article.txt"
    # Only the lines that hold an edit or a flag are shown.
    shown = sum(len(r.before) for _, r in excerpts(record, seed_result.original))
    assert shown < len(seed_result.original)


def test_seed_article_summary_counts(seed_result):
    page = parse_html(render_one(seed_result))
    number = {key: count(node) for key, node in page.by_id.items() if key.startswith("n-")}
    assert number["n-records"] == number["n-changed"] == number["n-flagged"] == 1
    assert number["n-edits"] == len(seed_result.edits)
    assert number["n-flags"] == len(seed_result.flags)
    for kind in EDIT_KINDS:
        assert number[f"n-edit-{kind}"] == sum(e.kind == kind for e in seed_result.edits)
    by_rule = {td.attrs["data-rule"]: count(td) for td in page.root.find_all("td") if "data-rule" in td.attrs}
    assert by_rule == {rule: [e.rule for e in seed_result.edits].count(rule)
                       for rule in {e.rule for e in seed_result.edits}}
    bars = page.root.find("figure", "hist").find_all("rect")
    assert len(bars) == SCORE_BINS
    counts = [int(re.search(r": (\d+) flags", bar.find("title").text()).group(1)) for bar in bars]
    assert sum(counts) == len(seed_result.flags)
    assert counts[SCORE_BINS - 1] == sum(f.score >= 0.95 for f in seed_result.flags)


def test_page_is_self_contained_and_readable_without_script(seed_result):
    page_text = render_one(seed_result)
    page = parse_html(page_text)
    for node in page.root.find_all():
        assert "src" not in node.attrs
        href = node.attrs.get("href")
        assert href is None or href.startswith("#") or href == "data:,", href
    assert "@import" not in page_text and "url(" not in page_text
    # Without JS: the filters (which would do nothing) are hidden and every record is visible.
    assert "hidden" in page.by_id["filters"].attrs
    assert not any("hidden" in r.attrs for r in page.records())
    (script,) = page.root.find_all("script")
    assert script.text() == _SCRIPT


# -- nesting: property test over edits and flags that overlap in every way -------------

@st.composite
def results(draw: st.DrawFn) -> RepairResult:
    text = draw(st.text(alphabet="ab c\n<&\"'é", max_size=50))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits: list[Edit] = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        replacement = draw(st.text(alphabet="xy <>", max_size=3))
        if start == end and (not replacement or (edits and edits[-1].start == edits[-1].end == start)):
            continue  # a no-op, or a second insertion at one point
        edits.append(Edit(start, end, replacement, kind=draw(st.sampled_from(EDIT_KINDS)),
                          rule="rule.x", explanation=f"edit <{start}> \"{end}\""))
    flags = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        flags.append(Flag(start, end, draw(st.floats(0, 1)), ("reason <b>", f"at '{start}'"),
                          kind=draw(st.sampled_from(["garble", "name"]))))
    flags.sort(key=lambda f: (f.start, f.end))
    return result_from_edits(text, edits, flags)


@given(results())
@settings(max_examples=300)
def test_overlapping_edits_and_flags_nest_and_read_back(result):
    page = parse_html(render_one(result))
    records = page.records()
    assert len(records) == (1 if result.edits or result.flags else 0)
    if records:
        check_record(page, records[0], 1, result)


def test_flag_around_an_edit_and_a_flag_crossing_an_edit_and_another_flag():
    text = "First line.\nThe the cat sat on teh mat, they say analysts.\nLast line."
    edits = [Edit(16, 20, "", kind="loop", rule="loop.word", explanation="doubled 'the'"),
             Edit(31, 34, "the", kind="name", rule="name.typo", explanation="teh→the")]
    flags = [Flag(12, 58, 0.9, ("word order: \"they say analysts\"",)),       # the sentence, both edits inside
             Flag(18, 40, 0.5, ("starts inside an edit",)),                  # edges moved out of the edit
             Flag(33, 47, 0.7, ("crosses the other flag and an edit",))]
    result = result_from_edits(text, edits, flags)
    page_text = render_one(result)
    page = parse_html(page_text)
    check_record(page, page.records()[0], 1, result)
    (_, reading), = excerpts(page.records()[0], text)
    assert reading.before == "The the cat sat on teh mat, they say analysts."   # line 2 only
    assert reading.after == "The cat sat on the mat, they say analysts."


# -- escaping ----------------------------------------------------------------------

PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(2)>",
            "</script><script>alert(3)</script>", "&lt;not an entity&gt; &amp;"]


def test_untrusted_text_renders_as_text_everywhere():
    payload = " ".join(PAYLOADS)
    text = f"Caf\u00c3\u00a9 {payload}\n{payload} end"
    edits = [Edit(0, 5, "Café", kind="encoding", rule=payload, explanation=payload),
             Edit(len(text) - 3, len(text), payload, kind="name", rule="name.x", explanation="x")]
    flags = [Flag(6, 30, 0.8, (payload, payload), kind=payload)]
    result = result_from_edits(text, edits, flags)
    report = HtmlReport(title=payload)
    report.add(payload, result)
    report.add("real.txt", textrepair.repair(text))
    page_text = report.render()
    page = parse_html(page_text)
    # Nothing the input carries became markup: one script (ours), no image, no svg but the histogram, no handlers.
    (script,) = page.root.find_all("script")
    assert script.text() == _SCRIPT
    assert not page.root.find_all("img")
    assert len(page.root.find_all("svg")) == 1
    for node in page.root.find_all():
        assert not any(name.startswith("on") for name in node.attrs), node.tag
    assert page.root.find("head").find("title").text() == payload
    assert page.root.find("h1").text() == payload
    first = page.by_id["record-1"]
    assert first.find("span", "source").text() == payload
    check_record(page, first, 1, result)
    # In attributes: the title reads back whole.
    assert first.find("mark").attrs["title"].endswith("; ".join([payload, payload]))
    assert "fk-other" in first.find("mark").classes      # an unknown kind is not a class name
    assert page.by_id["record-2"].text().count("<script>") >= 1


def test_lone_surrogates_from_json_escapes_become_replacement_characters():
    text = json.loads('"bad \\ud800 caf\\u00c3\\u00a9"')
    page_text = render_one(result_from_edits(text, [Edit(9, 11, "é", kind="encoding", rule="encoding.mojibake")]))
    page_text.encode("utf-8")
    assert "bad \ufffd caf" in page_text


# -- the cap ---------------------------------------------------------------------

def flagged(score: float, words: str = "some words") -> RepairResult:
    return RepairResult(words, words, (), (Flag(0, len(words), score, ("test",)),))


def test_cap_keeps_the_worst_records_in_order_and_says_so():
    report = HtmlReport(limit=2)
    clean = RepairResult("fine", "fine")
    edited = result_from_edits("ab", [Edit(0, 1, "x", kind="loop", rule="r")])
    for result in [flagged(0.3), clean, edited, flagged(0.9), flagged(0.6), clean]:
        report.add("f", result)
    assert [(r.number, r.worst) for r in report.records()] == [(4, 0.9), (5, 0.6)]
    page = parse_html(report.render())
    assert [r.attrs["id"] for r in page.records()] == ["record-4", "record-5"]
    cap = page.by_id["cap"].text()
    assert "2 worst of the 4 records" in cap and "--html-limit" in cap
    assert count(page.by_id["n-records"]) == 6 and count(page.by_id["n-flagged"]) == 3


def test_records_with_only_edits_come_after_flagged_ones_most_edits_first():
    report = HtmlReport(limit=10)
    one = result_from_edits("ab", [Edit(0, 1, "x", kind="loop", rule="r")])
    two = result_from_edits("ab", [Edit(0, 1, "x", kind="loop", rule="r"), Edit(1, 2, "y", kind="name", rule="r")])
    for result in [one, two, flagged(0.1)]:
        report.add("f", result)
    assert [r.number for r in report.records()] == [3, 2, 1]
    assert "Showing all 3 records" in parse_html(report.render()).by_id["cap"].text()


def test_memory_is_bounded_by_the_limit():
    report = HtmlReport(limit=3)
    for i in range(100):
        report.add("f", flagged((i * 37 % 100) / 100))
        assert len(report._worst) <= 3
    assert [r.worst for r in report.records()] == [0.99, 0.98, 0.97]
    assert parse_html(report.render()).by_id["n-flags"].text() == "100"


def test_counts_are_shown_with_thousands_separators():
    report = HtmlReport(limit=1)
    for _ in range(1234):
        report.add("f", flagged(0.5))
    page = parse_html(report.render())
    assert page.by_id["n-records"].text() == "1,234" and page.by_id["n-flag-garble"].text() == "1,234"


def test_limit_zero_shows_the_summary_only_and_negative_is_an_error():
    report = HtmlReport(limit=0)
    report.add("f", flagged(0.5))
    page = parse_html(report.render())
    assert page.records() == [] and count(page.by_id["n-flags"]) == 1
    with pytest.raises(ValueError, match="at least 0"):
        HtmlReport(limit=-1)


def test_megabyte_loop_and_line_are_shown_by_their_ends():
    text = "The Pakhtunkh" + "wa" * 500_000 + " region.\n" + "x " * 400_000
    result = textrepair.repair(text)
    assert result.edits
    page_text = render_one(result)
    assert len(page_text) < 60_000
    assert "characters not shown" in page_text
    parse_html(page_text)


def test_insertion_is_shown_inserted_and_only_touched_lines_are_shown():
    text = "one\ntwo\nthree\nfour"
    result = result_from_edits(text, [Edit(8, 8, "big ", kind="name", rule="name.x", explanation="x")],
                               [Flag(14, 18, 0.7, ("r",))])
    page = parse_html(render_one(result))
    record = page.records()[0]
    check_record(page, record, 1, result)
    assert [div.find("span", "lines").text() for div in record.find_all("div", "excerpt")] == ["lines 3–4"]
    assert record.find("span", "edit").find_all("del") == []
    assert record.find("span", "edit").find("ins").text() == "big "


# -- the command line ------------------------------------------------------------------

@pytest.fixture
def cli(capsysbinary):
    def run(*argv: str) -> tuple[int, bytes, str]:
        code = main(list(argv))
        captured = capsysbinary.readouterr()
        return code, captured.out, captured.err.decode("utf-8")
    return run


def test_cli_html_in_text_mode_beside_the_normal_output(cli, tmp_path):
    (tmp_path / "a.txt").write_text("The cafÃ© opened.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing wrong here.\n", encoding="utf-8")
    report = tmp_path / "r.html"
    code, out, _ = cli(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--html", str(report))
    assert code == 0 and out == "The café opened.\nNothing wrong here.\n".encode()
    page = parse_html(report.read_text(encoding="utf-8"))
    (record,) = page.records()
    assert record.find("span", "source").text() == str(tmp_path / "a.txt")
    assert page.by_id["n-records"].text() == "2" and page.by_id["n-changed"].text() == "1"
    check_record(page, record, 1, textrepair.repair("The cafÃ© opened.\n"))


def test_cli_html_in_jsonl_mode_with_a_limit(cli, tmp_path):
    report = tmp_path / "r.html"
    source = EXAMPLES / "records.jsonl"
    code, out, _ = cli("--jsonl", str(source), "--html", str(report), "--html-limit", "2", "-q")
    assert code == 0
    reports = [json.loads(line)["textrepair"] for line in out.decode().splitlines()]
    page = parse_html(report.read_text(encoding="utf-8"))
    records = page.records()
    assert len(records) == 2
    with_findings = sum(bool(r["edits"] or r["flags"]) for r in reports)
    assert f"2 worst of the {with_findings} records" in page.by_id["cap"].text()
    assert count(page.by_id["n-edits"]) == sum(len(r["edits"]) for r in reports)
    for record in records:
        number = int(record.attrs["id"].removeprefix("record-"))
        lines = [i for i, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
        assert record.find("span", "source").text() == f"{source}:{lines[number - 1]}"


def test_cli_html_is_not_written_when_the_run_fails(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    code, _, err = cli("--jsonl", str(bad), "--html", str(tmp_path / "r.html"))
    assert code == 1 and "bad.jsonl:2" in err
    assert not (tmp_path / "r.html").exists()


def test_cli_diff_prints_only_a_unified_diff(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Title\nThe cafÃ© opened.\nEnd", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing wrong here.\n", encoding="utf-8")
    code, out, _ = cli("--diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    a = tmp_path / "a.txt"
    assert code == 0
    assert out.decode() == (f"--- {a}\n+++ {a} (repaired)\n@@ -1,3 +1,3 @@\n Title\n"
                            "-The cafÃ© opened.\n+The café opened.\n End\n\\ No newline at end of file\n")


def test_cli_check_diff_prints_the_diff_and_exits_1(cli, tmp_path):
    (tmp_path / "a.txt").write_text("The cafÃ© opened.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing wrong here.\n", encoding="utf-8")
    a = tmp_path / "a.txt"
    code, out, _ = cli("--check", "--diff", str(a))
    assert code == 1
    assert out.decode() == f"--- {a}\n+++ {a} (repaired)\n@@ -1 +1 @@\n-The cafÃ© opened.\n+The café opened.\n"
    assert cli("--check", "--diff", str(tmp_path / "b.txt"))[:2] == (0, b"")


def test_cli_diff_of_stdin_and_diff_is_for_text_mode(cli, monkeypatch):
    import io
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("cafÃ©\n".encode())))
    code, out, _ = cli("--diff")
    assert code == 0 and out.decode() == "--- <stdin>\n+++ <stdin> (repaired)\n@@ -1 +1 @@\n-cafÃ©\n+café\n"
    with pytest.raises(SystemExit) as e:
        main(["--diff", "--jsonl"])
    assert e.value.code == 2


def test_python_dash_m_is_the_command():
    run = subprocess.run([sys.executable, "-m", "textrepair", "--explain"], input="The cafÃ© opened.".encode(),
                         capture_output=True, check=True)
    assert run.stdout == "The café opened.".encode()
    assert "encoding.mojibake" in run.stderr.decode()
    usage = subprocess.run([sys.executable, "-m", "textrepair", "--help"], capture_output=True, check=True)
    assert usage.stdout.startswith(b"usage: textrepair ")
