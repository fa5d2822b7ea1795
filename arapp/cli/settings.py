# SPDX-License-Identifier: MIT
"""``arapp config``: read and change company settings."""

from __future__ import annotations

import argparse
import getpass
import sys

from arapp.domain.languages import ENGLISH, LANGUAGES
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.document_words import own_words
from arapp.services.languages import own_language_texts
from arapp.services.settings import SPECS, get_setting, language_setting, set_setting

_LANGUAGE_HELP = N_(
    "an e-mail text (mail.…) or a document word (words.…) in this language: {languages}; "
    'without it, the English text. Set "" to use the company\'s or the English text again.'
)


def _language_help() -> str:
    return _(_LANGUAGE_HELP).format(languages=", ".join(c for c in LANGUAGES if c != ENGLISH))


class _Keys(list[str]):
    """The keys ``config get|set`` take: every declared setting, and the document words
    (``words.invoice_title``, ``words.invoice_title.de``), too many to list in the help."""

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key) or (
            isinstance(key, str) and key.startswith("words.") and key.count(".") in (1, 2)
        )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    config = sub.add_parser("config", parents=[common], help=_("show and change settings"))
    actions = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    actions.add_parser(
        "list", parents=[common], help=_("every setting with its value")
    ).set_defaults(func=_list)
    get = actions.add_parser("get", parents=[common], help=_("print one setting"))
    get.add_argument("key", choices=_Keys(sorted(SPECS)), metavar="KEY")
    get.add_argument("--language", default="", help=_language_help())
    get.set_defaults(func=_get)
    put = actions.add_parser("set", parents=[common], help=_("change one setting"))
    put.add_argument("key", choices=_Keys(sorted(SPECS)), metavar="KEY")
    put.add_argument("value")
    put.add_argument("--language", default="", help=_language_help())
    put.set_defaults(func=_set)
    password = actions.add_parser(
        "smtp-password",
        parents=[common],
        help=_("store the SMTP password in the OS keyring (read from standard input)"),
    )
    password.set_defaults(func=_smtp_password)


def _open(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _list(args: argparse.Namespace) -> int:
    ctx = _open(args)
    for key, spec in sorted(SPECS.items()):
        print(f"{key} = {get_setting(ctx, spec)}    # {spec.description}")
    for key, text in own_language_texts(ctx).items():
        print(f"{key} = {text}")
    for key, text in own_words(ctx).items():  # only the words the owner changed
        print(f"{key} = {text}")
    return 0


def _get(args: argparse.Namespace) -> int:
    print(get_setting(_open(args), language_setting(args.key, args.language)))
    return 0


def _set(args: argparse.Namespace) -> int:
    spec = language_setting(args.key, args.language)
    value = set_setting(_open(args), spec, args.value)
    print(f"{spec.key} = {value}")
    if args.key == "smtp.security" and value == "none":
        print(
            _(
                "arapp: warning: without encryption the password and every reminder cross the "
                "network readable by anyone on the way; use starttls or ssl if the server "
                "offers it."
            ),
            file=sys.stderr,
        )
    return 0


def _smtp_password(args: argparse.Namespace) -> int:
    """The password comes from standard input (one line), never from the command line."""
    from arapp.services.reminders.mailer import store_password

    if sys.stdin.isatty():
        password = getpass.getpass(_("SMTP password: "))
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    username = store_password(_open(args), password)
    print(_("The SMTP password of {user} is stored in the OS keyring.").format(user=username))
    return 0
