"""Garble benchmark: textrepair.flag_garbled against expert judgements of real MT and target-only anchors.

    python benchmarks/bench_garble.py            # reads ../shared/data/mtqe (TEXTREPAIR_SHARED overrides)

Prints first the MQM newstest2020 zh-en test documents (split by document, ``mtqe_data.document_split``):
raw and length-matched AUC of Major-fluency-error MT against clean MT, recall at the default threshold, the
share of human translations and of clean MT flagged, the human translations read as whole documents, and
how often each reason fires on human translations against Major-error MT.  Then the seed article's counts,
and per pair on MLQE-PE test20 and test21: AUC for picking out the bottom 10 % by human DA and Pearson
r(-score, DA) for textrepair and the anchors recomputed here (the best single cheap cue, chosen on dev; a
ridge over all cheap cues trained on the SAME pair's train split; the NMT system's own score, glass box);
MQM zh-en AUC for segments with a major fluency error; garbled-vs-fluent AUCs; the share of clean text
flagged at the default threshold; speed.  Pure Python (no numpy needed).
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from garble_corrupt import corrupt  # noqa: E402
from mtqe_data import PAIRS, detokenize, mtqe_dir, read_newstest, read_rows  # noqa: E402

import textrepair  # noqa: E402
from textrepair.garble import FEATURES, paragraphs, sentence_features, shipped_weights  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_article.txt"
# Paragraphs of the seed that read as fluent English (by hand; the rest are garbled or headings).
SEED_CLEAN = (
    "Global rights organizations, as well as the Afghan government",
    "Islamabad has repeatedly alleged that",
    "The data of the Pak Peace Studies Institute",
    "Pakistan has received millions of Afghan refugees",
    "In response, Zabihullah Mujahid",
    "Khan added that Pakistan recognizes",
    "Meanwhile, the declaration of the Ministry of Foreign Affairs of Pakistan focused",
    "He added that the armed group",
)
# Paragraphs of the seed with literal-translation garble (by hand, the 12 the issue tracker counts).
SEED_GARBLED = (
    "The trip to give, they say analysts",
    "According to the Ministry of Foreign Affairs of Pakistan, finding",
    "However, the declaration of the Afghan Foreign Ministry",
    "“We have asked our hosts",
    "Conerns security after 2021",
    "Since the Taliban Tok Control",
    "These incidents charged 852 lives",
    "Despite the increase in hostilities",
    "“It was not a beginning, but adjusting",
    "Khan de Issi said",
    "Meanwhile, the Taliban have emphasized",
    "Even so, Khan, the analyst",
)


def auc(scores: list[float], positive: list[bool]) -> float:
    """Area under the ROC curve; ties count half."""
    order = sorted(range(len(scores)), key=scores.__getitem__)
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    return (sum(r for r, p in zip(ranks, positive) if p) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def pearson(a: list[float], b: list[float]) -> float:
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = math.sqrt(sum((x - ma) ** 2 for x in a))
    vb = math.sqrt(sum((y - mb) ** 2 for y in b))
    return cov / (va * vb) if va and vb else float("nan")


def bottom(values: list[float], share: float) -> list[bool]:
    cut = sorted(values)[max(0, int(len(values) * share) - 1)]
    return [v <= cut for v in values]


def ridge(X: list[list[float]], y: list[float], l2: float = 1.0) -> list[float]:
    """Ridge regression weights (last = intercept) by the normal equations, standardised inputs."""
    d = len(X[0])
    mean = [sum(r[j] for r in X) / len(X) for j in range(d)]
    sd = [math.sqrt(sum((r[j] - mean[j]) ** 2 for r in X) / len(X)) or 1.0 for j in range(d)]
    Z = [[(r[j] - mean[j]) / sd[j] for j in range(d)] + [1.0] for r in X]
    A = [[sum(z[i] * z[j] for z in Z) + (l2 if i == j < d else 0.0) for j in range(d + 1)] for i in range(d + 1)]
    b = [sum(z[i] * t for z, t in zip(Z, y)) for i in range(d + 1)]
    w = solve(A, b)
    coef = [w[j] / sd[j] for j in range(d)]
    return coef + [w[d] - sum(c * m for c, m in zip(coef, mean))]


def solve(A: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    M = [row[:] + [v] for row, v in zip(A, b)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c and M[c][c]:
                f = M[r][c] / M[c][c]
                M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    return [M[i][n] / M[i][i] for i in range(n)]


def garble_score(text: str) -> float:
    """textrepair's score of a segment: its worst sentence."""
    return max((f.score for f in textrepair.flag_garbled(text, threshold=0.0)), default=0.0)


def flagged(text: str) -> bool:
    return bool(textrepair.flag_garbled(text))


def length_matched_auc(scores: list[float], positive: list[bool], n_words: list[int], bands: int = 5) -> float:
    """AUC within quintiles of word count, averaged with weights = positive x negative pairs of each band."""
    order = sorted(range(len(scores)), key=lambda i: n_words[i])
    total = weight = 0.0
    for b in range(bands):
        idx = order[len(order) * b // bands:len(order) * (b + 1) // bands]
        n_pos = sum(positive[i] for i in idx)
        pairs = n_pos * (len(idx) - n_pos)
        if pairs:
            total += pairs * auc([scores[i] for i in idx], [positive[i] for i in idx])
            weight += pairs
    return total / weight if weight else float("nan")


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def reason_kind(reason: str) -> str:
    return reason.split(":")[0].split(" (")[0]


def newstest_report(threshold: float) -> None:
    rows = read_newstest("test")
    human = [r for r in rows if r["is_human_ref"]]
    mt = [r for r in rows if not r["is_human_ref"]]
    scored: dict[str, tuple[float, bool, set[str], set[str]]] = {}
    for r in rows:
        text = r["text"]
        if text in scored:
            continue
        every = textrepair.flag_garbled(text, threshold=0.0)
        fired = textrepair.flag_garbled(text)
        scored[text] = (max((f.score for f in every), default=0.0), bool(fired),
                        {reason_kind(x) for f in every for x in f.reasons},
                        {reason_kind(x) for f in fired for x in f.reasons})
    major = [r for r in mt if r["fluency_bucket"] == "major"]
    clean = [r for r in mt if r["fluency_bucket"] == "clean"]
    pool = major + clean
    pos = [r["fluency_bucket"] == "major" for r in pool]
    sc = [scored[r["text"]][0] for r in pool]
    nw = [word_count(r["text"]) for r in pool]
    docs = sorted({r["doc"] for r in rows})
    print(f"== MQM newstest2020 zh-en, test documents ({len(docs)} docs; {len(major)} Major-fluency MT, "
          f"{len(clean)} clean MT, {len(human)} human translations; threshold {threshold:.3f}) ==")
    print(f"  Major vs clean MT AUC: textrepair {auc(sc, pos):.3f} raw, {length_matched_auc(sc, pos, nw):.3f} "
          f"length-matched;  word count alone {auc([float(n) for n in nw], pos):.3f} raw")

    def rate(group: list[dict]) -> str:
        return f"{sum(scored[r['text']][1] for r in group) / len(group):6.1%}  (n={len(group)})"

    minor = [r for r in mt if r["fluency_bucket"] == "minor"]
    print(f"  flagged at the default threshold:  Major-error MT {rate(major)}")
    print(f"                                     minor-error MT {rate(minor)}")
    print(f"                                     clean MT       {rate(clean)}")
    print(f"                                     human transl.  {rate(human)}")
    lines = flagged_lines = 0
    for doc in docs:
        seg = [r["text"] for r in human if r["doc"] == doc and r["system"].startswith("Human-A")]
        text = "\n".join(seg)
        flags = textrepair.flag_garbled(text)
        starts = [sum(len(t) + 1 for t in seg[:i]) for i in range(len(seg))]
        lines += len(seg)
        flagged_lines += sum(1 for a, t in zip(starts, seg) if any(f.start < a + len(t) and f.end > a for f in flags))
    print(f"  human translations (Human-A) read as whole documents, one paragraph per segment: "
          f"{flagged_lines / lines:.1%} of {lines} paragraphs flagged")
    cue_values = [sentence_features(r["text"])[0] for r in pool]
    print("\n  each cue alone, Major vs clean MT (-: lower ranks Major higher): AUC raw / length-matched")
    cells = []
    for j, name in enumerate(FEATURES):
        v = [x[j] for x in cue_values]
        raw = auc(v, pos)
        sign = 1 if raw >= 0.5 else -1
        cells.append(f"{'-' if sign < 0 else ' '}{name:16s} {max(raw, 1 - raw):.3f} / "
                     f"{length_matched_auc([sign * x for x in v], pos, nw):.3f}")
    for i in range(0, len(cells), 3):
        print("  " + "   ".join(cells[i:i + 3]))
    print("\n  reasons: share of segments given a reason of this kind (at any score / in a flag at the threshold)")
    kinds = sorted({k for v in scored.values() for k in v[2]})
    print(f"  {'reason':28s} {'human':>15s} {'Major MT':>15s} {'clean MT':>15s}   Major:human (in flags)")
    for k in kinds:
        cells = []
        counts = []
        for group in (human, major, clean):
            a = sum(k in scored[r["text"]][2] for r in group) / len(group)
            b = sum(k in scored[r["text"]][3] for r in group) / len(group)
            cells.append(f"{a:6.1%}/{b:6.1%}")
            counts.append(b)
        ratio = f"{counts[1] / counts[0]:.1f}" if counts[0] else ("inf" if counts[1] else "-")
        print(f"  {k:28s} {cells[0]:>15s} {cells[1]:>15s} {cells[2]:>15s}   {ratio}")
    print()


def seed_report() -> None:
    seed = SEED.read_text(encoding="utf-8")
    flags = textrepair.flag_garbled(seed)

    def hit(p: str) -> list:
        i = seed.index(p)
        return [f for f in flags if f.start <= i < f.end or i <= f.start < seed.index("\n", i)]

    garbled = [p for p in SEED_GARBLED if hit(p)]
    fluent = [p for p in SEED_CLEAN if hit(p)]
    print(f"== seed article (no gazetteer): {len(garbled)}/{len(SEED_GARBLED)} garbled paragraphs flagged, "
          f"{len(fluent)}/{len(SEED_CLEAN)} fluent ones ==")
    for p in SEED_GARBLED:
        reasons = [r for f in hit(p) for r in f.reasons]
        print(f"  {'+' if reasons else '-'} {p[:40]:40s} {'; '.join(dict.fromkeys(reasons))[:110]}")
    for p in fluent:
        print(f"  ! fluent paragraph flagged: {p}")
    print()


def fmt(x: float) -> str:
    return " n/a" if x != x else f"{x:.3f}"[1:] if 0 <= x < 1 else f"{x:.2f}"


def main() -> int:
    if not mtqe_dir().exists():
        print(f"no MT quality data at {mtqe_dir()}: garble benchmark skipped")
        return 0
    t0 = time.time()
    threshold = shipped_weights().threshold
    newstest_report(threshold)
    seed_report()
    feats = {}

    def features(text: str) -> list[float]:
        if text not in feats:
            feats[text] = sentence_features(text)[0]
        return feats[text]

    # best single cheap cue: chosen on dev (mean bottom-10 % AUC over the pairs), sign included
    dev = {lp: read_rows(f"{lp}.dev") for lp in PAIRS}
    best_cue = None
    for j, name in enumerate(FEATURES):
        for sign in (1, -1):
            m = sum(auc([sign * features(r["mt_output"])[j] for r in rows],
                        bottom([float(r["human_score"]) for r in rows], 0.1)) for rows in dev.values()) / len(PAIRS)
            if best_cue is None or m > best_cue[0]:
                best_cue = (m, j, sign, name)
    _, cue_j, cue_sign, cue_name = best_cue
    print(f"best single cheap cue on dev: {'-' if cue_sign < 0 else ''}{cue_name}")

    ridges = {}
    for lp in PAIRS:
        rows = read_rows(f"{lp}.train")
        ridges[lp] = ridge([features(r["mt_output"]) for r in rows], [float(r["human_score"]) for r in rows])
    print(f"(features and same-pair ridges ready in {time.time() - t0:.0f}s)\n")

    for split in ("test20", "test21"):
        print(f"== MLQE-PE {split}: bottom-10 % DA AUC / Pearson r(-score, DA) ==")
        print(f"{'method':34s}" + "".join(f"{lp:>14s}" for lp in PAIRS) + f"{'mean AUC':>10s}")
        table: dict[str, list[tuple[float, float]]] = {}
        for lp in PAIRS:
            rows = read_rows(f"{lp}.{split}")
            da = [float(r["human_score"]) for r in rows]
            pos = bottom(da, 0.1)
            w = ridges[lp]
            methods = {
                "textrepair.flag_garbled": [garble_score(r["mt_output"]) for r in rows],
                f"best single cue ({cue_name})": [cue_sign * features(r["mt_output"])[cue_j] for r in rows],
                "ridge, cheap cues, same pair": [-(w[-1] + sum(c * v for c, v in zip(w, features(r["mt_output"]))))
                                                 for r in rows],
            }
            if rows and "nmt_model_score" in rows[0] and rows[0]["nmt_model_score"]:
                methods["nmt_model_score (glass box)"] = [-float(r["nmt_model_score"]) for r in rows]
            for name, scores in methods.items():
                table.setdefault(name, []).append((auc(scores, pos), pearson([-s for s in scores], da)))
        for name, cells in table.items():
            if len(cells) < len(PAIRS):
                continue
            mean_auc = sum(a for a, _ in cells) / len(cells)
            print(f"{name:34s}" + "".join(f"{fmt(a):>8s}/{fmt(r):>5s}" for a, r in cells) + f"{fmt(mean_auc):>10s}")
        print()

    mqm = read_rows("zh-en.mqm_ted")
    mt = [r for r in mqm if r["is_human_ref"] == "0"]
    refs = [r for r in mqm if r["is_human_ref"] == "1"]
    major = [float(r["mqm_fluency"]) >= 5 for r in mt]
    print(f"== MQM zh-en TED: AUC for a major fluency error (mqm_fluency >= 5), {len(mt)} MT segments ==")
    ted = [garble_score(r["mt_output"]) for r in mt]
    print(f"  textrepair.flag_garbled        {auc(ted, major):.3f} raw, "
          f"{length_matched_auc(ted, major, [word_count(r['mt_output']) for r in mt]):.3f} length-matched")
    print(f"  best single cue ({cue_name:12s}) {auc([cue_sign * features(r['mt_output'])[cue_j] for r in mt], major):.3f}")
    print()

    print("== garbled vs fluent, same content ==")
    s_mt, s_pe = [], []
    for lp in PAIRS:
        for r in dev[lp]:
            if float(r["hter"]) >= 0.4:
                s_mt.append(garble_score(r["mt_output"]))
                s_pe.append(garble_score(detokenize(r["post_edit"])))
    print(f"  dev raw MT (HTER >= 0.4) vs its post-edit, n={len(s_mt)}: AUC {auc(s_mt + s_pe, [True] * len(s_mt) + [False] * len(s_pe)):.3f}")
    rng = random.Random(7)
    pe20 = [detokenize(r["post_edit"]) for lp in PAIRS for r in read_rows(f"{lp}.test20")]
    s_bad = [garble_score(corrupt(t, rng)) for t in pe20]
    s_good = [garble_score(t) for t in pe20]
    print(f"  test20 post-edits, synthetically corrupted vs clean, n={len(pe20)}: "
          f"AUC {auc(s_bad + s_good, [True] * len(s_bad) + [False] * len(s_good)):.3f}")
    print()

    print("== share of clean text flagged at the default threshold ==")
    print(f"  MQM human reference segments:      {sum(map(flagged, (r['mt_output'] for r in refs))) / len(refs):.1%}"
          f"  (n={len(refs)})")
    print(f"  MLQE-PE test20 post-edits:         {sum(map(flagged, pe20)) / len(pe20):.1%}"
          f"  (n={len(pe20)})")
    seed = SEED.read_text(encoding="utf-8")
    seed_flags = textrepair.flag_garbled(seed)
    clean_hits = [p for p in SEED_CLEAN if any(f.start <= seed.index(p) < f.end for f in seed_flags)]
    print(f"  seed clean paragraphs:             {len(clean_hits)}/{len(SEED_CLEAN)} flagged")
    print()

    print("== speed ==")
    sample = [r["mt_output"] for lp in PAIRS for r in read_rows(f"{lp}.test20")]
    start = time.perf_counter()
    for t in sample:
        textrepair.flag_garbled(t)
    dt = time.perf_counter() - start
    print(f"  flag_garbled: {len(sample) / dt:.0f} sentences/s ({sum(map(len, sample)) / dt / 1e6:.3f} MB/s)")
    n_paragraphs = len(paragraphs(seed))
    textrepair.repair(seed)  # load every stage's data first
    start = time.perf_counter()
    for _ in range(5):
        textrepair.repair(seed)
    with_flags = (time.perf_counter() - start) / 5
    start = time.perf_counter()
    for _ in range(5):
        textrepair.repair(seed, flag_garbled=False)
    without = (time.perf_counter() - start) / 5
    print(f"  repair(seed): {with_flags * 1000:.0f} ms with flags, {without * 1000:.0f} ms without "
          f"({n_paragraphs} paragraphs)")
    print(f"\n(total {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
