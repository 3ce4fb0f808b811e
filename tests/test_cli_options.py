"""Plain option values checked without pydantic (cli/plain_options.py) give typer's own answers.

Every parameter of every command that gets the plain check is run through it and through typer's
own (pydantic) coercion on the same values: same value and type, or the same error and message.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer.main
from typer import core
from typer._click import Context
from typer._coercion import build_runtime_param
from typer.testing import CliRunner

from corpus_search.cli import app
from corpus_search.cli import plain_options as po
from tests.paths import ROOT

VALUES = {
    "str": ["", "x", "statutory direction", "children’s", "\udcff", "-", "--json", " padded ", 5, None],
    "bool": [True, False, "true", "no", "1", "", None],
    "int": [0, 1, 10, 64, 65, 1024, 1025, 65535, 65536, -1, True, "0", "1", "7", "10", "007", "64", "65", "65536",
            "-1", "+3", " 5", "5 ", "1_000", "1.0", "1e3", "abc", "", "٣", "99999999999999999999", 2.5, None],
    "path": ["", ".", "x/y", "-", "~/z", " spaced ", "\udcff", "corpus", "README.md", "/nonexistent/a/b", None],
}
ANSWERED = {  # values the plain check answers itself, without typer (the everyday ones)
    "str": ["", "x", "statutory direction", "children’s", "-"],
    "bool": [True, False],
    "int": ["0", "7", "10", 10],
    "path": ["x/y", "corpus", "/nonexistent/a/b"],
}


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def _plain_params():
    group = typer.main.get_command(app)
    for path, command in _commands(group):
        for param in command.params:
            plain = po.plain_param(param)
            if plain is not None:
                yield " ".join(path) or "(app)", command, param, plain


def _outcome(runtime, value, param, ctx):
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return ("error", type(exc).__name__, message)
    return ("ok", type(result).__name__, result)


def test_every_plain_parameter_answers_as_typer_does():
    checked = set()
    cwd = os.getcwd()
    os.chdir(ROOT)  # relative paths ("corpus", "README.md") exist, others do not
    try:
        for where, command, param, plain in _plain_params():
            ctx = Context(command, info_name=command.name)
            stock = build_runtime_param(param.type_descriptor)
            for value in VALUES[plain.kind]:
                ours = _outcome(plain, value, param, ctx)
                param._runtime_param = plain  # a fallback replaces it; start each value afresh
                theirs = _outcome(stock, value, param, ctx)
                assert ours == theirs, (where, param.name, value)
            checked.add(plain.kind)
    finally:
        os.chdir(cwd)
    assert checked == {"str", "bool", "int", "path"}


def test_everyday_values_are_answered_without_typer():
    for _, command, param, plain in _plain_params():
        ctx = Context(command, info_name=command.name)
        for value in ANSWERED[plain.kind]:
            if plain.kind == "int" and not (param.type_descriptor.parameter_info.min or 0) <= int(value) <= (
                param.type_descriptor.parameter_info.max or 10**9
            ):
                continue
            plain._plain(value, param, ctx)  # raises _Unsure if it would have asked typer


def test_the_app_installs_the_plain_check_and_the_switch_turns_it_off(monkeypatch):
    group = typer.main.get_command(app)
    search = group.commands["search"]
    typed = [p for p in search.params if isinstance(p, core._TyperParameter)]
    assert typed and all(isinstance(p._runtime_param, po.PlainParam) for p in typed)
    help_option = search.get_help_option(Context(search))
    assert isinstance(help_option._runtime_param, po.PlainParam)
    monkeypatch.setenv(po.ENV, "0")
    off = typer.main.get_command(app).commands["search"]
    assert all(p._runtime_param is None for p in off.params if isinstance(p, core._TyperParameter))


def test_bad_values_get_typers_messages_through_the_cli(tmp_path):
    runner = CliRunner()
    home = ["--index", str(tmp_path)]
    for args, message in [
        (["search", "x", "--limit", "-1"], "Invalid value for '--limit': Input should be greater than or equal to 0"),
        (["search", "x", "--limit", "ten"], "Invalid value for '--limit': Input should be a valid integer"),
        (["serve", "--port", "70000"], "Invalid value for '--port': Input should be less than or equal to 65535"),
    ]:
        result = runner.invoke(app, [*home, *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in " ".join(result.stderr.split()), (args, result.stderr)


def test_a_whole_search_process_never_loads_pydantic(tmp_path):
    """The point of the plain check, in a real process: option parsing does not import pydantic."""
    code = (
        "import sys\n"
        "from corpus_search.cli import app\n"
        f"try:\n    app(['--index', {str(tmp_path)!r}, 'search', 'statutory direction', '--limit', '3'],"
        " prog_name='corpus-search')\n"
        "except SystemExit:\n    pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != po.ENV}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "LOADED []" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("version", ["0.29.1", "0.30.0"])
def test_other_typer_versions_get_typers_own_coercion(monkeypatch, version):
    monkeypatch.setattr(typer, "__version__", version)
    assert not po.enabled()
