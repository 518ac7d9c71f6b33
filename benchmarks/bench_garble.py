"""Garble benchmark: textrepair.flag_garbled against target-only anchors on human-judged MT.

    python benchmarks/bench_garble.py            # reads ../shared/data/mtqe (TEXTREPAIR_SHARED overrides)

Prints, per pair on test20 and test21: AUC for picking out the bottom 10 % by human DA and Pearson
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
from mtqe_data import PAIRS, detokenize, mtqe_dir, read_rows  # noqa: E402

import textrepair  # noqa: E402
from textrepair.garble import FEATURES, paragraphs, sentence_features  # noqa: E402

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


def fmt(x: float) -> str:
    return " n/a" if x != x else f"{x:.3f}"[1:] if 0 <= x < 1 else f"{x:.2f}"


def main() -> int:
    if not mtqe_dir().exists():
        print(f"no MT quality data at {mtqe_dir()}: garble benchmark skipped")
        return 0
    t0 = time.time()
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
    print(f"  textrepair.flag_garbled        {auc([garble_score(r['mt_output']) for r in mt], major):.3f}")
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
