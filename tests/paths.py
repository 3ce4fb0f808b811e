"""Where the test data is: import these rather than anything from conftest."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "corpus"
SEED_IDS = sorted(p.name for p in SEEDS.glob("*.txt"))
