#!/usr/bin/env python3
"""Build newswire/gold/people.json from the hand-written labels in newswire/labels.txt.

labels.txt is the labeller's working form (one person a line, easier to read and review than
JSON); people.json is what score.py reads. Format:

  ## <record id>                      starts a document (a document with no people has no lines)
  Name | alias; alias | role @ organisation; role | key=value; key=value
  # a comment

Only the name is required. `aliases` are the other forms the person is written as in the document
(the name itself is added when it appears verbatim). Keys: `hon` (honours, comma-separated), `mt`
(mention_type, default `subject`), `note`, `also` (comma-separated forms accepted as the same person
that are not written in this document: the fuller name the same human has in another document of the
set, or a normalised spelling; see LABELLING.md). Every alias is checked against the document text
(from benchdata), so a typo in the labels is caught here.

  python data/people_eval/build_newswire_gold.py [--check]   (--check: validate only, write nothing)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_newswire import SET, file_text, load_records


def parse(path: Path) -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = {}
    cur = None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            cur = line[3:].split()[0]
            if cur in docs:
                sys.exit(f"labels.txt:{n}: {cur} labelled twice")
            docs[cur] = []
            continue
        if cur is None:
            sys.exit(f"labels.txt:{n}: person before any document")
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        name, aliases, roles, extra = parts[:4]
        opts = dict(kv.split("=", 1) for kv in (x.strip() for x in extra.split(";")) if kv)
        person: dict = {"name": name,
                        "aliases": [a.strip() for a in aliases.split(";") if a.strip()],
                        "honours": [h.strip() for h in opts.get("hon", "").split(",") if h.strip()],
                        "roles": [],
                        "mention_type": opts.get("mt", "subject")}
        for r in (x.strip() for x in roles.split(";")):
            if r:
                role, _, org = (s.strip() for s in r.partition("@"))
                person["roles"].append({"role": role, "organisation": org or None})
        person["also"] = [x.strip() for x in opts.get("also", "").split(",") if x.strip()]
        if "note" in opts:
            person["note"] = opts["note"]
        docs[cur].append(person)
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    docs = parse(SET / "labels.txt")
    texts = {r["id"]: file_text(r) for r in load_records()}
    problems = [f"{d}: not in records.json" for d in docs if d not in texts]
    out = {}
    for rid in texts:
        if rid not in docs:
            continue
        text = texts[rid]
        seen = set()
        for p in docs[rid]:
            if p["name"] in seen:
                problems.append(f"{rid}: {p['name']} twice")
            seen.add(p["name"])
            forms = p["aliases"]
            if p["name"] in text and p["name"] not in forms:
                forms.insert(0, p["name"])
            for form in forms:
                if not re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, form.split())) + r"(?!\w)", text):
                    problems.append(f"{rid}: {p['name']}: {form!r} not in the text")
            for form in p.pop("also"):
                if form in forms or form == p["name"]:
                    problems.append(f"{rid}: {p['name']}: also={form!r} is already a form")
                forms.append(form)
        out[f"{rid}.txt"] = docs[rid]
    for p in problems:
        print(p, file=sys.stderr)
    n = sum(len(v) for v in out.values())
    print(f"{len(out)} documents labelled, {n} people; {len(texts) - len(out)} documents not yet labelled")
    if problems:
        sys.exit(1)
    if not a.check:
        (SET / "gold").mkdir(exist_ok=True)
        body = json.dumps(out, indent=1, ensure_ascii=False) + "\n"
        (SET / "gold" / "people.json").write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
