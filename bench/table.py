#!/usr/bin/env python3
"""Turns a JMH JSON result (run with -prof gc) into the README's markdown table: one row per benchmark with
its score, error, gc.alloc.rate.norm, and its time over nasmap's on the same workload (a row named
*Chained over nasmapChained).
Usage: table.py RESULT.json [PATCHED.json]  (with a second file, a column of nasmap with the patch)."""
import json
import sys
from collections import OrderedDict

ORDER = ["finalAccuracy", "epochMetric", "moreInfo", "costInfo", "indexOf", "simulate", "findBest", "open"]
IMPLS = ["nasmap", "nasmapColumn", "floatArray", "mappedBuffer", "mappedChain", "heapMap", "chronicleMap",
         "nasmapChained", "mappedBufferChained", "chronicleMapChained"]


def fmt(x):
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def load(path):
    with open(path) as f:
        runs = json.load(f)
    cells = OrderedDict()
    for r in runs:
        workload, impl = r["benchmark"].rsplit(".", 1)[1].split("_", 1)
        pm = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        cells.setdefault(workload, {})[impl] = (pm["score"], pm["scoreError"], pm["scoreUnit"], alloc)
    return cells


def main(path, patched=None):
    cells = load(path)
    extra = load(patched) if patched else {}
    head = "| benchmark | score | ± (99.9%) | gc.alloc.rate.norm | time / nasmap's |"
    if extra:
        head += " with the reader patch |"
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for workload in sorted(cells, key=lambda w: ORDER.index(w) if w in ORDER else 99):
        row = cells[workload]
        for impl in sorted(row, key=lambda i: IMPLS.index(i) if i in IMPLS else 99):
            score, err, unit, alloc = row[impl]
            a = "n/a" if alloc is None else ("≈ 0 B/op" if alloc < 0.5 else f"{fmt(alloc)} B/op")
            ratio = ""
            # a chained row (one query's latency) is compared with nasmap's chained row, the others with nasmap's
            base = "nasmapChained" if impl.endswith("Chained") else "nasmap"
            if impl != base and base in row and row[base][2] == unit:
                ratio = f"{score / row[base][0]:.3g}"
            line = f"| {workload}_{impl} | {fmt(score)} {unit} | {fmt(err)} | {a} | {ratio} |"
            if extra:
                p = extra.get(workload, {}).get(impl) if impl == "nasmap" else None
                if p:
                    pa = "≈ 0 B/op" if p[3] is not None and p[3] < 0.5 else f"{fmt(p[3])} B/op"
                    line += f" {fmt(p[0])} ± {fmt(p[1])} {p[2]} ({pa}) |"
                else:
                    line += " |"
            print(line)


if __name__ == "__main__":
    main(*sys.argv[1:3])
