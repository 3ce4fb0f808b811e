"""Command-line values of plain types (text, whole numbers, paths) checked without pydantic.

typer 0.29 checks every parameter that is not a flag through a pydantic TypeAdapter. Importing
pydantic and building the adapters took longer than the search a `search` command runs (see
docs/benchmarks.md, "Start-up"). Our commands declare only plain types, and for a plain value the
answer is plain Python: text is the text, "10" is 10, a path is `Path(value)` followed by typer's
own path checks. Whatever the plain check is not sure of (a number with a sign, spaces or
underscores, one out of its bounds, a path typer refuses, any other type) goes to typer's own
coercion, which gives its usual answer or error message. So values and messages are typer's by
construction; tests/test_cli_options.py compares both routes on every parameter of every command.

`PlainGroup` is the app's group class (typer's public `cls=` hook): once typer has built the
commands it fills each plain parameter's lazily built coercion slot. It does so only on the typer
version this was written against (pyproject pins it) and unless CORPUS_SEARCH_PLAIN_OPTIONS=0.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from typer import core
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path, lenient_issubclass, routes_to_path

TYPER_VERSION = "0.29.2"
ENV = "CORPUS_SEARCH_PLAIN_OPTIONS"
_DIGITS = re.compile(r"[0-9]{1,18}")  # ASCII digits only; everything else goes to typer


def enabled() -> bool:
    return typer.__version__ == TYPER_VERSION and os.environ.get(ENV, "1") != "0"


class _Unsure(Exception):
    """The plain check cannot answer for this value: ask typer."""


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """typer's RuntimeParam for a str, bool, int or path parameter; `coerce` (None and
    multi-value handling) is typer's, only the value check is ours."""

    kind: str  # "str" | "bool" | "int" | "path"

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self._plain(value, param, ctx)
        except Exception:
            # typer decides (and from now on for this parameter): its answer, or its error message
            stock = build_runtime_param(param.type_descriptor)
            param._runtime_param = stock
            return stock._coerce_value(value, param=param, ctx=ctx)

    def _plain(self, value: Any, param: Any, ctx: Any) -> Any:
        info = self.parameter_info
        if self.kind in ("str", "bool"):
            if type(value) is self.annotation:
                return value
        elif self.kind == "int":
            if type(value) is int:
                number = value
            elif type(value) is str and _DIGITS.fullmatch(value):
                number = int(value)
            else:
                raise _Unsure
            if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
                return number
        elif self.kind == "path" and type(value) is str:
            path_type: Any = info.path_type
            if path_type is None and lenient_issubclass(self.annotation, Path):
                path_type = self.annotation
            if path_type not in (None, str, bytes):
                value = path_type(value)  # what typer's pydantic adapter makes of a str; its checks follow
            return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)
        raise _Unsure


def plain_param(param: Any) -> PlainParam | None:
    """The plain check for one typer parameter, or None when its type is not a plain one."""
    desc = param.type_descriptor
    info = desc.parameter_info
    if desc.is_list or desc.is_tuple or desc.is_file or desc.is_choice or info.parser is not None:
        return None
    annotation = desc.annotation
    if annotation is str or annotation is bool:
        kind = annotation.__name__
    elif annotation is int and not info.clamp:
        kind = "int"
    elif routes_to_path(annotation, info):
        kind = "path"
    else:
        return None
    return PlainParam(parameter_info=info, annotation=annotation, kind=kind)


def _fill(param: Any) -> int:
    if isinstance(param, core._TyperParameter) and param._runtime_param is None:
        plain = plain_param(param)
        if plain is not None:
            param._runtime_param = plain
            return 1
    return 0


def install(command: Any) -> int:
    """Give every plain parameter of `command` and its subcommands the plain check (the `--help`
    option, which click makes on first use, when it is made); RETURNS how many were given it."""
    count = sum(_fill(param) for param in command.params)
    make_help = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make_help(ctx)
        if option is not None:
            _fill(option)
        return option

    command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        count += install(sub)
    return count


class PlainGroup(core.TyperGroup):
    """The app's group: typer's, with the plain check installed once typer has built the commands."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        if enabled():
            install(self)
