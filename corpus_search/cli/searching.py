"""`search` and `similar`: ranked results, printed or as JSON."""

import re
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from corpus_search.models import SearchResult

from corpus_search.cli.app import State, app, emit_json, handles_errors, is_tty, one_line, safe_text


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


def _print_results(result: "SearchResult", as_json: bool, facets: bool) -> None:
    import html

    from corpus_search.queries import search_json

    if result.message:
        typer.echo(one_line(result.message), err=True)
    if as_json:
        emit_json(search_json(result, facets=facets))
        return
    if not result.results:
        typer.echo(f"No results for {safe_text(result.query)!r}.")
        if result.suggestions:
            typer.echo("Did you mean: " + ", ".join(safe_text(s) for s in result.suggestions) + "?")
        return
    tty = is_tty()
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
