# SPDX-License-Identifier: MIT
"""``arapp outbox documents`` and its actions: the invoices, credit notes and statements on their
way, as the window's Outbox shows them (:mod:`arapp.services.delivery.outbox`).

``documents`` lists them (those waiting or needing a person; ``--all`` also the done ones);
``document-retry``, ``document-mark-sent`` (a person saw it leave: recorded as confirmed by them,
nothing is sent) and ``document-cancel`` act on one or more by id. A document in the wrong state
is refused in words and nothing changes (exit 1).
"""

from __future__ import annotations

import argparse

from arapp.cli.output import print_table
from arapp.i18n import N_, _, pgettext
from arapp.services.context import AppContext
from arapp.services.delivery.outbox import (
    OPEN_STATES,
    cancel_deliveries,
    list_deliveries,
    mark_deliveries_sent,
    retry_deliveries,
)

_ACTIONS = {
    "document-retry": (
        retry_deliveries,
        N_("queued again; it goes with the next arapp outbox send"),
    ),
    "document-mark-sent": (
        mark_deliveries_sent,
        N_("marked as sent (confirmed by you; not sent)"),
    ),
    "document-cancel": (cancel_deliveries, N_("cancelled; it will not be sent")),
}
_HELP = {
    "document-retry": N_("queue failed or unknown document e-mails to be sent again"),
    "document-mark-sent": N_(
        "record that document e-mails of unknown fate did leave (you saw them)"
    ),
    "document-cancel": N_("do not send these document e-mails"),
}


def register(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    show = actions.add_parser(
        "documents", parents=[common], help=_("invoices, credit notes and statements on their way")
    )
    show.add_argument("--all", action="store_true", help=_("also those sent or cancelled"))
    show.set_defaults(func=_list)
    for name, helptext in _HELP.items():
        act = actions.add_parser(name, parents=[common], help=_(helptext))
        act.add_argument("ids", type=int, nargs="+", metavar="ID")
        act.set_defaults(func=_act, action=name)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _list(args: argparse.Namespace) -> int:
    rows = list_deliveries(_ctx(args), None if args.all else OPEN_STATES)
    if not rows:
        print(
            _("No invoice, credit note or statement e-mails yet.")
            if args.all
            else _("No invoice, credit note or statement e-mails are waiting or need you.")
        )
        return 0
    table = [
        [str(r.id), r.label, r.customer, r.recipients, _state(r.state, r.confirmed_by),
         str(r.attempts), r.last_error]
        for r in rows
    ]  # fmt: skip
    headers = [_("Id"), _("Document"), _("Customer"), _("To"), _("State"), _("Tries"),
               _("Problem")]  # fmt: skip
    print_table(headers, table, (0, 5))
    return 0


def _state(state: str, confirmed_by: str) -> str:
    if confirmed_by:
        return _("sent (confirmed by {person})").format(person=confirmed_by)
    return state_word(state)


def state_word(state: str) -> str:
    """A state of an e-mail in an outbox (reminders or documents), as the person reads it."""
    words = {
        "queued": pgettext("outbox state", "queued"),
        "sending": pgettext("outbox state", "sending"),
        "sent": pgettext("outbox state", "sent"),
        "retry": pgettext("outbox state", "retry"),
        "failed": pgettext("outbox state", "failed"),
        "unknown": pgettext("outbox state", "unknown"),
        "cancelled": pgettext("outbox state", "cancelled"),
        "flagged": pgettext("outbox state", "flagged"),
    }
    return words.get(state, state)


def _act(args: argparse.Namespace) -> int:
    action, done = _ACTIONS[args.action]
    action(_ctx(args), args.ids)
    for delivery_id in args.ids:
        print(f"#{delivery_id}: {_(done)}")
    return 0
