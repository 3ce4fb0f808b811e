"""`ingest` and `reindex`: building the index home, with a progress bar."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from corpus_search.cli.app import State, app, emit_json, handles_errors, safe_text


# ---- ingest ----------------------------------------------------------------------------
class _Progress:
    """A rich progress bar on a terminal; a plain line every few seconds otherwise (to stderr)."""

    def __init__(self) -> None:
        import time

        self._time = time
        self._bar: Any = None  # rich.progress.Progress, imported only on a terminal
        self._task: Any = None
        self._last = 0.0
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
            )

    def __enter__(self) -> "_Progress":
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def __call__(self, done: int, total: int, doc_id: str) -> None:
        if self._bar is not None:
            if self._task is None:
                self._task = self._bar.add_task(doc_id[-40:], total=total)
            self._bar.update(self._task, completed=done, description=doc_id[-40:])
            return
        now = self._time.monotonic()
        if now - self._last >= 5 or done == total:
            self._last = now
            typer.echo(f"ingest: {done}/{total} files", err=True)


@app.command()
@handles_errors
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to ingest (default: corpus/).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="NLP worker processes, each loading the model once.")] = 1,
    rebuild: Annotated[
        bool, typer.Option(help="Build the index and facts afresh, beside the old ones (searches go on), then swap.")
    ] = False,
    prune: Annotated[
        bool, typer.Option(help="Drop the documents of recorded roots that no longer exist (no PATHS: only that).")
    ] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=1024, help="Documents per NLP batch.")] = 32,
    dask: Annotated[
        str | None,
        typer.Option(help="Run the NLP on this Dask scheduler (tcp://host:8786), or on local:N worker processes."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    corrections_file: Annotated[
        Path | None,
        typer.Option("--corrections", help="A people-corrections file (from another index home) to adopt and apply."),
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(help="Search engine of the index home: whoosh (default) or tantivy (faster on large corpora; "
                          "needs the tantivy extra). Remembered in the home; switching needs --rebuild."),
    ] = None,
) -> None:
    """Clean, extract, classify and index every supported file (.txt .md .html .htm .pdf .docx) under PATHS.

    Unchanged files are skipped, changed ones replaced, deleted ones dropped. Bad files are listed
    as failed and the rest lands.

    Example: corpus-search ingest corpus/ --workers 2  (or --engine tantivy for a large corpus)
    """
    from dataclasses import replace

    from corpus_search.pipeline import ingest as run_ingest

    settings = replace(State.settings, workers=workers, batch_size=batch_size, dask=dask)
    if engine is not None:
        from corpus_search import search

        search.use_engine(settings.whoosh_dir, engine, rebuild=rebuild)
    if corrections_file is not None:
        from corpus_search.people.corrections import adopt

        adopt(corrections_file, settings.index_dir)
    with _Progress() as progress:
        default = [] if prune else [Path("corpus")]
        summary = run_ingest(paths or default, settings, rebuild=rebuild, prune=prune, progress=progress)
    data = {
        "added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged,
        "removed": summary.removed, "failed": summary.failed, "words": summary.words, "seconds": summary.seconds,
        "moved": summary.moved, "reindexed": summary.reindexed, "missing_roots": summary.missing_roots,
    }
    if summary.interrupted:
        data["interrupted"] = True
    if summary.rebuild_abandoned:
        data["rebuild"] = "abandoned"
    if as_json:
        emit_json(data)
    else:
        typer.echo(
            f"added {summary.added}, updated {summary.updated}, unchanged {summary.unchanged}, "
            f"removed {summary.removed}, failed {len(summary.failed)}; {summary.words} words in {summary.seconds:.1f}s"
        )
        for item in summary.failed:
            typer.echo(f"  failed: {safe_text(item['path'])}: {item['reason']}")
    _notes(summary)
    if summary.interrupted:
        if summary.rebuild_abandoned:
            typer.echo("Interrupted: the rebuild was abandoned and the index is as it was before; "
                       "run `corpus-search ingest --rebuild` again to rebuild it.", err=True)
        else:
            typer.echo("Interrupted: what was committed is searchable; run the same ingest again to finish.",
                       err=True)
        raise typer.Exit(code=130)


def _notes(summary: Any) -> None:
    """What the ingest repaired or found stale, on standard error (one line each)."""
    if summary.moved:
        typer.echo(f"{summary.moved} documents were found under a new folder and re-pointed there "
                   "(not processed again).", err=True)
    if summary.reindexed:
        typer.echo(f"the search index lacked {summary.reindexed} documents of the facts store: "
                   "indexed them again from the store.", err=True)
    for root in summary.missing_roots:
        typer.echo(safe_text(f"root {root['root']} no longer exists ({root['documents']} documents kept): "
                             "`corpus-search ingest --prune` drops them."), err=True)


@app.command()
@handles_errors
def reindex(
    from_db: Annotated[bool, typer.Option("--from-db", help="Rebuild from the documents in the facts store.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Rebuild the local search index from the facts store (--db), without re-running the NLP.

    Example: corpus-search --db postgresql://me@dbhost:5432/corpus reindex --from-db
    """
    from corpus_search.errors import UsageError
    from corpus_search.pipeline import reindex_from_store

    if not from_db:
        raise UsageError("say where to rebuild the index from: `corpus-search reindex --from-db`")
    with _Progress() as progress:
        n = reindex_from_store(State.settings, progress=progress)
    if as_json:
        emit_json({"indexed": n})
    else:
        typer.echo(f"indexed {n} documents from the facts store into {State.settings.whoosh_dir}")
