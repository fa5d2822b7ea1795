# SPDX-License-Identifier: MIT
"""``arapp reminders policy show|export|import|segments``: the reminder ladder as a file to edit
by hand, and the payment-behaviour segments whose customers get it.

The file is TOML (:mod:`arapp.services.reminders.policy_file`): export, edit the days and words
in any text editor, import. An import checks the whole file first and changes nothing while any
line is wrong; it prints every mistake with its line and level.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from arapp.cli.output import print_table
from arapp.domain.segments import Segment
from arapp.services.context import AppContext


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    reminders = sub.add_parser("reminders", parents=[common], help="reminder policies")
    things = reminders.add_subparsers(dest="reminders_command", metavar="WHAT", required=True)
    policy = things.add_parser(
        "policy", parents=[common], help="show, export or import a reminder policy"
    )
    actions = policy.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=[common], help="the levels of a policy")
    show.add_argument("name", nargs="?", help="the policy (default: the default one)")
    show.set_defaults(func=_show)
    export = actions.add_parser("export", parents=[common], help="write a policy to a TOML file")
    export.add_argument("file", type=Path, metavar="FILE", help="the file to write ('-': stdout)")
    export.add_argument("--name", help="the policy (default: the default one)")
    export.set_defaults(func=_export)
    load = actions.add_parser(
        "import", parents=[common], help="read a policy from a TOML file (all or nothing)"
    )
    load.add_argument("file", type=Path, metavar="FILE")
    load.set_defaults(func=_import)
    limit = actions.add_parser(
        "segments",
        parents=[common],
        help="give a policy to the customers of one or more segments (none: to no segment)",
    )
    limit.add_argument("name", help="the policy")
    limit.add_argument(
        "--segment",
        action="append",
        default=[],
        choices=[s.value for s in Segment],
        help="a segment whose customers get it (repeat for more; leave out for none)",
    )
    limit.set_defaults(func=_segments)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _show(args: argparse.Namespace) -> int:
    from arapp.services.reminders.policy import find_policy, list_policies

    ctx = _ctx(args)
    record = find_policy(ctx, args.name)
    others = [r.policy.name for r in list_policies(ctx) if r.id != record.id]
    users = f"; {record.customers} customers have it" if record.customers else ""
    print(f"{record.policy.name}{' (the default)' if record.is_default else ''}{users}")
    if record.segments:
        print(f"For customers {_segment_words(record.segments)} (without a policy of their own)")
    print_table(
        ["Level", "Name", "Day", "Action", "Late fee", "Subject", "Also in"],
        [
            [str(lv.level), lv.name, f"{lv.offset_days:+d}",
             "agency flag" if lv.action == "flag" else "e-mail",
             "yes" if lv.late_fee else "", lv.subject,
             ", ".join(t.language for t in lv.texts)]
            for lv in record.policy.levels
        ],
        right=(0, 2),
    )  # fmt: skip
    if others:
        print(f"Other policies: {', '.join(others)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from arapp.services.reminders.policy import find_policy
    from arapp.services.reminders.policy_file import policy_to_toml

    record = find_policy(_ctx(args), args.name)
    text = policy_to_toml(record.policy)
    if str(args.file) == "-":
        sys.stdout.write(text)
        return 0
    args.file.write_text(text, encoding="utf-8")
    print(f'Wrote the policy "{record.policy.name}" to {args.file}')
    return 0


def _import(args: argparse.Namespace) -> int:
    from arapp.services.reminders.policy import save_policy
    from arapp.services.reminders.policy_file import PolicyFileError, read_policy

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"arapp: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    ctx = _ctx(args)
    try:
        parsed = read_policy(ctx, text)
    except PolicyFileError as exc:
        for problem in exc.problems:
            print(f"arapp: {args.file}: {problem}", file=sys.stderr)
        print("arapp: nothing was changed.", file=sys.stderr)
        return 1
    record = save_policy(ctx, parsed.policy, parsed.replaces)
    done = "Replaced" if parsed.replaces is not None else "Added"
    print(f'{done} the policy "{record.policy.name}" ({len(record.policy.levels)} levels).')
    return 0


def _segment_words(segments: tuple[Segment, ...]) -> str:
    """``"at risk"``, ``"slow" or "at risk"``."""
    names = [f'"{s.value}"' for s in segments]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _segments(args: argparse.Namespace) -> int:
    from arapp.services.errors import InputErrors
    from arapp.services.reminders.policy import find_policy, set_policy_segments

    ctx = _ctx(args)
    record = find_policy(ctx, args.name)
    try:
        record = set_policy_segments(ctx, record.id, [Segment(s) for s in args.segment])
    except InputErrors as exc:
        for problem in exc.errors:
            print(f"arapp: {problem.message}", file=sys.stderr)
        print("arapp: nothing was changed.", file=sys.stderr)
        return 1
    name = record.policy.name
    if record.segments:
        print(f'Customers {_segment_words(record.segments)} now get the policy "{name}" '
              "(unless they have a policy of their own).")  # fmt: skip
    else:
        print(f'The policy "{name}" is no longer given to any segment.')
    return 0
