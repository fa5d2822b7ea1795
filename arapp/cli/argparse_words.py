# SPDX-License-Identifier: MIT
"""argparse's own words ("usage:", "options:", its error messages) in the person's language.

argparse translates them with :func:`gettext.gettext` in the ``messages`` domain, for which
Python ships no catalogue, so they stay English. :func:`speak` hands argparse arapp's own
:func:`arapp.i18n._` and :func:`arapp.i18n.ngettext` instead, before the parser is built (the
parser reads some of them, "options" and the help of ``-h``, when it is made); their
translations are in the ``cli`` catalogue, listed below exactly as argparse (Python 3.11)
writes them. A text a later Python words differently is simply shown in English.
"""

from __future__ import annotations

import argparse

from arapp.i18n import N_, _, ngettext

#: argparse's texts that reach a person (not those about a wrongly built parser). The plural
#: "expected %s argument(s)" is in :func:`_plural`.
TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plural(count: int) -> str:
    return ngettext("expected %s argument", "expected %s arguments", count)


def speak() -> None:
    """Let argparse speak the language in force (:func:`arapp.i18n.use_language`)."""
    setattr(argparse, "_", _)  # noqa: B010 - argparse looks both up at each call
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
