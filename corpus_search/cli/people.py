"""`people ...`: corrections to people, kept in the index home and applied by every ingest."""

from typing import Annotated, Any

import typer

from corpus_search.cli.app import State, app, emit_json, handles_errors

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
        emit_json(data)
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
        emit_json(done.to_json())
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
    doc: Annotated[
        str | None, typer.Option("--doc", help="Only the person of that name who appears in this document.")
    ] = None,
    as_json: _JSON = False,
) -> None:
    """Give a person another canonical name (with --doc, the one of two same-named people in DOC_ID).

    Example: corpus-search people rename "John Smith" "John Smith (Eastdale)" --doc dale/7.pdf
    """
    _correct("rename", as_json, names=[name], new=new, doc_id=doc)


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
    """Take back a correction; it is undone at once (a rejected name is a person again).

    Example: corpus-search people undo c3
    """
    _correct("undo", as_json, target=correction_id)
