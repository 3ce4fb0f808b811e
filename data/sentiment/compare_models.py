"""Macro-F1 of a packaged model on every set it was never trained on, as JSON (aggregates only).

  git archive 5492ad6 corpus_search | tar -x -C /tmp/before      # the code and model to score
  PYTHONPATH=/tmp/before python data/sentiment/compare_models.py /tmp/before
  PYTHONPATH=$PWD        python data/sentiment/compare_models.py $PWD

The first argument is the folder whose `corpus_search` (code and packaged model) is scored; the
sets are always this checkout's: the held-out split of sentences.jsonl (hand-written, batch I,
composed batch G), the second held-out set (whole, council part, company part, each register),
the demo seeds' gold and the blind fixture gold. Only counts and scores are printed, never a
sentence of the blind set. Used for the before/now table in docs/sentiment-model.md.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def split_of(text: str) -> str:  # the same rule as scripts/build_sentiment_model.py
    return "heldout" if int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "train"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    from corpus_search.sentiment import load_model
    from corpus_search.sentiment.train import macro_f1

    held = [r for r in _rows(HERE / "sentences.jsonl") if split_of(r["text"]) == "heldout"]
    blind = _rows(HERE / "heldout_blind.jsonl")
    sets = {
        "blind": blind,
        "blind council registers": [r for r in blind if r["register"] != "company_financial_news"],
        **{f"blind {k}": [r for r in blind if r["register"] == k] for k in sorted({r["register"] for r in blind})},
        "held-out hand-written": [r for r in held if r.get("batch") != "G"],
        "held-out batch I": [r for r in held if r.get("batch") == "I"],
        "held-out composed": [r for r in held if r.get("batch") == "G"],
        "seeds": _rows(ROOT.parent / "shared" / "eval" / "seeds" / "sentiment.jsonl"),
        "blind fixture": _rows(ROOT / "tests" / "fixtures" / "blind" / "gold" / "sentiment.jsonl"),
    }
    model = load_model(sys.argv[2] if len(sys.argv) > 2 else None)
    out = {}
    for name, rows in sets.items():
        pred = [label for label, _ in model.predict([r["text"] for r in rows])]
        out[name] = {"n": len(rows), "macro_f1": round(macro_f1([r["label"] for r in rows], pred), 3)}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
