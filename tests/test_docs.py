"""The README documents every command, and every command has help with an example."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from corpus_search.cli import app
from tests.paths import ROOT

COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


def test_commands_registered():
    assert set(COMMANDS) == {"ingest", "search", "similar", "who", "report", "classify", "train", "evaluate", "show",
                             "status", "serve", "reindex"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"corpus-search {command}" in readme


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
