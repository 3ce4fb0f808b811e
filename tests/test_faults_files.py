"""Fault injection, files: a folder of good and generated hostile files goes through the real
command in a subprocess; every good document is indexed, nothing outside the root is read,
every hostile file is listed with a reason, and the run ends in bounded time."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_search.cli import app
from corpus_search.errors import LoadError
from corpus_search.ingest import check_roots, iter_sources, limits, load_bytes
from corpus_search.ingest.limits import Limits
from corpus_search.pipeline import prepare
from tests import hostile

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 300  # the bound for a hostile mix; a hang fails the test instead of CI


def cli(home: Path, *args: str, timeout: float = RUN_TIMEOUT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in its own process, as a user would."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("CORPUS_SEARCH_INDEX", None)
    return subprocess.run(
        [sys.executable, "-m", "corpus_search", "--index", str(home), *args],
        check=False, capture_output=True, text=True, timeout=timeout, env=full_env, stdin=subprocess.DEVNULL,
    )


def search_ids(home: Path, query: str) -> list[str]:
    """Doc ids matching a query (in this process: the ingest is the part run as a user would)."""
    done = CliRunner().invoke(app, ["--index", str(home), "search", query, "--json", "--limit", "50"])
    assert done.exit_code == 0, done.output
    return [r["doc_id"] for r in json.loads(done.stdout)["results"]]


def test_a_hostile_mix_through_the_real_command(tmp_path: Path) -> None:
    mix = hostile.make_mix(tmp_path / "docs", tmp_path / "outside", seed=7)
    home = tmp_path / "index"
    done = cli(home, "ingest", str(mix.root), "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    reasons = {f["path"]: f["reason"] for f in summary["failed"]}
    # Every hostile file is listed with a reason a person can read, or (for those that may
    # legitimately parse, like a bit-flipped PDF) indexed.
    for path, expected in mix.hostile.items():
        if expected is None:
            continue
        assert path in reasons, f"{Path(path).name} not listed as failed"
        assert expected in reasons[path], (Path(path).name, reasons[path])
    assert all(r.strip() and "Traceback" not in r for r in reasons.values())
    # Every good document is indexed and can be found by its marker word.
    assert summary["added"] >= len(mix.good)
    for path, marker in mix.good.items():
        assert search_ids(home, marker), f"good document {path!r} not searchable"
    # Nothing outside the root became a document.
    assert search_ids(home, hostile.OUTSIDE_MARKER) == []
    assert search_ids(home, "swordfish") == []
    for word in hostile.PASSWD_WORDS:
        assert search_ids(home, word) == []
    status = cli(home, "status", "--json", timeout=60)
    assert status.returncode == 0 and "Traceback" not in status.stderr
    # A second run converges: nothing added, nothing lost.
    again = cli(home, "ingest", str(mix.root), "--json")
    assert again.returncode == 0, again.stderr[-2000:]
    second = json.loads(again.stdout)
    assert second["added"] == 0 and second["removed"] == 0
    assert second["unchanged"] == summary["added"] + summary["updated"]


def test_every_hostile_kind_is_refused_for_its_own_reason(tmp_path: Path) -> None:
    """The same files through the library, one by one: the reason each gets, and the good ones pass."""
    mix = hostile.make_mix(tmp_path / "docs", tmp_path / "outside", seed=3, big=False)
    seen = set()
    for source, data in iter_sources(check_roots([mix.root])):
        item = prepare(source, data)
        seen.add(source.path)
        expected = mix.hostile.get(source.path, "good")
        if expected == "good":
            assert item.error is None, (source.doc_id, item.error)
            assert hostile.OUTSIDE_MARKER not in (item.document.text if item.document else "")
        elif expected is not None:
            assert item.error and expected in item.error, (source.doc_id, item.error)
        if item.document is not None:
            assert "swordfish" not in item.document.text and "root:x:0" not in item.document.text
    assert {p for p in mix.hostile if not p.endswith(("outdir_0",))} <= seen | {p for p in mix.hostile if "outdir" in p}
    assert not any("secret2" in p for p in seen), "a link to a folder outside the root was walked"


def test_limits_come_from_one_dataclass_and_the_environment() -> None:
    assert Limits.from_env({}) == Limits()
    lim = Limits.from_env({"CORPUS_SEARCH_MAX_FILE_BYTES": "1000", "CORPUS_SEARCH_SECONDS_PER_FILE": "2.5",
                           "CORPUS_SEARCH_MAX_HTML_DEPTH": "not a number"})
    assert lim.max_file_bytes == 1000 and lim.seconds_per_file == 2.5
    assert lim.max_html_depth == Limits().max_html_depth


@pytest.fixture
def no_gc_callbacks():  # type: ignore[no-untyped-def]
    """Hypothesis installs a gc callback; an alarm landing in it is ignored by Python (the clock
    then needs its repeat), and pytest's report of each such lost exception can take longer
    than a tiny test clock. Production has no such callback; these tests run without it."""
    import gc

    saved = list(gc.callbacks)
    gc.callbacks.clear()
    yield
    gc.callbacks.extend(saved)


@pytest.mark.usefixtures("no_gc_callbacks")
def test_the_clock_stops_a_loader_that_runs_too_long() -> None:
    # A real page the extractor takes a while over (depth under the limit), with a tiny clock.
    page = b"<html><body>" + b"<div><p>The committee met.</p><p>Members agreed.</p>" * 990 + b"text" + b"</div>" * 990 + b"</body></html>"
    with pytest.raises(LoadError, match="took too long"):
        load_bytes(page, ".html", Limits(seconds_per_file=0.03))
    assert load_bytes(page, ".html", Limits(seconds_per_file=0)).text  # no clock: it finishes


@pytest.mark.usefixtures("no_gc_callbacks")
def test_the_clock_is_not_swallowed_by_a_loader_catching_exception() -> None:
    with pytest.raises(LoadError, match="took too long"), limits.time_limit(0.01):
        try:
            while True:
                pass
        except Exception:  # noqa: BLE001 - what the PDF and DOCX loaders do with third-party errors
            pytest.fail("the timeout was caught as an ordinary exception")


def test_limits_apply_to_what_a_file_turns_into(tmp_path: Path) -> None:
    text = ("A sentence of minutes. " * 50).encode()
    with pytest.raises(LoadError, match="text too long"):
        load_bytes(text, ".txt", Limits(max_text_chars=100))
    with pytest.raises(LoadError, match="file too large"):
        big = tmp_path / "big.txt"
        big.write_bytes(text)
        limits.read_file(big, [tmp_path], Limits(max_file_bytes=100))


def test_a_file_that_cannot_be_read_is_listed_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    (root / "locked").mkdir(parents=True)
    (root / "open.txt").write_text("Councillor Ann Lee spoke.")
    (root / "secret.txt").write_text("Councillor Tom Brown spoke.")
    (root / "locked" / "inner.txt").write_text("Hidden.")
    locked_file, locked_dir = str(root / "secret.txt"), str(root / "locked")
    real_open, real_scandir = os.open, os.scandir

    def denying_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked_file:
            raise PermissionError(13, "Permission denied", locked_file)
        return real_open(path, flags, *args, **kwargs)

    def denying_scandir(path="."):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked_dir:
            raise PermissionError(13, "Permission denied", locked_dir)
        return real_scandir(path)

    # Root reads everything, so a permission error is injected where the OS would raise it.
    monkeypatch.setattr(os, "open", denying_open)
    monkeypatch.setattr(os, "scandir", denying_scandir)
    out = {s.path: d for s, d in iter_sources(check_roots([root]))}
    assert isinstance(out[locked_file], LoadError) and "permission denied" in str(out[locked_file])
    assert isinstance(out[locked_dir], LoadError) and "cannot read folder (permission denied)" in str(out[locked_dir])
    assert isinstance(out[str(root / "open.txt")], bytes)


def test_a_pipe_given_as_the_root_is_a_usage_error(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["--index", str(tmp_path / "index"), "ingest", str(fifo)])
    assert result.exit_code == 2
    assert "named pipe" in result.output


def test_a_link_inside_the_root_is_followed_once_and_one_outside_never(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "real.txt").write_text("Councillor Ann Lee opened the library.")
    (root / "alias.txt").symlink_to(root / "real.txt")
    (tmp_path / "private.txt").write_text("private words")
    (root / "escape.txt").symlink_to(tmp_path / "private.txt")
    out = {Path(s.path).name: d for s, d in iter_sources(check_roots([root]))}
    assert out["alias.txt"] == out["real.txt"] == b"Councillor Ann Lee opened the library."
    assert isinstance(out["escape.txt"], LoadError)
    # A single file named directly is its own root; a link to outside it is still refused.
    with pytest.raises(LoadError, match="outside"):
        limits.read_file(root / "escape.txt", [root], Limits())


@pytest.mark.usefixtures("no_gc_callbacks")
def test_the_clock_survives_a_timeout_that_something_swallowed() -> None:
    """A timeout raised where it is lost (Python ignores exceptions in gc callbacks and
    `__del__`; seen in the full suite, where hypothesis installs a gc callback) must not let the
    block run on: the alarm repeats until the block ends."""
    swallowed = []
    with pytest.raises(LoadError, match="took too long"), limits.time_limit(0.05):
        try:
            while True:
                pass
        except limits.FileTimeout:  # what an ignored exception amounts to
            swallowed.append(True)
        while True:
            pass
    assert swallowed


def _deliver_alarm_in(code: object, event: str) -> object:
    """A tracer that runs SIGALRM's Python handler, with the frame it interrupts, when `code`
    sees `event` ('call' is the first instruction of a function, 'return' its last): where a real
    alarm's handler runs when the timer goes off at that moment."""
    import signal

    def tracer(frame, seen, arg):  # type: ignore[no-untyped-def]
        if frame.f_code is code and seen == event:
            signal.getsignal(signal.SIGALRM)(signal.SIGALRM, frame)
        return tracer

    return tracer


@pytest.mark.parametrize("where", ["entering", "leaving"])
def test_an_alarm_while_the_clock_is_set_or_stopped_never_escapes_it(where: str) -> None:
    """The alarm can go off in the clock's own __enter__ (after the timer is set) or __exit__
    (before it is stopped), on a busy machine with a tiny clock. Raised there, the timeout would
    escape the `with` with the repeating timer still running, and once SIGALRM is back at its
    default the process dies of "Alarm clock" (twice in CI). The clock must stay disarmable from
    both: the block is still stopped, by the next repeat, and everything is put back."""
    import signal

    before = signal.getsignal(signal.SIGALRM)
    code = limits.time_limit.__enter__.__code__ if where == "entering" else limits.time_limit.__exit__.__code__
    event = "return" if where == "entering" else "call"
    sys.settrace(_deliver_alarm_in(code, event))  # type: ignore[arg-type]
    try:
        with pytest.raises(LoadError, match="took too long"), limits.time_limit(0.02):
            while True:
                pass
    finally:
        sys.settrace(None)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    # and a block that ends before the clock does is left alone
    sys.settrace(_deliver_alarm_in(code, event))  # type: ignore[arg-type]
    try:
        with limits.time_limit(5):
            pass
    finally:
        sys.settrace(None)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
