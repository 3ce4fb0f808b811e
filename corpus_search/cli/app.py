"""The typer app, its global options and what every command shares: error handling, safe terminal text, JSON."""

import contextlib
import functools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from corpus_search.cli.plain_options import PlainGroup
from corpus_search.config import DB_ENV, INDEX_ENV, Settings
from corpus_search.errors import CorpusSearchError

app = typer.Typer(
    cls=PlainGroup,
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
PIPE_EXIT = 141  # the output's reader closed the pipe


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
        except (typer.Exit, typer.Abort, typer.TyperException):  # typer's own (its click is vendored)
            raise
        except CorpusSearchError as exc:
            payload = getattr(exc, "payload", None)
            if payload is not None and kwargs.get("as_json"):
                emit_json(payload)
            typer.echo(f"Error: {one_line(str(exc))}", err=True)
            raise typer.Exit(code=exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(code=130) from None
        except BrokenPipeError:
            raise typer.Exit(code=closed_pipe()) from None
        except Exception as exc:
            from corpus_search.homes import explain  # a failing disk or a damaged file is not a bug

            explained = explain(exc, State.settings)
            if explained is not None:
                typer.echo(f"Error: {one_line(str(explained))}", err=True)
                raise typer.Exit(code=explained.exit_code) from None
            raise typer.Exit(code=report_bug(exc)) from None

    return wrapper  # type: ignore[return-value]


def closed_pipe() -> int:
    """The reader of our output went away (`corpus-search status | head`): not a bug, and nothing
    to say. Standard output is pointed at /dev/null so the interpreter's last flush cannot fail
    again; RETURNS 141 (128 + SIGPIPE, what a shell reports for a program a closed pipe stopped)."""
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return PIPE_EXIT


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


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=None))


def is_tty() -> bool:
    return sys.stdout.isatty()




def run() -> None:
    """Console entry point: the app; an error outside any command (in option parsing callbacks, say)
    is still one line and exit 3, never a traceback."""
    try:
        app(prog_name="corpus-search")
    except BrokenPipeError:
        sys.exit(closed_pipe())
    except Exception as exc:
        sys.exit(report_bug(exc))
