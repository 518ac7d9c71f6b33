"""The HTML report in a real browser: headless Chromium runs the page's script.

Chromium prints every console message (errors, a blocked load, an exception
in the script) on stderr with ``--enable-logging=stderr``; ``--dump-dom``
prints the document after the script ran.  Skipped where there is no
Chromium; ``.ci/run`` installs Debian's ``chromium`` package.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from textrepair.cli import main
from textrepair.edits import Edit, Flag, RepairResult, result_from_edits
from textrepair.html_report import HtmlReport

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (.ci/run installs Debian's package)")


def render(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The document after the page's script ran, and every console message."""
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True, timeout=120,
    )
    stderr = run.stderr.decode("utf-8", errors="replace")
    assert run.returncode == 0, stderr[-3000:]
    return run.stdout.decode("utf-8"), [line for line in stderr.splitlines() if "CONSOLE" in line]


def count_of(dom: str, element_id: str) -> int:
    """The count the element with ``element_id`` shows (1,234)."""
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', dom)
    assert match, element_id
    return int(html.unescape(match.group(1)).replace(",", ""))


def test_console_messages_are_seen(tmp_path):
    """The check below can fail: a page whose script throws is caught."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><title>t</title><script>notDefined();</script>", encoding="utf-8")
    _, console = render(page, tmp_path / "profile")
    assert any("notDefined" in line for line in console)


def test_seed_report_renders_without_console_errors_and_its_counts_match_the_json_report(tmp_path, capsysbinary):
    article = EXAMPLES / "seed_article.txt"
    gazetteer = str(EXAMPLES / "seed_gazetteer.tsv")
    page = tmp_path / "seed.html"
    assert main([str(article), "--gazetteer", gazetteer, "--html", str(page)]) == 0
    # The JSON report of the same text, from JSONL mode.
    records = tmp_path / "seed.jsonl"
    records.write_text(json.dumps({"text": article.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    capsysbinary.readouterr()
    assert main(["--jsonl", str(records), "--gazetteer", gazetteer, "-q"]) == 0
    report = json.loads(capsysbinary.readouterr().out)["textrepair"]

    dom, console = render(page, tmp_path / "profile")
    assert console == []
    assert '<form id="filters">' in dom            # the script ran to its end and showed the filters
    assert count_of(dom, "n-records") == 1
    assert count_of(dom, "n-changed") == int(report["changed"])
    assert count_of(dom, "n-flagged") == int(bool(report["flags"]))
    assert count_of(dom, "n-edits") == len(report["edits"])
    assert count_of(dom, "n-flags") == len(report["flags"])
    for kind in ("encoding", "loop", "name"):
        assert count_of(dom, f"n-edit-{kind}") == sum(e["kind"] == kind for e in report["edits"])
    assert count_of(dom, "n-flag-garble") == sum(f["kind"] == "garble" for f in report["flags"])
    by_rule = {rule: int(n.replace(",", "")) for rule, n in re.findall(r'data-rule="([^"]+)">([\d,]+)<', dom)}
    assert by_rule == {r: [e["rule"] for e in report["edits"]].count(r) for r in {e["rule"] for e in report["edits"]}}
    assert len(re.findall(r'<span class="edit ', dom)) == len(report["edits"])
    assert "showing 1 of 1 records" in dom


def test_filters_hide_records_by_kind_and_score(tmp_path):
    def flagged(score: float) -> RepairResult:
        return RepairResult("some words", "some words", (), (Flag(0, 10, score, ("r",)),))

    report = HtmlReport()
    report.add("a", flagged(0.95))                                                                 # record-1
    report.add("b", flagged(0.5))                                                                  # record-2
    report.add("c", result_from_edits("ab ab", [Edit(2, 5, "", kind="loop", rule="loop.word")]))   # record-3
    report.add("d", result_from_edits("cafÃ©", [Edit(3, 5, "é", kind="encoding", rule="enc")]))    # record-4
    driver = """<script>
    var form = document.getElementById("filters");
    function visible() {
      return Array.from(document.querySelectorAll("section.record")).filter(function (r) { return !r.hidden; })
        .map(function (r) { return r.id.replace("record-", ""); }).sort().join(" ");
    }
    var seen = [visible()];
    form.elements.min.value = "0.9"; form.dispatchEvent(new Event("input"));
    seen.push(visible() + "/" + document.querySelectorAll("mark.below").length);
    form.querySelector("input[value=edit-loop]").checked = false; form.dispatchEvent(new Event("input"));
    seen.push(visible());
    form.querySelector("input[value=flag-garble]").checked = false; form.dispatchEvent(new Event("input"));
    seen.push(visible());
    document.body.setAttribute("data-seen", seen.join("|"));
    </script></body>"""
    page = tmp_path / "filters.html"
    page.write_text(report.render().replace("</body>", driver), encoding="utf-8")
    dom, console = render(page, tmp_path / "profile")
    assert console == []
    seen = re.search(r'data-seen="([^"]*)"', dom)
    assert seen and seen.group(1) == "1 2 3 4|1 3 4/1|1 4|4"
