"""The process tree as /proc shows it, for tests and the soak that watch an ingest's workers."""
from __future__ import annotations

from pathlib import Path


def children() -> dict[int, list[int]]:
    """Every live process's children, by parent pid (processes that vanish while read are skipped)."""
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            out.setdefault(ppid, []).append(int(entry.name))
    return out


def descendants(pid: int) -> set[int]:
    """Every process below `pid`."""
    tree, out, todo = children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out
