# SPDX-License-Identifier: MIT
"""Every command and subcommand prints its help (argparse reads help text as a %-format)."""

from __future__ import annotations

import argparse

from arapp.cli import _parser


def _walk(parser: argparse.ArgumentParser, path: str = "arapp"):  # type: ignore[no-untyped-def]
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _walk(child, f"{path} {name}")


def test_every_command_has_working_help() -> None:
    seen = []
    for path, parser in _walk(_parser()):
        assert parser.format_help(), path
        seen.append(path)
    assert {"arapp invoice new", "arapp payment record", "arapp remind"} <= set(seen)
