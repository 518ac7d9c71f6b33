"""Loops: detection on real outputs, restoration of injected loops, throughput.

    python benchmarks/bench_loops.py                # tables 1-3
    python benchmarks/bench_loops.py --adversarial  # table 4 (a few minutes)

1. ../shared/data/loops/real_loops.jsonl (617 labelled real MT/ASR/LLM outputs):
   detection rate per subtype and per dataset for textrepair.find_loops and the
   anchors computed here: the Dolma v1 regex ``(.+?)(\\s?\\1){3,}`` (run with a
   timeout, since it backtracks), Whisper's zlib compression ratio > 2.4, their
   OR, and datatrove's Gopher repetition filter when it can run.
   "recall" rows are loops, "FPR" rows are texts without one.
2. Restoration: loops injected (by the code below, seeded) into clean English
   sentences (MLQE-PE post-edits, CC0, detokenised; training split, not the
   test data) and clean paragraphs of the seed article, plus Chinese/Japanese
   sentences written for this benchmark.  A case is restored when
   collapse_loops gives back the clean text exactly; clean texts must come out
   byte-identical.  Forms: ``drift`` (variants only in middle copies),
   ``drift-any`` (one-letter variants in any copy, first and last included),
   ``joined`` (an item joined by and/or to copies of itself, capitalised or
   misspelt here and there), ``junk-seam`` (empty quote pairs after a sentence,
   joined by a comma, a space or nothing, at the end or between sentences).
3. Throughput in MB/s beside ftfy.fix_text on the same texts.
4. (--adversarial) Time and peak memory above the baseline (RSS, each input
   in a fresh process) for collapse_loops on 1 MB and 10 MB of adversarial
   input.
"""

from __future__ import annotations

import json
import random
import re
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import best_time, read_tsv, shared_path, table  # noqa: E402

from textrepair import collapse_loops, find_loops  # noqa: E402

DOLMA = regex.compile(r"(.+?)(\s?\1){3,}")
SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_article.txt"


# -- anchors -----------------------------------------------------------------

def dolma(text: str) -> bool | None:
    """The Dolma v1 repetition regex; None when it runs out of time."""
    try:
        return DOLMA.search(text, timeout=2.0) is not None
    except TimeoutError:
        return None


def zlib_ratio(text: str) -> bool:
    data = text.encode("utf-8")
    return bool(data) and len(data) / len(zlib.compress(data)) > 2.4


def gopher_detector():
    """datatrove's GopherRepetitionFilter with its default thresholds.  Its word
    splitter needs spacy; without spacy, words are split on whitespace (said so)."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import GopherRepetitionFilter
        from datatrove.pipeline.filters import gopher_repetition_filter as module
    except ImportError as exc:
        print(f"(datatrove not importable, Gopher anchor not run: {exc})")
        return None
    gopher = GopherRepetitionFilter()
    try:
        gopher.filter(Document(text="a test sentence", id="0"))
    except ImportError:
        module.split_into_words = lambda text, language: text.split()
        print("(Gopher anchor: spacy absent, words split on whitespace)")

    def detect(text: str) -> bool:
        kept = gopher.filter(Document(text=text, id="0"))
        return not (kept is True or (isinstance(kept, tuple) and kept[0]))
    return detect


# -- 1. real outputs ------------------------------------------------------------

def group_of(r: dict) -> str:
    if r["label"] == "loop":
        return "loop/" + (r.get("severity") or "?")
    if r["label"] == "no_loop":
        sub = r["subtype"]
        return "clean/" + ("normal+other_error" if sub in ("normal", "other_error") else sub)
    return "ambiguous"


def real_table(records: list[dict]) -> None:
    detectors = {"textrepair": lambda t: bool(find_loops(t)), "dolma": dolma,
                 "zlib>2.4": zlib_ratio}
    gopher = gopher_detector()
    if gopher is not None:
        detectors["gopher"] = gopher
    hits: dict[str, list] = {}
    timeouts = 0
    for name, fn in detectors.items():
        out = [fn(r["text"]) for r in records]
        if name == "dolma":
            timeouts = sum(o is None for o in out)
            out = [bool(o) for o in out]
        hits[name] = out
    hits["zlib|dolma"] = [a or b for a, b in zip(hits["zlib>2.4"], hits["dolma"])]
    names = list(hits)

    def rows_by(key) -> list[list[object]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            groups[key(r)].append(i)
        rows = []
        for g in sorted(groups):
            idx = groups[g]
            rows.append([g, len(idx)] + [sum(hits[n][i] for i in idx) / len(idx) for n in names])
        return rows

    print("\nDetection rate on real_loops.jsonl (loop rows: recall; clean rows: false-positive rate)")
    print(table(["group", "n"] + names, rows_by(group_of)))
    print("\nBy subtype (label/subtype)")
    print(table(["subtype", "n"] + names,
                rows_by(lambda r: f"{r['label']}/{r.get('severity') or '-'}/{r['subtype']}")))
    print("\nBy dataset, degenerate loops (recall) and normal+other_error (FPR)")
    rows = []
    for tag, want in (("recall", "loop/degenerate"), ("FPR", "clean/normal+other_error")):
        sets: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            if group_of(r) == want:
                sets[r["dataset"]].append(i)
        for d in sorted(sets):
            idx = sets[d]
            rows.append([f"{tag} {d}", len(idx)] + [sum(hits[n][i] for i in idx) / len(idx) for n in names])
    print(table(["dataset", "n"] + names, rows))
    if timeouts:
        print(f"(dolma regex timed out on {timeouts} texts; counted as no detection)")
    missed = [i for i, r in enumerate(records) if group_of(r) == "loop/degenerate" and not hits["textrepair"][i]]
    print(f"textrepair misses (record index): {missed}")


# -- 2. injected loops ----------------------------------------------------------

def detokenize(s: str) -> str:
    s = re.sub(r" ([,.;:!?%)\]}])", r"\1", s)
    s = re.sub(r"([(\[{$]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return s


CJK = [
    "我们需要更多的时间来完成这个项目。", "今天的会议讨论了经济合作和地区安全问题。",
    "他在北京的一家大学学习历史。", "政府宣布将在明年提高最低工资。",
    "这座城市的人口在过去十年里增长了一倍。", "专家认为新的政策有助于减少污染。",
    "東京の天気は明日から回復する見込みです。", "彼は毎朝公園を散歩してから仕事に行きます。",
    "この問題については来週の会議で話し合う予定です。", "新しい駅は来年の春に開業します。",
]


def clean_texts(limit: int = 3000) -> list[str]:
    out: list[str] = []
    for path in sorted(shared_path("data", "mtqe").glob("*.train.tsv")):
        for row in read_tsv(path):
            pe = (row.get("post_edit") or "").strip()
            if pe.startswith('"') and pe.endswith('"'):   # CSV quoting left in the field
                pe = pe[1:-1].replace('""', '"')
            if 40 <= len(pe) <= 400:
                out.append(detokenize(pe))
            if len(out) >= limit * (1 + len(out) // limit) and len(out) >= limit:
                break
    rng = random.Random(7)
    rng.shuffle(out)
    # The seed article's paragraphs 6, 8 and 10 hold its loops; the rest are clean.
    paragraphs = [p for i, p in enumerate(SEED.read_text(encoding="utf-8").split("\n"))
                  if p.strip() and i not in (5, 7, 9)]
    return out[:limit] + paragraphs


def inject(text: str, form: str, rng: random.Random) -> str | None:
    """``text`` with one loop of ``form`` added such that removing the loop gives ``text``."""
    words = list(re.finditer(r"\b[A-Za-z][a-z]+\b", text))
    if not words:
        return None
    if form == "word":
        w = rng.choice(words)
        return text[:w.end()] + (" " + w.group()) * rng.randint(4, 20) + text[w.end():]
    if form == "phrase":
        if len(words) < 4:
            return None
        i = rng.randrange(len(words) - 2)
        a, b = words[i], words[i + rng.randint(1, 2)]
        phrase = text[a.start():b.end()]
        return text[:b.end()] + (" " + phrase) * rng.randint(3, 12) + text[b.end():]
    if form == "drift":
        if len(words) < 3:
            return None
        i = rng.randrange(len(words) - 1)
        a, b = words[i], words[i + 1]
        phrase = text[a.start():b.end()]
        w = b.group()
        variants = [phrase, phrase, phrase[:len(phrase) - len(w)] + w + "s",
                    phrase[:len(phrase) - len(w)] + w[:-1] + "es"]
        copies = [phrase] * 2 + [rng.choice(variants) for _ in range(rng.randint(3, 10))] + [phrase] * 2
        return text[:b.end()] + "".join(" " + c for c in copies) + text[b.end():]
    if form == "drift-any":
        # One-letter variants in any copy, the first and the last included.
        if len(words) < 3:
            return None
        i = rng.randrange(len(words) - 1)
        a, b = words[i], words[min(i + rng.randint(1, 2), len(words) - 1)]
        phrase = text[a.start():b.end()]
        k = rng.randint(4, 10)
        varied = {j for j in range(k) if rng.random() < 0.35}
        varied |= {j for j, where in ((0, "first"), (k - 1, "last")) if rng.random() < 0.5}
        copies = [misspell(phrase, rng) if j in varied else phrase for j in range(k)]
        return text[:b.end()] + "".join(" " + c for c in copies) + text[b.end():]
    if form == "joined":
        # "the Southwestern or The Southwestern and the Southwestern": an item
        # joined to copies of itself, capitalised or misspelt here and there.
        pairs = [(a, b) for a, b in zip(words, words[1:])
                 if text[a.end():b.start()] == " " and len(b.group()) >= 4]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        item = text[a.start():b.end()]
        copies = []
        for _ in range(rng.randint(2, 5)):
            c = item
            if rng.random() < 0.3:
                c = c[0].upper() + c[1:]
            if rng.random() < 0.3:
                c = misspell(c, rng)
            copies.append(rng.choice([" and ", " or "]) + c)
        return text[:b.end()] + "".join(copies) + text[b.end():]
    if form == "junk-seam":
        # Empty quote pairs after a sentence, joined by a comma or a space,
        # at the end or between two sentences.
        ends = [m.end() for m in re.finditer(r"[.!?](?= [A-Z])|[.!?]$", text)]
        if not ends:
            return None
        at = rng.choice(ends)
        pair = rng.choice(["“”", "‘’", "«»", "„“"])
        junk = rng.choice(["", " ", ", ", ",", " , ", "; "]) + rng.choice([", ", " ", ","]).join(
            [pair] * rng.randint(2, 6))
        return text[:at] + junk + text[at:]
    if form == "stutter":
        long = [w for w in words if len(w.group()) >= 6]
        if not long:
            return None
        w = rng.choice(long)
        unit = w.group()[-3:]
        return text[:w.end()] + unit * rng.randint(6, 25) + text[w.end():]
    if form == "punct":
        junk = rng.choice([" “”, “”, “”", " - - - - - - - -", " ’ ’ ’ ’ ’ ’ ’ ’", " � � � � � � �", "!!!!!!!!!!!!!!!!!!!!"])
        if junk.startswith("!"):
            if not text.endswith("!"):
                return None
        return text + junk
    if form == "truncated":
        sentence = re.split(r"(?<=[.!?]) ", text)[-1]
        if len(sentence.split()) < 4:
            return None
        cut = rng.randint(1, len(sentence.split()) - 1)
        return text + (" " + sentence) * rng.randint(1, 3) + " " + " ".join(sentence.split()[:cut])
    if form == "sentence":
        sentence = re.split(r"(?<=[.!?]) ", text)[-1]
        return text + (" " + sentence) * rng.randint(2, 5)
    raise ValueError(form)


def misspell(phrase: str, rng: random.Random) -> str:
    """``phrase`` with one letter of one word of three letters or more
    changed, dropped or added (``the FBI`` -> ``tue FBI``, ``the FI``)."""
    words = [m for m in re.finditer(r"[A-Za-z]{3,}", phrase)]
    if not words:
        return phrase
    w = rng.choice(words)
    word = w.group()
    i = rng.randrange(len(word))
    letter = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[i].lower()])
    op = rng.choice(["change", "drop", "add"])
    if op == "change":
        word = word[:i] + letter + word[i + 1:]
    elif op == "drop":
        word = word[:i] + word[i + 1:]
    else:
        word = word[:i] + letter + word[i:]
    return phrase[:w.start()] + word + phrase[w.end():]


def inject_cjk(text: str, rng: random.Random) -> str:
    i = rng.randrange(2, len(text) - 3)
    unit = text[i - 2:i]
    return text[:i] + unit * rng.randint(3, 10) + text[i:]


def restore_table(texts: list[str]) -> None:
    rng = random.Random(13)
    forms = ["word", "phrase", "drift", "drift-any", "joined", "stutter", "punct", "junk-seam",
             "truncated", "sentence"]
    rows = []
    failures: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for form in forms:
        done = ok = 0
        for text in texts[:800]:
            bad = inject(text, form, rng)
            if bad is None:
                continue
            done += 1
            got = collapse_loops(bad).text
            if got == text:
                ok += 1
            elif len(failures[form]) < 2:
                failures[form].append((bad[:160], got[:160]))
        rows.append([form, done, ok / done])
    done = ok = 0
    for text in CJK * 20:
        bad = inject_cjk(text, rng)
        done += 1
        got = collapse_loops(bad).text
        if got == text:
            ok += 1
        elif len(failures["cjk"]) < 2:
            failures["cjk"].append((bad, got))
    drifting = [r for r in rows if r[0] in ("drift", "drift-any", "joined")]
    rows.append(["all drifting forms", sum(r[1] for r in drifting),
                 sum(r[1] * r[2] for r in drifting) / sum(r[1] for r in drifting)])
    rows.append(["cjk (zh/ja, 2-char unit x4-11)", done, ok / done])
    untouched = sum(collapse_loops(t).text == t for t in texts + CJK)
    rows.append(["clean, byte-identical", len(texts) + len(CJK), untouched / (len(texts) + len(CJK))])
    quiet = sum(not find_loops(t) for t in texts + CJK)
    rows.append(["clean, no loop reported", len(texts) + len(CJK), quiet / (len(texts) + len(CJK))])
    paragraphs = [" ".join(texts[i:i + 6]) for i in range(0, len(texts) - 5, 6)]
    kept = sum(collapse_loops(p).text == p for p in paragraphs)
    rows.append(["clean 6-sentence paragraphs, byte-identical", len(paragraphs), kept / len(paragraphs)])
    print("\nRestoration of injected loops (exact original text back)")
    print(table(["form", "n", "restored"], rows))
    for form, cases in failures.items():
        for bad, got in cases:
            print(f"  {form} miss: {bad!r}\n      -> {got!r}")


# -- 3. throughput ----------------------------------------------------------------

def throughput(records: list[dict], texts: list[str]) -> None:
    import ftfy

    rows = []
    for name, corpus in (("real_loops texts", [r["text"] for r in records]), ("clean sentences", texts)):
        mb = sum(len(t.encode("utf-8")) for t in corpus) / 1e6
        t_loops = best_time(lambda: [collapse_loops(t) for t in corpus])
        t_ftfy = best_time(lambda: [ftfy.fix_text(t) for t in corpus])
        rows.append([name, round(mb, 3), mb / t_loops, mb / t_ftfy])
    big = "Pakhtunk" + "hwa" * 1_000_000
    mb = len(big) / 1e6
    rows.append(["3 MB 'hwa' stutter", round(mb, 3), mb / best_time(lambda: collapse_loops(big), 1),
                 mb / best_time(lambda: ftfy.fix_text(big), 1)])
    print("\nThroughput (MB/s, best of 3)")
    print(table(["texts", "MB", "collapse_loops", "ftfy.fix_text"], rows))


# -- 4. adversarial input ------------------------------------------------------

ADVERSARIAL = ["one letter", "spaced letter", "quote junk", "quote marks", "stutter", "CJK loop",
               "CJK text", "lines", "sentence loop"]


def adversarial_text(name: str, size: int) -> str:
    import random as rnd

    if name == "one letter":
        return "a" * size
    if name == "spaced letter":
        return "a " * (size // 2)
    if name == "quote junk":
        return "Start. " + "“”, " * (size // 4)
    if name == "quote marks":
        return "“" * size
    if name == "stutter":
        return "Pakhtunk" + "hwa" * (size // 3)
    if name == "CJK loop":
        return "我们" + "需要" * (size // 2)
    if name == "CJK text":
        rng = rnd.Random(1)
        chars = [chr(0x4E00 + rng.randrange(3000)) for _ in range(3000)]
        return "".join(rng.choice(chars) for _ in range(size))
    if name == "lines":
        return "a\n" * (size // 2)
    if name == "sentence loop":
        return "the cat sat on the mat. " * (size // 24)
    raise ValueError(name)


def adversarial_one(name: str, mb: float) -> None:
    """Run one input in this process and print time and memory as JSON."""
    import resource
    import time

    collapse_loops("the Pakhtunkhwahwahwahwahwahwahwa liquefied liquefied liquefied, “”, “”")  # word lists
    text = adversarial_text(name, int(mb * 1_000_000))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    collapse_loops(text)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "bytes_per_char": (peak - base) * 1024 / len(text)}))


def adversarial_table() -> None:
    import subprocess

    rows = []
    for name in ADVERSARIAL:
        row: list[object] = [name]
        for mb in (1, 10):
            out = subprocess.run([sys.executable, __file__, "--one", name, str(mb)],
                                 capture_output=True, text=True)
            if out.returncode:
                row += ["failed", out.stderr.strip().splitlines()[-1][:40] if out.stderr else ""]
                continue
            got = json.loads(out.stdout.strip().splitlines()[-1])
            row += [round(got["seconds"], 2), round(got["bytes_per_char"], 1)]
        rows.append(row)
    print("\nAdversarial input: collapse_loops time (s) and peak RSS above baseline (bytes per input char)")
    print(table(["input", "1 MB s", "1 MB B/char", "10 MB s", "10 MB B/char"], rows))


def main() -> int:
    if sys.argv[1:2] == ["--one"]:
        adversarial_one(sys.argv[2], float(sys.argv[3]))
        return 0
    if sys.argv[1:2] == ["--adversarial"]:
        adversarial_table()
        return 0
    path = shared_path("data", "loops", "real_loops.jsonl")
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    real_table(records)
    texts = clean_texts()
    restore_table(texts)
    throughput(records, texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
