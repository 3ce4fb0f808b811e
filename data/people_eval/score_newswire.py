#!/usr/bin/env python3
"""Score people extraction on the hand-labelled newswire set (data/people_eval/newswire/).

The article text stays in the benchdata files (research-use licences: not copied into the
repository); this script writes the 60 drawn records as .txt files into a temporary folder, in the
layout benchmarks/bench.py writes (title line, a "Published:" line when the record has a date, a
blank line, the body), and runs /work/shared/tools/score.py on them with the gold.

  python data/people_eval/score_newswire.py [-v] [--baseline] [--only-baseline] [--keep DIR]

--baseline also scores raw spaCy (en_core_web_sm PERSON entities, deduplicated per document by the
scorer's own name normalisation) with the scorer's own matching rules, so both lines can be compared.
Run from the repository root with PYTHONPATH set, so that the installed corpus-search is this
checkout's code.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
SET = HERE / "newswire"
BENCH = Path(os.environ.get("BENCHDATA", "/work/shared/benchdata"))
SCORER = Path(os.environ.get("SCORE_PY", "/work/shared/tools/score.py"))


def file_text(rec: dict[str, Any]) -> str:
    """The same layout as benchmarks/bench.py's writer."""
    lines = [rec["title"]] if rec["title"] else []
    if rec["date"]:
        d = dt.date.fromisoformat(rec["date"][:10])
        lines.append(f"Published: {d.day} {d.strftime('%B')} {d.year}")
    return "\n".join(lines) + ("\n\n" if lines else "") + rec["text"] + "\n"


def load_records() -> list[dict[str, Any]]:
    wanted = json.loads((SET / "records.json").read_text())["records"]
    by_file: dict[str, set[str]] = {}
    for r in wanted:
        by_file.setdefault(r["file"], set()).add(r["id"])
    found: dict[str, dict[str, Any]] = {}
    for fname, ids in by_file.items():
        with gzip.open(BENCH / fname, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["id"] in ids:
                    found[rec["id"]] = rec
    missing = [r["id"] for r in wanted if r["id"] not in found]
    if missing:
        sys.exit(f"score_newswire.py: records not found in {BENCH}: {missing}")
    return [found[r["id"]] for r in wanted]


def materialise(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for rec in load_records():
        p = folder / f"{rec['id']}.txt"
        p.write_text(file_text(rec), encoding="utf-8")
        paths.append(p)
    return paths


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def spacy_model() -> Any:
    import spacy

    installed = sorted(n for n in spacy.util.get_installed_models() if n.startswith("en_core_web_sm"))
    for name in ["en_core_web_sm", *installed]:
        try:
            return spacy.load(name)
        except OSError:
            continue
    sys.exit("score_newswire.py: no en_core_web_sm model installed")


def spacy_facts(paths: list[Path], norm_name: Any) -> list[dict[str, Any]]:
    """Raw spaCy: every PERSON entity, one per distinct normalised name per document."""
    nlp = spacy_model()
    facts = []
    for p in paths:
        seen = set()
        for ent in nlp(p.read_text(encoding="utf-8")).ents:
            if ent.label_ != "PERSON":
                continue
            name = " ".join(ent.text.split())
            key = norm_name(name)
            if key and key not in seen:
                seen.add(key)
                facts.append({"kind": "person", "doc_id": p.name, "name": name})
    return facts


def strata() -> dict[str, list[str]]:
    """Gold document keys by the stratum they were drawn from, plus the whole set."""
    out: dict[str, list[str]] = {}
    for r in json.loads((SET / "records.json").read_text())["records"]:
        out.setdefault(r["stratum"], []).append(f"{r['id']}.txt")
    out["all but line-ups"] = [k for s, ks in out.items() if s != "bbc-sport-lineup" for k in ks]
    out["all"] = [k for s, ks in out.items() if s != "all but line-ups" for k in ks]
    return out


def subset(gold: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: gold[k] for k in keys if k in gold}


def tool_by_stratum(tmp: Path, index: Path, gold: dict[str, Any], cmd: str) -> dict[str, dict[str, float]]:
    """score.py again on the same index (no re-ingest), once per stratum of the gold."""
    out = {}
    for name, keys in strata().items():
        gdir = tmp / f"gold-{len(out)}"
        gdir.mkdir()
        (gdir / "people.json").write_text(json.dumps(subset(gold, keys)))
        res = gdir / "scores.json"
        subprocess.run([sys.executable, str(SCORER), "--corpus", "unused", "--gold", str(gdir), "--cmd", cmd,
                        "--index", str(index), "--skip-ingest", "--json-out", str(res)],
                       check=True, stdout=subprocess.DEVNULL)
        out[name] = json.loads(res.read_text())
    return out


def print_breakdown(gold: dict[str, Any], rows: dict[str, dict[str, dict[str, float]]], optional: set[str]) -> None:
    print("\n== people by stratum (P / R / F1) ==")
    head = f"{'stratum':20s} {'docs':>4s} {'gold':>5s}" + "".join(f"  {who:>20s}" for who in rows)
    print(head)
    for name, keys in strata().items():
        n_gold = sum(1 for k in keys for p in gold[k] if p.get("mention_type") not in optional)
        cells = "".join(f"  {r[name]['people_p']:.2f} / {r[name]['people_r']:.2f} / {r[name]['people_f1']:.2f}"
                        for r in rows.values())
        print(f"{name:20s} {len(keys):4d} {n_gold:5d}{cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed and extra people (passed to score.py)")
    ap.add_argument("--baseline", action="store_true", help="also score raw spaCy PERSON entities")
    ap.add_argument("--only-baseline", action="store_true", help="score raw spaCy only (no corpus-search run)")
    ap.add_argument("--keep", type=Path, help="write the documents here and keep them (default: a temporary folder)")
    ap.add_argument("--cmd", default="corpus-search", help="passed to score.py")
    ap.add_argument("--json-out", type=Path,
                    help="passed to score.py (all misses and extras; score.py -v prints the first 60); "
                         "the baseline's go to the same name with .baseline.json")
    a = ap.parse_args()
    score = load_scorer()
    gold = json.loads((SET / "gold" / "people.json").read_text())
    rows: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="newswire-") as tmp_name:
        tmp = Path(tmp_name)
        folder = a.keep or tmp / "docs"
        paths = materialise(folder)
        if not a.only_baseline:
            print(f"== corpus-search ({a.cmd}) on {len(paths)} newswire documents ==", flush=True)
            index = tmp / "index"
            cmd = [sys.executable, str(SCORER), "--corpus", str(folder), "--gold", str(SET / "gold"), "--cmd", a.cmd,
                   "--index", str(index)]
            if a.verbose:
                cmd.append("-v")
            if a.json_out:
                cmd += ["--json-out", str(a.json_out)]
            rc = subprocess.run(cmd).returncode
            if rc:
                sys.exit(rc)
            rows["corpus-search"] = tool_by_stratum(tmp, index, gold, a.cmd)
        if a.baseline or a.only_baseline:
            facts = spacy_facts(paths, score.norm_name)
            m = score.score_people(facts, gold)
            print("\n== raw spaCy baseline (en_core_web_sm PERSON entities, deduplicated per document) ==")
            for k in ("people_p", "people_r", "people_f1"):
                print(f"{k:24s} {m[k]:.3f}")
            if a.verbose:
                for k in ("_people_missed", "_people_extra"):
                    print(f"\n{k[1:]}:")
                    for item in m[k]:
                        print(f"  {item}")
            print(" | ".join(f"{k} {m[k]:.2f}" for k in ("people_p", "people_r", "people_f1")))
            if a.json_out:
                a.json_out.with_name(a.json_out.stem + ".baseline.json").write_text(json.dumps(m, indent=2))
            rows["raw spaCy"] = {name: score.score_people(facts, subset(gold, keys)) for name, keys in strata().items()}
        print_breakdown(gold, rows, score.OPTIONAL_MENTIONS)


if __name__ == "__main__":
    main()
