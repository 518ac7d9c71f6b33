"""Throughput of repair() beside ftfy.fix_text on the same documents.

    python benchmarks/bench_throughput.py

Documents: the bundled seed article, and (when ../shared is present) MLQE-PE
machine translations grouped into 20-sentence documents.
"""

from __future__ import annotations

import ftfy

import textrepair
from _shared import REPO, SHARED, best_time, read_tsv, table


def documents() -> dict[str, list[str]]:
    sets = {"seed article x20": [(REPO / "examples" / "seed_article.txt").read_text("utf-8")] * 20}
    mtqe = SHARED / "data" / "mtqe" / "ro-en.dev.tsv"
    if mtqe.exists():
        sents = [row["mt_output"] for row in read_tsv(mtqe)]
        sets["MLQE-PE ro-en dev, 20-sentence docs"] = [
            " ".join(sents[i:i + 20]) for i in range(0, len(sents), 20)
        ]
    else:
        print(f"note: {mtqe} is absent; only the seed article is measured")
    return sets


# The stage that does ftfy's job, for a like-for-like comparison.
ENCODING_ONLY = textrepair.RepairConfig(collapse_loops=False, fix_names=False, flag_garbled=False)


def main() -> None:
    rows = []
    for name, docs in documents().items():
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        t_repair = best_time(lambda: [textrepair.repair(d) for d in docs], repeat=2)
        t_encoding = best_time(lambda: [textrepair.repair(d, config=ENCODING_ONLY) for d in docs], repeat=2)
        t_ftfy = best_time(lambda: [ftfy.fix_text(d) for d in docs], repeat=2)
        rows.append([name, len(docs), mb, mb / t_repair, mb / t_encoding, mb / t_ftfy, t_repair / t_ftfy])
    print("Throughput (MB/s, best of 2; ratio measured in this run)")
    print(table(["documents", "docs", "MB", "repair() MB/s", "encoding stage only MB/s", "ftfy.fix_text MB/s",
                 "repair/ftfy time"], rows))


if __name__ == "__main__":
    main()
