# SPDX-License-Identifier: MIT
"""``arapp remind``, ``arapp outbox`` and ``arapp mail test``: reminders without the window.

``arapp remind`` is meant for the operating system's scheduler (cron, systemd timer, Task
Scheduler): it prints what is due, queues it and sends the outbox. Safe to run twice: the
outbox's (invoice, level) key never sends a reminder twice.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from arapp.cli import outbox_documents, policies
from arapp.cli.outbox_documents import state_word
from arapp.cli.output import print_table
from arapp.i18n import _, ngettext, pgettext
from arapp.services.context import AppContext
from arapp.services.reminders import outbox as box
from arapp.services.reminders.mailer import account_problem, open_transport, send_test_email
from arapp.services.reminders.run import plan_run, queue


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    remind = sub.add_parser("remind", parents=[common], help=_("queue and send reminders due"))
    remind.add_argument("--as-of", type=date.fromisoformat, metavar="DATE", help="YYYY-MM-DD")
    remind.add_argument("--dry-run", action="store_true", help=_("only show what is due"))
    remind.add_argument("--no-send", action="store_true", help=_("queue, but do not send yet"))
    remind.set_defaults(func=_remind)

    outbox = sub.add_parser(
        "outbox", parents=[common], help=_("reminders, invoices and statements on their way")
    )
    actions = outbox.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    show = actions.add_parser("list", parents=[common], help=_("messages and their state"))
    show.add_argument("--state", action="append", choices=box.STATES, help=_("only these states"))
    show.set_defaults(func=_list)
    send = actions.add_parser(
        "send",
        parents=[common],
        help=_("send what waits: reminders, invoices, statements"),
    )
    send.set_defaults(func=_send)
    for name, helptext in (
        ("retry", _("queue failed or unknown messages to be sent again")),
        ("mark-sent", _("record that these messages were sent (e.g. found in the sent folder)")),
        ("cancel", _("do not send these messages")),
    ):
        act = actions.add_parser(name, parents=[common], help=helptext)
        act.add_argument("ids", type=int, nargs="+", metavar="ID")
        act.set_defaults(func=_act, action=name)
    outbox_documents.register(actions, common)

    mail = sub.add_parser("mail", parents=[common], help=_("the e-mail account"))
    mail_actions = mail.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    test = mail_actions.add_parser("test", parents=[common], help=_("send a test e-mail"))
    test.add_argument("--to", default="", help=_("recipient (default: the sender address)"))
    test.set_defaults(func=_test)

    policies.register(sub, common)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _when(as_of: date, due: date) -> str:
    """``due in 3 days``, ``due today``, ``12 days overdue``."""
    late = (as_of - due).days
    if late == 0:
        return _("due today")
    if late < 0:
        return ngettext("due in {count} day", "due in {count} days", -late).format(count=-late)
    return ngettext("{count} day overdue", "{count} days overdue", late).format(count=late)


def _remind(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    as_of = args.as_of or ctx.today()
    due = plan_run(ctx, as_of)
    print(_("Reminders due as of {day}: {count}").format(day=as_of.isoformat(), count=len(due)))
    if due:
        print_table(
            [_("Customer"), _("Invoice"), _("Due"), _("When"), _("Amount"), _("Level"), _("By")],
            [
                [
                    d.customer_name,
                    d.invoice_number,
                    d.due_date.isoformat(),
                    _when(as_of, d.due_date),
                    f"{d.amount_due} {d.currency}",
                    f"{d.level} {d.level_name}",
                    channel_word(d.channel),
                ]
                for d in due
            ],
            right=(4,),
        )
    if args.dry_run:
        return 0
    result = queue(ctx, due, as_of)
    channels = list(box.channels_of(ctx, result.message_ids).values())
    emails, letters, flags = (channels.count(c) for c in ("email", "letter", "flag"))
    # Translators: {emails} is "2 e-mails", {letters} "1 letter", {customers} "3 customers".
    queued = _(
        "Queued {reminders} reminders in {messages} messages: {emails}, {letters} to print, "
        "{customers} marked for the agency (nothing is sent to them)"
    ).format(
        reminders=result.reminders,
        messages=len(result.message_ids),
        emails=_emails(emails),
        letters=ngettext("{count} letter", "{count} letters", letters).format(count=letters),
        customers=ngettext("{count} customer", "{count} customers", flags).format(count=flags),
    )
    if result.skipped:
        queued = _("{queued}; {count} were already queued").format(
            queued=queued, count=result.skipped
        )
    print(queued)
    if letters:
        print(_("Letters to print: arapp letters print"))
    if args.no_send:
        waiting = box.outbox_waiting(ctx)
        print(
            _("Not sent (--no-send): {emails} queued in the outbox.").format(
                emails=_emails(waiting.queued)
            )
        )
        return 0
    return _send(args, ctx)


def _emails(count: int) -> str:
    return ngettext("{count} e-mail", "{count} e-mails", count).format(count=count)


def channel_word(channel: str) -> str:
    """How a reminder goes (``email``, ``letter``, ``flag``), as the person reads it."""
    words = {
        "email": pgettext("reminder channel", "email"),
        "letter": pgettext("reminder channel", "letter"),
        "flag": pgettext("reminder channel", "flag"),
    }
    return words.get(channel, channel)


FIX = {
    "smtp.host": "arapp config set smtp.host HOST",
    "smtp.from": "arapp config set smtp.from ADDRESS",
    "smtp.password": "arapp config smtp-password",
}


def _send(args: argparse.Namespace, ctx: AppContext | None = None) -> int:
    """Send the reminders and the document e-mails (invoices, statements) that wait."""
    from arapp.services.delivery.queue import waiting_deliveries

    ctx = ctx or _ctx(args)
    waiting = box.outbox_waiting(ctx)
    reminders = waiting.queued or waiting.retrying or waiting.sending
    documents = waiting_deliveries(ctx)
    if not (reminders or documents):
        print(_("Nothing to send."))
        return 0
    problem = account_problem(ctx)
    if problem is not None:
        fix = FIX.get(problem.setting, "")
        print(
            _("Sent 0; queued, not sent: {emails} waiting for a mail account in the outbox").format(
                emails=_emails(waiting.queued + waiting.retrying)
            )
        )
        if documents:
            print(
                _("Documents: {emails} waiting for a mail account").format(
                    emails=_emails(documents)
                )
            )
        nothing = _("arapp: nothing was sent: {problem}").format(problem=problem)
        print(nothing + (f" ({fix})" if fix else ""), file=sys.stderr)
        return 1
    code = _send_reminders(ctx) if reminders else 0
    return max(code, _send_documents(ctx) if documents else 0)


def _send_reminders(ctx: AppContext) -> int:
    report = box.send_outbox(ctx, open_transport(ctx))
    after = box.outbox_waiting(ctx)
    print(
        _(
            "Sent {sent}; queued, not sent {queued}; to retry {retry} (waiting in the outbox: "
            "{retrying}); failed {failed}; unknown {unknown}"
        ).format(
            sent=len(report.sent),
            queued=after.queued,
            retry=len(report.retry),
            retrying=after.retrying,
            failed=len(report.failed),
            unknown=len(report.unknown),
        )
    )
    if report.stopped:
        print(_("arapp: sending stopped: {reason}").format(reason=report.stopped), file=sys.stderr)
        return 1
    if report.failed or report.unknown:
        bad = set(report.failed) | set(report.unknown)
        for row in box.list_outbox(ctx, ("failed", "unknown")):
            if row.id in bad:
                print(
                    f"#{row.id} {state_word(row.state)} ({row.recipient}): {row.last_error}",
                    file=sys.stderr,
                )
        print(_("See them with: arapp outbox list --state failed --state unknown"), file=sys.stderr)
        return 1
    return 0


def _send_documents(ctx: AppContext) -> int:
    """The invoices and statements queued while no mail account worked, and due retries."""
    from arapp.services.delivery.queue import delivery_problems
    from arapp.services.delivery.sending import send_deliveries

    report = send_deliveries(ctx, open_transport(ctx))
    print(
        _("Documents: sent {sent}; to retry {retry}; failed {failed}; unknown {unknown}").format(
            sent=len(report.sent),
            retry=len(report.retry),
            failed=len(report.failed),
            unknown=len(report.unknown),
        )
    )
    if report.stopped:
        print(_("arapp: sending stopped: {reason}").format(reason=report.stopped), file=sys.stderr)
        return 1
    bad = [*report.failed, *report.unknown]
    for subject, recipient, error in delivery_problems(ctx, bad):
        print(f"{subject} ({recipient}): {error}", file=sys.stderr)
    return 1 if bad else 0


def _list(args: argparse.Namespace) -> int:
    rows = box.list_outbox(_ctx(args), args.state)
    if not rows:
        if args.state:
            states = _(" or ").join(args.state)
            print(_("No reminders in the Outbox that are {states}.").format(states=states))
        else:
            print(_("No reminders in the Outbox."))
        return 0
    print_table(
        [_("Id"), _("State"), _("By"), _("To"), _("Subject"), _("Tries"), _("Problem")],
        [
            [
                str(r.id),
                state_word(r.state),
                channel_word(r.channel),
                r.recipient,
                r.subject,
                str(r.attempts),
                r.last_error,
            ]
            for r in rows
        ],
        right=(0, 5),
    )
    return 0


def _act(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    action = {"retry": box.send_again, "mark-sent": box.mark_sent, "cancel": box.cancel}
    for row in action[args.action](ctx, args.ids):
        print(f"#{row.id}: {state_word(row.state)}")
    return 0


def _test(args: argparse.Namespace) -> int:
    to = send_test_email(_ctx(args), args.to)
    print(_("Test message sent to {address}.").format(address=to))
    return 0
