#!/usr/bin/env python3
"""Draw the documents of the newswire people evaluation set (data/people_eval/newswire/).

The draw is a fixed rule over the benchdata files, independent of how any tool does on them:
eligible records are filtered by category, length and a surface pattern that suggests named people,
sorted by id, shuffled with a fixed seed, and the first N of each stratum are taken.
Writes records.json. Re-running it gives the same records.

  python data/people_eval/draw_newswire.py [--bench DIR] [--out FILE]
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

SEED = 14  # the issue number
BENCH = Path("/work/shared/benchdata")
BBC, REUTERS = "bbc-news-2225.jsonl.gz", "reuters21578.jsonl.gz"

# stratum name -> (file, quota); sport and politics are heavier, as names are densest there
QUOTAS = {
    "bbc-sport-lineup": 4,
    "bbc-sport": 9,
    "bbc-politics": 12,
    "bbc-business": 5,
    "bbc-entertainment": 6,
    "bbc-tech": 4,
    "reuters": 20,
}
CAP_PAIR = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")
LINEUP = re.compile(r"\b(Replacements|Subs|Substitutes)\b")
ROLE = re.compile(r"\b(chairman|president|minister|chief executive|secretary|governor|spokesman|director)\b", re.I)
NAMED_SPEAKER = re.compile(r"\b[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+,? (?:said|told)\b"
                           r"|\bsaid [A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+\b")


def words(rec: dict) -> int:
    return len((rec["title"] + " " + rec["text"]).split())


def stratum(rec: dict) -> str | None:
    """The stratum a record is eligible for, or None."""
    n = words(rec)
    if rec["id"].startswith("bbc-"):
        cat = rec["category"]
        if len(set(CAP_PAIR.findall(rec["text"]))) < 4:
            return None
        if cat == "sport" and LINEUP.search(rec["text"]) and n <= 650:
            return "bbc-sport-lineup"
        return f"bbc-{cat}" if 120 <= n <= 450 else None
    if rec.get("text_type") != "NORM" or not 60 <= n <= 350:
        return None
    return "reuters" if ROLE.search(rec["text"]) and NAMED_SPEAKER.search(rec["text"]) else None


def draw(bench: Path) -> list[dict]:
    pools: dict[str, list[tuple[str, str]]] = {k: [] for k in QUOTAS}
    for fname in (BBC, REUTERS):
        with gzip.open(bench / fname, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                s = stratum(rec)
                if s:
                    pools[s].append((rec["id"], fname))
    rng = random.Random(SEED)
    out = []
    for s, quota in QUOTAS.items():
        pool = sorted(pools[s])
        rng.shuffle(pool)
        out += [{"id": i, "file": f, "stratum": s} for i, f in pool[:quota]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=BENCH)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "newswire" / "records.json")
    a = ap.parse_args()
    recs = draw(a.bench)
    doc = {"seed": SEED, "rule": "see LABELLING.md and draw_newswire.py", "records": recs}
    a.out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"{len(recs)} records -> {a.out}")


if __name__ == "__main__":
    main()
