"""Drop new labelled sentences that are near-copies of a test set's sentences; print counts only.

  python data/sentiment/check_overlap.py NEW.jsonl [--write]

NEW.jsonl holds {"text", "label", "topic", "register"} rows (a new batch). Each row is dropped when
its text is already in sentences.jsonl, or within a rapidfuzz `fuzz.ratio` of 60 of a sentence of
the demo seeds' gold, the blind fixture gold (tests/fixtures/blind) or the second held-out set
(heldout_blind.jsonl). Only counts are printed, never a test sentence, so the writer of a batch
never reads the held-out sets through this check. With --write the kept rows are appended to
sentences.jsonl with their `split` (scripts/build_sentiment_model.py:split_of) and `batch` as given.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from scripts.build_sentiment_model import split_of  # noqa: E402

CUTOFF = 60


def _texts(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    new = [json.loads(line) for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if line.strip()]
    existing = set(_texts(HERE / "sentences.jsonl"))
    tests = {
        "seeds": _texts(ROOT.parent / "shared" / "eval" / "seeds" / "sentiment.jsonl"),
        "blind fixture": _texts(ROOT / "tests" / "fixtures" / "blind" / "gold" / "sentiment.jsonl"),
        "second held-out set": _texts(HERE / "heldout_blind.jsonl"),
    }
    dropped: Counter[str] = Counter()
    kept = []
    for row in new:
        if row["text"] in existing:
            dropped["already in sentences.jsonl"] += 1
            continue
        near = next((name for name, texts in tests.items()
                     if texts and process.extractOne(row["text"], texts, scorer=fuzz.ratio, score_cutoff=CUTOFF)), None)
        if near:
            dropped[f"near a {near} sentence"] += 1
            continue
        kept.append({**row, "split": split_of(row["text"])})
    print(f"{len(new)} rows: kept {len(kept)}; dropped {dict(dropped)}")
    print("kept by label:", dict(Counter(r["label"] for r in kept)), "by split:", dict(Counter(r["split"] for r in kept)))
    if "--write" in sys.argv[2:]:
        with open(HERE / "sentences.jsonl", "a", encoding="utf-8") as out:
            for row in kept:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
