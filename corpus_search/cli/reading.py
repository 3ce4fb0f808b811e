"""`who`, `show`, `status`, `report` and `serve`: reading what an ingest stored."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from corpus_search.cli.app import State, app, emit_json, handles_errors, is_tty, safe_text


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
        emit_json(data)
        return
    _print_who(data)


def _print_who(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Document text is never markup: every string from the index goes in as a Text.
    console = Console(soft_wrap=not is_tty(), width=None if is_tty() else 200, highlight=False)
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
        emit_json(doc)
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
        emit_json(data)
        return
    typer.echo(f"index {data['index']}: {data['documents']} documents, {data['words']} words, "
               f"{data['index_bytes'] / 1e6:.1f} MB; last ingest {data['last_ingest'] or 'never'}")
    typer.echo("by type: " + ", ".join(f"{k} {v}" for k, v in data["by_type"].items()))
    typer.echo("by year: " + ", ".join(f"{k} {v}" for k, v in data["by_year"].items()))
    typer.echo("facts: " + ", ".join(f"{k} {v}" for k, v in data["facts"].items()))
    typer.echo(f"sentiment model: {data['sentiment_model']}")
    for r in data["roots"]:
        state = "" if r["exists"] else " — MISSING: `corpus-search ingest --prune` drops its documents"
        typer.echo(safe_text(f"root {r['root']}: {r['documents']} documents, {r['failed']} failed{state}"))
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
