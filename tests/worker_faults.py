"""A spaCy model package whose pipeline really crashes on cue, for the worker fault tests.

`write_model(site)` writes an installable-looking package (a module and its dist-info, which is
what spaCy's loader asks for) under `site`: the real English model with one more component at
the end. Nothing in corpus_search knows of it; it is chosen like any other spaCy model, with
`Settings(spacy_model=...)` or CORPUS_SEARCH_SPACY_MODEL, and its directory on the path.

The component looks for marker words in each text:
- KILL_WORD: the process sends itself SIGKILL (what the OOM killer does);
- SEGV_WORD: the process reads address 0 (a segfault in a C extension);
- SLOW_WORD: the process appends its pid to the file `configure(pid_file=...)` named, then
  sleeps `seconds` before carrying on: a slow document whose worker a test can find and kill;
- HANG_WORD: the same, with SIGALRM blocked, so the in-process clock cannot stop it (a call
  into C that never returns): only the parent's deadline can.

The settings live in a file beside the module (`configure`), not in the environment, because a
forkserver's children inherit the environment of the forkserver, not the test's.
"""
from __future__ import annotations

import json
from pathlib import Path

NAME = "faulty_nlp_model"
KILL_WORD = "workerkillqq"
SEGV_WORD = "workersegvqq"
SLOW_WORD = "workerslowqq"
HANG_WORD = "workerhangqq"

_MODULE = f'''
import ctypes
import json
import os
import signal
import time
from pathlib import Path

from spacy.language import Language


@Language.component("fault_trigger")
def fault_trigger(doc):
    text = doc.text
    if "{KILL_WORD}" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "{SEGV_WORD}" in text:
        ctypes.string_at(0)
    if "{SLOW_WORD}" in text or "{HANG_WORD}" in text:
        config = json.loads(Path(__file__).with_name("settings.json").read_text())
        if config.get("pid_file"):
            with open(config["pid_file"], "a") as fh:
                fh.write(f"{{os.getpid()}}\\n")
        seconds = config.get("seconds", 4)
        if "{HANG_WORD}" in text:
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            time.sleep(seconds)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGALRM])
        else:
            time.sleep(seconds)
    return doc


def load(**overrides):
    import spacy

    from corpus_search.nlp import model_name

    nlp = spacy.load(model_name(), **overrides)  # the real English model
    nlp.add_pipe("fault_trigger", last=True)
    return nlp
'''


def write_model(site: Path) -> Path:
    """Write the package under `site` (put `site` on sys.path / PYTHONPATH); RETURNS site."""
    package = site / NAME
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(_MODULE, encoding="utf-8")
    configure(site)
    info = site / f"{NAME}-0.0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {NAME}\nVersion: 0.0.1\n", encoding="utf-8")
    return site


def configure(site: Path, *, pid_file: Path | None = None, seconds: float = 4) -> None:
    """Where the slow and hanging documents write their worker's pid, and how long they take."""
    settings = {"pid_file": str(pid_file) if pid_file else None, "seconds": seconds}
    (site / NAME / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
