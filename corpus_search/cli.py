"""The `corpus-search` command. Parses options, calls the library, prints. Nothing else lives here."""
from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import click
import typer

from corpus_search.config import DB_ENV, INDEX_ENV, Settings
from corpus_search.errors import CorpusSearchError

if TYPE_CHECKING:
    from corpus_search.models import SearchResult

app = typer.Typer(
    help="Search a pile of public documents and pull out the facts: people, roles, dates, money, judgements.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class State:
    settings: Settings = Settings()


def _version(value: bool) -> None:
    if value:
        from corpus_search import __version__

        typer.echo(f"corpus-search {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    index: Annotated[
        Path | None,
        typer.Option(
            "--index", envvar=INDEX_ENV, help="Index home (Whoosh index + facts database). Default: ./indexes"
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar=DB_ENV,
            help="Facts store: postgresql://user@host:port/db for a PostgreSQL server. Default: the SQLite file "
            "in the index home.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """corpus-search: ingest a folder of documents, then search it and ask who is who.

    Example: corpus-search ingest corpus/ && corpus-search search "statutory direction"
    """
    State.settings = Settings.from_env(index, db_url=db)


F = TypeVar("F", bound=Callable[..., Any])
BUG_EXIT = 3  # CONTRACT.md: an unexpected internal error


def handles_errors(command: F) -> F:
    """Every command's error handling, in one place.

    A CorpusSearchError becomes `Error: <message>` and its exit code (a `payload`, such as the
    candidates of an ambiguous name, goes to standard output under --json); Ctrl-C exits 130; any
    other exception is a bug: one line saying so and where the traceback was written, exit 3.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, click.exceptions.ClickException, click.exceptions.Abort):
            raise
        except CorpusSearchError as exc:
            payload = getattr(exc, "payload", None)
            if payload is not None and kwargs.get("as_json"):
                _emit_json(payload)
            typer.echo(f"Error: {one_line(str(exc))}", err=True)
            raise typer.Exit(code=exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(code=130) from None
        except Exception as exc:
            raise typer.Exit(code=report_bug(exc)) from None

    return wrapper  # type: ignore[return-value]


def report_bug(exc: BaseException) -> int:
    """Write the traceback to a file (the index home, else the temp folder), say so in one line; RETURNS 3."""
    import os
    import tempfile
    import time
    import traceback

    if os.environ.get("CORPUS_SEARCH_DEBUG"):
        raise exc
    text = "".join(traceback.format_exception(exc))
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    where: Path | None = None
    for folder in (State.settings.index_dir, Path(tempfile.gettempdir())):
        try:
            if folder.is_dir():
                (folder / name).write_text(text, encoding="utf-8")
                where = folder / name
                break
        except OSError:
            continue
    saved = f"the traceback is in {where}" if where else "the traceback could not be saved"
    message = one_line(f"{type(exc).__name__}: {exc}")[:300]
    typer.echo(f"Error: unexpected {message}. This is a bug in corpus-search; {saved} (please report it).", err=True)
    return BUG_EXIT


def one_line(text: str) -> str:
    return " ".join(text.split())


# Terminal escape sequences (CSI, OSC, two-character ESC) and other control characters: document
# text must not move the cursor, recolour the terminal or set its title.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """Text from a document, fit for a terminal: escape sequences and control characters removed
    (newlines and tabs kept)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def _emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=None))


def _is_tty() -> bool:
    return sys.stdout.isatty()


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

    def __enter__(self) -> _Progress:
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
    rebuild: Annotated[bool, typer.Option(help="Drop the index and facts, and start afresh.")] = False,
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
) -> None:
    """Clean, extract, classify and index every supported file (.txt .md .html .htm .pdf .docx) under PATHS.

    Unchanged files are skipped, changed ones replaced, deleted ones dropped. Bad files are listed
    as failed and the rest lands.

    Example: corpus-search ingest corpus/ --workers 2
    """
    from dataclasses import replace

    from corpus_search.pipeline import ingest as run_ingest

    settings = replace(State.settings, workers=workers, batch_size=batch_size, dask=dask)
    if corrections_file is not None:
        from corpus_search.people.corrections import adopt

        adopt(corrections_file, settings.index_dir)
    with _Progress() as progress:
        summary = run_ingest(paths or [Path("corpus")], settings, rebuild=rebuild, progress=progress)
    data = {
        "added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged,
        "removed": summary.removed, "failed": summary.failed, "words": summary.words, "seconds": summary.seconds,
    }
    if as_json:
        _emit_json(data | ({"interrupted": True} if summary.interrupted else {}))
    else:
        typer.echo(
            f"added {summary.added}, updated {summary.updated}, unchanged {summary.unchanged}, "
            f"removed {summary.removed}, failed {len(summary.failed)}; {summary.words} words in {summary.seconds:.1f}s"
        )
        for item in summary.failed:
            typer.echo(f"  failed: {item['path']}: {item['reason']}")
    if summary.interrupted:
        typer.echo("Interrupted: what was committed is searchable; run the same ingest again to finish.", err=True)
        raise typer.Exit(code=130)


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
        _emit_json({"indexed": n})
    else:
        typer.echo(f"indexed {n} documents from the facts store into {State.settings.whoosh_dir}")


# ---- search ----------------------------------------------------------------------------
@app.command()
@handles_errors
def search(
    query: Annotated[
        str,
        typer.Argument(
            help=(
                'Words (optional: more matches rank higher), '
                '"quoted phrases", AND / OR / NOT, -word, +word, title:word.'
            )
        ),
    ],
    limit: Annotated[int, typer.Option(min=0, help="How many results.")] = 10,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many results (paging).")] = 0,
    sort: Annotated[str, typer.Option(help="relevance or date (newest first).")] = "relevance",
    doc_type: Annotated[
        str | None, typer.Option("--type", help="press_release, news, minutes, agenda, report, letter or other.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date on: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    sentiment: Annotated[str | None, typer.Option(help="positive, negative or neutral (the document's label).")] = None,
    person: Annotated[
        str | None, typer.Option(help="Only documents that mention this person (name, surname or alias).")
    ] = None,
    org: Annotated[
        str | None, typer.Option(help="Only documents issued by this organisation (its words, e.g. Bromley).")
    ] = None,
    require_all: Annotated[
        bool, typer.Option("--all", help="Require every word (plain words are optional otherwise).")
    ] = False,
    no_collapse: Annotated[bool, typer.Option("--no-collapse", help="List near-duplicates separately.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Ranked full-text search with highlighted snippets and counts by type, year and sentiment.

    Plain words are optional: documents holding more of them, the phrase, and the words close
    together rank first. Near-duplicates are shown once ("also in: ...").
    Example: corpus-search search "statutory direction" --type news --since 2018
    """
    from corpus_search import queries

    result = queries.search(
        State.settings, query, limit=limit, offset=offset, sort=sort, doc_type=doc_type, since=since, until=until,
        sentiment=sentiment, person=person, org=org, require_all=require_all, collapse=not no_collapse,
    )
    _print_results(result, as_json, facets=True)


@app.command()
@handles_errors
def similar(
    doc_id: Annotated[str, typer.Argument(help="A document id as `search` prints it.")],
    limit: Annotated[int, typer.Option(min=0, help="How many results.")] = 10,
    no_collapse: Annotated[bool, typer.Option("--no-collapse", help="List near-duplicates separately.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as JSON (the search shape, without facets).")
    ] = False,
) -> None:
    """The documents most like a given one (near-duplicates shown once).

    Example: corpus-search similar 000_6c236a2a44f5c600.txt --limit 5
    """
    from corpus_search import queries

    result = queries.similar(State.settings, doc_id, limit=limit, collapse=not no_collapse)
    _print_results(result, as_json, facets=False)


def _print_results(result: SearchResult, as_json: bool, facets: bool) -> None:
    import html

    from corpus_search.queries import search_json

    if result.message:
        typer.echo(one_line(result.message), err=True)
    if as_json:
        _emit_json(search_json(result, facets=facets))
        return
    if not result.results:
        typer.echo(f"No results for {safe_text(result.query)!r}.")
        if result.suggestions:
            typer.echo("Did you mean: " + ", ".join(safe_text(s) for s in result.suggestions) + "?")
        return
    tty = _is_tty()
    for n, hit in enumerate(result.results, 1):
        pieces, bold = [], False
        for part in re.split(r"(</?b>)", hit.snippet):
            if part in ("<b>", "</b>"):
                bold = part == "<b>"
                continue
            text = safe_text(html.unescape(part))
            if bold:
                text = typer.style(text, bold=True, fg="yellow") if tty else f"[{text}]"
            pieces.append(text)
        snippet = "".join(pieces)
        meta = " · ".join(x for x in (hit.date or "undated", hit.doc_type, hit.sentiment or "") if x)
        if hit.page:
            meta += f" · p. {hit.page}"
        title = typer.style(safe_text(hit.title), bold=True) if tty else safe_text(hit.title)
        also = f"\n   also in: {safe_text(', '.join(hit.duplicates))}" if hit.duplicates else ""
        typer.echo(f"{n}. {title}  ({safe_text(hit.doc_id)})\n   {meta} · score {hit.score:.2f}\n   {snippet}{also}\n")
    if not facets:
        typer.echo(f"{result.total} similar documents.")
        return
    counts = "; ".join(
        f"{name}: " + ", ".join(f"{k} {v}" for k, v in c.items()) for name, c in result.facets.items() if c
    )
    typer.echo(safe_text(f"{result.total} documents match." + (f" {counts}" if counts else "")))


# ---- who / show / status ---------------------------------------------------------------
@app.command()
@handles_errors
def who(
    name: Annotated[str, typer.Argument(help="Full name, surname or alias; case and accents do not matter.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """A person's profile: roles over time with their sources, documents, and people they appear with.

    Example: corpus-search who "Ade Adetosoye"
    """
    from corpus_search.queries import who as profile

    data = profile(State.settings, name)  # Ambiguous / UnknownPerson carry their --json payload
    if as_json:
        _emit_json(data)
        return
    _print_who(data)


def _print_who(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Document text is never markup: every string from the index goes in as a Text.
    console = Console(soft_wrap=not _is_tty(), width=None if _is_tty() else 200, highlight=False)
    head = data["name"] + (f" ({', '.join(data['honours'])})" if data["honours"] else "")
    console.print(Text(safe_text(head), style="bold"))
    if data["aliases"]:
        console.print(Text(safe_text("also written: " + "; ".join(data["aliases"]))))
    if data["roles"]:
        table = Table("date", "role", "organisation", "status", "document", "evidence", show_lines=True)
        for r in data["roles"]:
            where = r["doc_id"] + (f" p. {r['page']}" if r.get("page") else "")
            cells = (r["date"] or "", r["role"], r["organisation"] or "", r["status"] or "", where, r["evidence"])
            table.add_row(*(Text(safe_text(c)) for c in cells))
        console.print(table)
    else:
        console.print("no roles stated in the documents")
    docs = "; ".join(
        f"{d['doc_id']} ({d['date'] or 'undated'}, {d['mentions']} mentions"
        + (f", p. {', '.join(map(str, d['pages']))}" if d.get("pages") else "") + ")"
        for d in data["documents"]
    )
    console.print(Text(safe_text(f"documents ({len(data['documents'])}): {docs}")))
    if data["related"]:
        related = ", ".join(f"{r['name']} ({r['documents']})" for r in data["related"])
        console.print(Text(safe_text(f"appears with: {related}")))


@app.command()
@handles_errors
def show(
    doc_id: Annotated[str, typer.Argument(help="A document id as `search` prints it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the document as JSON.")] = False,
) -> None:
    """A document's cleaned text, metadata and facts.

    Example: corpus-search show 000_6c236a2a44f5c600.txt
    """
    from corpus_search.queries import show as get

    doc = get(State.settings, doc_id)
    if as_json:
        _emit_json(doc)
        return
    _print_document(doc)


def _print_document(doc: dict[str, Any]) -> None:
    from corpus_search import kinds

    org = f" · {doc['organisation']}" if doc["organisation"] else ""
    typer.echo(safe_text(f"{doc['title']}\n{doc['doc_id']} · {doc['date'] or 'undated'} · {doc['doc_type']} · "
                         f"{doc['sentiment']} · {doc['words']} words{org}"))
    if doc.get("pages"):
        typer.echo(f"{len(doc['pages'])} pages")
    if doc.get("duplicate_of"):
        typer.echo(safe_text(f"same content as {doc['duplicate_of']}"))
    typer.echo("")
    typer.echo(safe_text(doc["text"]))
    typer.echo("")
    for name, rows in doc["facts"].items():
        kind = kinds.by_name(name)
        if kind.summary:
            counts: dict[str, int] = {}
            for r in rows:
                counts[str(r[kind.summary])] = counts.get(str(r[kind.summary]), 0) + 1
            typer.echo(safe_text(f"{kind.plural}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))))
            continue
        typer.echo(f"{kind.name}:")
        for r in rows:
            typer.echo("  " + safe_text(kind.line(r)) + (f" (p. {r['page']})" if r.get("page") else ""))


@app.command()
@handles_errors
def status(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """What the index holds: documents by type and year, people, facts, failed files, size, model.

    Example: corpus-search status
    """
    from corpus_search.queries import status as get

    data = get(State.settings)
    if as_json:
        _emit_json(data)
        return
    typer.echo(f"index {data['index']}: {data['documents']} documents, {data['words']} words, "
               f"{data['index_bytes'] / 1e6:.1f} MB; last ingest {data['last_ingest'] or 'never'}")
    typer.echo("by type: " + ", ".join(f"{k} {v}" for k, v in data["by_type"].items()))
    typer.echo("by year: " + ", ".join(f"{k} {v}" for k, v in data["by_year"].items()))
    typer.echo("facts: " + ", ".join(f"{k} {v}" for k, v in data["facts"].items()))
    typer.echo(f"sentiment model: {data['sentiment_model']}")
    for f in data["failed"]:
        typer.echo(f"failed: {f['path']}: {f['reason']}")


# ---- report ----------------------------------------------------------------------------
def report_kinds() -> list[str]:
    from corpus_search import kinds

    return kinds.report_choices()


@app.command()
@handles_errors
def report(
    kind: Annotated[str, typer.Option(help="What to report: " + ", ".join(report_kinds()) + ".")] = "all",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, md or html.")] = "jsonl",
    output: Annotated[Path | None, typer.Option(help="Write to this file instead of standard output.")] = None,
) -> None:
    """Batch report of every extracted fact.

    Example: corpus-search report --kind money --format csv --output money.csv
    """
    from corpus_search.errors import UsageError
    from corpus_search.queries import open_store
    from corpus_search.report import write_report

    with open_store(State.settings) as store:
        if output is None:
            write_report(store, kind, fmt, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".part")
            try:
                with tmp.open("w", encoding="utf-8", newline="") as out:
                    n = write_report(store, kind, fmt, out)
                tmp.replace(output)
            except OSError as exc:
                raise UsageError(f"cannot write {output}: {exc.strerror}") from None
            typer.echo(f"wrote {n} rows to {output}", err=True)


# ---- serve ------------------------------------------------------------------------------
@app.command()
@handles_errors
def serve(
    host: Annotated[
        str, typer.Option(help="Interface to listen on. Anything but loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8750,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the start page in a web browser.")] = False,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="CORPUS_SEARCH_TOKEN",
            help="Require this token on every request (Authorization: Bearer T, or ?token=T once in a browser).",
        ),
    ] = None,
) -> None:
    """The web interface and HTTP API over the index home (read-only), until Ctrl-C.

    Example: corpus-search serve --open
    """
    from corpus_search.web.server import serve as run_server

    run_server(State.settings, host=host, port=port, token=token, open_browser=open_browser)


# ---- sentiment ---------------------------------------------------------------------------
@app.command()
@handles_errors
def classify(
    texts: Annotated[
        list[str] | None, typer.Argument(help="Sentences to classify; none reads standard input, one per line.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input line.")] = False,
) -> None:
    """Judgement sentiment (positive / negative / neutral) of each TEXT or each line of standard input.

    Example: echo "The service was rated inadequate." | corpus-search classify --json
    """
    from corpus_search.sentiment.runtime import load_for_index

    model = load_for_index(State.settings.index_dir)

    def emit(chunk: list[str]) -> None:
        out = []
        for text, (label, scores) in zip(chunk, model.predict(chunk)):
            if as_json:
                out.append(json.dumps({"text": text, "label": label, "scores": scores}, ensure_ascii=False))
            else:
                out.append(f"{label}\t{scores[label]:.2f}\t{text}")
        sys.stdout.write("\n".join(out) + "\n")

    if texts:
        emit(list(texts))
        return
    chunk: list[str] = []
    for line in sys.stdin:
        chunk.append(line.rstrip("\n").rstrip("\r"))
        if len(chunk) >= 2000:
            emit(chunk)
            chunk = []
    if chunk:
        emit(chunk)


@app.command()
@handles_errors
def train(
    data: Annotated[Path, typer.Option(help="Labelled sentences: JSONL or CSV with text,label.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the model comparison as JSON.")] = False,
) -> None:
    """Train the judgement-sentiment classifier on your own labels; it then serves this index home.

    Compares several classifiers by cross-validation and keeps the best.
    Example: corpus-search train --data my-labels.csv
    """
    from corpus_search.sentiment.train import read_labelled, train_best

    settings = State.settings
    texts, labels = read_labelled(data)
    model, comparison = train_best(texts, labels)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    model.save(settings.user_model_path)
    if as_json:
        chosen = model.info.get("name") if model.info else None
        _emit_json({"model": str(settings.user_model_path), "chosen": chosen, "comparison": comparison})
        return
    for row in comparison:
        typer.echo(f"{row['name']:>28}: macro-F1 {row['macro_f1']:.3f} ± {row['std']:.3f}")
    typer.echo(f"kept {model.info.get('name') if model.info else '?'}; saved to {settings.user_model_path}")


@app.command()
@handles_errors
def evaluate(
    data: Annotated[Path, typer.Option(help="Labelled sentences: JSONL or CSV with text,label.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the classifier this index home uses against labelled sentences.

    Prints per-class precision, recall, F1 and a confusion matrix.
    Example: corpus-search evaluate --data data/sentiment/heldout.jsonl
    """
    from corpus_search.sentiment.runtime import load_for_index
    from corpus_search.sentiment.train import evaluate as run
    from corpus_search.sentiment.train import format_evaluation, read_labelled

    texts, labels = read_labelled(data)
    model = load_for_index(State.settings.index_dir)
    result = run(model, texts, labels)
    if as_json:
        _emit_json(result)
    else:
        typer.echo(format_evaluation(result))


people_app = typer.Typer(
    help=(
        "Corrections to people (merge, split, rename, reject, undo), kept in the index home "
        "and applied by every ingest."
    ),
    no_args_is_help=True,
)
app.add_typer(people_app, name="people")


@people_app.command("list")
@handles_errors
def people_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    show_corrections: Annotated[bool, typer.Option("--corrections", help="List the corrections instead.")] = False,
) -> None:
    """The people in the index, or the corrections made to them.

    Example: corpus-search people list --json
    """
    from corpus_search.people import corrections

    if show_corrections:
        data: Any = [c.to_json() for c in corrections.load(corrections.path_in(State.settings.index_dir))]
    else:
        data = corrections.people_list(State.settings)
    if as_json:
        _emit_json(data)
        return
    for item in data:
        if show_corrections:
            typer.echo(" ".join(f"{k}={v}" for k, v in item.items()))
        else:
            typer.echo(f"{item['name']}\t{item['documents']} document(s)\t{', '.join(item['aliases'])}")


def _correct(action: str, as_json: bool, **fields: Any) -> None:
    from corpus_search.people import corrections

    done = corrections.correct(State.settings, action, **fields)
    if as_json:
        _emit_json(done.to_json())
    else:
        typer.echo(f"{done.id}: {action} recorded and applied")


_JSON = Annotated[bool, typer.Option("--json", help="Print the correction as JSON.")]


@people_app.command("merge")
@handles_errors
def people_merge(
    names: Annotated[list[str], typer.Argument(help="Two or more names of one person.")], as_json: _JSON = False
) -> None:
    """Make the people with these names one person, named as the first.

    Example: corpus-search people merge "Roger Smith" "R J Smith"
    """
    _correct("merge", as_json, names=names)


@people_app.command("split")
@handles_errors
def people_split(
    name: Annotated[str, typer.Argument(help="The person to split.")],
    doc: Annotated[str, typer.Option("--doc", help="The document whose mention is someone else.")],
    as_json: _JSON = False,
) -> None:
    """Make a person's appearance in one document a person of its own.

    Example: corpus-search people split "John Smith" --doc kent/2019.pdf
    """
    _correct("split", as_json, names=[name], doc_id=doc)


@people_app.command("rename")
@handles_errors
def people_rename(
    name: Annotated[str, typer.Argument(help="The person's name now.")],
    new: Annotated[str, typer.Argument(help="The name to give them.")],
    as_json: _JSON = False,
) -> None:
    """Give a person another canonical name.

    Example: corpus-search people rename "Bob Smith" "Robert Smith"
    """
    _correct("rename", as_json, names=[name], new=new)


@people_app.command("reject")
@handles_errors
def people_reject(
    name: Annotated[str, typer.Argument(help="The name that is not a person.")], as_json: _JSON = False
) -> None:
    """Say that a name is not a person: it is dropped from every document.

    Example: corpus-search people reject "Xmas Bingo"
    """
    _correct("reject", as_json, names=[name])


@people_app.command("undo")
@handles_errors
def people_undo(
    correction_id: Annotated[str, typer.Argument(help="The id `people list --corrections` shows.")],
    as_json: _JSON = False,
) -> None:
    """Take back a correction (an undone reject returns at the next ingest of its documents).

    Example: corpus-search people undo c3
    """
    _correct("undo", as_json, target=correction_id)


def run() -> None:
    """Console entry point: the app; an error outside any command (in option parsing callbacks, say)
    is still one line and exit 3, never a traceback."""
    try:
        app(prog_name="corpus-search")
    except Exception as exc:
        sys.exit(report_bug(exc))
